"""A correct box service whose state moves on between sequences of calls.

Every third create conflicts (``409``, documented), so the same draws meet other answers in a
later sequence; a read finds each box made until a delete removes it. The spec (3.1) is
:func:`spec`: create with a ``Location`` header, read and delete by an integer id.
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

_ID = [{"name": "box_id", "in": "path", "required": True, "schema": {"type": "integer"}}]


def spec() -> dict[str, Any]:
    """The service's OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Boxes", "version": "1"},
        "paths": {
            "/boxes": {
                "post": {
                    "operationId": "createBox",
                    "responses": {
                        "201": {
                            "description": "made",
                            "headers": {"Location": {"schema": {"type": "string"}}},
                        },
                        "409": {"description": "exists"},
                    },
                }
            },
            "/boxes/{box_id}": {
                "get": {
                    "operationId": "getBox",
                    "parameters": _ID,
                    "responses": {"200": {"description": "ok"}, "404": {"description": "none"}},
                },
                "delete": {
                    "operationId": "deleteBox",
                    "parameters": _ID,
                    "responses": {"204": {"description": "gone"}, "404": {"description": "none"}},
                },
            },
        },
    }


def make() -> Starlette:
    """A fresh service, holding no box."""
    made: list[int] = []
    calls: list[int] = []

    async def create(request: Request) -> Response:
        calls.append(1)
        if len(calls) % 3 == 0:
            return Response(status_code=409)
        made.append(len(calls))
        return Response(status_code=201, headers={"Location": f"/boxes/{len(calls)}"})

    async def read(request: Request) -> Response:
        box = int(request.path_params["box_id"])
        return JSONResponse({}) if box in made else Response(status_code=404)

    async def remove(request: Request) -> Response:
        box = int(request.path_params["box_id"])
        if box not in made:
            return Response(status_code=404)
        made.remove(box)
        return Response(status_code=204)

    return Starlette(
        routes=[
            Route("/boxes", create, methods=["POST"]),
            Route("/boxes/{box_id}", read, methods=["GET"]),
            Route("/boxes/{box_id}", remove, methods=["DELETE"]),
        ]
    )
