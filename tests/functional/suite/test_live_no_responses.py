"""The live tests of an operation that documents no response (OpenAPI 3.1 lets it): its
answers have no status to depart from, so the mock's 204 passes, and only a server error
fails them."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.mock import parse_faults, running
from tests.functional.conformance.test_conformance_trust import build
from tests.functional.suite.test_live_runs import _counts, _run, _tail
from tests.support import SPECS, generate_into

SPEC = SPECS / "strategies_no_responses_31.yaml"
LIVE = "-k", "live"


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("no-responses-live")
    generate_into(SPEC, out, "no_responses_api")
    return out


def test_any_answer_but_a_server_error_passes(suite: Path) -> None:
    with running(build(SPEC), seed=3) as url:
        done = _run(suite, "no_responses_api_tests", *LIVE, APIFORGE_BASE_URL=url)
    assert done.returncode == 0, _tail(done)
    assert set(_counts(done)) == {"passed"}, _tail(done)  # none skipped


def test_a_server_error_fails(suite: Path) -> None:
    with running(build(SPEC), seed=3, faults=parse_faults("500")) as url:
        done = _run(suite, "no_responses_api_tests", *LIVE, APIFORGE_BASE_URL=url)
    assert set(_counts(done)) == {"failed"}, _tail(done)
    for where in ("GET /ping", "POST /notes", "DELETE /notes/{id}"):
        assert f"{where} answered 500, a server error" in done.stdout, _tail(done)
