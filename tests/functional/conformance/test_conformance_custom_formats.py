"""A valid request refused for a text of a format OpenAPI does not define (``digits``,
``serial-number``), which the server gives a meaning: JSON Schema reads such a format as an
annotation, so any text is valid, and apiforge draws any. The refusal is a warning that names
the value and its format; a request refused whatever it sends, with no such format, still
fails. The spec is tests/specs/custom_formats_30.yaml."""

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

SPEC = SPECS / "custom_formats_30.yaml"
CHECK = "valid_request_accepted"
SERIAL = re.compile(r"[A-Z]{2}-[0-9]{4}")


def _app() -> Starlette:
    async def find(request: Request) -> Response:
        code = request.query_params.get("code", "")
        if not code.isdigit():
            return JSONResponse({"message": "code: digits only"}, 400)
        return JSONResponse({"code": code})

    async def send(request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"message": "not JSON"}, 400)
        device = body.get("device") if isinstance(body, dict) else None
        serial = device.get("serial") if isinstance(device, dict) else None
        if not isinstance(serial, str) or not SERIAL.fullmatch(serial):
            return JSONResponse({"message": "device.serial: not a serial number"}, 400)
        return Response(status_code=201)

    async def label(request: Request) -> Response:
        return JSONResponse({"message": "no"}, 400)

    return Starlette(
        routes=[
            Route("/parcels", find, methods=["GET"]),
            Route("/parcels", send, methods=["POST"]),
            Route("/labels", label, methods=["GET"]),
        ]
    )


def _run() -> Report:
    with serving(_app()) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=15, seed=0, allow_status=set()
        )


def test_a_refusal_of_a_text_of_an_undefined_format_is_a_warning_naming_it() -> None:
    report = _run()
    for operation, said in (
        ("findParcel", "query code="),
        ("sendParcel", "body /device/serial="),
    ):
        assert (operation, CHECK) not in report.failures, report.to_text()
        stat = report.stats[operation, CHECK]
        assert stat.warned and said in stat.warning, report.to_text()
    assert "of format `digits`" in report.stats["findParcel", CHECK].warning
    assert "of format `serial-number`" in report.stats["sendParcel", CHECK].warning


def test_a_request_refused_whatever_it_sends_still_fails() -> None:
    report = _run()
    assert ("findLabel", CHECK) in report.failures, report.to_text()
