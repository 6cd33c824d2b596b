"""Small correct FastAPI apps, served by uvicorn, with the OpenAPI document FastAPI writes.

What many real services do: optional nullable query and form parameters, ids that may
not exist (404), formats checked by pydantic's own validators (``EmailStr``, ``HttpUrl``,
``UUID``), and one route that raises an unhandled exception (uvicorn answers 500
and closes the keep-alive connection after logging the traceback).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated
from uuid import UUID

from fastapi import FastAPI, Form, HTTPException, Query
from pydantic import AnyUrl, BaseModel, ConfigDict, EmailStr, Field, HttpUrl

from generator import ir


class Item(BaseModel):
    id: int
    name: str


class Contact(BaseModel):
    email: EmailStr
    homepage: HttpUrl | None = None
    source: AnyUrl | None = None
    ref: UUID | None = None
    name: Annotated[str, Field(min_length=1, max_length=20)]


# (no times or IP addresses: pydantic's lax mode also accepts numbers for them, which
# conformance reports as an invalid request accepted; a number for a date or a date-time is
# a reading many frameworks make on purpose, a warning: conformance.lax)
ITEMS = {1: Item(id=1, name="one")}


def items_app() -> FastAPI:
    """A correct service: every answer it gives is one a client must expect."""
    app = FastAPI(title="items", version="1")

    @app.get("/items/{item_id}")
    def get_item(item_id: int) -> Item:
        if item_id not in ITEMS:
            raise HTTPException(status_code=404, detail="Item not found")
        return ITEMS[item_id]

    @app.get("/search")
    def search(
        q: str | None = None,
        limit: Annotated[int | None, Query(ge=1, le=50)] = None,
        exact: bool | None = None,
    ) -> list[Item]:
        found = [i for i in ITEMS.values() if q is None or q in i.name]
        return found[: limit or 50] if not exact else found[:1]

    @app.post("/contacts", status_code=201)
    def create_contact(contact: Contact) -> Contact:
        return contact

    @app.post("/login")
    def login(
        username: Annotated[str, Form()], remember: Annotated[int | None, Form()] = None
    ) -> dict[str, str]:
        return {"user": username}

    return app


def crashing_app() -> FastAPI:
    """A service whose DELETE always raises: an unhandled exception, a 500 each time."""
    app = items_app()

    @app.delete("/items/{item_id}", status_code=204)
    def delete_item(item_id: int) -> None:
        raise RuntimeError(f"cannot delete {item_id}")

    return app


class Blob(BaseModel):
    """Bytes read and written as base64 text: FastAPI documents them ``contentEncoding:
    base64``, and pydantic refuses text that is no base64 with 422."""

    data: bytes
    name: str | None = None
    model_config = ConfigDict(val_json_bytes="base64", ser_json_bytes="base64")


def blobs_app() -> FastAPI:
    """A correct service taking and giving base64 bytes in a JSON body."""
    app = FastAPI(title="blobs", version="1")

    @app.post("/blobs")
    def post_blob(blob: Blob) -> Blob:
        return blob

    return app


def api_of(app: FastAPI, folder: Path) -> ir.Api:
    """The IR of the OpenAPI document FastAPI writes for ``app``."""
    from generator.config import load_config, spec_config
    from generator.pipeline import build
    from tests.support import ROOT

    spec = folder / f"{app.title}.json"
    spec.write_text(json.dumps(app.openapi()), encoding="utf-8")
    config = load_config(ROOT)
    return build(spec_config(config, spec), config.root)[1]
