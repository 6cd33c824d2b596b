"""A request carries an ``Accept`` header naming the media types the operation's answers
are documented in: a server that negotiates (with no ``Accept``, any type is acceptable, and
it answers in the one it likes) answers in a documented one, and is not failed for the type
it chose where the request let it choose."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_negotiated_30.yaml"
ACCEPTS: list[str | None] = []


async def get_item(request: Request) -> Response:
    accept = request.headers.get("accept")
    ACCEPTS.append(accept)
    try:
        number = int(request.path_params["id"])
    except ValueError:
        number = 0
    if number < 1:
        return JSONResponse({"title": "not valid"}, 400)
    if number % 2:
        return JSONResponse({"id": number})
    if accept is None or "json" not in accept:  # a text page where the client lets it choose
        return PlainTextResponse("Not Found", 404)
    return JSONResponse({"title": "no such item"}, 404, media_type="application/problem+json")


def _run() -> Report:
    app = Starlette(routes=[Route("/items/{id}", get_item)])
    with serving(app) as url:
        return run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
        )


def test_a_negotiating_server_answers_in_a_documented_type() -> None:
    ACCEPTS.clear()
    report = _run()
    failed = {check for _, check in report.failures}
    assert "content_type_documented" not in failed, report.to_text()
    assert "application/json, application/problem+json" in ACCEPTS
