"""A request never sends a ``readOnly`` property, nested ones included: a validator that
reads the request's schemas without them (as OpenAPI asks: a request SHOULD NOT send them)
refuses one where no other property is allowed. The coverage cases of a nested schema
carried them, refused as valid requests."""

from __future__ import annotations

import json
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_read_only_nested_30.yaml"


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _partner(value: Any) -> bool:
    """Partner as a request's: `label` alone (its read-only properties are no part of it)."""
    return isinstance(value, dict) and set(value) <= {"label"} and all(map(_text, value.values()))


async def _create(request: Request) -> Response:
    if request.headers.get("content-type") != "application/json":
        return Response(status_code=422)
    try:
        body = json.loads(await request.body())
    except ValueError:
        return Response(status_code=422)
    valid = (
        isinstance(body, dict)
        and set(body) <= {"name", "partner"}
        and _text(body.get("name"))
        and ("partner" not in body or _partner(body["partner"]))
    )
    if not valid:
        return Response(status_code=422)
    return JSONResponse({"id": "e1", **body}, 201)


def test_a_server_refusing_read_only_properties_gives_no_finding() -> None:
    app = Starlette(routes=[Route("/entities", _create, methods=["POST"])])
    with serving(app) as url:
        report = run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
        )
    assert not report.failures, report.to_text()
    accepted = report.stats[("createEntity", "valid_request_accepted")]
    assert accepted.passed and not accepted.failed
