"""Numbers within what their ``format`` holds: a server reading ``format: float`` as a 32-bit
float refuses a larger magnitude, as one reading ``int32`` refuses a larger integer. The run
drew floats up to the largest double, and reported the refusals as valid requests refused."""

from __future__ import annotations

import json
import math

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from generator.conformance import run_conformance
from generator.facts.typefacts import FLOAT_MAX
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_number_formats_30.yaml"


def _float32(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and abs(value) <= FLOAT_MAX
    )


async def _add(request: Request) -> Response:
    """A typed server: floats are 32-bit, the count an int32."""
    try:
        scale = float(request.query_params["scale"])
        body = json.loads(await request.body())
    except (KeyError, ValueError):
        return Response(status_code=400)
    if request.headers.get("content-type") != "application/json" or not isinstance(body, dict):
        return Response(status_code=400)
    count = body.get("count")
    fits = (
        _float32(scale)
        and _float32(body.get("value"))
        and ("low" not in body or (_float32(body["low"]) and body["low"] >= -1.0e300))
        and isinstance(count, int)
        and not isinstance(count, bool)
        and -(2**31) <= count < 2**31
    )
    return Response(status_code=201 if fits else 400)


def test_a_server_holding_numbers_in_their_formats_gives_no_finding() -> None:
    app = Starlette(routes=[Route("/readings", _add, methods=["POST"])])
    with serving(app) as url:
        report = run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=40, seed=0, allow_status=set()
        )
    assert not report.failures, report.to_text()
    accepted = report.stats[("addReading", "valid_request_accepted")]
    assert accepted.passed and not accepted.failed
