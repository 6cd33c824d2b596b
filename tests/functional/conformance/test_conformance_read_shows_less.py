"""A read whose schema shows less than the create answered: the built-in mock shows the
stored resource as the read's schema declares it, so no created-then-read failure is its own.
"""

from __future__ import annotations

from generator.conformance import run_conformance
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "read_shows_less_30.yaml"


def test_the_mock_reads_back_what_it_created_as_the_read_declares_it() -> None:
    report = run_conformance(
        build(SPEC), base_url=None, token=None, max_examples=10, seed=0, allow_status=set()
    )
    assert not report.failures, report.to_text()
    assert ("getKey", "created_then_read") in report.stats
