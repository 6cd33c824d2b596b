"""A FastAPI service whose pydantic models read JSON leniently, for conformance.lax.

``make()`` is correct: pydantic's lax mode takes ``"5"`` for a number, ``1`` for a boolean,
a number for a date-time and a list with repeats for a set, each read as a valid value, and
refuses everything else the spec's schema refuses. The planted variants accept what no lax
reading makes valid: ``bounds`` a price below the minimum (its model has no bound),
``anything`` any JSON value at all for ``name``. The spec is the correct service's own
document (:func:`spec_of`).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

BUGS = ("bounds", "anything")


class Item(BaseModel):
    name: Annotated[str, Field(max_length=20)]
    price: Annotated[float, Field(ge=1)]
    count: Annotated[int, Field(ge=0, le=100)]
    active: bool
    due: datetime | None = None
    tags: set[str] = set()


class Unbounded(Item):
    price: float  # type: ignore[assignment]


class Untyped(Item):
    name: Any  # type: ignore[assignment]


def make(bug: str | None = None) -> FastAPI:
    """The service, with ``bug`` planted."""
    model = {"bounds": Unbounded, "anything": Untyped}.get(bug or "", Item)
    app = FastAPI(title="lax", version="1")

    async def create_item(item: Item) -> dict[str, str]:
        return {"name": str(item.name)}

    create_item.__annotations__ = {"item": model, "return": dict[str, str]}  # the variant's

    app.post("/items", operation_id="createItem", status_code=201)(create_item)
    return app


def spec_of(folder: Path) -> Path:
    """The correct service's own OpenAPI document, written into ``folder``."""
    spec = folder / "lax.json"
    spec.write_text(json.dumps(make().openapi()), encoding="utf-8")
    return spec
