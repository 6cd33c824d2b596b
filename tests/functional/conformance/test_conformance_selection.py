"""A run's selection is a boundary: an operation it leaves out is never sent, not by the
stateful phase (as a step, or to make what a step needs), not by the probe of the default
token; and a method it leaves out is not sent as the probe of a method a path does not
document either (a server that takes one may act on it)."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from generator.conformance import Report, Selection, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_selection_30.yaml"


def _run(selection: Selection, token: str | None) -> tuple[Report, list[tuple[str, str]]]:
    """The report of a run of ``selection``, and each request the server saw."""
    seen: list[tuple[str, str]] = []
    orders: dict[str, dict[str, object]] = {}

    async def orders_route(request: Request) -> Response:
        seen.append((request.method, request.url.path))
        if request.method != "POST":
            return Response(status_code=405, headers={"Allow": "POST"})
        number = f"ord-{len(orders) % 10000:04d}"
        orders[number] = {"number": number, "item": "x"}
        return JSONResponse(orders[number], 201)

    async def order_route(request: Request) -> Response:
        seen.append((request.method, request.url.path))
        ref = request.path_params["ref"]
        if request.method == "DELETE":
            orders.pop(ref, None)
            return Response(status_code=204)
        if request.method != "GET":
            return Response(status_code=405, headers={"Allow": "GET, DELETE"})
        if ref not in orders:
            return JSONResponse({"message": "no such order"}, 404)
        return JSONResponse(orders[ref])

    methods = ["GET", "PUT", "POST", "DELETE", "PATCH"]
    app = Starlette(
        routes=[
            Route("/orders", orders_route, methods=methods),
            Route("/orders/{ref}", order_route, methods=methods),
        ]
    )
    with serving(app) as url:
        report = run_conformance(
            build(SPEC),
            base_url=url,
            token=token,
            max_examples=3,
            seed=0,
            selection=selection,
        )
    return report, seen


def test_an_excluded_method_is_never_sent() -> None:
    report, seen = _run(Selection(exclude={"method": ("DELETE",)}), token="secret")
    assert seen, "nothing was sent"
    assert "DELETE" not in {method for method, _ in seen}, seen
    assert not {name for name, _ in report.stats} & {"cancelOrder"}


def test_an_operation_left_out_is_never_sent_nor_reported() -> None:
    report, seen = _run(Selection(include={"operation-id": ("readOrder",)}), token=None)
    sent = {(method, path.count("/")) for method, path in seen}
    assert ("GET", 2) in sent, seen
    assert ("POST", 1) not in sent, seen  # placeOrder: not a step, not the token's probe
    assert ("DELETE", 2) not in sent, seen  # cancelOrder
    assert {name for name, _ in report.stats} == {"readOrder"}, report.to_text()


def test_included_methods_bound_the_probes_of_undocumented_ones() -> None:
    _, seen = _run(Selection(include={"method": ("GET",)}), token="secret")
    assert {method for method, _ in seen} == {"GET"}, seen
