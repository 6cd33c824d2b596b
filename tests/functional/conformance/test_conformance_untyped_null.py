"""A valid request refused for a ``null`` where the schema takes any value is a failure: the
second look that explains a refusal by values only the server can have issued (a cursor)
takes texts alone, and a ``null`` is none."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers.json_bodies import json_body
from tests.support import SPECS

SPEC = SPECS / "strategies_untyped_null_30.yaml"


async def create(request: Request) -> Response:
    body, refused = await json_body(request)
    if refused is not None:
        return refused
    if not isinstance(body, dict) or not isinstance(body.get("name"), str):
        return JSONResponse({"detail": "no name"}, 400)
    if len(body["name"]) > 20:
        return JSONResponse({"detail": "long name"}, 400)
    if "meta" in body and body["meta"] is None:  # a bug: `meta: {}` takes null
        return JSONResponse({"meta": ["This field may not be null."]}, 400)
    return JSONResponse({}, 201)


def test_a_null_refused_where_any_value_is_valid_fails() -> None:
    app = Starlette(routes=[Route("/gists", create, methods=["POST"])])
    with serving(app) as url:
        report = run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
        )
    assert ("createGist", "valid_request_accepted") in report.failures, report.to_text()
