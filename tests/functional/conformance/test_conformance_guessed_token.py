"""Without --token, the credential sent is one apiforge makes up. A live server may take it
where it checks only its form and refuse it where it looks it up: that refusal is a warning,
not a valid request refused (the run used to decide once, from the first operation)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_guessed_token_30.yaml"
USERS = {"alice-token": "alice"}


def _token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


def _items(request: Request) -> Response:
    if _token(request) is None:
        return Response(status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return JSONResponse([1, 2])


def _me(request: Request) -> Response:
    token = _token(request)
    if token not in USERS:
        return Response(status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return JSONResponse({"name": USERS[token]})


def _run(token: str | None) -> Report:
    app = Starlette(routes=[Route("/items", _items), Route("/me", _me)])
    with serving(app) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=token, max_examples=5, seed=0, allow_status=set()
        )


def test_a_made_up_token_refused_by_one_operation_is_a_warning() -> None:
    report = _run(None)
    failed = {check for (_, check) in report.failures}
    # taking any token for the items is the server's bug; refusing it for /me is not
    assert failed == {"bad_credentials_rejected"}, report.to_text()
    refused = report.stats[("getMe", "valid_request_accepted")]
    assert refused.warned and not refused.failed


def test_the_token_given_is_the_users_own_and_its_refusal_a_failure() -> None:
    report = _run("bob-token")  # given, it is meant to be valid: a refusal is a finding
    assert ("getMe", "valid_request_accepted") in report.failures
