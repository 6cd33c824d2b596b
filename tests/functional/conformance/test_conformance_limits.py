"""Conformance ends in bounded time and memory whatever the server does.

Each hostile server of ``tests/servers/hostile_sockets.py`` once kept a run going for good
or filled its memory: one that never answers, one that drips its answer a byte at a time
(httpx's timeout bounds each read, so it never tripped), one whose body never ends (plain
or a gzip bomb), one whose event stream never ends. Deadlines here are a second or two.
"""

from __future__ import annotations

import gzip
import json
import time
import tracemalloc
from pathlib import Path

import pytest

from generator import ir
from generator.conformance import Report, run_conformance
from tests.servers import hostile_sockets
from tests.support import ROOT, SPECS

MARGIN = 1.5  # seconds beyond max-time and one deadline: setting up, closing, a slow machine


def build(spec: Path) -> ir.Api:
    from generator.config import load_config, spec_config
    from generator.pipeline import build as build_spec

    config = load_config(ROOT)
    return build_spec(spec_config(config, spec), config.root)[1]


@pytest.fixture(scope="module")
def ping() -> ir.Api:
    return build(SPECS / "keepalive.yaml")


def conform(api: ir.Api, url: str, **options: object) -> tuple[Report, float]:
    """The report of a run with the built-in cases, and how long the run took."""
    settings: dict[str, object] = {"max_examples": 5, "cases": "builtin", **options}
    started = time.monotonic()
    report = run_conformance(api, base_url=url, token=None, seed=0, **settings)  # type: ignore[arg-type]
    return report, time.monotonic() - started


def messages(report: Report, check: str) -> list[str]:
    return [f.message for f in report.failed() if f.check == check]


# ---------------------------------------------------------------- the deadline of one request


@pytest.mark.parametrize("body_only", [False, True], ids=["head", "body"])
def test_one_request_ends_at_its_deadline_however_slowly_the_server_drips(
    body_only: bool,
) -> None:
    from generator.conformance.transport import NoAnswer, Transport
    from generator.conformance.wire import HttpRequest

    # one byte every 0.2 s: each read gets something, so a per-read timeout never trips
    with hostile_sockets.running(hostile_sockets.Dripper(0.2, body_only=body_only)) as server:
        transport = Transport(timeout=1.0, max_body=1 << 20)
        try:
            started = time.monotonic()
            answer = transport.send(HttpRequest("GET", f"{server.url}/ping", (), None))
            took = time.monotonic() - started
        finally:
            transport.close()
    assert isinstance(answer, NoAnswer) and not answer.cut
    assert 1.0 <= took < 1.5, took
    expected = "the 200 answer did not finish" if body_only else "no answer within the 1s"
    assert answer.message.startswith(expected), answer.message


def test_no_request_runs_past_the_runs_end() -> None:
    from generator.conformance.transport import NoAnswer, Transport
    from generator.conformance.wire import HttpRequest

    with hostile_sockets.running(hostile_sockets.Silent()) as silent:
        transport = Transport(timeout=5.0, max_body=1 << 20, end=time.monotonic() + 1.0)
        try:
            started = time.monotonic()
            answer = transport.send(HttpRequest("GET", f"{silent.url}/ping", (), None))
            took = time.monotonic() - started
        finally:
            transport.close()
    # the run's end, not the server, stopped it: not run, never "no answer"
    assert isinstance(answer, NoAnswer) and answer.cut, answer
    assert took < 1.5, took


@pytest.mark.parametrize(
    "server",
    [hostile_sockets.Silent, lambda: hostile_sockets.Dripper(0.25)],
    ids=["never-answers", "drips"],
)
def test_the_run_ends_within_max_time_and_one_deadline(ping: ir.Api, server: object) -> None:
    with hostile_sockets.running(server()) as hostile:  # type: ignore[operator]
        report, took = conform(ping, hostile.url, timeout=1.0, max_time=2.0)
    assert took < 2.0 + 1.0 + MARGIN, took
    assert report.cut_short and report.not_run > 0, report.to_text()
    assert messages(report, "server_answered") == ["no answer within the 1s deadline"]
    assert report.exit_code == 1  # a server that does not answer in time is a finding
    assert report.notes[0].startswith("the run was cut short by --max-time 2s: ")
    assert f"{report.not_run} planned cases were not run" in report.notes[0]
    assert report.to_dict()["cut_short"] is True
    assert report.to_dict()["not_run"] == report.not_run


def test_a_slow_server_within_its_deadline_raises_no_alarm(ping: ir.Api) -> None:
    # every answer takes a twentieth of a second or more, dripped 16 bytes at a time
    with hostile_sockets.running(hostile_sockets.Dripper(0.01, step=16)) as slow:
        report, _ = conform(ping, slow.url, timeout=10.0, max_examples=0)
        # the server counts an answer once it has sent its last byte: after the client read it
        settled = time.monotonic() + 5
        while slow.answered < report.cases and time.monotonic() < settled:
            time.sleep(0.01)
        assert slow.answered == report.cases > 5
    assert report.exit_code == 0, report.to_text()
    assert not report.cut_short and report.not_run == 0


def test_a_run_cut_short_without_a_failure_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    out = tmp_path / "report.json"
    with hostile_sockets.running(hostile_sockets.Dripper(0.02, step=16, padding=100)) as slow:
        code = main(
            [
                "conformance",
                str(SPECS / "keepalive.yaml"),
                "--base-url",
                slow.url,
                "--cases",
                "builtin",
                "--max-time",
                "1",
                "--json",
                str(out),
            ]
        )
    captured = capsys.readouterr()
    assert code == 2, captured.out
    data = json.loads(out.read_text())
    assert data["cut_short"] is True and data["exit_code"] == 2 and not data["failures"]
    assert data["not_run"] > 0
    (line,) = captured.err.strip().splitlines()
    assert "cut short by --max-time" in line and f"{data['not_run']} cases were not run" in line
    assert "incomplete: no check failed, but not every case ran" in captured.out


@pytest.mark.parametrize(
    "flags",
    [["--max-time", "0"], ["--timeout", "-1"], ["--max-body", "0"], ["--max-time", "nan"]],
)
def test_limits_out_of_range_are_usage_errors(
    flags: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    code = main(["conformance", str(SPECS / "keepalive.yaml"), "--cases", "builtin", *flags])
    assert code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert flags[0] in line


# ---------------------------------------------------------------- bounded bodies


def test_an_endless_body_is_a_finding_of_its_own(ping: ir.Api) -> None:
    cap = 1 << 20
    with hostile_sockets.running(hostile_sockets.Flood()) as flood:
        report, took = conform(ping, flood.url, timeout=2.0, max_body=cap, max_examples=0)
    assert messages(report, "answer_size") == [
        f"the 200 answer exceeded {cap} bytes (--max-body); the rest was not read"
    ]
    assert ("ping", "response_schema") not in report.stats  # a cut body is not judged
    assert report.exit_code == 1 and took < 10


def test_a_gzip_bomb_inflates_no_further_than_the_cap(ping: ir.Api) -> None:
    from generator.conformance.body import BodyReader

    cap = 1 << 20
    reader = BodyReader(cap, "gzip", event_stream=False)
    assert not reader.add(gzip.compress(b"0" * (64 << 20), 1))  # 64 MiB from 280 KiB
    assert len(reader.buffer) == cap + 1  # one byte past the cap says it is exceeded
    with hostile_sockets.running(hostile_sockets.Flood(bomb=True)) as bomb:
        report, _ = conform(ping, bomb.url, timeout=2.0, max_body=cap, max_examples=0)
    assert messages(report, "answer_size") == [
        f"the 200 answer exceeded {cap} bytes (--max-body); the rest was not read"
    ]


def test_memory_stays_near_the_cap_whatever_the_body(ping: ir.Api) -> None:
    cap = 8 << 20
    with hostile_sockets.running(hostile_sockets.Flood(size=40 << 20)) as flood:
        tracemalloc.start()
        try:
            report, _ = conform(ping, flood.url, timeout=5.0, max_body=cap, max_examples=0)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert ("ping", "answer_size") in report.failures
    assert peak < 4 * cap, peak  # the body read, one copy of it, and the run itself


# ---------------------------------------------------------------- event streams


def test_an_endless_event_stream_is_judged_by_the_events_read() -> None:
    from generator.conformance.checks import Answer
    from generator.conformance.transport import Transport
    from generator.conformance.wire import HttpRequest

    api = build(SPECS / "endless_events.yaml")
    with hostile_sockets.running(hostile_sockets.EndlessEvents(0.05)) as events:
        report, took = conform(api, events.url, timeout=0.5, max_examples=2)
        transport = Transport(timeout=0.5, max_body=100)  # the cap ends the read, too
        try:
            answer = transport.send(HttpRequest("GET", f"{events.url}/events", (), None))
        finally:
            transport.close()
    assert report.exit_code == 0, report.to_text()
    assert report.answered == report.cases > 0
    assert took < report.cases * 0.5 + MARGIN
    assert isinstance(answer, Answer) and answer.exceeded is None
    assert 0 < len(answer.content) <= 100 and answer.content.endswith(b"\n\n")
    assert answer.content.startswith(b"event: tick\ndata: tick ")


# ---------------------------------------------------------------- bounded judging


def warnings(report: Report, operation: str) -> str:
    stat = report.stats[operation, "response_schema"]
    assert not stat.failed, report.to_text()  # not checked is not a failure
    return stat.warning


def test_a_body_slow_to_check_is_stopped_at_the_deadline() -> None:
    # each node may be read as either shape of a oneOf: checking doubles with every level
    depth = 40
    body = b'{"kids": [' * depth + b"]}" * depth
    api = build(SPECS / "nested_shapes.yaml")
    with hostile_sockets.running(hostile_sockets.Constant(body)) as server:
        report, took = conform(api, server.url, timeout=1.0, max_examples=0)
    assert warnings(report, "tree") == (
        "the 200 body was not checked: its schema check did not finish within --timeout"
    )
    assert took < report.cases * 1.0 + MARGIN, took


def test_a_body_of_too_many_values_is_not_parsed() -> None:
    from generator.conformance.checks import MAX_VALUES

    body = b"[" + b"[]," * MAX_VALUES + b"[]]"  # 3 MB: millions of objects once parsed
    api = build(SPECS / "nested_shapes.yaml")
    with hostile_sockets.running(hostile_sockets.Constant(body)) as server:
        report, took = conform(api, server.url, timeout=5.0, max_examples=0)
    assert warnings(report, "grid") == (
        f"the 200 body was not checked: it holds more than {MAX_VALUES} JSON values"
    )
    assert took < 5, took


def test_max_time_stops_the_random_search_at_once() -> None:
    api = build(SPECS / "search_words.yaml")
    examples = 100_000  # far more than the time allows
    with hostile_sockets.running(hostile_sockets.Dripper(0.0, step=1 << 16)) as fast:
        report, took = conform(api, fast.url, timeout=1.0, max_time=2.0, max_examples=examples)
    assert took < 2.0 + 1.0 + MARGIN, took
    assert report.exit_code == 2 and report.cut_short, report.to_text()
    sent = report.stats["ping", "valid_request_accepted"].passed - 1  # one coverage case
    assert sent > 0 and report.not_run == examples - sent


def _chain(depth: int) -> bytes:
    """A valid ``Node`` of ``specs/deep_tree.yaml`` nested ``depth`` levels."""
    return b'{"child": ' * depth + b'{"name": "leaf"}' + b"}" * depth


@pytest.mark.usefixtures("python_default_recursion_limit")
@pytest.mark.parametrize("depth", [600, 5_000], ids=["checked-too-deep", "read-too-deep"])
def test_a_body_nested_deeper_than_python_reads_is_not_judged(depth: int) -> None:
    # valid JSON the schema accepts at any depth: a crash (exit 3) or a failure was a false alarm
    api = build(SPECS / "deep_tree.yaml")
    with hostile_sockets.running(hostile_sockets.Constant(_chain(depth))) as server:
        report, _ = conform(api, server.url, timeout=5.0, max_examples=0)
    assert warnings(report, "getTree") == (
        "the 200 body was not checked: it is nested deeper than Python reads or checks"
    )


@pytest.mark.usefixtures("python_default_recursion_limit")
def test_a_deep_body_within_reach_is_judged() -> None:
    api = build(SPECS / "deep_tree.yaml")
    with hostile_sockets.running(hostile_sockets.Constant(_chain(50))) as server:
        report, _ = conform(api, server.url, timeout=5.0, max_examples=0)
    stat = report.stats["getTree", "response_schema"]
    assert stat.passed and not stat.failed and not stat.warning, report.to_text()


def test_an_integer_of_more_digits_than_python_reads_is_not_judged() -> None:
    # valid JSON a correct server may send: "the body is not JSON" was a false alarm
    api = build(SPECS / "deep_tree.yaml")
    body = b'{"name": "x", "size": ' + b"9" * 5_000 + b"}"
    with hostile_sockets.running(hostile_sockets.Constant(body)) as server:
        report, _ = conform(api, server.url, timeout=5.0, max_examples=0)
    assert warnings(report, "getTree") == (
        "the 200 body was not checked: it holds an integer of more than 4,300 digits"
    )
