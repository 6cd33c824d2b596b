"""Operations told apart by a query their path keys fix (``/notes/{id}?draft=true``).

Unlike a fragment, the query is sent: its pairs go with each request of the operation,
before the operation's own query parameters (never glued to the path with a second ``?``),
and a parameter of the same name is sent in their place. Conformance sends each operation
so, the mock routes by those pairs, the generated client sends what conformance does, and a
server that routes both operations to one handler is warned about, not failed.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from generator import ir
from generator.conformance import Report, run_conformance
from generator.conformance.wire import Unsendable, curl, encode
from generator.mock import MockApp
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers import path_query
from tests.support import SPECS, generate_into, import_fresh

SPEC = SPECS / "strategies_path_query_31.yaml"
OPERATIONS = {"getNote", "getDraft", "saveDraft", "listBoard", "boardCards"}


@pytest.fixture(scope="module")
def api() -> ir.Api:
    return build(SPEC)


def _run(api: ir.Api, url: str | None) -> Report:
    return run_conformance(
        api, base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
    )


def _said(report: Report) -> None:
    (warning,) = [w for w in report.lint if w.code == "query-route"]
    assert set(warning.operations) == {"getNote", "getDraft", "listBoard", "boardCards"}
    assert {operation for operation, _ in report.stats} == OPERATIONS  # each one sent


def test_a_server_that_reads_the_query_passes(api: ir.Api) -> None:
    with serving(path_query.make()) as url:
        report = _run(api, url)
    assert not report.failures, report.to_text()
    _said(report)


def test_the_mock_routes_by_the_query_its_operations_fix(api: ir.Api) -> None:
    report = _run(api, None)
    assert not report.failures, report.to_text()
    _said(report)


def test_one_handler_for_both_is_warned_about_not_failed(api: ir.Api) -> None:
    with serving(path_query.make(one_handler=True)) as url:
        report = _run(api, url)
    assert not report.failures, report.to_text()
    assert report.stats["getDraft", "invalid_request_rejected"].warned
    assert "another operation shares its route" in report.to_text()


def test_the_pairs_go_in_the_query_once(api: ir.Api) -> None:
    ops = {op.operation_id: op for op in api.operations}
    draft = encode(
        api, ops["getDraft"], {"path": {"id": "7"}, "query": {"after": 1}}, "http://h", "none"
    )
    assert draft.url == "http://h/notes/7?draft=true&after=1"
    near = {"path": {"id": "7"}, "query": {"after": "1.5"}}
    assert "'http://h/notes/7?draft=true&after=1.5'" in curl(
        encode(api, ops["getDraft"], near, "http://h", "none")
    )
    board = {"path": {"board": "abc"}, "query": {"view": "list", "limit": 5}}
    listed = encode(api, ops["listBoard"], board, "http://h", "none").url
    assert listed == "http://h/boards/abc?kind=all%20items&view=list&limit=5"
    other = {"path": {"board": "abc"}, "query": {"view": "table"}}
    with pytest.raises(Unsendable, match="another operation"):  # another operation's request
        encode(api, ops["listBoard"], other, "http://h", "none")


def test_the_mock_takes_the_operation_whose_pairs_a_request_carries(api: ir.Api) -> None:
    routes = MockApp(api).routes

    def found(method: str, path: str, query: list[tuple[str, str]]) -> str | None:
        op = routes.find(method, path, query).op
        return None if op is None else op.operation_id

    assert found("GET", "/notes/7", [("after", "1"), ("draft", "true")]) == "getDraft"
    assert found("GET", "/notes/7", [("draft", "false")]) == "getNote"
    assert routes.find("GET", "/notes/7", []).values == {"note_id": "7"}
    assert routes.find("GET", "/notes/7", [("draft", "true")]).values == {"id": "7"}
    assert found("PUT", "/notes/7", [("draft", "true")]) == "saveDraft"
    listing = [("view", "list"), ("kind", "all items"), ("limit", "5")]
    assert found("GET", "/boards/abc", listing) == "listBoard"
    assert found("GET", "/boards/abc", [("view", "card")]) == "boardCards"
    missed = routes.find("GET", "/boards/abc", [("view", "list")])
    assert missed.op is None and "view=card" in missed.missed
    assert routes.find("DELETE", "/notes/7", []).allowed == ("GET", "PUT")


def test_the_mock_reads_no_fixed_pair_as_a_parameter(api: ir.Api) -> None:
    with serving(MockApp(api)) as url, httpx.Client(base_url=url) as client:
        assert client.get("/notes/7?draft=true&after=-1").status_code in (400, 422)
        assert client.get("/notes/7?draft=true&after=1").json()["draft"] is True
        assert client.get("/notes/7?fields=title").status_code == 200
        assert client.put("/notes/7", json={"text": "x"}).status_code == 404
        assert client.get("/boards/abc?view=list").status_code == 404
        assert client.get("/boards/abc?view=list&kind=all+items").status_code == 200


def test_the_client_sends_what_conformance_does(api: ir.Api, tmp_path: Path) -> None:
    generate_into(SPEC, tmp_path, "path_query_api")
    package = import_fresh(tmp_path, "path_query_api")
    seen: list[httpx.Request] = []

    def wire(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"id": "7", "draft": True, "items": [], "cards": 1})

    http = httpx.Client(transport=httpx.MockTransport(wire))
    with package.Client(base_url="http://h", http_client=http) as client:
        client.notes.id_draft_true.retrieve(id="7", after=1)
        client.notes.id_draft_true.update(id="7", text="x")
        client.boards.board_view_list_kind_all_20items.retrieve(board="abc", view="list", limit=5)
    ops = {op.operation_id: op for op in api.operations}
    requests = [
        ("getDraft", {"path": {"id": "7"}, "query": {"after": 1}}),
        ("saveDraft", {"path": {"id": "7"}, "query": {}}),
        ("listBoard", {"path": {"board": "abc"}, "query": {"view": "list", "limit": 5}}),
    ]
    for request, (name, data) in zip(seen, requests, strict=True):
        url = urlsplit(encode(api, ops[name], data, "http://h", "none").url)
        assert request.url.raw_path.count(b"?") == 1
        assert request.url.path == url.path
        assert sorted(request.url.params.multi_items()) == sorted(
            httpx.QueryParams(url.query).multi_items()
        )
