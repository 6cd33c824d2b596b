"""A small FastAPI shop, correct or with one planted bug, for the negative conformance cases.

The correct shop validates strictly (JSON types are not coerced: ``false`` is no number), so
its own OpenAPI document describes it exactly. Each bug leaves that document unchanged and
breaks the server in one way a lax or careless implementation does:

- ``bool_as_number``: the body model coerces, so ``"tax": false`` is read as ``0.0``;
- ``path_unchecked``: the path id's ``ge``/``le`` are gone;
- ``query_unchecked``: the query ``limit``'s maximum is gone;
- ``header_unchecked``: the ``X-Mode`` header takes any text, not only its enum values;
- ``malformed_500``: a body that is not JSON gets a 500;
- ``any_media_type``: every body is read as JSON whatever its ``Content-Type``;
- ``no_allow``: 405 answers lose their ``Allow`` header;
- ``unknown_method_200``: ``PUT /items`` is answered 200 though nothing documents it;
- ``refuses_with_400``: validation errors are 400, where the document says 422.

Other servers are correct yet answer differently from the shop, in ways HTTP allows
(``CORRECT``): an invalid path id is 404 (no such item), a method the path lacks is 404,
a body in another media type than JSON is 415, and a body without ``Content-Type`` is
sniffed as JSON.
"""

# no `from __future__ import annotations`: FastAPI reads the annotations of local types

from typing import Annotated, Any, Literal

from fastapi import FastAPI, Header, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

BUGS = (
    "bool_as_number",
    "path_unchecked",
    "query_unchecked",
    "header_unchecked",
    "malformed_500",
    "any_media_type",
    "no_allow",
    "unknown_method_200",
    "refuses_with_400",
)
CORRECT = ("path_404", "method_404", "strict_media_415", "sniffs_media")


class Item(BaseModel):
    model_config = ConfigDict(strict=True)

    name: str = Field(min_length=1, max_length=20)
    price: float = Field(ge=0)
    tax: float | None = None
    quantity: int = Field(default=1, ge=1, le=100)


class LaxItem(Item):
    model_config = ConfigDict(strict=False, title="Item")


Id = Annotated[int, Path(ge=1, le=1000)]
Limit = Annotated[int, Query(ge=1, le=50)]
Mode = Annotated[Literal["fast", "slow"] | None, Header(alias="X-Mode")]


def shop(bug: str | None = None) -> FastAPI:
    """The shop, with ``bug`` planted (None: correct)."""
    assert bug is None or bug in BUGS or bug in CORRECT, bug
    app = FastAPI(title="Shop", version="1")
    body = LaxItem if bug == "bool_as_number" else Item
    ids: Any = Annotated[int, Path()] if bug == "path_unchecked" else Id
    limit: Any = Annotated[int, Query(ge=1)] if bug == "query_unchecked" else Limit
    mode: Any = Annotated[str | None, Header(alias="X-Mode")] if bug == "header_unchecked" else Mode

    @app.post("/items", status_code=201, operation_id="createItem")
    def create_item(item: body) -> Item:  # type: ignore[valid-type]
        return Item.model_validate(item.model_dump())

    @app.get("/items", operation_id="listItems")
    def list_items(limit: limit = 10, x_mode: mode = None) -> list[Item]:  # type: ignore[valid-type]
        return [Item(name="a", price=1.0)][:limit]

    @app.get("/items/{item_id}", operation_id="getItem")
    def get_item(item_id: ids) -> Item:  # type: ignore[valid-type]
        return Item(name=f"item {item_id}", price=1.0)

    _plant(app, bug)
    return app


def _plant(app: FastAPI, bug: str | None) -> None:
    """The bugs that live beside the routes: handlers and middleware."""
    if bug == "unknown_method_200":

        @app.put("/items", include_in_schema=False)
        def replace_items() -> dict[str, str]:
            return {"ok": "yes"}

    if bug in {"malformed_500", "refuses_with_400", "path_404"}:

        @app.exception_handler(RequestValidationError)
        async def refuse(request: Request, exc: RequestValidationError) -> JSONResponse:
            if bug == "refuses_with_400":
                return JSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=400)
            if bug == "path_404" and all(e["loc"][0] == "path" for e in exc.errors()):
                return JSONResponse({"detail": "Not Found"}, status_code=404)
            if bug == "malformed_500" and any(e["type"] == "json_invalid" for e in exc.errors()):
                # answered, not raised: an exception makes the server close the connection
                return JSONResponse({"detail": "Internal Server Error"}, status_code=500)
            return await request_validation_exception_handler(request, exc)

    if bug == "any_media_type":

        @app.middleware("http")
        async def as_json(request: Request, call_next: Any) -> Any:
            headers = [(k, v) for k, v in request.scope["headers"] if k != b"content-type"]
            request.scope["headers"] = [*headers, (b"content-type", b"application/json")]
            return await call_next(request)

    if bug == "no_allow":

        @app.middleware("http")
        async def drop_allow(request: Request, call_next: Any) -> Any:
            response = await call_next(request)
            if response.status_code == 405:
                del response.headers["allow"]
            return response

    if bug in {"method_404", "strict_media_415", "sniffs_media"}:
        app.middleware("http")(_CORRECT_MIDDLEWARE[bug])


async def _method_404(request: Request, call_next: Any) -> Any:
    response = await call_next(request)
    if response.status_code == 405:
        return JSONResponse({"detail": "Not Found"}, status_code=404)
    return response


async def _strict_media_415(request: Request, call_next: Any) -> Any:
    media = request.headers.get("content-type", "").split(";")[0].strip()
    if request.method in {"POST", "PUT", "PATCH"} and media != "application/json":
        return JSONResponse({"detail": "Unsupported Media Type"}, status_code=415)
    return await call_next(request)


async def _sniffs_media(request: Request, call_next: Any) -> Any:
    if "content-type" not in request.headers:
        request.scope["headers"] = [
            *request.scope["headers"],
            (b"content-type", b"application/json"),
        ]
    return await call_next(request)


_CORRECT_MIDDLEWARE = {
    "method_404": _method_404,
    "strict_media_415": _strict_media_415,
    "sniffs_media": _sniffs_media,
}
