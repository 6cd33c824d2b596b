"""Array and object response headers in the simple style (exploded or not), as the spec
documents them: the mock writes them so, and conformance and the generated live tests read
them so, against the mock and against a correct server alike."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from generator import ir
from generator.conformance import run_conformance
from generator.mock import running
from generator.mock.server import serving
from tests.functional.suite.test_live_runs import _counts, _run, _tail
from tests.servers import response_headers
from tests.support import ROOT, SPECS, generate_into

SPEC = SPECS / "response_headers.yaml"


@pytest.fixture(scope="module")
def api() -> ir.Api:
    from generator.config import load_config, spec_config
    from generator.pipeline import build

    config = load_config(ROOT)
    return build(spec_config(config, SPEC), config.root)[1]


def test_the_mock_writes_them_in_the_simple_style(api: ir.Api) -> None:
    with running(api, seed=1) as url:
        headers = httpx.get(url + "/rh").headers
    assert all(part.isdigit() for part in headers["x-list"].split(",")), headers
    keys = headers["x-obj"].split(",")[::2]
    assert keys == ["a", "b"], headers
    pairs = [part.partition("=") for part in headers["x-pairs"].split(",")]
    assert [k for k, _, _ in pairs] == ["a", "b"], headers


def test_the_mock_passes_its_own_conformance(api: ir.Api) -> None:
    report = run_conformance(api, base_url=None, token=None, max_examples=10, seed=1)
    assert report.exit_code == 0, report.to_text()


def test_a_correct_server_passes_conformance(api: ir.Api) -> None:
    with serving(response_headers.make()) as url:
        report = run_conformance(api, base_url=url, token=None, max_examples=10, seed=1)
    assert report.exit_code == 0, report.to_text()


def test_a_correct_server_passes_the_generated_live_tests(tmp_path: Path) -> None:
    generate_into(SPEC, tmp_path, "response_headers_api")
    with serving(response_headers.make()) as url:
        done = _run(tmp_path, "response_headers_api_tests", "-k", "live", APIFORGE_BASE_URL=url)
    assert done.returncode == 0, _tail(done)
    counts = _counts(done)
    assert counts.get("passed", 0) > 0 and "failed" not in counts, _tail(done)
