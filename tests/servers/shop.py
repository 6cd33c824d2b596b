"""An order API: JSON bodies of nested models with bounds, lengths, patterns and enums.

Bugs: ``bool-for-number`` (a lax ``unit_price``: ``true`` is taken for 1.0),
``string-for-integer`` (a lax ``quantity``: ``"5"`` is taken for 5), ``null-accepted``
(``shipping.city`` takes ``null``), ``missing-field`` (a gift order's answer has no ``status``).
"""

from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from tests.servers.common import STRICT, UNREADABLE, WHOLE, Detail, answer_405

BUGS = ("bool-for-number", "string-for-integer", "null-accepted", "missing-field")


def make(bug: str | None = None) -> FastAPI:
    """The order API, with ``bug`` planted."""
    price_strict = bug != "bool-for-number"
    quantity_strict = bug != "string-for-integer"
    City = Annotated[str | None, Field()] if bug == "null-accepted" else str

    class Address(BaseModel):
        model_config = STRICT
        street: Annotated[str, Field(min_length=1, max_length=80)]
        city: City  # type: ignore[valid-type]
        postcode: Annotated[str, Field(pattern=r"^[0-9]{5}$")]
        country: Literal["FR", "DE", "IT", "ES"]

    class Line(BaseModel):
        model_config = STRICT
        sku: Annotated[str, Field(pattern=r"^[A-Z]{3}-[0-9]{4}$")]
        quantity: Annotated[int, Field(ge=1, le=100, strict=quantity_strict), WHOLE]
        unit_price: Annotated[float, Field(gt=0, le=10_000, strict=price_strict)]

    class OrderIn(BaseModel):
        model_config = STRICT
        customer: Annotated[str, Field(min_length=2, max_length=50)]
        lines: Annotated[list[Line], Field(min_length=1, max_length=10)]
        shipping: Address
        coupon: Annotated[str | None, Field(pattern=r"^[A-Z0-9]{6}$")] = None
        gift: bool = False

    class Order(BaseModel):
        id: int
        customer: str
        lines: list[Line]
        shipping: Address
        total: float
        status: Literal["pending", "paid"]

    app = FastAPI(title="Shop", version="1.0.0")
    answer_405(app)
    orders: dict[int, Order] = {}

    @app.post("/orders", status_code=201, response_model=Order, responses=UNREADABLE)
    def create_order(order: OrderIn) -> Any:
        total = sum(line.quantity * line.unit_price for line in order.lines)
        if order.coupon is not None:
            total *= 0.9
        created = Order(
            id=len(orders) + 1,
            customer=order.customer,
            lines=order.lines,
            shipping=order.shipping,
            total=round(total, 2),
            status="pending",
        )
        orders[created.id] = created
        if bug == "missing-field" and order.gift:
            return JSONResponse(created.model_dump(exclude={"status"}), status_code=201)
        return created

    @app.get("/orders/{order_id}", response_model=Order, responses={404: {"model": Detail}})
    def get_order(order_id: Annotated[int, Path(ge=1)]) -> Any:
        if order_id not in orders:
            raise HTTPException(404, "no such order")
        return orders[order_id]

    return app
