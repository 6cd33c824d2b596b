"""Operations told apart only by a fragment in their path: one route on the wire.

A fragment is never sent, so a server sees one method and path for both. Conformance says so
up front, sends one of them, and a near miss of it that the server takes (as the other
operation) is a warning; the mock serves that one; the generated client and its tests send
the path without the fragment.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers import fragments
from tests.support import SPECS, generate_into, import_fresh

SPEC = SPECS / "strategies_shared_routes_30.yaml"


def _said(report: Report) -> None:
    (warning,) = [w for w in report.lint if w.code == "shared-route"]
    assert warning.operations == ("addLink",)
    assert {operation for operation, _ in report.stats} == {"updateFile", "lockFile"}


def test_a_server_of_the_route_is_not_reported() -> None:
    with serving(fragments.make()) as url:
        report = run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=20, seed=0, allow_status=set()
        )
    assert not report.failures, report.to_text()
    _said(report)


def test_the_mock_serves_the_route_by_the_operation_sent() -> None:
    report = run_conformance(
        build(SPEC), base_url=None, token=None, max_examples=20, seed=0, allow_status=set()
    )
    assert not report.failures, report.to_text()
    _said(report)


def test_the_client_sends_the_path_without_its_fragment(tmp_path: Path) -> None:
    generate_into(SPEC, tmp_path, "fragments_api")
    package = import_fresh(tmp_path, "fragments_api")
    seen: list[httpx.Request] = []

    def wire(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "7"})

    http = httpx.Client(transport=httpx.MockTransport(wire))
    with package.Client(base_url="http://x", http_client=http) as client:
        client.files.id_add_link.update(id="7", fields="link", link={"access": "open"})
    (request,) = seen
    assert request.url.raw_path == b"/files/7?fields=link"
