"""A schema without ``additionalProperties: false`` allows properties it does not declare, and
a valid request may carry one. A server refusing them (a strict model behind a spec that does
not say so) fails ``valid_request_accepted``; the failure says why once the same request
without them was taken."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers.json_bodies import json_body
from tests.support import SPECS

SPEC = SPECS / "bodiless_refused_30.yaml"  # a note: {text}, undeclared properties allowed
CHECK = "valid_request_accepted"
EXPLAINED = "which its schema does not declare and allows"


def _app(*, strict: bool) -> Starlette:
    """Takes a note of at most 20 characters, or no body; nothing else when ``strict``."""

    async def create(request: Request) -> Response:
        if not await request.body():
            return JSONResponse({}, 201)
        body, refused = await json_body(request)
        if refused is not None:
            return refused
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or len(text) > 20:
            return JSONResponse({"detail": "not valid"}, 422)
        if strict and set(body) != {"text"}:
            return JSONResponse({"detail": "unknown field"}, 422)
        return JSONResponse({"text": text}, 201)

    return Starlette(routes=[Route("/notes", create, methods=["POST"])])


def _run(*, strict: bool) -> Report:
    with serving(_app(strict=strict)) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
        )


def test_a_refusal_of_undeclared_properties_fails_and_says_why() -> None:
    report = _run(strict=True)
    assert ("createNote", CHECK) in report.failures, report.to_text()
    assert EXPLAINED in report.to_text(), report.to_text()


def test_a_server_taking_them_passes() -> None:
    report = _run(strict=False)
    assert not report.failures, report.to_text()
    assert EXPLAINED not in report.to_text()
