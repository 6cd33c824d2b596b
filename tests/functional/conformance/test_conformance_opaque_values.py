"""A valid request refused for a value the schema cannot constrain (an opaque cursor the
server never issued) is a warning, not a failure; a refusal no such value explains still
fails.

The spec (``tests/specs/opaque_values_30.yaml``) pages a search by a ``cursor`` query
parameter and an ``after`` body property, each ``{type: string}`` (through a ``$ref`` and an
``allOf``); the servers are ``tests/servers/cursors.py``'s.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.conformance import Cassette, Report, read_cassette, replay, run_conformance
from generator.conformance.cassette import Exchange
from generator.conformance.checks import Answer, Outcome
from generator.conformance.runner import _Runner
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers import cursors
from tests.support import SPECS

SPEC = SPECS / "opaque_values_30.yaml"
CHECK = "valid_request_accepted"


def _run(
    bug: str | None, recorder: Cassette | None = None, unissued: int = 400
) -> tuple[Report, list[Exchange]]:
    seen: list[Exchange] = []

    def record(exchange: Exchange, began: float, took: float) -> None:
        seen.append(exchange)
        if recorder is not None:
            recorder.record(exchange, began, took)

    with serving(cursors.make(bug, unissued)) as url:
        report = run_conformance(
            build(SPEC),
            base_url=url,
            token=None,
            max_examples=20,
            seed=0,
            allow_status=set(),
            recorder=record,
        )
    return report, seen


def test_a_server_refusing_cursors_it_never_issued_gets_a_warning() -> None:
    report, seen = _run(None)
    assert not report.failures, report.to_text()
    stat = report.stats["searchItems", CHECK]
    assert stat.warned and not stat.failed and stat.verdict == "WARN"
    assert "the server may take only values it issued" in stat.warning
    assert f"WARN {CHECK} on searchItems: a valid request was refused with 400" in report.to_text()
    warned = [
        o.message for e in seen for o in e.outcomes if o.check == CHECK and o.verdict == "warn"
    ]
    assert any("without query cursor=" in m for m in warned)  # a parameter
    assert any("body after=" in m for m in warned)  # a body property
    assert not any("limit=" in m or "order=" in m or "text=" in m for m in warned)
    probes = [e for e in seen if e.kind == "probe"]
    assert len(probes) == len(warned)  # one probe per refused case
    assert all(not p.outcomes and "cursor" not in p.request.url for p in probes)
    assert report.cases == len(seen)  # each probe a request the run counts as sent


@pytest.mark.parametrize("bug", ["enum", "integer", "required", "everything"])
def test_a_refusal_no_cursor_explains_still_fails(bug: str) -> None:
    report, seen = _run(bug)
    assert report.stats["searchItems", CHECK].failed, report.to_text()
    (failure,) = [f for f in report.failed() if f.check == CHECK]
    assert failure.message == "a valid request was refused with 400"
    if bug == "everything":  # nothing is ever taken: no refusal is explained away
        assert not report.stats["searchItems", CHECK].warned
    assert any(e.kind == "probe" for e in seen)


def test_replay_judges_a_recorded_refusal_by_the_checks_alone(tmp_path: Path) -> None:
    cassette = Cassette({"target": "server", "seed": 0})
    _run("enum", cassette)
    path = tmp_path / "run.har"
    path.write_text(cassette.to_har(), encoding="utf-8")
    recording = read_cassette(path, path.read_bytes())
    failing = [r for r in recording.exchanges if r.failed]
    assert failing and all(r.kind != "probe" for r in failing)
    with serving(cursors.make("enum")) as url:
        runs = [
            replay(build(SPEC), recording, cassette=str(path), base_url=url, token=None)
            for _ in range(2)
        ]
    verdicts = [[r.verdict for r in run.results] for run in runs]
    assert verdicts[0] == verdicts[1] == ["still fails"] * len(failing)


@pytest.mark.parametrize("time_left", [True, False])
def test_no_refusal_is_explained_without_the_time_to_ask(time_left: bool) -> None:
    api = build(SPEC)
    (op,) = api.operations
    request = {
        "path": {},
        "query": {"cursor": "c9"},
        "headers": {},
        "cookies": {},
        "body": {"text": "t"},
    }
    refused = [Outcome("server_answered", "pass"), Outcome(CHECK, "fail", "refused")]
    with serving(cursors.make(None)) as url:
        runner = _Runner(
            api,
            url,
            None,
            max_examples=1,
            seed=0,
            allow=frozenset(),
            progress=None,
            timeout=5.0,
            cases="builtin",
            limits=(time.monotonic(), 60.0, 1 << 20),
        )
        if not time_left:
            runner.stop_at = time.monotonic() - 1
        outcomes = runner._second_look(op, "random", request, Answer(400, {}, b""), refused)
        runner.transport.close()
    verdict = outcomes[1].verdict
    assert (verdict, runner.sent) == (("warn", 1) if time_left else ("fail", 0))


def test_an_undocumented_404_for_a_cursor_never_issued_gets_a_warning() -> None:
    """A cursor the server never issued answered 404, which the spec does not document: the
    same request without it is taken, so the status is a warning that says why."""
    report, _ = _run(None, unissued=404)
    assert not report.failures, report.to_text()
    stat = report.stats["searchItems", "status_documented"]
    assert stat.warned and not stat.failed, report.to_text()
    assert "404 is not documented" in stat.warning and "values it issued" in stat.warning


def test_an_undocumented_404_no_cursor_explains_still_fails() -> None:
    report, _ = _run("gone", unissued=404)
    assert ("searchItems", "status_documented") in report.failures, report.to_text()
