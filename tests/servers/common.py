"""What the servers share: JSON Schema's types without pydantic's coercions, the error body,
and the HTTP details FastAPI leaves to the application."""

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, BeforeValidator, ConfigDict
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Match

__all__ = ["STRICT", "UNREADABLE", "WHOLE", "Detail", "answer_405"]

# no coercion: "5" is not an integer and true is not a number, as in the spec's JSON Schema
STRICT = ConfigDict(strict=True, extra="ignore")


def _whole(value: Any) -> Any:
    # JSON Schema calls 2.0 an integer; strict pydantic alone would refuse it
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# last in an integer's Annotated[...], after its Field(...), so the bounds stay in the schema
WHOLE = BeforeValidator(_whole)


class Detail(BaseModel):
    detail: str


# FastAPI answers 400 to a body it cannot decode (bytes that are not UTF-8), before validation
UNREADABLE: dict[int | str, dict[str, Any]] = {
    400: {"model": Detail, "description": "The body could not be read"}
}


def answer_405(app: FastAPI, *, allow: bool = True) -> None:
    """405 answers list every method of the path in ``Allow`` (``allow=False``: none at all).

    FastAPI makes one route per method, and Starlette's 405 names only the methods of the
    first route whose path matched: ``Allow: GET`` on a path that also takes ``PUT``.
    """

    async def method_not_allowed(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        methods: set[str] = set()
        for route in app.router.routes:
            if route.matches(request.scope)[0] is Match.PARTIAL:
                methods |= getattr(route, "methods", None) or set()
        headers = {"Allow": ", ".join(sorted(methods))} if allow else {}
        return JSONResponse({"detail": exc.detail}, status_code=405, headers=headers)

    app.add_exception_handler(405, method_not_allowed)
