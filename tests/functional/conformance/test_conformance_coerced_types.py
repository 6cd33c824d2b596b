"""A server coercing types as Ajv does (``coerceTypes: "array"``, Fastify's default) reads a
scalar as a list of it and a list of one scalar as it, then validates: what it takes so is a
lax reading, a warning of ``invalid_request_rejected``, and a failure with ``--strict-types``.
Ajv reads ``null`` as a type's empty value too; a server taking ``null`` where the spec refuses
it still fails: that is the bug a schema's nullability most often misses."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers.json_bodies import json_body
from tests.support import SPECS

SPEC = SPECS / "strategies_coerced_types_30.yaml"


def _scalar(value: Any, kind: type, *, nulls: bool) -> Any:
    """``value`` coerced to ``kind`` as Ajv coerces a scalar (None: it cannot be); ``null``
    as the type's empty value with ``nulls``."""
    if isinstance(value, list) and len(value) == 1 and not isinstance(value[0], dict | list):
        value = value[0]
    if value is None:
        return kind() if nulls else None
    if kind is int and isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    if kind is int and isinstance(value, bool):
        return int(value)
    if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value if type(value) is kind else None


def coercing(*, nulls: bool = False) -> Starlette:
    async def create(request: Request) -> Response:
        body, refused = await json_body(request)
        if refused is not None:
            return refused
        if not isinstance(body, dict) or set(body) != {"tags", "count"}:
            return JSONResponse({"detail": "fields"}, 400)
        tags = body["tags"] if isinstance(body["tags"], list) else [body["tags"]]
        tags = [_scalar(tag, str, nulls=nulls) for tag in tags]
        count = _scalar(body["count"], int, nulls=nulls)
        if len(tags) > 3 or any(t is None or len(t) > 12 for t in tags):
            return JSONResponse({"detail": "tags"}, 400)
        if not isinstance(count, int) or not 0 <= count <= 9:
            return JSONResponse({"detail": "count"}, 400)
        return JSONResponse({}, 201)

    return Starlette(routes=[Route("/boxes", create, methods=["POST"])])


def run(app: Starlette, *, strict: bool = False) -> Any:
    with serving(app) as url:
        return run_conformance(
            build(SPEC),
            base_url=url,
            token=None,
            max_examples=10,
            seed=0,
            allow_status=set(),
            strict_types=strict,
        )


@pytest.mark.parametrize("strict", [False, True])
def test_what_ajv_coerces_is_a_lax_reading(strict: bool) -> None:
    report = run(coercing(), strict=strict)
    text = report.to_text()
    key = ("createBox", "invalid_request_rejected")
    assert (key in report.failures) is strict, text
    assert strict or report.stats[key].warned, text


def test_null_taken_where_the_spec_refuses_it_still_fails() -> None:
    report = run(coercing(nulls=True))
    assert ("createBox", "invalid_request_rejected") in report.failures, report.to_text()
