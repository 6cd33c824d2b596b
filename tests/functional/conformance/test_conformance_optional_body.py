"""A body of JSON ``null`` where the body may be left out.

A server may read it as no body (FastAPI, Spring, Prism do), which the spec allows, or refuse
it as a value its schema refuses: neither is a bug, so that near miss is not sent, and the
run says so. It used to be sent, and a server reading it as no body was reported as taking
an invalid request. So may a server read a body of no bytes, which a required text body of
the empty text would be: a valid request never sends one.
"""

from __future__ import annotations

import json

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator.conformance import run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_optional_body_30.yaml"


async def _create(request: Request) -> Response:
    raw = await request.body()
    if raw and request.headers.get("content-type") != "application/json":
        return Response(status_code=415)
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        return Response(status_code=422)
    if body is None:  # no body, or null: read alike
        return Response(status_code=202)
    name = body.get("name", "") if isinstance(body, dict) else None
    if not isinstance(name, str) or len(name) > 20 or set(body) - {"name"}:
        return Response(status_code=422)
    return Response(status_code=202)


async def _note(request: Request) -> Response:
    """Reads a body of no bytes as none, which a required body may not be."""
    if request.headers.get("content-type") != "text/plain":
        return Response(status_code=415)
    return Response(status_code=201 if await request.body() else 422)


def test_a_server_reading_a_null_body_as_none_gives_no_finding() -> None:
    app = Starlette(
        routes=[
            Route("/users", _create, methods=["POST"]),
            Route("/notes", _note, methods=["POST"]),
        ]
    )
    with serving(app) as url:
        report = run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
        )
    assert not report.failures, report.to_text()
    assert report.stats[("createUser", "invalid_request_rejected")].passed
    assert report.stats[("createNote", "valid_request_accepted")].passed
    assert any(
        "of a body of null where the body is optional were left out" in n for n in report.notes
    )
