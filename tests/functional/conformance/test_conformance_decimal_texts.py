"""A string of OpenAPI's ``decimal`` format is sent as a decimal, though the pattern beside it
matches ``""`` and ``"-"`` too: a server reading it as a Decimal (Django REST framework's
DecimalField, pydantic's Decimal) takes every valid request."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers.json_bodies import json_body
from tests.support import SPECS

SPEC = SPECS / "strategies_decimal_texts_30.yaml"
PATTERN = re.compile(r"-?\d{0,4}(?:\.\d{0,2})?")


async def create(request: Request) -> Response:
    body, refused = await json_body(request)
    if refused is not None:
        return refused
    try:
        price = body["price"]
        Decimal(price)
    except (ValueError, KeyError, TypeError, InvalidOperation):
        return JSONResponse({"price": ["A valid number is required."]}, 400)
    if not isinstance(price, str) or not PATTERN.fullmatch(price):
        return JSONResponse({"price": ["Too many digits."]}, 400)
    return JSONResponse({}, 201)


@pytest.mark.parametrize("cases", ["generated", "builtin"])
def test_a_decimal_reading_server_takes_every_valid_request(cases: str) -> None:
    app = Starlette(routes=[Route("/gists", create, methods=["POST"])])
    with serving(app) as url:
        report = run_conformance(
            build(SPEC),
            base_url=url,
            token=None,
            max_examples=20,
            seed=0,
            allow_status=set(),
            cases=cases,  # type: ignore[arg-type]
        )
    assert ("createGist", "valid_request_accepted") not in report.failures, report.to_text()
    assert report.stats[("createGist", "valid_request_accepted")].passed
