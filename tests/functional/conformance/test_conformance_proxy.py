"""Requests go straight to the server unless --proxy names a proxy; its password is never shown.

A proxy set in the environment (for downloads, say) is not used: it would stand between the
run and the server it judges. ``--proxy`` sends every request through the one it names, with
its credentials to the proxy alone, within the same deadlines.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from generator import ir
from generator.conformance import Report, run_conformance
from generator.errors import ApiforgeError
from generator.mock import running
from tests.servers import hostile_sockets
from tests.support import ROOT, SPECS

SECRET = "s3cret-word"
TOKEN = "proxy-test-token"


@pytest.fixture(scope="module")
def ping() -> ir.Api:
    from generator.config import load_config, spec_config
    from generator.pipeline import build

    config = load_config(ROOT)
    return build(spec_config(config, SPECS / "keepalive.yaml"), config.root)[1]


class _Proxy(BaseHTTPRequestHandler):
    """A forwarding HTTP proxy that notes each request line and its Proxy-Authorization."""

    seen: list[tuple[str, str | None]]

    def _forward(self) -> None:
        self.seen.append((self.requestline, self.headers.get("Proxy-Authorization")))
        length = int(self.headers.get("Content-Length") or 0)
        headers = [
            (k, v)
            for k, v in self.headers.items()
            if k.lower() not in {"proxy-authorization", "connection", "host", "content-length"}
        ]
        with httpx.Client(trust_env=False) as client:
            answer = client.request(
                self.command, self.path, headers=headers, content=self.rfile.read(length)
            )
        self.send_response(answer.status_code)
        for key, value in answer.headers.items():
            if key.lower() not in {"content-length", "transfer-encoding", "connection"}:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _forward

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def proxy() -> Iterator[tuple[str, list[tuple[str, str | None]]]]:
    seen: list[tuple[str, str | None]] = []
    handler = type("Proxy", (_Proxy,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def conform(api: ir.Api, url: str, **options: object) -> Report:
    return run_conformance(
        api, base_url=url, token=TOKEN, max_examples=3, seed=0, cases="builtin", **options
    )


def test_a_proxy_in_the_environment_is_not_used(
    ping: ir.Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    with proxy() as (where, seen), running(ping, seed=0, token=TOKEN) as url:
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
            monkeypatch.setenv(name, f"http://user:{SECRET}@{where}")
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        report = conform(ping, url)
    assert report.exit_code == 0, report.to_text()
    assert report.cases > 5 and seen == []


def test_proxy_sends_every_request_through_it_with_its_credentials(ping: ir.Api) -> None:
    with proxy() as (where, seen), running(ping, seed=0, token=TOKEN) as url:
        report = conform(ping, url, proxy=f"http://user:{SECRET}@{where}")
    assert report.exit_code == 0, report.to_text()
    assert len(seen) == report.cases
    expected = "Basic " + base64.b64encode(f"user:{SECRET}".encode()).decode()
    assert all(line.split()[1].startswith(url) and auth == expected for line, auth in seen)
    assert SECRET not in report.to_text() + report.to_json() + report.to_junit_xml()


def test_a_proxy_that_cannot_be_reached_is_named_without_its_password(ping: ir.Api) -> None:
    with running(ping, seed=0, token=TOKEN) as url, pytest.raises(ApiforgeError) as caught:
        conform(ping, url, proxy=f"http://user:{SECRET}@127.0.0.1:1")
    (problem,) = caught.value.problems
    assert "cannot connect through the proxy http://user:***@127.0.0.1:1" in str(problem)
    assert SECRET not in str(problem)


@pytest.mark.parametrize(
    ("flags", "named"),
    [
        (["--proxy", "http://127.0.0.1:1"], "--proxy: applies to --base-url only"),
        (
            ["--base-url", "http://127.0.0.1:1", "--proxy", f"socks5://u:{SECRET}@h:1"],
            "--proxy: 'socks5://u:***@h:1' is not an http:// or https:// URL",
        ),
    ],
)
def test_proxy_usage_errors_are_one_line_without_the_password(
    flags: list[str], named: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from generator.cli import main

    code = main(["conformance", str(SPECS / "keepalive.yaml"), "--cases", "builtin", *flags])
    err = capsys.readouterr().err
    assert code == 2
    (line,) = err.strip().splitlines()
    assert named in line and SECRET not in line


def test_a_proxy_that_never_answers_is_bound_by_the_same_deadlines(ping: ir.Api) -> None:
    with hostile_sockets.running(hostile_sockets.Silent()) as silent:
        started = time.monotonic()
        report = conform(ping, "http://127.0.0.1:1", proxy=silent.url, timeout=1.0, max_time=2.0)
        took = time.monotonic() - started
    assert took < 2.0 + 1.0 + 1.5, took
    assert report.cut_short, report.to_text()
    found = [f.message for f in report.failed() if f.check == "server_answered"]
    assert found == ["no answer within the 1s deadline"]
