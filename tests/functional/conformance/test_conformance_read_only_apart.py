"""In a 3.0 spec, ``required`` holds for a ``readOnly`` property in responses only. Where the
mark is written in another schema than the ``required`` (an ``allOf`` member), a server may
read it only beside the ``required``, as Connexion does, and refuse a request without the
property: taken with it given, that refusal is a warning. With the mark beside the
``required``, OpenAPI 3.0 is plain, and the refusal still fails."""

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

SPEC = SPECS / "read_only_apart_30.yaml"
CHECK = "valid_request_accepted"


async def _put(request: Request) -> Response:
    """Requires ``id`` and ``name``, as a validator reading ``readOnly`` nowhere would."""
    body, refused = await json_body(request)
    if refused is not None:
        return refused
    if not isinstance(body, dict) or {"id", "name"} - body.keys():
        return JSONResponse({"detail": "'id' is a required property"}, 400)
    name, number = body["name"], body["id"]
    if not isinstance(name, str) or len(name) > 10 or type(number) is not int:
        return JSONResponse({"detail": "not valid"}, 400)
    return JSONResponse({}, 200)


def _run() -> Report:
    app = Starlette(routes=[Route(p, _put, methods=["PUT"]) for p in ("/apart", "/here")])
    with serving(app) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
        )


def test_a_mark_written_apart_from_the_required_gets_a_warning() -> None:
    report = _run()
    assert ("putApart", CHECK) not in report.failures, report.to_text()
    stat = report.stats["putApart", CHECK]
    assert stat.warned and "written in another schema than their `required`" in stat.warning


def test_a_mark_beside_the_required_still_fails() -> None:
    report = _run()
    assert ("putHere", CHECK) in report.failures, report.to_text()
