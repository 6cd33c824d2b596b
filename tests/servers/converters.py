"""A server whose router reads a path's id with Starlette's integer converter (digits only),
as Django's and BlackSheep's routers do (tests/specs/router_converters_30.yaml): a path whose
id is no such number (``/items/1.5``, ``/items/-3``) matches no route, and the router answers
it with its own 404 page, in plain text. An id of no item is the operation's documented 404.
``app(planted=True)`` answers that one in plain text too: the operation's own departure."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route


def app(*, planted: bool = False) -> Starlette:
    async def read(request: Request) -> Response:
        item_id = request.path_params["item_id"]
        if item_id == 1:
            return JSONResponse({"id": 1, "name": "lamp"})
        if planted:
            return PlainTextResponse("no such item", 404)
        return JSONResponse({"detail": "no such item"}, 404)

    return Starlette(routes=[Route("/items/{item_id:int}", read)])
