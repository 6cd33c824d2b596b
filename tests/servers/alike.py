"""A service for ``tests/specs/strategies_admits_nothing_30.yaml``, answering as its author
meant: a cat where the spec's ``oneOf`` of a cat and a dog written alike admits no value, a
tagged cat where a tag tells the two apart (valid: 3.0's validator reads the tag). It
records every path it is sent."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def make(seen: list[str]) -> Starlette:
    """The service; each request's path is appended to ``seen``."""

    def answering(body: object) -> object:
        async def answer(request: Request) -> Response:
            seen.append(request.url.path)
            return JSONResponse(body)

        return answer

    async def refuse(request: Request) -> Response:  # its bodies admit no value
        seen.append(request.url.path)
        return Response(status_code=422)

    async def holder(request: Request) -> Response:
        seen.append(request.url.path)
        if (
            set(request.query_params) - {"kind"}
            or request.query_params.get("kind", "a") not in "ab"
        ):
            return Response(status_code=400)
        return JSONResponse({"tag": "t", "pets": []})

    return Starlette(
        routes=[
            Route("/alike", answering({"name": "Tom"}), methods=["GET"]),
            Route("/tagged", answering({"kind": "cat"}), methods=["GET"]),
            Route("/holder", holder, methods=["GET"]),
            # a bird is valid only where the cat (and so the dog) refuses it
            Route("/partly", answering({"wings": 2, "name": 0}), methods=["GET"]),
            Route("/twice", refuse, methods=["POST"]),
            Route("/forbidden", refuse, methods=["PUT"]),
        ]
    )
