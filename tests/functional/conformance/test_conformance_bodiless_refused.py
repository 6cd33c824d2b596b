"""A spec whose request body is not ``required: true`` allows a request without one. A server
that refuses it (as frameworks that leave the flag out of the specs they write do) fails
``valid_request_accepted``: a client may send what the spec allows. The failure says why, once
the same request with a body was taken."""

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

SPEC = SPECS / "bodiless_refused_30.yaml"
CHECK = "valid_request_accepted"
EXPLAINED = "it carries no body, which the spec allows"


def _app(*, bodiless: bool) -> Starlette:
    """Takes a note of at most 20 characters; a request without a body when ``bodiless``."""

    async def create(request: Request) -> Response:
        if not await request.body():
            return JSONResponse({}, 201) if bodiless else JSONResponse({"detail": "body"}, 422)
        body, refused = await json_body(request)
        if refused is not None:
            return refused
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str) or len(text) > 20:
            return JSONResponse({"detail": "not valid"}, 422)
        return JSONResponse({"text": text}, 201)

    return Starlette(routes=[Route("/notes", create, methods=["POST"])])


def _run(*, bodiless: bool) -> Report:
    with serving(_app(bodiless=bodiless)) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
        )


def test_a_refused_request_without_its_optional_body_fails_and_says_why() -> None:
    report = _run(bodiless=False)
    assert ("createNote", CHECK) in report.failures, report.to_text()
    assert EXPLAINED in report.to_text(), report.to_text()


def test_a_server_taking_it_passes() -> None:
    report = _run(bodiless=True)
    assert not report.failures, report.to_text()
    assert EXPLAINED not in report.to_text()
