"""Conformance runs against the mock (all pass) and against deliberately broken servers."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from generator import ir
from generator.conformance import ProgressBar, Report, run_conformance
from generator.mock import serving
from tests.servers.broken_servers import (
    BROKEN,
    AcceptsInvalid,
    Broken,
    EmptyStop500,
    IgnoresCredentials,
)
from tests.support import ROOT, SEED

TOKEN = "s3cret-token"
OP = "create_async_chat_completions_async_chat_completions_post"


@pytest.fixture(scope="module")
def api() -> ir.Api:
    from generator.config import load_config, spec_config
    from generator.pipeline import build

    config = load_config(ROOT)
    return build(spec_config(config, SEED), config.root)[1]


@pytest.fixture(scope="module")
def mock_report(api: ir.Api) -> Report:
    return run_conformance(
        api, base_url=None, token=None, max_examples=10, seed=0, allow_status=set(), progress=None
    )


def test_the_mock_passes_every_check(mock_report: Report) -> None:
    assert mock_report.exit_code == 0, mock_report.to_text()
    assert not mock_report.failures
    checks = {check for _, check in mock_report.stats}
    assert {
        "no_server_error",
        "status_documented",
        "content_type_documented",
        "response_schema",
        "valid_request_accepted",
        "invalid_request_rejected",
        "auth_required",
        "bad_credentials_rejected",
    } <= checks
    assert all(stat.passed for stat in mock_report.stats.values())
    assert mock_report.cases > 20


def test_the_undocumented_401_is_a_warning_said_once(mock_report: Report) -> None:
    codes = [w.code for w in mock_report.lint]
    assert codes.count("undocumented-401") == 1
    assert "--allow-status 401" in str(mock_report.lint[codes.index("undocumented-401")])
    stat = mock_report.stats[(OP, "status_documented")]
    assert stat.warned >= 1 and stat.failed == 0
    assert "401" in stat.warning


def test_allow_status_401_silences_the_warning(api: ir.Api) -> None:
    report = run_conformance(
        api, base_url=None, token=None, max_examples=2, seed=1, allow_status={"401"}, progress=None
    )
    assert report.exit_code == 0
    assert "undocumented-401" not in [w.code for w in report.lint]
    assert report.stats[(OP, "status_documented")].warned == 0


@pytest.fixture(scope="module")
def broken_reports(api: ir.Api) -> Iterator[dict[str, tuple[Broken, Report]]]:
    out = {}
    for kind in BROKEN:
        app = kind(api, token=TOKEN)
        with serving(app) as url:
            assert url.startswith("http://127.0.0.1:")
            report = run_conformance(
                api,
                base_url=url,
                token=TOKEN,
                max_examples=15,
                seed=0,
                allow_status=set(),
                progress=None,
            )
        out[kind.__name__] = (app, report)
    yield out


@pytest.mark.parametrize("kind", [k.__name__ for k in BROKEN])
def test_each_planted_bug_is_caught_and_named(
    broken_reports: dict[str, tuple[Broken, Report]], kind: str
) -> None:
    app, report = broken_reports[kind]
    assert report.exit_code == 1
    assert (OP, app.check) in report.failures, report.to_text()
    failure = report.failures[(OP, app.check)]
    text = report.to_text()
    assert f"FAIL {app.check} on {OP}" in text
    assert app.tracker.fired, "the planted bug never fired"
    assert TOKEN not in failure.curl and TOKEN not in failure.python
    assert ('"$TOKEN"' in failure.curl) == (app.check != "auth_required")
    assert "from perplexity_api import Client" in failure.python
    assert "client.async_.chat.completions.create(" in failure.python
    compile(failure.python, "<snippet>", "exec")
    assert "--seed 0" in failure.replay


needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


@needs_curl
def test_the_reported_curl_reproduces_the_failure(
    broken_reports: dict[str, tuple[Broken, Report]], api: ir.Api
) -> None:
    app = AcceptsInvalid(api, token=TOKEN)
    failure = broken_reports["AcceptsInvalid"][1].failures[(OP, "invalid_request_rejected")]
    assert failure.case.startswith("mutation:")
    with serving(app) as url:
        command = failure.curl.replace(failure.curl.split()[5], url + "/async/chat/completions", 1)
        done = subprocess.run(
            ["bash", "-c", command],
            capture_output=True,
            text=True,
            env={**os.environ, "TOKEN": TOKEN},
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("HTTP/1.1 200")


def test_ignored_credentials_fail_both_refusal_checks(
    broken_reports: dict[str, tuple[Broken, Report]],
) -> None:
    report = broken_reports[IgnoresCredentials.__name__][1]
    assert (OP, "auth_required") in report.failures
    assert (OP, "bad_credentials_rejected") in report.failures
    assert "Authorization" not in report.failures[(OP, "auth_required")].curl


def test_minimal_reproduction_for_the_empty_stop(
    broken_reports: dict[str, tuple[Broken, Report]],
) -> None:
    failure = broken_reports["EmptyStop500"][1].failures[(OP, "no_server_error")]
    body = json.loads(failure.curl.split("--data-binary ")[1].strip("'"))
    assert body["request"]["stop"] == []


def test_reports_as_junit_and_json(broken_reports: dict[str, tuple[Broken, Report]]) -> None:
    report = broken_reports["MissingField"][1]
    root = ET.fromstring(report.to_junit_xml())
    failures = root.findall(".//testcase/failure")
    assert {f.get("type") for f in failures} >= {"response_schema"}
    assert root.find(f"testsuite[@name='{OP}']") is not None
    data = json.loads(report.to_json())
    assert data["exit_code"] == 1
    assert any(f["check"] == "response_schema" and f["operation"] == OP for f in data["failures"])
    assert any(c["check"] == "response_schema" and c["result"] == "FAIL" for c in data["checks"])


def test_progress_bar_draws_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    plain, tty = io.StringIO(), Terminal()
    for stream in (plain, tty):
        bar = ProgressBar(stream)
        bar(5, 10, "POST /x")
        bar(10, 10, "done")
    assert plain.getvalue() == ""
    assert "[###############---------------] 5/10" in tty.getvalue()
    assert tty.getvalue().endswith("\n")


def test_no_token_against_a_live_server_sends_the_default_one(api: ir.Api) -> None:
    # the server takes any credential, the default one too: both refusals are checked
    with serving(IgnoresCredentials(api, token=TOKEN)) as url:
        report = run_conformance(
            api, base_url=url, token=None, max_examples=3, seed=0, allow_status=set(), progress=None
        )
    assert (OP, "auth_required") in report.failures
    assert (OP, "bad_credentials_rejected") in report.failures
    assert report.stats[OP, "valid_request_accepted"].passed
    # a server that refuses the default token: only the refusal of none is checked
    with serving(Broken(api, token=TOKEN)) as url:
        report = run_conformance(
            api, base_url=url, token=None, max_examples=3, seed=0, allow_status=set(), progress=None
        )
    assert (OP, "valid_request_accepted") not in report.stats
    assert any("no --token given: for 1 operation(s)" in note for note in report.notes)


@pytest.mark.parametrize("kind", [EmptyStop500, AcceptsInvalid])
def test_the_built_in_source_catches_the_bugs_too(api: ir.Api, kind: type[Broken]) -> None:
    app = kind(api, token=TOKEN)
    with serving(app) as url:
        report = run_conformance(
            api,
            base_url=url,
            token=TOKEN,
            max_examples=3,
            seed=0,
            allow_status=set(),
            progress=None,
            cases="builtin",
        )
    assert report.source.startswith("built-in")
    assert (OP, app.check) in report.failures, report.to_text()


def test_curl_quoting_survives_the_shell(api: ir.Api) -> None:
    from generator.conformance.wire import curl, encode

    body = {"request": {"model": 'it\'s $HOME `id` "q"', "messages": []}}
    command = curl(encode(api, api.operations[0], {"body": body}, "http://127.0.0.1:1", "token"))
    done = subprocess.run(
        ["bash", "-c", 'printf "%s\\n" ' + command.removeprefix("curl ")],
        capture_output=True,
        text=True,
        env={**os.environ, "TOKEN": "t0k"},
        check=True,
    )
    args = done.stdout.splitlines()
    assert "Authorization: Bearer t0k" in args
    assert json.loads(args[-1]) == body


def test_usage_errors(api: ir.Api) -> None:
    from generator.errors import EXIT_USAGE, ApiforgeError
    from generator.mock.server import bind

    with pytest.raises(ApiforgeError) as bad_url:
        run_conformance(
            api,
            base_url="ftp://x",
            token=None,
            max_examples=1,
            seed=0,
            allow_status=set(),
            progress=None,
        )
    assert bad_url.value.exit_code == EXIT_USAGE
    sock = bind("127.0.0.1", 0)  # a port nobody accepts on once closed
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(ApiforgeError) as unreachable:
        run_conformance(
            api,
            base_url=f"http://127.0.0.1:{port}",
            token="t",
            max_examples=1,
            seed=0,
            allow_status=set(),
            progress=None,
        )
    assert unreachable.value.exit_code == EXIT_USAGE
    assert "cannot connect" in str(unreachable.value)


def test_the_python_snippet_reproduces_with_the_generated_client(
    api: ir.Api, broken_reports: dict[str, tuple[Broken, Report]], tmp_path: Path
) -> None:
    from generator.render import render_api

    files = render_api(api)
    if f"{api.package}/_client.py" not in files:
        pytest.skip("the generated client is not rendered yet")
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    failure = broken_reports["EmptyStop500"][1].failures[(OP, "no_server_error")]
    app = EmptyStop500(api, token=TOKEN)
    with serving(app) as url:
        snippet = failure.python.replace(
            failure.python.split("base_url=")[1].split(")")[0], repr(url)
        )
        done = subprocess.run(
            [sys.executable, "-c", snippet],
            capture_output=True,
            text=True,
            env={**os.environ, "TOKEN": TOKEN, "PYTHONPATH": str(tmp_path)},
            check=False,
        )
    assert app.tracker.fired == 1, done.stderr
    assert "500" in done.stderr


def test_the_same_seed_replays_the_same_run(api: ir.Api) -> None:
    def run() -> tuple[int, dict[tuple[str, str], tuple[str, int]]]:
        app = EmptyStop500(api, token=TOKEN)
        with serving(app) as url:
            report = run_conformance(
                api,
                base_url=url,
                token=TOKEN,
                max_examples=8,
                seed=3,
                allow_status=set(),
                progress=None,
            )
        failures = {
            k: (f.curl.replace(url, "URL"), f.found_after_cases) for k, f in report.failures.items()
        }
        return report.cases, failures

    assert run() == run()


BODIES = {
    "a carriage return": b"\r0",
    "a NUL": b"a\x00b",
    "bytes that are not UTF-8": b"\xff\xfe\x80",
    "a leading @ (a file name to curl)": b"@etc/passwd",
    "quotes, a backslash and a dollar": b'it\'s \\ $HOME "q" %s',
    "a newline and a tab": b"line1\nline2\t",
    "non-ASCII text": "é ☃".encode(),
}


@needs_curl
@pytest.mark.parametrize("body", BODIES.values(), ids=list(BODIES))
def test_the_reported_curl_sends_the_body_byte_for_byte(body: bytes) -> None:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from generator.conformance.wire import HttpRequest, curl

    async def echo(request: Request) -> Response:
        return Response((await request.body()).hex())

    app = Starlette(routes=[Route("/in", echo, methods=["POST"])])
    with serving(app) as url:
        command = curl(HttpRequest("POST", url + "/in", (), body))
        done = subprocess.run(
            ["sh", "-c", command.replace("curl -sS -i", "curl -sS", 1)],
            capture_output=True,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert bytes.fromhex(done.stdout.decode()) == body, command
    assert "\r" not in command and "\x00" not in command
