"""A valid request refused for a reference to what the server does not hold (a book's author
id, its publisher's UUID) is sent again referring to ids the server's answers gave; taken
then, it is a warning. A server refusing a valid value for another reason still fails
(tests/servers/references.py)."""

from __future__ import annotations

import pytest

from generator import ir
from generator.config import SpecConfig
from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from generator.pipeline import build
from tests.servers import references
from tests.support import ROOT, SPECS

SPEC = SPECS / "strategies_references_30.yaml"


@pytest.fixture(scope="module")
def api() -> ir.Api:
    return build(SpecConfig(spec=SPEC, output=SPEC.parent), ROOT)[1]


def _run(api: ir.Api, *, planted: bool) -> Report:
    with serving(references.app(planted=planted)) as url:
        return run_conformance(api, base_url=url, token=None, max_examples=25, seed=0)


def test_a_refused_reference_taken_with_a_given_id_is_a_warning(api: ir.Api) -> None:
    report = _run(api, planted=False)
    assert report.failed() == [], report.to_text()
    warned = report.stats[("createBook", "valid_request_accepted")]
    assert warned.warned and "identifiers the server gave" in warned.warning, report.to_text()


def test_a_valid_value_refused_for_itself_still_fails(api: ir.Api) -> None:
    report = _run(api, planted=True)
    assert {(f.operation, f.check) for f in report.failed()} == {
        ("createBook", "valid_request_accepted")
    }, report.to_text()
