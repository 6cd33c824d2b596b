"""A 412 to a conditional request carrying a drawn entity tag, and a 413 to a body larger than
the server takes, are statuses HTTP names: undocumented, each is a warning of
``status_documented``, not a failure. Another undocumented status still fails."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_http_named_30.yaml"


def run(status: int) -> Any:
    """A server refusing large bodies (``status`` 413), or entity tags it did not issue."""

    async def put(request: Request) -> Response:
        raw = await request.body()
        large = len(raw) > 200
        stale = request.headers.get("if-match") != '"v1"'
        if large if status == 413 else stale:
            return JSONResponse({"detail": "refused"}, status)
        return JSONResponse({}, 200)

    app = Starlette(routes=[Route("/notes/{id}", put, methods=["PUT"])])
    with serving(app) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
        )


@pytest.mark.parametrize("status", [412, 413])
def test_statuses_http_names_for_the_request_are_warnings(status: int) -> None:
    report = run(status)
    text = report.to_text()
    assert ("putNote", "status_documented") not in report.failures, text
    warning = report.stats[("putNote", "status_documented")].warning or ""
    assert warning.startswith(f"{status} is not documented"), text
    assert "HTTP names it for" in warning, text


def test_another_undocumented_status_fails() -> None:
    report = run(409)
    assert ("putNote", "status_documented") in report.failures, report.to_text()
