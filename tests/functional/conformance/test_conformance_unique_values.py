"""A valid request refused as a duplicate of what the server stored (an email taken by an
earlier request of the run) is sent again with new values; taken then, it is a warning.
A server refusing valid values for another reason still fails."""

from __future__ import annotations

import json

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_unique_values_30.yaml"


def _app(longest: int) -> Starlette:
    emails: set[str] = set()

    async def create(request: Request) -> Response:
        try:
            body = json.loads(await request.body())
        except ValueError:
            return JSONResponse({"detail": "not JSON"}, 400)
        if request.headers.get("content-type") != "application/json":
            return Response(status_code=415)
        email, name = (body.get(k) if isinstance(body, dict) else None for k in ("email", "name"))
        if not (isinstance(email, str) and "@" in email and len(email) <= longest):
            return JSONResponse({"detail": "invalid email"}, 400)
        if not isinstance(name, str) or len(name) > 30:
            return JSONResponse({"detail": "invalid name"}, 400)
        if email in emails:
            return JSONResponse({"detail": "Email already registered"}, 400)
        emails.add(email)
        return JSONResponse({"email": email}, 201)

    return Starlette(routes=[Route("/users", create, methods=["POST"])])


def _run(app: Starlette) -> Report:
    with serving(app) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=25, seed=0, allow_status=set()
        )


def test_a_duplicate_refused_is_probed_with_new_values_and_warned() -> None:
    report = _run(_app(longest=60))
    assert not report.failures, report.to_text()
    assert report.stats[("createUser", "valid_request_accepted")].warned


def test_a_valid_value_refused_for_itself_still_fails() -> None:
    report = _run(_app(longest=12))  # a bug: longer emails are valid
    assert ("createUser", "valid_request_accepted") in report.failures, report.to_text()
