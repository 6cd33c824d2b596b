"""3.0's ``nullable`` in a 3.1 spec, which 3.1 does not read: null is refused there, as
written, and the report counts such schemas, so that a failure about a null there is
read as the spec's word, not the server's bug."""

from __future__ import annotations

from generator.conformance import run_conformance
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS


def test_a_3_1_spec_saying_nullable_is_counted_in_the_report() -> None:
    spec = SPECS / "strategies_nullable_words_31.yaml"
    report = run_conformance(
        build(spec), base_url=None, token=None, max_examples=5, seed=0, allow_status=set()
    )
    assert not report.failures, report.to_text()
    told = [n for n in report.notes if "nullable: true" in n]
    assert told and told[0].startswith("this OpenAPI 3.1 spec says `nullable: true` in 1 schema:")
