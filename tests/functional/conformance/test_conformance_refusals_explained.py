"""Refusals of valid requests that stay failures, and say why once a probe shows it.

- A request body that is not ``required: true`` may be left out. A server refusing a request
  without it (as frameworks that leave the flag out of the specs they write do) fails
  ``valid_request_accepted``; taken with a body, the failure says so.
- A schema without ``additionalProperties: false`` allows properties it does not declare. A
  server refusing them (a strict model behind a spec that does not say so) fails; taken
  without them, the failure names them.
"""

from __future__ import annotations

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

SPEC = SPECS / "refusals_explained_30.yaml"  # a note, {text}, its body optional
CHECK = "valid_request_accepted"
BODILESS = "it carries no body, which the spec allows"
UNDECLARED = "which its schema does not declare and allows"


def _app(*, bodiless: bool, strict: bool, refusal: int = 422) -> Starlette:
    """Takes a note of at most 20 characters; a request without a body when ``bodiless``
    (else ``refusal`` answers it); nothing but the note's text when ``strict``."""

    async def create(request: Request) -> Response:
        if not await request.body():
            return JSONResponse({}, 201) if bodiless else JSONResponse({"detail": "body"}, refusal)
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


def _run(*, bodiless: bool = True, strict: bool = False, refusal: int = 422) -> Report:
    with serving(_app(bodiless=bodiless, strict=strict, refusal=refusal)) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
        )


@pytest.mark.parametrize("refusal", [422, 415])  # 415: no media type at all is one it takes
def test_a_refused_request_without_its_optional_body_fails_and_says_why(refusal: int) -> None:
    report = _run(bodiless=False, refusal=refusal)
    assert ("createNote", CHECK) in report.failures, report.to_text()
    assert BODILESS in report.to_text(), report.to_text()


def test_a_refusal_of_undeclared_properties_fails_and_says_why() -> None:
    report = _run(strict=True)
    assert ("createNote", CHECK) in report.failures, report.to_text()
    assert UNDECLARED in report.to_text(), report.to_text()


def test_a_server_taking_both_passes_and_nothing_is_said() -> None:
    report = _run()
    assert not report.failures, report.to_text()
    assert BODILESS not in report.to_text() and UNDECLARED not in report.to_text()
