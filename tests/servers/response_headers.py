"""A server answering with array and object headers in the simple style, as
``specs/response_headers.yaml`` documents them: a list's items joined by commas (spaces
after them, as HTTP allows), an object's keys and values in turn, exploded as ``k=v`` pairs.
Its string property holds digits: read as a number, it would be refused."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

HEADERS = {"X-List": "1, 2", "X-Obj": "a,12,b,1", "X-Pairs": "a=12,b=1"}


async def _headers(request: Request) -> JSONResponse:
    return JSONResponse({}, headers=HEADERS)


def make() -> Starlette:
    """The correct server."""
    return Starlette(routes=[Route("/rh", _headers, methods=["GET"])])
