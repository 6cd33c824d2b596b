"""The checks of a request without its credential judge the credential, not the request: a
server refusing a valid request for its body (a bug of its own) refuses it with the
credential too, and the 400 it gives without one is then a warning of ``auth_required`` and
``bad_credentials_rejected``, the body's refusal a failure of ``valid_request_accepted``. A
server that takes the request with the credential and answers 400 without one still fails
``auth_required``."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers.json_bodies import json_body
from tests.support import SPECS

SPEC = SPECS / "strategies_auth_after_body_30.yaml"
TOKEN = "secret"
_Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def server(*, body_first: bool) -> _Handler:
    async def create(request: Request) -> Response:
        key = request.headers.get("x-api-key")
        if not body_first and key != TOKEN:
            return JSONResponse({"detail": "no credential"}, 400)  # a bug: 401 is HTTP's
        body, refused = await json_body(request)
        if refused is not None:
            return refused
        name = body.get("name") if isinstance(body, dict) else None
        # the server reading the body first has a bug there too: the spec takes one character
        if not isinstance(name, str) or not (2 if body_first else 1) <= len(name) <= 10:
            return JSONResponse({"detail": "name must be 2 to 10 characters"}, 400)
        if key != TOKEN:
            return JSONResponse({"detail": "no credential"}, 401)
        return JSONResponse({}, 201)

    return create


def run(*, body_first: bool) -> Any:
    app = Starlette(routes=[Route("/things", server(body_first=body_first), methods=["POST"])])
    with serving(app) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=TOKEN, max_examples=5, seed=0, allow_status=set()
        )


def test_a_body_refused_with_or_without_the_credential_says_nothing_of_it() -> None:
    report = run(body_first=True)
    text = report.to_text()
    assert ("createThing", "valid_request_accepted") in report.failures, text
    for check in ("auth_required", "bad_credentials_rejected"):
        assert ("createThing", check) not in report.failures, text
        stat = report.stats[("createThing", check)]
        assert stat.warned, text
        assert "with the credential too (400)" in (stat.warning or ""), text


def test_a_request_taken_with_the_credential_and_refused_400_without_it_fails() -> None:
    report = run(body_first=False)
    assert ("createThing", "auth_required") in report.failures, report.to_text()
    assert ("createThing", "valid_request_accepted") not in report.failures, report.to_text()
