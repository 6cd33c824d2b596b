"""A 3.0 discriminator whose ``mapping`` gives a member values of its own: a reader that takes
only those (Jackson, express-openapi-validator: the spec's "rather than the default value")
refuses the member's component name, and a reader that takes both is right too. A valid
request carries a mapped value; it carried the name, refused as a valid request."""

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

SPEC = SPECS / "strategies_mapped_tags_30.yaml"
KINDS = {"cat": "claws", "dog": "bark", "Lizard": "scales"}  # mapped values, then the name
FLAGS = {"claws": bool, "bark": bool, "scales": int}


async def _add(request: Request) -> Response:
    if request.headers.get("content-type") != "application/json":
        return Response(status_code=400)
    try:
        body = json.loads(await request.body())
    except ValueError:
        return Response(status_code=400)
    if not isinstance(body, dict) or body.get("pet_type") not in KINDS:
        return Response(status_code=400)
    flag = KINDS[body["pet_type"]]
    required = flag != "bark"
    if (required and flag not in body) or (flag in body and type(body[flag]) is not FLAGS[flag]):
        return Response(status_code=400)
    return Response(status_code=201)


async def _animal(request: Request) -> Response:
    """Reads `oneOf` as plain JSON Schema: any object with a text `kind` matches both Bird and
    Fish, so no animal is valid."""
    return Response(status_code=400)


def test_a_reader_of_mapped_values_only_gives_no_finding() -> None:
    app = Starlette(
        routes=[
            Route("/pets", _add, methods=["POST"]),
            Route("/animals", _animal, methods=["POST"]),
        ]
    )
    with serving(app) as url:
        report = run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=30, seed=0, allow_status=set()
        )
    assert not report.failures, report.to_text()
    accepted = report.stats[("addPet", "valid_request_accepted")]
    assert accepted.passed and not accepted.failed
    assert any("a 3.0 discriminator's reading and plain `oneOf`" in n for n in report.notes)
