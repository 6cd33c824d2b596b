"""A server keeping the answer to each Idempotency-Key
(tests/specs/strategies_idempotency_keys_30.yaml): a key seen before with the same body gets
that first answer again, with another body 409."""

from __future__ import annotations

import itertools
import re
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.servers.json_bodies import json_body

_KEY = re.compile(r"[a-z0-9]{1,2}")


def app() -> Starlette:
    things: dict[str, dict[str, Any]] = {}
    answers: dict[str, tuple[str, int, Any]] = {}  # key -> (body, status, content)
    ids = itertools.count(1)

    async def create(request: Request) -> Response:
        key = request.headers.get("idempotency-key", "")
        if _KEY.fullmatch(key) is None:
            return JSONResponse({"detail": "Idempotency-Key"}, 422)
        raw = (await request.body()).decode("utf-8", "replace")
        if key in answers:
            body, status, content = answers[key]
            if body != raw:
                return JSONResponse({"detail": "the key was used with another body"}, 409)
            return JSONResponse(content, status)  # the first answer, as the key promises
        body, refused = await json_body(request)
        if refused is not None:
            return refused
        name = body.get("name") if isinstance(body, dict) else None
        if not isinstance(name, str) or not 1 <= len(name) <= 5 or set(body) != {"name"}:
            return JSONResponse({"detail": "not valid"}, 422)
        thing = {"id": str(next(ids)), "name": name}
        things[thing["id"]] = thing
        answers[key] = (raw, 201, thing)
        return JSONResponse(thing, 201)

    async def read(request: Request) -> Response:
        thing = things.get(request.path_params["id"])
        return JSONResponse(thing) if thing else JSONResponse({"detail": "none"}, 404)

    async def delete(request: Request) -> Response:
        if things.pop(request.path_params["id"], None) is None:
            return JSONResponse({"detail": "none"}, 404)
        return Response(status_code=204)

    return Starlette(
        routes=[
            Route("/things", create, methods=["POST"]),
            Route("/things/{id}", read, methods=["GET"]),
            Route("/things/{id}", delete, methods=["DELETE"]),
        ]
    )


__all__ = ["app"]
