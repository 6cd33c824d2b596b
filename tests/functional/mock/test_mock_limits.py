"""The mock under attack: fault waits, who may ask for faults, slow and idle connections, logs.

Every attack is a small local socket with a deadline of a second or two.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from generator import ir
from generator.config import SpecConfig
from generator.errors import ApiforgeError
from generator.mock import running
from tests.support import ROOT, SPECS

SPEC = SPECS / "mock_limits.yaml"


@pytest.fixture(scope="module")
def api() -> ir.Api:
    from generator.pipeline import build

    return build(SpecConfig(spec=SPEC, output=ROOT / "out"), ROOT)[1]


def address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


def read_until_closed(sock: socket.socket, deadline: float) -> bytes:
    """What the server sends until it closes the connection (fails the test past ``deadline``)."""
    received = b""
    while time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(4096)
        except TimeoutError:
            break
        except ConnectionResetError:
            return received
        if not chunk:
            return received
        received += chunk
    raise AssertionError(f"the connection is still open; received {received!r}")


def read_response(sock: socket.socket) -> bytes:
    """One whole response (head and a body of ``content-length`` bytes)."""
    sock.settimeout(2)
    received = b""
    while b"\r\n\r\n" not in received:
        received += sock.recv(4096)
    head, _, body = received.partition(b"\r\n\r\n")
    length = next(
        int(h.split(b":")[1])
        for h in head.split(b"\r\n")
        if h.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += sock.recv(4096)
    return head + b"\r\n\r\n" + body


def wait_for(lines: list[str], suffix: str, deadline: float) -> str:
    while time.monotonic() < deadline:
        found = [entry for entry in lines if entry.endswith(suffix) or f" {suffix} " in entry]
        if found:
            return found[-1]
        time.sleep(0.02)
    raise AssertionError(f"no log line with {suffix!r} in {lines}")


# fault waits


def test_the_waits_of_one_request_are_capped_in_total(api: ir.Api) -> None:
    faults = {"X-Mock-Fault": "slow=0.4, slow=0.4, slow=0.4, slow=0.4"}
    with running(api, max_delay=0.5) as url:
        started = time.monotonic()
        response = httpx.get(url + "/ping", headers=faults, timeout=5)
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert 0.45 <= elapsed < 1.2


def test_a_client_that_leaves_ends_its_wait_at_once(api: ir.Api) -> None:
    lines: list[str] = []
    with running(api, log=lines.append) as url:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(url + "/ping", headers={"X-Mock-Fault": "slow=20"}, timeout=0.3)
        entry = wait_for(lines, "gone", started + 2.0)
    assert entry.startswith("GET /ping gone ")


def test_a_long_directive_is_refused(api: ir.Api) -> None:
    with running(api) as url:
        many = httpx.get(url + "/ping", headers={"X-Mock-Fault": ",".join(["slow=1"] * 50)})
        long = httpx.get(url + "/ping", headers={"X-Mock-Fault": "503;id=" + "x" * 4000})
    assert many.status_code == long.status_code == 400


# who may ask for faults


def test_faults_from_the_query_string_need_the_flag(api: ir.Api) -> None:
    with running(api) as url:
        started = time.monotonic()
        refused = httpx.get(url + "/ping?x-mock-fault=slow%3D5", timeout=3)
        assert time.monotonic() - started < 1.0
        header = httpx.get(url + "/ping", headers={"X-Mock-Fault": "503"})
    assert refused.status_code == 400 and "--request-faults query" in refused.json()["detail"]
    assert header.status_code == 503
    with running(api, request_faults="query") as url:
        assert httpx.get(url + "/ping?x-mock-fault=503").status_code == 503


def test_faults_can_be_turned_off(api: ir.Api) -> None:
    with running(api, request_faults="off") as url:
        by_header = httpx.get(url + "/ping", headers={"X-Mock-Fault": "slow=5"}, timeout=3)
        by_query = httpx.get(url + "/ping?x-mock-fault=503")
        plain = httpx.get(url + "/ping")
    assert by_header.status_code == by_query.status_code == 400
    assert plain.status_code == 200


def test_off_loopback_requests_ask_for_no_faults_unless_told(
    api: ir.Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.mock import server as server_module

    seen: list[Any] = []

    def run(self: server_module.MockServer) -> None:
        seen.append(self.server.config.app.options.request_faults)
        self.sock.close()

    monkeypatch.setattr(server_module.MockServer, "run", run)
    lines: list[str] = []
    server_module.serve(api, host="0.0.0.0", port=0, log=lines.append)
    server_module.serve(api, host="0.0.0.0", port=0, request_faults="header")
    server_module.serve(api, host="127.0.0.1", port=0)
    assert seen == ["off", "header", "header"]
    assert lines[0].startswith("warning: listening on 0.0.0.0")


# slow and idle connections


def test_a_head_sent_a_line_at_a_time_is_cut_at_the_deadline(api: ir.Api) -> None:
    with running(api, request_timeout=1.0) as url, socket.create_connection(address(url)) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n")
        answer = b""
        for index in range(40):  # a header line every 0.1 s, for up to 4 s
            try:
                sock.sendall(f"X-Slow-{index}: 1\r\n".encode())
            except OSError:
                break
            sock.settimeout(0.1)
            try:
                answer = sock.recv(4096)
            except TimeoutError:
                continue
            break
        elapsed = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 408 "), answer
    assert 0.9 <= elapsed < 2.0


def test_a_body_sent_a_byte_at_a_time_is_cut_at_the_deadline(api: ir.Api) -> None:
    lines: list[str] = []
    with (
        running(api, request_timeout=1.0, log=lines.append) as url,
        socket.create_connection(address(url)) as sock,
    ):
        started = time.monotonic()
        sock.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n")
        sock.sendall(b"Content-Length: 100\r\n\r\n{")
        answer = None
        for _ in range(40):  # a byte every 0.1 s, for up to 4 s
            try:
                sock.sendall(b" ")
                sock.settimeout(0.1)
                answer = sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                answer = b""
            break
        elapsed = time.monotonic() - started
        assert answer is not None and answer.startswith(b"HTTP/1.1 408 "), answer
        assert 0.9 <= elapsed < 2.0
        assert wait_for(lines, "gone", time.monotonic() + 1).startswith("POST /echo gone ")


def test_a_silent_connection_is_cut_at_the_deadline(api: ir.Api) -> None:
    with running(api, request_timeout=0.5) as url, socket.create_connection(address(url)) as sock:
        started = time.monotonic()
        assert read_until_closed(sock, started + 2.0).startswith(b"HTTP/1.1 408 ")
        assert time.monotonic() - started >= 0.45


def test_an_idle_keep_alive_connection_is_closed(api: ir.Api) -> None:
    with (
        running(api, idle_timeout=0.5, request_timeout=30) as url,
        socket.create_connection(address(url)) as sock,
    ):
        sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")
        assert read_response(sock).startswith(b"HTTP/1.1 200 ")
        answered = time.monotonic()
        assert read_until_closed(sock, answered + 2.0) == b""
        assert time.monotonic() - answered >= 0.45


def test_a_kept_alive_connection_serves_requests_within_the_deadlines(api: ir.Api) -> None:
    with (
        running(api, idle_timeout=0.6, request_timeout=0.6) as url,
        httpx.Client(base_url=url) as client,
    ):
        for _ in range(4):  # each pause is shorter than either deadline but their sum is not
            assert client.get("/ping").status_code == 200
            time.sleep(0.3)


@pytest.fixture
def slow_clients() -> Iterator[list[socket.socket]]:
    opened: list[socket.socket] = []
    yield opened
    for sock in opened:
        sock.close()


def test_many_slow_connections_do_not_starve_a_real_client(
    api: ir.Api, slow_clients: list[socket.socket]
) -> None:
    with running(api, max_connections=20, request_timeout=30) as url:
        for _ in range(100):  # each starts a head it never finishes
            sock = socket.create_connection(address(url), timeout=2)
            sock.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\n")
            slow_clients.append(sock)
        started = time.monotonic()
        response = httpx.get(url + "/ping", timeout=2)
        assert response.status_code == 200
        assert time.monotonic() - started < 1.0
        time.sleep(0.2)
        still_open = 0
        for sock in slow_clients:
            sock.settimeout(0.01)
            try:
                answer = sock.recv(4096)  # a 503, then the end
            except TimeoutError:
                still_open += 1
                continue
            except OSError:
                continue
            assert answer == b"" or answer.startswith(b"HTTP/1.1 503 ")
    assert still_open < 20  # the cap held: the oldest slow ones gave way


def test_a_connection_waiting_out_its_own_fault_gives_way(api: ir.Api) -> None:
    with running(api, max_connections=1) as url, socket.create_connection(address(url)) as slow:
        slow.sendall(b"GET /ping HTTP/1.1\r\nHost: x\r\nX-Mock-Fault: slow=20\r\n\r\n")
        time.sleep(0.2)
        started = time.monotonic()
        assert httpx.get(url + "/ping", timeout=2).status_code == 200
        assert time.monotonic() - started < 1.0
        read_until_closed(slow, time.monotonic() + 1.0)


# settings


@pytest.mark.parametrize(
    "setting",
    [
        {"max_delay": 0},
        {"request_timeout": -1.0},
        {"idle_timeout": float("nan")},
        {"max_connections": 0},
        {"request_faults": "sometimes"},
    ],
)
def test_a_bad_setting_is_a_usage_error(api: ir.Api, setting: dict[str, Any]) -> None:
    with pytest.raises(ApiforgeError) as caught, running(api, **setting):
        pass
    assert caught.value.exit_code == 2


# logs


def test_a_request_cannot_forge_or_colour_a_log_line(api: ir.Api) -> None:
    lines: list[str] = []
    forged = "/ping%0d%0aGET%20/admin%20200%200.1ms%1b[2J%c2%85%e2%80%a8"
    with running(api, log=lines.append) as url, socket.create_connection(address(url)) as sock:
        sock.sendall(f"GET {forged} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        sock.settimeout(2)
        assert read_until_closed(sock, time.monotonic() + 2).startswith(b"HTTP/1.1 404 ")
    assert len(lines) == 1
    entry = lines[0]
    assert entry.isprintable() and "\x1b" not in entry
    method, path, status, duration = entry.split(" ")
    assert (method, status) == ("GET", "404") and duration.endswith("ms")
    assert path == "/ping\\r\\nGET\\x20/admin\\x20200\\x200.1ms\\x1b[2J\\x85\\u2028"


def test_apiforge_mock_keeps_serving_when_slow_clients_outnumber_its_files(
    slow_clients: list[socket.socket],
) -> None:
    """``apiforge mock`` as run, with defaults, in a process that may open only 400 files."""
    import re
    import resource
    import subprocess
    import sys
    import threading

    def few_files() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (400, 400))

    command = [sys.executable, "-m", "generator", "mock", str(SPEC), "--port", "0"]
    with subprocess.Popen(
        command,
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=few_files,  # noqa: PLW1509
    ) as process:
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(process.stderr or ()), daemon=True)
        reader.start()
        try:
            found = None
            deadline = time.monotonic() + 20
            while found is None and time.monotonic() < deadline and process.poll() is None:
                found = next(
                    (m for m in map(re.compile(r"on (http://\S+) ").search, lines) if m), None
                )
                time.sleep(0.05)
            assert found is not None, lines
            url = found.group(1)
            for _ in range(600):  # more connections than the process may hold
                sock = socket.socket()
                sock.setblocking(False)
                sock.connect_ex(address(url))
                slow_clients.append(sock)
            time.sleep(0.3)
            for sock in slow_clients:
                try:
                    sock.send(b"GET /ping HTTP/1.1\r\n")
                except OSError:
                    pass
            started = time.monotonic()
            assert httpx.get(url + "/ping", timeout=2).status_code == 200
            assert time.monotonic() - started < 2
            assert any("at most 168 connections at once" in entry for entry in lines), lines
        finally:
            process.terminate()
            process.wait(timeout=5)


@pytest.mark.parametrize(
    "flags", [("--max-delay", "0"), ("--request-timeout", "nan"), ("--max-connections", "-3")]
)
def test_the_command_line_refuses_a_bad_limit_in_one_line(
    flags: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    assert main(["mock", str(SPEC), "--port", "0", *flags]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1 and flags[0] in errors[0] and "Traceback" not in errors[0]


@pytest.mark.usefixtures("python_default_recursion_limit")
@pytest.mark.parametrize("depth", [600, 5_000], ids=["checked-too-deep", "read-too-deep"])
def test_a_request_body_nested_too_deeply_is_refused_not_a_crash(depth: int) -> None:
    from generator.pipeline import build

    spec = SPECS / "deep_tree.yaml"
    deep = build(SpecConfig(spec=spec, output=ROOT / "out"), ROOT)[1]
    body = b'{"child": ' * depth + b'{"name": "leaf"}' + b"}" * depth
    with running(deep, seed=0) as url:
        sent = httpx.post(f"{url}/tree", content=body, headers={"content-type": "application/json"})
        fine = httpx.post(f"{url}/tree", json={"child": {"name": "leaf"}})
    assert sent.status_code == 422, sent.text
    assert fine.status_code == 201, fine.text


def test_a_request_body_with_an_integer_too_long_to_read_is_refused_not_a_crash() -> None:
    from generator.pipeline import build

    deep = build(SpecConfig(spec=SPECS / "deep_tree.yaml", output=ROOT / "out"), ROOT)[1]
    body = b'{"name": "x", "size": ' + b"9" * 5_000 + b"}"
    with running(deep, seed=0) as url:
        sent = httpx.post(f"{url}/tree", content=body, headers={"content-type": "application/json"})
    assert sent.status_code == 422, sent.text
