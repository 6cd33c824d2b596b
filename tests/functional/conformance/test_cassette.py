"""``conformance --record`` writes a HAR 1.2 cassette; ``--replay`` sends its failures again."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.conformance.wire import REDACTED, REDACTED_BASIC
from generator.mock import serving
from tests.har import har_problems
from tests.servers import APIKEY, Counted, Planted, write_spec
from tests.servers import apikey as apikey_app
from tests.support import ROOT, SEED, SPECS

QUICK = ("--max-examples", "2", "--seed", "3")
SECRET = "cassette-Secret-4711:pw"  # with a colon: basic credentials use it as user:password
BUGGY = Planted(
    APIKEY, "auth-not-enforced", "a report answered without a key", frozenset(), frozenset()
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["conformance", *args])
    out, err = capsys.readouterr()
    return code, out, err


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def failing(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in data["log"]["entries"] if e["_apiforge"]["failed"]]


def test_a_run_against_the_mock_is_recorded_whole_and_without_the_token(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cassette = tmp_path / "run.har"
    spec = SPECS / "secrets_31.yaml"  # the token in a header, a query, a cookie, basic
    code, out, err = run(capsys, str(spec), *QUICK, "--token", SECRET, "--record", str(cassette))
    assert code == 0, out + err
    text = cassette.read_text(encoding="utf-8")
    data = json.loads(text)
    assert har_problems(data) == []
    entries = data["log"]["entries"]
    assert f"{len(entries)} exchanges recorded in {cassette}" in err
    assert f": {len(entries)} cases in " in out  # one entry per request sent
    # no form of the token anywhere; the placeholders where it went
    for form in (SECRET, "cassette-Secret-4711", "Y2Fzc2V0dGUtU2VjcmV0LTQ3MTE6cHc="):
        assert form not in text
    requests = [e["request"] for e in entries]
    headers = [(h["name"].lower(), h["value"]) for r in requests for h in r["headers"]]
    assert ("x-custom-key", REDACTED) in headers
    assert ("authorization", f"Basic {REDACTED_BASIC}") in headers
    assert ("authorization", f"Bearer {REDACTED}") in headers
    assert any(v == f"sid={REDACTED}" for k, v in headers if k == "cookie")
    assert any({"name": "api_key", "value": REDACTED} in r["queryString"] for r in requests)
    # what apiforge knows of each exchange
    own = entries[0]["_apiforge"]
    assert {"operation", "kind", "description", "failed", "checks"} <= set(own)
    assert {c["check"] for e in entries for c in e["_apiforge"]["checks"]} >= {
        "server_answered",
        "no_server_error",
        "auth_required",
    }
    assert data["log"]["_apiforge"]["target"] == "mock"
    assert data["log"]["_apiforge"]["secrets"] == "redacted"
    assert not failing(data)
    assert [p.name for p in tmp_path.iterdir()] == ["run.har"]  # no temporary file left


def test_record_secrets_keeps_the_token(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cassette = tmp_path / "run.har"
    spec = SPECS / "secrets_31.yaml"
    args = ("--max-examples", "0", "--token", SECRET, "--record", str(cassette))
    code, out, err = run(capsys, str(spec), *args, "--record-secrets")
    assert code == 0, out + err
    text = cassette.read_text(encoding="utf-8")
    assert SECRET in text and REDACTED not in text
    assert load(cassette)["log"]["_apiforge"]["secrets"] == "recorded"


@pytest.fixture
def apikey_spec(tmp_path: Path) -> Path:
    return write_spec(APIKEY, tmp_path)


def test_record_replay_against_a_planted_bug_and_its_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, apikey_spec: Path
) -> None:
    cassette = tmp_path / "bug.har"
    served = BUGGY.serve()
    with serving(served) as url:
        args = (str(apikey_spec), *QUICK, "--base-url", url, "--token", apikey_app.KEY)
        code, out, err = run(capsys, *args, "--record", str(cassette))
        assert code == 1, out + err
        data = load(cassette)
        assert har_problems(data) == []
        # one entry per request the server received, and the key in none of them
        assert len(data["log"]["entries"]) == served.tracker.requests
        assert apikey_app.KEY not in cassette.read_text(encoding="utf-8")
        bad = failing(data)
        assert bad and all(e["_apiforge"]["kind"] == "no_auth" for e in bad)
        assert any(
            c["check"] == "auth_required" and c["verdict"] == "fail"
            for c in bad[0]["_apiforge"]["checks"]
        )
        # replayed against the server recorded (the default): the bug is still there
        before = served.tracker.requests
        code, out, err = run(
            capsys, str(apikey_spec), "--token", apikey_app.KEY, "--replay", str(cassette)
        )
        assert code == 1, out + err
        assert served.tracker.requests == before + len(bad)
        assert f"{len(bad)} still fails" in out
        assert f"against the recorded server ({url})" in out
        assert "still fails: report_reports__year__get (entry " in out
        assert "now: auth_required: a request without credentials got 200" in out
    # the same exchanges against the fixed server
    fixed = Counted(APIKEY.make(None))
    with serving(fixed) as url:
        code, out, err = run(
            capsys,
            str(apikey_spec),
            "--token",
            apikey_app.KEY,
            "--replay",
            str(cassette),
            "--base-url",
            url,
        )
    assert code == 0, out + err
    assert f"{len(bad)} now passes" in out and "still fails" not in out
    assert fixed.tracker.requests == len(bad)
    assert err == ""


def test_replay_puts_the_token_given_back_where_the_cassette_marks_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Recorded against the mock, replayed against it started again: the mock accepts only
    the token, so a valid request passes again only with the token back in every place."""
    cassette = tmp_path / "mock.har"
    spec = SPECS / "secrets_31.yaml"
    args = ("--max-examples", "0", "--token", SECRET)
    code, out, err = run(capsys, str(spec), *args, "--record", str(cassette))
    assert code == 0, out + err
    data = load(cassette)
    planted = 0
    for entry in data["log"]["entries"]:  # a failure planted in each valid, credentialed one
        texts = json.dumps(entry["request"])
        if entry["_apiforge"]["kind"] == "coverage" and "REDACTED" in texts:
            entry["_apiforge"]["checks"].append(
                {"check": "valid_request_accepted", "verdict": "fail", "message": "planted"}
            )
            planted += 1
    assert planted >= 5
    cassette.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, str(spec), "--token", SECRET, "--replay", str(cassette))
    assert code == 0, out + err
    assert "against the built-in mock server (http://127.0.0.1:" in out
    assert f"replay: {planted} now passes" in out
    code, out, err = run(capsys, str(spec), "--token", "another", "--replay", str(cassette))
    assert code == 0, out + err  # the mock started again takes the token given


def test_the_built_in_mock_is_started_again_for_a_cassette_recorded_against_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cassette = tmp_path / "mock.har"
    code, out, err = run(capsys, str(SEED), "--max-examples", "0", "--record", str(cassette))
    assert code == 0, out + err
    data = load(cassette)
    # plant a failure in the record: a 200 the checks said was wrong
    entry = next(e for e in data["log"]["entries"] if e["_apiforge"]["kind"] == "no_auth")
    entry["_apiforge"]["failed"] = True
    entry["_apiforge"]["checks"].append(
        {"check": "auth_required", "verdict": "fail", "message": "planted"}
    )
    cassette.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, str(SEED), "--replay", str(cassette))
    assert code == 0, out + err
    assert "against the built-in mock server (http://127.0.0.1:" in out
    assert "1 now passes" in out


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{"log": {"version": "1.2", "entries": [', ":1:"),
        ("[]", "'log' is missing"),
        ('{"log": {"version": "1.1", "entries": []}}', "(at /log/version)"),
        ('{"log": {"version": "1.2", "entries": {}}}', "(at /log/entries)"),
        (
            '{"log": {"version": "1.2", "entries": [{"request": {}}]}}',
            "(at /log/entries/0/request)",
        ),
        ('{"log": "\xff"}', "not UTF-8"),
    ],
)
def test_a_corrupt_cassette_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, where: str
) -> None:
    cassette = tmp_path / "bad.har"
    cassette.write_bytes(text.encode("latin-1"))
    code, out, err = run(capsys, str(SEED), "--replay", str(cassette))
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and err.startswith(str(cassette)), err
    assert where in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_a_cassette_that_is_a_named_pipe_is_refused_unread(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe.har"
    os.mkfifo(pipe)  # reading it would wait for a writer for ever
    code, out, err = run(capsys, str(SEED), "--replay", str(pipe))
    assert code == 2
    assert out == ""
    assert err.startswith(f"{pipe}: is a named pipe (FIFO), not a regular file"), err
    assert "reads a cassette only from a regular file" in err


def test_a_cassette_past_the_limit_is_refused_unread(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import conformance

    cassette = tmp_path / "big.har"
    cassette.write_text('{"log": {"version": "1.2", "entries": []}}' + " " * 100)
    monkeypatch.setattr(conformance, "MAX_CASSETTE_BYTES", 64)
    code, _, err = run(capsys, str(SEED), "--replay", str(cassette))
    assert code == 2
    assert err.strip() == f"{cassette}: larger than the limit of 64 bytes for a cassette file"


def test_an_entry_recorded_by_another_tool_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cassette = tmp_path / "browser.har"
    assert run(capsys, str(SEED), "--max-examples", "0", "--record", str(cassette))[0] == 0
    data = load(cassette)
    del data["log"]["entries"][3]["_apiforge"]
    cassette.write_text(json.dumps(data), encoding="utf-8")
    code, _out, err = run(capsys, str(SEED), "--replay", str(cassette))
    assert code == 2
    missing = "'_apiforge' is missing: not a HAR cassette of apiforge's"
    assert err.strip() == f"{cassette}: {missing} (at /log/entries/3)"


def test_an_operation_gone_from_the_spec_is_said(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cassette = tmp_path / "mock.har"
    run(capsys, str(SEED), "--max-examples", "0", "--record", str(cassette))
    data = load(cassette)
    entry = data["log"]["entries"][0]
    entry["_apiforge"]["operation"] = "gone_away"
    entry["_apiforge"]["checks"].append(
        {"check": "no_server_error", "verdict": "fail", "message": "x"}
    )
    cassette.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run(capsys, str(SEED), "--replay", str(cassette))
    assert code == 2
    assert "not in the spec: gone_away" in out
    assert "1 exchanges of" in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("where", ["missing/run.har", "."])
def test_an_unwritable_cassette_path_fails_before_the_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, where: str
) -> None:
    path = tmp_path / where
    code, out, err = run(
        capsys, str(SEED), "--base-url", "http://127.0.0.1:9", "--record", str(path)
    )
    assert code == 2
    assert out == "" and len(err.splitlines()) == 1, err
    assert str(path) in err and "cannot connect" not in err  # before any request
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_run_that_fails_leaves_the_earlier_cassette_whole(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cassette = tmp_path / "run.har"
    cassette.write_text("earlier", encoding="utf-8")
    code, _out, err = run(
        capsys, str(SEED), "--base-url", "http://127.0.0.1:9", "--record", str(cassette)
    )
    assert code == 2 and "cannot connect" in err
    assert cassette.read_text(encoding="utf-8") == "earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["run.har"]


def test_record_and_replay_together_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _out, err = run(
        capsys, str(SEED), "--record", str(tmp_path / "a.har"), "--replay", str(tmp_path / "b.har")
    )
    assert code == 2 and "not both" in err


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (("--timeout", "0"), "--timeout: must be a positive number of seconds"),
        (("--base-url", "localhost:1"), "--base-url: 'localhost:1' is not an http://"),
    ],
)
def test_replay_refuses_the_flags_conformance_refuses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, flags: tuple[str, ...], said: str
) -> None:
    cassette = tmp_path / "mock.har"
    assert run(capsys, str(SEED), "--max-examples", "0", "--record", str(cassette))[0] == 0
    code, out, err = run(capsys, str(SEED), "--replay", str(cassette), *flags)
    assert code == 2 and out == ""
    assert err.startswith(said) and len(err.splitlines()) == 1


def test_the_probe_of_the_default_token_is_recorded_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from generator.config import SpecConfig
    from generator.mock import DEFAULT_TOKEN, running
    from generator.pipeline import build

    _, api = build(SpecConfig(spec=SEED, output=tmp_path, package="seed"), ROOT)
    cassette = tmp_path / "run.har"
    with running(api, token=DEFAULT_TOKEN) as url:  # no --token: the default is tried first
        code, out, err = run(
            capsys, str(SEED), "--max-examples", "0", "--base-url", url, "--record", str(cassette)
        )
    assert code == 0, out + err
    entries = load(cassette)["log"]["entries"]
    assert entries[0]["_apiforge"]["kind"] == "probe"
    assert entries[0]["_apiforge"]["checks"] == []
    assert [e["_apiforge"]["kind"] for e in entries].count("probe") == 1
    assert f": {len(entries) - 1} cases in " in out
    assert "apiforge-conformance-token" not in cassette.read_text(encoding="utf-8")


def test_requests_without_an_answer_are_recorded_and_replayed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.servers import hostile_sockets

    spec = str(SPECS / "keepalive.yaml")
    cassette = tmp_path / "dier.har"
    quick = ("--cases", "builtin", "--max-examples", "0", "--timeout", "2")
    with hostile_sockets.running(hostile_sockets.Dier()) as dier:  # reads, then resets
        code, out, err = run(
            capsys, spec, *quick, "--base-url", dier.url, "--record", str(cassette)
        )
        assert code == 1, out + err
        data = load(cassette)
        assert har_problems(data) == []
        entries = data["log"]["entries"]
        assert len(entries) == dier.received
        for entry in entries:
            assert entry["response"]["status"] == 0
            assert entry["response"]["_error"].startswith("no answer")
            assert entry["_apiforge"]["checks"][0]["check"] == "server_answered"
        code, out, err = run(capsys, spec, *quick, "--replay", str(cassette))
        assert code == 1, out + err
        assert f"replay: {len(entries)} still fails" in out
    with hostile_sockets.running(hostile_sockets.KeepAliveCloser()) as closer:  # answers
        code, out, err = run(
            capsys, spec, *quick, "--replay", str(cassette), "--base-url", closer.url
        )
    assert code == 0, out + err
    assert f"replay: {len(entries)} now passes" in out


def test_workers_record_every_exchange_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cassette = tmp_path / "run.har"
    spec = SPECS / "secrets_31.yaml"
    args = (str(spec), *QUICK, "--token", SECRET, "--workers", "3", "--record", str(cassette))
    code, out, err = run(capsys, *args)
    assert code == 0, out + err
    entries = load(cassette)["log"]["entries"]
    assert f": {len(entries)} cases in " in out
    started = [e["startedDateTime"] for e in entries]
    assert started == sorted(started)  # in the order they were sent, whatever the thread


def test_record_takes_one_spec(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = (SPECS / "secrets_31.yaml").as_posix()
    entries = "".join(
        f'[[tool.apiforge.specs]]\nspec = "{spec}"\npackage = "p{n}"\n' for n in (1, 2)
    )
    (tmp_path / "pyproject.toml").write_text(f"[tool.apiforge]\n{entries}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "--record", str(tmp_path / "x.har"))
    assert code == 2 and "--record" in err
    assert not (tmp_path / "x.har").exists()
