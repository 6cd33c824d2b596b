"""In a 3.1 spec, a valid request that leaves out a required ``readOnly`` property (as
OpenAPI 3.0 allowed) refused by a server that reads JSON Schema plainly, then taken with the
property given, is a warning: 3.1 leaves to each server whether ``required`` holds for it in a
request. A refusal the property does not explain still fails."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers.json_bodies import json_body
from tests.support import SPECS

SPEC = SPECS / "strategies_read_only_required_31.yaml"
CHECK = "valid_request_accepted"


def _app(longest: int) -> Starlette:
    """Requires `id` and `created` in a request, as plain JSON Schema reads the spec; names
    up to ``longest`` characters (20: correct)."""

    async def create(request: Request) -> Response:
        body, refused = await json_body(request)
        if refused is not None:
            return refused
        if not isinstance(body, dict) or {"id", "created"} - body.keys():
            return JSONResponse({"detail": "'id' is a required property"}, 400)
        name, number = body.get("name"), body["id"]
        ok = (
            isinstance(name, str)
            and 1 <= len(name) <= longest
            and type(number) is int
            and number >= 1
            and isinstance(body["created"], str)
        )
        if not ok:
            return JSONResponse({"detail": "not valid"}, 400)
        return JSONResponse({**body, "created": "2024-01-01T00:00:00Z"}, 201)

    return Starlette(routes=[Route("/animals", create, methods=["POST"])])


def _run(longest: int) -> Report:
    with serving(_app(longest)) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
        )


def test_a_server_requiring_read_only_properties_gets_a_warning() -> None:
    report = _run(longest=20)
    assert not report.failures, report.to_text()
    stat = report.stats["createAnimal", CHECK]
    assert stat.warned and "required readOnly properties 'id', 'created'" in stat.warning


def test_a_refusal_they_do_not_explain_still_fails() -> None:
    report = _run(longest=3)  # a bug: names up to 20 characters are valid
    assert ("createAnimal", CHECK) in report.failures, report.to_text()
