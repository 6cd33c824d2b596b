"""The mock's conveniences: one banner with the port really bound, why a request was refused
(a header and the log line), and CORS for browser clients (``--cors``)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from generator.config import SpecConfig
from generator.mock import running
from generator.mock.problems import VIOLATIONS_HEADER
from generator.pipeline import build
from tests.support import ROOT

SPEC = ROOT / "spec" / "kitchen-sink.yaml"
TOKEN = "conveniences-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def api() -> object:
    return build(SpecConfig(spec=SPEC, output=Path("out")), ROOT)[1]


@pytest.fixture
def logged(api: object) -> Iterator[tuple[str, list[str]]]:
    lines: list[str] = []
    with running(api, token=TOKEN, log=lines.append, cors=True) as url:  # type: ignore[arg-type]
        yield url, lines


def test_a_refusal_names_its_violations_in_a_header_and_the_log(
    logged: tuple[str, list[str]],
) -> None:
    url, lines = logged
    answer = httpx.post(f"{url}/recipes", json={"title": 5, "note": "\n"}, headers=AUTH)
    assert answer.status_code == 422
    told = json.loads(answer.headers[VIOLATIONS_HEADER])
    assert {
        "location": ["body", "title"],
        "message": told[-1]["message"],
        "keyword": "type",
    } in told
    assert {tuple(v["location"]) for v in told} == {
        tuple(e["loc"]) for e in answer.json()["errors"]
    }
    (line,) = [line for line in lines if line.startswith("POST /recipes 422")]
    assert line.endswith("violations=body/servings:missing,body/steps:missing,body/title:type")
    ok = httpx.get(f"{url}/health")
    assert VIOLATIONS_HEADER not in ok.headers


def test_cors_preflight_and_answers(logged: tuple[str, list[str]]) -> None:
    url, _ = logged
    origin = {"origin": "http://app.example.test"}
    asked = {
        **origin,
        "access-control-request-method": "PATCH",
        "access-control-request-headers": "authorization, content-type",
    }
    preflight = httpx.options(f"{url}/recipes/5", headers=asked)
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-methods"] == "DELETE, GET, PATCH"
    assert preflight.headers["access-control-allow-headers"] == "authorization, content-type"
    assert preflight.headers["access-control-allow-origin"] == origin["origin"]
    answer = httpx.get(f"{url}/recipes/5", headers={**origin, **AUTH})
    assert answer.headers["access-control-allow-origin"] == origin["origin"]
    assert answer.headers["access-control-expose-headers"] == "*"
    assert "origin" in answer.headers["vary"].lower()


def test_without_cors_nothing_cross_origin_is_said(api: object) -> None:
    with running(api, token=TOKEN) as url:  # type: ignore[arg-type]
        answer = httpx.get(f"{url}/health", headers={"origin": "http://app.example.test"})
        plain_options = httpx.options(
            f"{url}/recipes/5",
            headers={"origin": "http://x.test", "access-control-request-method": "GET"},
        )
    assert "access-control-allow-origin" not in answer.headers
    assert plain_options.status_code == 405  # OPTIONS is not documented: no preflight answer


def _started(
    spec: Path, *args: str, until: str, check: Callable[[list[str]], None] | None = None
) -> list[str]:
    """The mock's start-up lines (its stderr) for ``spec``, read until one holds ``until``;
    ``check`` is called with them while it serves. Its stdout must stay empty."""
    command = [sys.executable, "-m", "generator", "mock", str(spec), "--port", "0", *args]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(process.stderr or ()), daemon=True)
        reader.start()
        try:
            deadline = time.monotonic() + 20
            while not any(until in line for line in lines) and time.monotonic() < deadline:
                if process.poll() is not None:
                    break
                time.sleep(0.05)
            if check is not None:
                check(lines)
        finally:
            process.terminate()
            process.wait(timeout=10)
        assert process.stdout is not None and process.stdout.read() == ""
    return lines


def test_one_banner_names_the_port_bound_for_port_0() -> None:
    def serving(lines: list[str]) -> None:
        banner = [line for line in lines if line.startswith("mock server for")]
        assert len(banner) == 1, lines
        assert banner[0].startswith("mock server for 'Kitchen Sink' 1.4.0 on http://")
        port = int(re.search(r"127\.0\.0\.1:(\d+)", banner[0]).group(1))  # type: ignore[union-attr]
        assert port != 0
        assert httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200
        assert any(line.startswith("  cors: ") for line in lines)

    _started(SPEC, "--cors", until="  cors: ", check=serving)


def test_the_banner_tells_how_a_basic_credential_is_given() -> None:
    """HTTP basic takes a user and a password: the banner says which pair the mock takes."""
    lines = _started(ROOT / "tests" / "specs" / "secrets_31.yaml", until="memory:")
    told = "  credentials of HTTP basic: any user name, its password apiforge-conformance-token"
    assert any(line.startswith(told) for line in lines), lines
