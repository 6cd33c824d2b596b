"""Meters and their last readings: HEAD beside GET, 204 on delete, and a reading that is a date
or a count.

HEAD answers with GET's headers and no content (the server drops the body of an answer to
HEAD, as HTTP asks), while the spec, as FastAPI writes it, documents GET's JSON under it.
"""

import datetime as dt
import threading
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Path, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from tests.servers.common import Detail, answer_405

BUGS = ()


class Meter(BaseModel):
    id: int
    name: str
    last: dt.date | int  # the day it was last read, or how many readings it holds


MeterId = Annotated[int, Path(ge=1, le=2**31)]


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

    def found(meter_id: int) -> Meter:
        if meter_id not in meters:
            raise HTTPException(404, "no such meter")
        return meters[meter_id]

    @app.get("/meters", response_model=list[Meter])
    def list_meters() -> Any:
        return list(meters.values())

    @app.get("/meters/{meter_id}", response_model=Meter, responses=missing)
    def read(meter_id: MeterId) -> Any:
        return found(meter_id)

    @app.head("/meters/{meter_id}", response_model=Meter, responses=missing)
    def exists(meter_id: MeterId) -> Any:
        return JSONResponse(found(meter_id).model_dump(mode="json"))  # its body is not sent

    @app.delete("/meters/{meter_id}", status_code=204, responses=missing)
    def remove(meter_id: MeterId) -> Response:
        with lock:
            found(meter_id)
            del meters[meter_id]
        return Response(status_code=204)

    return app
