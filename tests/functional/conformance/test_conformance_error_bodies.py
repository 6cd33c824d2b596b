"""The built-in mock's refusals fit the documented error schema, one that may be null too:
a drawn null is no error body (and no fit), so the mock draws again, never answers its own
problem details where the spec documents another shape."""

from __future__ import annotations

from generator.conformance import run_conformance
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "nullable_error_30.yaml"


def test_the_mock_refuses_with_the_documented_error_body() -> None:
    report = run_conformance(
        build(SPEC), base_url=None, token=None, max_examples=5, seed=0, allow_status=set()
    )
    assert not report.failures, report.to_text()
    assert ("exchangeToken", "response_schema") in report.stats
