"""A small stateless shop whose every answer takes ``delay`` seconds: for runs side by side.

Each request waits without holding the event loop, so concurrent requests are served
concurrently, as by a real service waiting on its database. Every answer depends on the
request alone, so any order of requests gets the same answers.

Bugs: ``blue-500``: listing the blue items answers 500 (a handled error: the connection stays
open);
``price-text``: an item whose id is above 500 carries its price as a string.
"""

import asyncio
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from tests.servers.common import STRICT, UNREADABLE, WHOLE, answer_405

BUGS = ("blue-500", "price-text")

ItemId = Annotated[int, Path(ge=1, le=1000)]
Colour = Literal["red", "green", "blue"]


class Item(BaseModel):
    id: int
    name: str
    colour: Colour
    price: float


class QuoteIn(BaseModel):
    model_config = STRICT
    item_id: Annotated[int, Field(ge=1, le=1000), WHOLE]
    quantity: Annotated[int, Field(ge=1, le=100), WHOLE]


class Quote(BaseModel):
    item_id: int
    quantity: int
    total: float


_COLOURS: tuple[Colour, ...] = ("red", "green", "blue")


def _item(item_id: int) -> dict[str, Any]:
    return {
        "id": item_id,
        "name": f"item {item_id}",
        "colour": _COLOURS[item_id % 3],
        "price": item_id / 4,
    }


def make(bug: str | None = None, delay: float = 0.0) -> FastAPI:
    """The shop, each answer ``delay`` seconds late, with ``bug`` planted."""
    app = FastAPI(title="Paced", version="1.0.0")
    answer_405(app)

    @app.middleware("http")
    async def late(request: Any, call_next: Any) -> Any:
        if delay:
            await asyncio.sleep(delay)
        return await call_next(request)

    @app.get("/items", tags=["items"], response_model=list[Item])
    def list_items(
        limit: Annotated[int, Query(ge=1, le=20)] = 5,
        colour: Colour | None = None,
    ) -> Any:
        if bug == "blue-500" and colour == "blue":
            return JSONResponse({"detail": "no blue in stock"}, status_code=500)
        found = (_item(i) for i in range(1, 61))
        return [i for i in found if colour is None or i["colour"] == colour][:limit]

    @app.get("/items/{item_id}", tags=["items"], response_model=Item)
    def get_item(item_id: ItemId) -> Any:
        item = _item(item_id)
        if bug == "price-text" and item_id > 500:
            return JSONResponse({**item, "price": str(item["price"])})
        return item

    @app.post("/quotes", tags=["quotes"], response_model=Quote, responses=UNREADABLE)
    def quote(body: QuoteIn) -> Any:
        return {**body.model_dump(), "total": _item(body.item_id)["price"] * body.quantity}

    @app.get("/health", tags=["ops"])
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
