"""Drawers of items and files whose paths overlap: ``/items/new`` beside ``/items/{item_id}``,
``/files/{name}.{ext}`` beside ``/files/{name}``. The router tries the concrete path first, then
the template with more literal text (as OpenAPI says paths are matched), by the paths' text
alone: ``/files/notes.txt`` is the typed file's (and refused there, 422: ``txt`` is no ``ext``
of its), though it is a ``name`` of the plain one.
Each operation answers an object of its own, closed, so an answer of another's is refused.

Bug: ``numbered``: an item read by its id gives the id as a number, which the spec's string
refuses.
"""

from typing import Annotated, Any, Literal

from fastapi import FastAPI, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

BUGS = ("numbered",)


class Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")
    draft: bool


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str


class TypedFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stem: str
    ext: str


class PlainFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    file: str


def make(bug: str | None = None) -> FastAPI:
    """The drawers, with ``bug`` planted."""
    app = FastAPI(title="Drawers", version="1.0.0")

    @app.get("/items/new", response_model=Draft)
    def new_item() -> Any:
        return {"draft": True}

    @app.get("/items/{item_id}", response_model=Item)
    def read_item(item_id: Annotated[Literal["new", "42", "7"], Path()]) -> Any:
        return JSONResponse({"id": 42 if bug == "numbered" else item_id})

    @app.get("/files/{name}.{ext}", response_model=TypedFile)
    def read_typed(
        name: Annotated[str, Path(pattern="^[a-z]+$")], ext: Literal["json", "md"]
    ) -> Any:
        return {"stem": name, "ext": ext}

    @app.get("/files/{name}", response_model=PlainFile)
    def read_plain(name: Annotated[Literal["notes", "notes.txt"], Path()]) -> Any:
        return {"file": name}

    return app
