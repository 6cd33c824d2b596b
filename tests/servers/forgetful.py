"""A server whose deletes change what it answers (tests/specs/forgetful_30.yaml): the first
``DELETE`` of an id is answered ``204``, which the spec does not document, every later one
``404``. A live test that fails on the first answer cannot fail again on the same request."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def app() -> Starlette:
    gone: set[str] = set()

    async def delete(request: Request) -> Response:
        thing = request.path_params["thing_id"]
        if thing in gone:
            return JSONResponse({"message": "no such thing"}, 404)
        gone.add(thing)
        return Response(status_code=204)

    return Starlette(routes=[Route("/things/{thing_id}", delete, methods=["DELETE"])])
