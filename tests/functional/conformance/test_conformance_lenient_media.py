"""A server reading a JSON body whatever its Content-Type: a warning of ``media_type_enforced``
where the credential is one no cross-site request carries (a bearer token), a failure where a
browser sends it by itself (a cookie), and a failure with ``--strict-types``."""

from __future__ import annotations

import json
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

SPEC = SPECS / "strategies_lenient_media_30.yaml"
TOKEN = "secret"


def create(credential: Any) -> Any:
    async def handle(request: Request) -> Response:
        if not credential(request):
            return JSONResponse({"detail": "no credential"}, 401)
        try:
            body = json.loads(await request.body())  # whatever the Content-Type says
        except ValueError:
            return JSONResponse({"detail": "not JSON"}, 422)
        text = body.get("text") if isinstance(body, dict) else None
        if set(body) != {"text"} or not isinstance(text, str) or len(text) > 10:
            return JSONResponse({"detail": "not valid"}, 422)
        return JSONResponse({}, 201)

    return handle


def run(*, strict: bool) -> Any:
    bearer = create(lambda r: r.headers.get("authorization") == f"Bearer {TOKEN}")
    cookie = create(lambda r: r.cookies.get("session") == TOKEN)
    routes = [Route("/notes", bearer, methods=["POST"]), Route("/memos", cookie, methods=["POST"])]
    with serving(Starlette(routes=routes)) as url:
        return run_conformance(
            build(SPEC),
            base_url=url,
            token=TOKEN,
            max_examples=3,
            seed=0,
            allow_status=set(),
            strict_types=strict,
        )


@pytest.mark.parametrize("strict", [False, True])
def test_a_body_read_whatever_its_media_type(strict: bool) -> None:
    report = run(strict=strict)
    text = report.to_text()
    assert ("createMemo", "media_type_enforced") in report.failures, text
    if strict:
        assert ("createNote", "media_type_enforced") in report.failures, text
    else:
        assert ("createNote", "media_type_enforced") not in report.failures, text
        assert report.stats[("createNote", "media_type_enforced")].warned, text
