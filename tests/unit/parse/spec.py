"""Spec snippets to the IR: a small document around the parts a test gives, built in memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import ir
from generator.config import SpecConfig
from generator.parse import build_api


def build(
    paths: dict[str, Any] | None = None,
    schemas: dict[str, Any] | None = None,
    *,
    openapi: str = "3.1.0",
    components: dict[str, Any] | None = None,
    **top: Any,
) -> ir.Api:
    """The IR of a document holding ``paths``, ``schemas`` and any other top-level keys."""
    doc: dict[str, Any] = {
        "openapi": openapi,
        "info": {"title": "Snippet", "version": "1"},
        "paths": paths or {},
        "components": {**(components or {}), "schemas": schemas or {}},
        **top,
    }
    config = SpecConfig(spec=Path("snippet.yaml"), output=Path("out"), package="snippet")
    return build_api(doc, config, "snippet.yaml")


def only(api: ir.Api) -> ir.Operation:
    """The one operation of ``api``."""
    (op,) = api.operations
    return op


def get(parameters: list[dict[str, Any]], path: str = "/things") -> dict[str, Any]:
    """``paths`` with one GET taking ``parameters`` and answering 204."""
    return {
        path: {
            "get": {
                "operationId": "getThings",
                "parameters": parameters,
                "responses": {"204": {"description": "Done."}},
            }
        }
    }


def post(request_body: dict[str, Any], path: str = "/things") -> dict[str, Any]:
    """``paths`` with one POST taking ``request_body`` and answering 204."""
    return {
        path: {
            "post": {
                "operationId": "addThing",
                "requestBody": request_body,
                "responses": {"204": {"description": "Done."}},
            }
        }
    }
