"""A correct service with operations served by servers of their own (OpenAPI's Path Item and
Operation ``servers``): the API is at ``/v1``; uploads at ``/files`` beside it; assets on
another host, which this service does not serve. :func:`spec` is its document (3.1)."""

from __future__ import annotations

import re
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

ROOT = "https://api.example.com/v1"
FILES = "https://api.example.com/files"
ASSETS = "https://uploads.example.com"


def spec() -> dict[str, Any]:
    """The service's OpenAPI document."""
    name = {"type": "string", "pattern": "^[a-z]{1,8}$"}
    upload = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Placed", "version": "1"},
        "servers": [{"url": ROOT}],
        "paths": {
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "responses": {
                        "200": _json("ok", {"type": "array", "items": {"type": "integer"}})
                    },
                }
            },
            "/uploads/{name}": {
                "servers": [{"url": FILES}],
                "get": {
                    "operationId": "getUpload",
                    "parameters": [
                        {"name": "name", "in": "path", "required": True, "schema": name}
                    ],
                    "responses": {"200": _json("ok", upload), "400": {"description": "bad"}},
                },
            },
            "/assets": {
                "post": {
                    "operationId": "uploadAsset",
                    "servers": [{"url": ASSETS}],
                    "responses": {"201": {"description": "made"}},
                }
            },
        },
    }


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def make(at: str = "/v1") -> Starlette:
    """The service: the API at ``at`` (``/v1/items``), uploads at ``/files/uploads/{name}``,
    nothing else."""

    async def items(request: Request) -> Response:
        return JSONResponse([1, 2])

    async def upload(request: Request) -> Response:
        name = request.path_params["name"]
        if not re.fullmatch(r"[a-z]{1,8}", name):
            return Response(status_code=400)
        return JSONResponse({"name": name})

    return Starlette(
        routes=[
            Route(f"{at}/items", items, methods=["GET"]),
            Route("/files/uploads/{name}", upload, methods=["GET"]),
        ]
    )
