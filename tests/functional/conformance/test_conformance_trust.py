"""Conformance raises no false alarm on correct servers, and says each real fault once.

Each part answers one way a correct server was reported failing: a request lost on a
keep-alive connection the server had closed, a parameter without a value sent as
``name=``, a business 404 read as a refusal, a format value validators refuse; then the
budget spent on a server that fails everything, and the mock paired with the runner.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from generator import ir
from generator.conformance import Report, run_conformance
from generator.mock import serving
from tests.servers import hostile_sockets
from tests.servers.fastapi_apps import api_of, crashing_app, items_app
from tests.support import ROOT, SPECS


def build(spec: Path) -> ir.Api:
    from generator.config import load_config, spec_config
    from generator.pipeline import build as build_spec

    config = load_config(ROOT)
    return build_spec(spec_config(config, spec), config.root)[1]


def conform(api: ir.Api, url: str, examples: int = 10, token: str | None = None) -> Report:
    return run_conformance(
        api, base_url=url, token=token, max_examples=examples, seed=0, allow_status=set()
    )


def failed(report: Report) -> set[tuple[str, str]]:
    return {(f.operation, f.check) for f in report.failed()}


# ---------------------------------------------------------------- 1. closed keep-alive


def test_a_request_lost_on_a_closed_keep_alive_connection_is_sent_again() -> None:
    api = build(SPECS / "keepalive.yaml")
    with hostile_sockets.running(hostile_sockets.KeepAliveCloser()) as server:
        report = conform(api, server.url)
    assert not report.failures, report.to_text()
    assert report.resent >= 1
    # every counted case reached the server and was answered, once
    assert report.cases == report.answered == server.answered == server.received
    assert any("sent again on a new connection" in note for note in report.notes)
    assert report.to_dict()["resent"] == report.resent


def test_a_server_that_reads_the_request_and_dies_is_a_finding() -> None:
    api = build(SPECS / "keepalive.yaml")
    with hostile_sockets.running(hostile_sockets.Dier()) as server:
        report = conform(api, server.url, examples=3)
    assert ("ping", "server_answered") in failed(report)
    assert report.resent == 0  # each request went on a new connection: the server saw it
    assert server.received == report.cases
    assert report.answered == 0


@pytest.fixture
def slow_error_log() -> Iterator[None]:
    """uvicorn logs a traceback before it closes the connection: make that take a while."""

    class Slow(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            time.sleep(0.05)

    logger = logging.getLogger("uvicorn.error")
    handler, level = Slow(), logger.level
    logger.addHandler(handler)
    yield
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_uvicorn_closing_after_an_unhandled_exception_loses_no_case(
    tmp_path: Path, slow_error_log: None
) -> None:
    app = crashing_app()
    api = api_of(app, tmp_path)
    with serving(app) as url:
        logging.getLogger("uvicorn.error").setLevel(logging.ERROR)
        report = conform(api, url, examples=5)
    assert report.resent >= 1, report.to_text()
    assert not [f for f in report.failed() if f.check == "server_answered"], report.to_text()
    assert report.answered == report.cases
    assert ("delete_item_items__item_id__delete", "no_server_error") in failed(report)


# ---------------------------------------------------------------- 2. no value, no parameter


def _request(**parts: object) -> dict[str, object]:
    return {"path": {}, "query": {}, "headers": {}, "cookies": {}, **parts}


def test_no_value_means_no_parameter_on_the_wire() -> None:
    from generator.conformance.wire import Unsendable, encode

    api = build(SPECS / "no_value.yaml")
    op = api.operations[0]
    sent = encode(
        api,
        op,
        _request(
            query={"limit": None, "tag": "a", "filter": None},
            headers={"X-Trace": None},
            cookies={"session": None},
            body={"name": "n", "age": None},
        ),
        "http://x",
        "token",
    )
    assert sent.url == "http://x/things?tag=a&filter=null"  # only JSON can write null
    assert not [k for k, _ in sent.headers if k.lower() in {"x-trace", "cookie"}]
    assert sent.body == b"name=n"
    with pytest.raises(Unsendable):  # a required parameter without a value
        encode(api, op, _request(query={"tag": None}, body={"name": "n"}), "http://x", "token")
    with pytest.raises(Unsendable):  # `name=` is "no value" in a form
        encode(api, op, _request(query={"tag": "a"}, body={"name": ""}), "http://x", "token")


def test_the_generated_client_sends_no_parameter_without_a_value(tmp_path: Path) -> None:
    import httpx

    from tests.support import generate_into, import_fresh

    generate_into(SPECS / "no_value.yaml", tmp_path, "novalue")
    package = import_fresh(tmp_path, "novalue")
    seen: list[httpx.Request] = []

    def wire(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    http = httpx.Client(transport=httpx.MockTransport(wire))
    with package.Client(base_url="http://x", http_client=http) as client:
        client.things.create(
            limit=None, tag="a", filter=None, x_trace=None, session=None, name="n", age=None
        )
    (request,) = seen
    assert dict(request.url.params) == {"tag": "a", "filter": "null"}
    assert "x-trace" not in request.headers and "cookie" not in request.headers
    assert request.content == b"name=n"


# ---------------------------------------------------------------- 3. what a refusal is


@pytest.fixture(scope="module")
def items(tmp_path_factory: pytest.TempPathFactory) -> tuple[ir.Api, Report]:
    app = items_app()
    api = api_of(app, tmp_path_factory.mktemp("items"))
    with serving(app) as url:
        return api, conform(api, url, examples=15)


def test_a_correct_fastapi_service_gets_no_false_alarm(items: tuple[ir.Api, Report]) -> None:
    api, report = items
    get_item = "get_item_items__item_id__get"
    # GET /items/0 answers 404 "Item not found": undocumented, yet what HTTP names for an item
    # that is not there (the id was drawn), so a warning; and not a refusal
    assert failed(report) == set(), report.to_text()
    assert report.stats[(get_item, "valid_request_accepted")].failed == 0
    stat = report.stats[(get_item, "status_documented")]
    assert stat.warned and "404 is not documented" in stat.warning
    assert "a resource that is not there" in stat.warning
    for op in api.operations:  # optional parameters, formats: every valid request accepted
        stat = report.stats[(op.operation_id, "valid_request_accepted")]
        assert stat.passed and not stat.failed


# ---------------------------------------------------------------- 5. the failure budget


def _asgi(answer: Callable[[dict[str, str]], tuple[int, bytes]], only_get: bool = False) -> Any:
    """An ASGI app answering ``answer(query)`` as JSON (text/plain for a 5xx); with
    ``only_get``, a method other than GET gets 405 and ``Allow``."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        if not only_get or scope["method"] == "GET":
            status, body = answer(dict(parse_qsl(scope["query_string"].decode())))
        else:
            status, body = 405, b'{"detail": "method"}'
        media = b"text/plain" if status >= 500 else b"application/json"
        headers = [(b"content-type", media), (b"content-length", str(len(body)).encode())]
        if status == 405:
            headers.append((b"allow", b"GET"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def test_a_server_failing_everything_gets_few_cases_and_one_finding_each() -> None:
    from tests.support import SEED

    api = build(SEED)
    with serving(_asgi(lambda query: (500, b"Internal Server Error"))) as url:
        report = conform(api, url, examples=25, token="t")
    (failure,) = report.failed()  # the 500 is also undocumented: still one finding
    assert failure.check == "no_server_error" and failure.signature == "500"
    assert report.cases <= 40, report.cases
    assert report.spared > 0 and report.to_dict()["spared"] == report.spared
    assert any("could only repeat a failure already reported" in n for n in report.notes)


def test_each_distinct_failure_is_reported_with_its_smallest_case() -> None:
    api = build(SPECS / "keepalive.yaml")

    def answer(query: dict[str, str]) -> tuple[int, bytes]:
        if "n" not in query:
            return 200, b'{"ok": true}'
        if not query["n"].isdigit():
            return 422, b'{"detail": "n"}'
        return (500, b"even") if int(query["n"]) % 2 == 0 else (502, b"odd")

    with serving(_asgi(answer, only_get=True)) as url:
        report = conform(api, url, examples=30)
    found = {(f.check, f.signature): f for f in report.failed()}
    assert set(found) == {("no_server_error", "500"), ("no_server_error", "502")}, found
    assert "n=0" in found["no_server_error", "500"].curl  # shrunk to the smallest
    assert "n=1" in found["no_server_error", "502"].curl
    assert [f["signature"] for f in report.to_dict()["failures"]] == ["500", "502"]
    assert ("ping", "no_server_error") in report.failures  # the smallest, by check, as before


# ---------------------------------------------------------------- 6. the mock and the runner


def test_apiforge_mock_and_conformance_pass_together_out_of_the_box() -> None:
    import os
    import subprocess
    import sys

    from generator.mock import DEFAULT_TOKEN
    from generator.mock.server import bind

    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    sock.close()
    spec = SPECS / "prefer.yaml"
    mock = subprocess.Popen(
        [sys.executable, "-m", "generator", "mock", str(spec), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert mock.stdout is not None
        lines = [mock.stdout.readline() for _ in range(3)]
        assert any(DEFAULT_TOKEN in line for line in lines), lines  # said at start-up
        report = conform(build(spec), f"http://127.0.0.1:{port}", examples=5)
    finally:
        mock.terminate()
        mock.wait(timeout=10)
    assert report.exit_code == 0, report.to_text()
    for check in ("valid_request_accepted", "auth_required", "bad_credentials_rejected"):
        assert report.stats["get_pet", check].passed, check


def test_a_server_refusing_the_default_token_gets_only_the_refusal_checked() -> None:
    from generator.mock import running

    api = build(SPECS / "prefer.yaml")
    with running(api, token="another") as url:
        report = conform(api, url, examples=3)
    assert report.exit_code == 0, report.to_text()
    assert ("get_pet", "valid_request_accepted") not in report.stats
    assert report.stats["get_pet", "auth_required"].passed
    assert any("refused the default token" in note for note in report.notes)


def test_prefer_picks_a_documented_response_and_example() -> None:
    import httpx

    from generator.mock import DEFAULT_TOKEN, running

    api = build(SPECS / "prefer.yaml")
    auth = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
    with running(api, token=DEFAULT_TOKEN) as url, httpx.Client(base_url=url) as c:
        assert c.get("/pets/3", headers=auth).status_code == 200
        rex = c.get("/pets/3", headers={**auth, "Prefer": "example=tom"})
        assert (rex.status_code, rex.json()) == (200, {"id": 2, "name": "Tom"})
        gone = c.get("/pets/3", headers={**auth, "Prefer": "code=404, example=gone"})
        assert (gone.status_code, gone.json()) == (404, {"detail": "the pet is gone"})
        drawn = c.get("/pets/3", headers={**auth, "Prefer": "code=404"})
        assert drawn.status_code == 404 and isinstance(drawn.json()["detail"], str)
        query = c.get("/pets/3", params={"__code": "404", "__example": "gone"}, headers=auth)
        assert query.status_code == 404
        assert c.get("/pets/3", headers={**auth, "Prefer": "code=418"}).status_code == 400
        unknown = c.get("/pets/3", headers={**auth, "Prefer": "example=nope"})
        assert unknown.status_code == 400 and "rex, tom" in unknown.text
        # security and validation first, as in Prism
        assert c.get("/pets/3", headers={"Prefer": "code=404"}).status_code == 401
        assert c.get("/pets/0", headers={**auth, "Prefer": "code=404"}).status_code == 422
        assert c.get("/pets/3", headers={**auth, "Prefer": "return=minimal"}).status_code == 200


def test_distinct_failures_beyond_the_cap_are_counted_not_listed() -> None:
    from generator.conformance.report import MAX_DISTINCT

    api = build(SPECS / "keepalive.yaml")

    def answer(query: dict[str, str]) -> tuple[int, bytes]:
        n = query.get("n", "")
        if not n:
            return 200, b'{"ok": true}'
        return (500 + int(n), b"down") if n.isdigit() else (422, b'{"detail": "n"}')

    with serving(_asgi(answer)) as url:
        report = conform(api, url, examples=40)
    listed = [f for f in report.failed() if f.check == "no_server_error"]
    assert len(listed) == MAX_DISTINCT, report.to_text()
    assert any("more distinct failures were counted but not listed" in n for n in report.notes)


def test_no_examples_runs_the_deterministic_cases_only() -> None:
    api = build(SPECS / "keepalive.yaml")

    def answer(query: dict[str, str]) -> tuple[int, bytes]:
        valid = query.get("n", "0").isdigit() and len(query.get("n", "0")) == 1
        return (200, b'{"ok": true}') if valid else (422, b'{"detail": "n"}')

    with serving(_asgi(answer, only_get=True)) as url:
        report = conform(api, url, examples=0)
    assert report.exit_code == 0, report.to_text()
    assert report.cases > 0
