"""Meters and their last readings: HEAD beside GET, 204 on delete, and a reading that is a date
or a count.

HEAD answers with GET's headers and no content (the server drops the body of an answer to
HEAD, as HTTP asks), while the spec, as FastAPI writes it, documents GET's JSON under it.
Reading a meter answers with its required ``ETag`` and its ``X-Readings`` count. A meter's
photo is documented, as FastAPI writes it, as JSON and as a PNG image: it comes as the image.

Bug: ``etag-missing``: reading a meter leaves out the ``ETag`` the spec requires.
"""

import datetime as dt
import hashlib
import json
import threading
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Path, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from tests.servers.common import Detail, answer_405

BUGS = ("etag-missing",)


class Meter(BaseModel):
    id: int
    name: str
    last: dt.date | int  # the day it was last read, or how many readings it holds


PNG = bytes.fromhex("89504e470d0a1a0a")  # a PNG's signature stands for its bytes
MeterId = Annotated[int, Path(ge=1, le=3)]  # the three meters: each id drawn is one


def make(bug: str | None = None) -> FastAPI:
    """The meters service, with three meters."""
    app = FastAPI(title="Meters", version="1.0.0")
    answer_405(app)
    lock = threading.Lock()
    meters = {
        1: Meter(id=1, name="hall", last=dt.date(2024, 2, 29)),
        2: Meter(id=2, name="cellar", last=0),
        3: Meter(id=3, name="attic", last=12),
    }
    missing: dict[int | str, dict[str, Any]] = {
        404: {"model": Detail, "description": "No such meter"}
    }
    headers = {
        "ETag": {"required": True, "schema": {"type": "string", "pattern": '^"[0-9a-f]+"$'}},
        "X-Readings": {"schema": {"type": "integer", "minimum": 0}},
    }
    read_answers = {**missing, 200: {"description": "The meter.", "headers": headers}}

    def with_headers(meter: Meter, *, tagged: bool = True) -> JSONResponse:
        body = meter.model_dump(mode="json")
        tag = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16]
        extra = {"X-Readings": str(meter.last if isinstance(meter.last, int) else 1)}
        if tagged:
            extra["ETag"] = f'"{tag}"'
        return JSONResponse(body, headers=extra)

    def found(meter_id: int) -> Meter:
        if meter_id not in meters:
            raise HTTPException(404, "no such meter")
        return meters[meter_id]

    @app.get("/meters", response_model=list[Meter])
    def list_meters() -> Any:
        return list(meters.values())

    @app.get("/meters/{meter_id}", response_model=Meter, responses=read_answers)
    def read(meter_id: MeterId) -> Any:
        return with_headers(found(meter_id), tagged=bug != "etag-missing")

    @app.head("/meters/{meter_id}", response_model=Meter, responses=read_answers)
    def exists(meter_id: MeterId) -> Any:
        return with_headers(found(meter_id))  # its body is not sent

    photo: dict[int | str, dict[str, Any]] = {
        200: {"content": {"image/png": {}}, "description": "Its photo."}
    }

    @app.get("/meters/{meter_id}/photo", response_model=Meter, responses=photo)
    def photo_of(meter_id: MeterId) -> Response:
        # FastAPI documents JSON beside the image: the answer is the image alone (a
        # placeholder's for a meter there is none of)
        return Response(PNG, media_type="image/png")

    @app.delete("/meters/{meter_id}", status_code=204, responses=missing)
    def remove(meter_id: MeterId) -> Response:
        with lock:
            found(meter_id)
            del meters[meter_id]
        return Response(status_code=204)

    return app
