"""A service for ``tests/specs/strategies_shared_routes_30.yaml``: one route, ``PUT
/files/{id}``, that updates a file's name or, asked for ``fields=link``, adds a link, as the
APIs that write the two as ``/files/{file_id}`` and ``/files/{id}#add_link`` do; ``POST`` on
the same route locks the file (``/files/{id}#lock``), and any other method is refused with
405, its ``Allow`` naming both."""

from __future__ import annotations

import json
import re

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


def make() -> Starlette:
    """The service."""

    async def put_file(request: Request) -> Response:
        file_id = request.path_params["id"]
        if request.method == "POST":
            if not re.fullmatch(r"[0-9]{1,6}", file_id) or set(request.query_params):
                return Response(status_code=400)
            return JSONResponse({"id": file_id, "locked": True})
        try:
            body = json.loads(await request.body())
        except ValueError:
            return Response(status_code=400)
        if not re.fullmatch(r"[0-9]{1,6}", file_id) or not isinstance(body, dict):
            return Response(status_code=400)
        if request.query_params.get("fields") == "link":
            link = body.get("link")
            access = link.get("access", "open") if isinstance(link, dict) else None
            if access not in ("open", "closed") or set(request.query_params) != {"fields"}:
                return Response(status_code=400)
            return JSONResponse({"id": file_id, "link": link})
        name = body.get("name")
        if set(request.query_params) or not isinstance(name, str) or not name:
            return Response(status_code=400)
        return JSONResponse({"id": file_id, "name": name})

    return Starlette(routes=[Route("/files/{id}", put_file, methods=["PUT", "POST"])])
