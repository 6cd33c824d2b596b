"""A server holding a request to more than its spec says, which names what it wants when it
refuses (Ajv's errors of a JSON body, pydantic's of a query parameter, Laravel's of a form
body): conformance sends the
request again remade to meet it, so what lies past those checks is reached and judged. A
server failing there (500) fails ``no_server_error``; one taking the remade request fails
nothing more. The spec is tests/specs/feedback_gates_30.yaml."""

from __future__ import annotations

import re

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "feedback_gates_30.yaml"
OP = "createAccount"


def _issue(field: str, keyword: str, params: dict[str, object]) -> dict[str, object]:
    return {"instancePath": f"/{field}", "keyword": keyword, "params": params}


def _app(*, broken: bool) -> Starlette:
    async def create(request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"errors": [{"message": "not JSON"}]}, 400)
        handle = body.get("handle") if isinstance(body, dict) else None
        tier = body.get("tier") if isinstance(body, dict) else None
        errors = []
        if not isinstance(handle, str) or len(handle) < 3:
            errors.append(_issue("handle", "minLength", {"limit": 3}))
        elif len(handle) > 12:
            errors.append(_issue("handle", "maxLength", {"limit": 12}))
        if tier not in ("gold", "silver"):
            errors.append(_issue("tier", "enum", {"allowedValues": ["gold", "silver"]}))
        if errors:
            return JSONResponse({"errors": errors}, 400)
        if broken:
            return Response("Internal Server Error", 500)
        return JSONResponse({"handle": handle}, 201)

    async def search(request: Request) -> Response:
        code = request.query_params.get("code", "")
        if not re.fullmatch("[A-Z]{3}", code):
            issue = {
                "type": "string_pattern_mismatch",
                "loc": ["query", "code"],
                "ctx": {"pattern": "^[A-Z]{3}$"},
            }
            return JSONResponse({"detail": [issue]}, 422)
        if broken:
            return Response("Internal Server Error", 500)
        return JSONResponse([code])

    async def invite(request: Request) -> Response:
        email = (await request.form()).get("email")
        if not isinstance(email, str) or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", email):
            errors = {"email": ["The email field must be a valid email address."]}
            return JSONResponse({"message": "The given data was invalid.", "errors": errors}, 422)
        if broken:
            return Response("Internal Server Error", 500)
        return Response(status_code=201)

    return Starlette(
        routes=[
            Route("/accounts", create, methods=["POST"]),
            Route("/accounts/search", search, methods=["GET"]),
            Route("/accounts/invitations", invite, methods=["POST"]),
        ]
    )


def _run(*, broken: bool) -> Report:
    with serving(_app(broken=broken)) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
        )


def test_a_failure_past_checks_the_spec_does_not_state_is_reached_and_found() -> None:
    report = _run(broken=True)
    assert (OP, "no_server_error") in report.failures, report.to_text()
    said = report.to_text()
    assert "guided by the refusals: 'handle': 3 to" in said, said
    assert "'tier': one of 'gold', 'silver'" in said, said
    # a query parameter's need, named in pydantic's words
    assert ("searchAccounts", "no_server_error") in report.failures, said
    assert "guided by the refusals: 'code': matching '^[A-Z]{3}$'" in said, said
    # a form body's, in Laravel's
    assert ("inviteAccount", "no_server_error") in report.failures, said
    assert "guided by the refusals: 'email': text of format 'email'" in said, said


def test_a_server_taking_the_remade_request_fails_nothing_more() -> None:
    report = _run(broken=False)
    assert (OP, "no_server_error") not in report.failures, report.to_text()
    # the remade requests were taken, and their answers judged
    assert not any(check == "no_server_error" for _, check in report.failures), report.to_text()
    for operation in (OP, "searchAccounts"):
        assert report.stats[operation, "response_schema"].passed > 0, report.to_text()
        assert not report.stats[operation, "response_schema"].failed, report.to_text()
