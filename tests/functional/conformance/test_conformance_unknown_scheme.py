"""A security scheme of a type apiforge cannot send (``type: HTTP``, an invalid spec's).

The client writes no credential of it, so its requirement needs none: the mock asks for
none, and a server that refuses the call without one is not reported as refusing a valid
request (no credential was sent). The mock asked for a credential no caller could send and
refused every call, which conformance reported as the mock's bug.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_unknown_scheme_30.yaml"


def test_the_mock_asks_for_no_credential_of_a_scheme_none_can_send() -> None:
    report = run_conformance(
        build(SPEC), base_url=None, token=None, max_examples=5, seed=0, allow_status=set()
    )
    assert not report.failures, report.to_text()
    accepted = report.stats[("getMe", "valid_request_accepted")]
    assert accepted.passed and not accepted.failed


def _refusing(request: Request) -> Response:
    if "authorization" not in request.headers:
        return Response(status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return JSONResponse({"id": "me"})


def test_a_server_refusing_the_call_without_a_credential_is_no_finding() -> None:
    # a token given to the run: none of it can be written for this scheme
    app = Starlette(routes=[Route("/me", _refusing)])
    with serving(app) as url:
        report = run_conformance(
            build(SPEC), base_url=url, token="secret", max_examples=5, seed=0, allow_status=set()
        )
    assert not report.failures, report.to_text()
