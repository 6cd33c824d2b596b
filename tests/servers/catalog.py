"""A read-only catalogue: path parameters with bounds, query parameters with bounds, enums,
aliases, lists and optional values; every answer computed from the request alone.

Bugs: ``path-range-dropped`` (the item id's bounds are gone from the handler),
``unhandled-500`` (a price in yen fails on a missing rate), ``unknown-method-200`` (a
stub answers the other methods of every route), ``no-allow-405`` (its 405 handler
forgets the ``Allow`` header).
"""

from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Path, Query
from pydantic import BaseModel

from tests.servers.common import answer_405

BUGS = ("path-range-dropped", "unhandled-500", "unknown-method-200", "no-allow-405")
NAMES = ("anchor", "bolt", "cable", "drill", "easel", "funnel", "gauge", "hinge")


class Category(StrEnum):
    tools = "tools"
    hardware = "hardware"
    garden = "garden"


class Item(BaseModel):
    id: int
    name: str
    category: Category
    price: float
    tags: list[str]


class Price(BaseModel):
    item_id: int
    currency: Literal["EUR", "USD", "JPY"]
    quantity: int
    amount: float


def _item(item_id: int) -> Item:
    categories = list(Category)
    return Item(
        id=item_id,
        name=f"{NAMES[item_id % len(NAMES)]}-{item_id}",
        category=categories[item_id % len(categories)],
        price=round(1.5 + (item_id % 97) * 0.75, 2),
        tags=["sale"] if item_id % 3 == 0 else [],
    )


_OTHERS = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def _stub() -> Any:
    return {}


def make(bug: str | None = None) -> FastAPI:
    """The catalogue, with ``bug`` planted."""
    app = FastAPI(title="Catalog", version="2.1.0")
    answer_405(app, allow=bug != "no-allow-405")
    rates = {"EUR": 1.0, "USD": 1.08, "JPY": 161.0}
    if bug == "unhandled-500":
        del rates["JPY"]
    ItemId = (
        Annotated[int, Path()]
        if bug == "path-range-dropped"
        else Annotated[int, Path(ge=1, le=1000)]
    )

    @app.get("/items", response_model=list[Item])
    def list_items(
        *,
        category: Category | None = None,
        q: Annotated[str | None, Query(max_length=30)] = None,
        min_price: Annotated[float | None, Query(ge=0, allow_inf_nan=False)] = None,
        page_size: Annotated[int, Query(alias="page-size", ge=1, le=50)] = 10,
        tags: Annotated[list[str], Query(max_length=5)] = [],  # noqa: B006
        sort: Literal["asc", "desc"] = "asc",
    ) -> Any:
        found = [_item(i) for i in range(1, 200)]
        found = [
            item
            for item in found
            if (category is None or item.category == category)
            and (q is None or q.lower() in item.name)
            and (min_price is None or item.price >= min_price)
            and all(tag in item.tags for tag in tags)
        ]
        found.sort(key=lambda item: item.price, reverse=sort == "desc")
        return found[:page_size]

    @app.get("/items/{item_id}", response_model=Item)
    def get_item(item_id: ItemId) -> Any:  # type: ignore[valid-type]
        return _item(item_id)

    @app.get("/items/{item_id}/price", response_model=Price)
    def get_price(
        item_id: ItemId,  # type: ignore[valid-type]
        currency: Literal["EUR", "USD", "JPY"] = "EUR",
        quantity: Annotated[int, Query(ge=1, le=1000)] = 1,
    ) -> Any:
        amount = _item(item_id).price * quantity * rates[currency]
        return Price(item_id=item_id, currency=currency, quantity=quantity, amount=amount)

    if bug == "unknown-method-200":  # every route's other methods answered by one stub
        for route in list(app.routes):
            path = getattr(route, "path", "")
            if path.startswith("/items"):
                app.add_api_route(path, _stub, methods=_OTHERS, include_in_schema=False)

    return app
