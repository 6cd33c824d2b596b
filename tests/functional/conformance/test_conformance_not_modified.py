"""A read taking conditional headers, answered 304 Not Modified where its drawn condition
fails (RFC 9110 13.1.2): not against the spec, which does not document 304, for conformance
nor for the generated live tests; the same server's bug in its 200 is still found
(tests/servers/not_modified.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import ir
from generator.config import SpecConfig
from generator.conformance import run_conformance
from generator.facts.conditions import conditional_statuses
from generator.mock.server import serving
from generator.pipeline import build
from tests.functional.suite.test_live_runs import LIVE, _run, _tail
from tests.servers import not_modified
from tests.support import ROOT, SPECS, generate_into

SPEC = SPECS / "strategies_conditional_reads_30.yaml"


@pytest.fixture(scope="module")
def api() -> ir.Api:
    return build(SpecConfig(spec=SPEC, output=SPEC.parent), ROOT)[1]


def test_a_read_taking_conditions_may_be_answered_not_modified(api: ir.Api) -> None:
    [read] = api.operations
    assert set(conditional_statuses(read)) == {304, 412}


def test_a_correct_server_answering_not_modified_passes(api: ir.Api) -> None:
    with serving(not_modified.app()) as url:
        report = run_conformance(api, base_url=url, token=None, max_examples=30, seed=0)
    assert report.failed() == [], report.failed()


def test_the_same_servers_own_bug_is_found(api: ir.Api) -> None:
    with serving(not_modified.app(planted=True)) as url:
        report = run_conformance(api, base_url=url, token=None, max_examples=30, seed=0)
    assert {f.check for f in report.failed()} == {"response_schema"}


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("not-modified-live")
    generate_into(SPEC, out, "notes_api")
    return out


def test_the_generated_live_tests_pass_a_correct_server(suite: Path) -> None:
    with serving(not_modified.app()) as url:
        done = _run(suite, "notes_api_tests", *LIVE, APIFORGE_BASE_URL=url)
    assert done.returncode == 0, _tail(done)
