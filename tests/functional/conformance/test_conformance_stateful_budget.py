"""The failure budget holds for linked sequences too: a create the server refuses the same way
every time is not sent again once it only repeats what is known, so a run against such a
server stays short, and still reports the refusal."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import run_conformance
from generator.conformance.budget import STREAK
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "mock_memory_links.yaml"
METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH"]


def test_a_create_refused_every_time_is_spared_in_sequences() -> None:
    posts: list[str] = []

    async def orders(request: Request) -> Response:
        if request.method != "POST":
            return Response(status_code=405, headers={"Allow": "POST"})
        posts.append(request.method)
        return JSONResponse({"detail": "refused"}, 400)  # a bug: every valid order refused

    async def order(request: Request) -> Response:
        if request.method == "DELETE":
            return Response(status_code=204)
        if request.method != "GET":
            return Response(status_code=405, headers={"Allow": "GET, DELETE"})
        return JSONResponse({"message": "no such order"}, 404)

    app = Starlette(
        routes=[
            Route("/orders", orders, methods=METHODS),
            Route("/orders/{ref}", order, methods=METHODS),
        ]
    )
    with serving(app) as url:
        report = run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=5, seed=0, allow_status=set()
        )
    assert ("placeOrder", "valid_request_accepted") in report.failures, report.to_text()
    # the single requests' cases and the sequences' first calls, up to their streaks; before,
    # every sequence started with another refused create (274 here)
    assert len(posts) <= 3 * STREAK, len(posts)
    assert report.spared > 0
