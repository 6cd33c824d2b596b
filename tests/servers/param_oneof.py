"""A service for ``tests/specs/strategies_param_oneof_31.yaml`` that validates every parameter
strictly: each one read from the wire as its schema's JSON type (a number where a number is
taken, a list where a list is, a deepObject's ``name[key]`` pairs as an object), then checked
by ``jsonschema`` against its schema in the spec, formats asserted. A value two ``oneOf``
members accept is refused (422), so the service is correct by construction.

Planted bugs: ``"integer-count"`` reads ``count`` as an integer only, refusing the fractions
its ``oneOf`` makes the only valid numbers; ``"unread-count"`` never checks ``count``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

SPEC = Path(__file__).resolve().parents[1] / "specs" / "strategies_param_oneof_31.yaml"
_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
_INTEGER = re.compile(r"-?\d+")


def _number(text: str) -> Any:
    """The number ``text`` spells (an integer where it has no fraction), else the text."""
    if _INTEGER.fullmatch(text):
        return int(text)
    return float(text) if _NUMBER.fullmatch(text) else text


def _schemas(path: str) -> dict[str, Any]:
    """Each parameter's schema of ``GET path`` by name."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return {p["name"]: p["schema"] for p in spec["paths"][path]["get"]["parameters"]}


def _valid(schema: Any, value: Any) -> bool:
    return Draft202012Validator(schema, format_checker=FormatChecker()).is_valid(value)


def make(bug: str | None = None) -> Starlette:
    """The service, with the planted ``bug`` (None: none)."""
    codes, lists = _schemas("/codes/{code}"), _schemas("/lists")

    def judged(schemas: dict[str, Any], values: dict[str, Any]) -> Response:
        if any(value is None for value in values.values()):  # every parameter is required
            return Response(status_code=422)
        if not all(_valid(schemas[name], value) for name, value in values.items()):
            return Response(status_code=422)
        return Response(status_code=204)

    async def get_code(request: Request) -> Response:
        count = request.query_params.get("count")
        values = {
            "code": request.path_params["code"],
            "count": None if count is None else _number(count),
            "day": request.query_params.get("day"),
            "X-Mode": request.headers.get("x-mode"),
            "pref": request.cookies.get("pref"),
        }
        if bug == "integer-count" and count is not None and not _INTEGER.fullmatch(count):
            return Response(status_code=422)
        if bug == "unread-count":
            del values["count"]
        return judged(codes, values)

    async def get_lists(request: Request) -> Response:
        sizes = request.query_params.getlist("sizes")
        names = request.query_params.get("names")
        tags = [v for k, v in request.query_params.multi_items() if k == "filter[tag]"]
        values = {
            "sizes": [_number(text) for text in sizes] if sizes else None,
            "names": names.split(",") if names is not None else None,
            "filter": {"tag": tags[-1]} if tags else None,
        }
        return judged(lists, values)

    return Starlette(
        routes=[
            Route("/codes/{code}", get_code, methods=["GET"]),
            Route("/lists", get_lists, methods=["GET"]),
        ]
    )
