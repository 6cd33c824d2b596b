"""A near miss that adds a property an object does not allow, accepted by a server that drops
undeclared properties on purpose, is a lax reading: a warning, a failure only with
``--strict-types``. A server accepting a value of the wrong type still fails."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers.json_bodies import json_body
from tests.support import SPECS

SPEC = SPECS / "strategies_undeclared_dropped_30.yaml"
CHECK = "invalid_request_rejected"


def _valid(body: Any, typed: bool) -> bool:
    if not isinstance(body, dict):
        return False
    title, owner = body.get("title"), body.get("owner", {})
    if not (isinstance(title, str) and 1 <= len(title) <= 20) and typed:
        return False
    if not isinstance(owner, dict):
        return False
    name = owner.get("name", "")
    return isinstance(name, str) and len(name) <= 20


def _app(typed: bool) -> Starlette:
    """Drops undeclared properties, as Fastify does; without ``typed``, a bug: any title."""

    async def create(request: Request) -> Response:
        body, refused = await json_body(request)
        if refused is not None:
            return refused
        if isinstance(body, dict):
            body = {k: v for k, v in body.items() if k in ("title", "owner")}
            if isinstance(body.get("owner"), dict):
                body["owner"] = {k: v for k, v in body["owner"].items() if k == "name"}
        if "title" not in body if isinstance(body, dict) else True:
            return JSONResponse({"detail": "no title"}, 400)
        return JSONResponse({}, 201) if _valid(body, typed) else JSONResponse({}, 400)

    return Starlette(routes=[Route("/tasks", create, methods=["POST"])])


def _run(typed: bool, strict: bool = False) -> Report:
    with serving(_app(typed)) as url:
        return run_conformance(
            build(SPEC),
            base_url=url,
            token=None,
            max_examples=10,
            seed=0,
            allow_status=set(),
            strict_types=strict,
        )


def test_dropping_an_undeclared_property_is_a_warning() -> None:
    report = _run(typed=True)
    assert not report.failures, report.to_text()
    stat = report.stats["createTask", CHECK]
    assert stat.warned and "undeclared property dropped" in stat.warning, report.to_text()


def test_strict_types_makes_it_a_failure() -> None:
    assert ("createTask", CHECK) in _run(typed=True, strict=True).failures


@pytest.mark.parametrize("typed", [False])
def test_accepting_a_wrong_type_still_fails(typed: bool) -> None:
    assert ("createTask", CHECK) in _run(typed).failures
