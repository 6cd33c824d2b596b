"""Discriminators read as each version's validator reads them, by the mock and the cases.

OpenAPI 3.0's validator reads the tag of a ``discriminator`` beside ``allOf`` (as beside
``oneOf``) in place of the members: the mock answers with tags that name a member, and the
cases send them. 3.1's reads no tag: a ``oneOf`` beside one is plain, and the values are
kept apart as those of any ``oneOf`` whose members overlap. The mock finds a valid answer to
every operation, every case generated is sent, and none fails.
"""

from __future__ import annotations

import pytest

from generator.conformance import run_conformance
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS


@pytest.mark.parametrize(
    "spec", ["strategies_discriminator_allof_30", "strategies_discriminator_hint_31"]
)
def test_every_operation_is_answered_sent_and_passes(spec: str) -> None:
    api = build(SPECS / f"{spec}.yaml")
    report = run_conformance(
        api, base_url=None, token=None, max_examples=10, seed=0, allow_status=set()
    )
    assert not report.failures, report.to_text()
    assert {operation for operation, _ in report.stats} == {
        op.operation_id for op in api.operations
    }
    # 3.0's discriminator beside `allOf` names one member; plain JSON Schema applies them all,
    # so the cases the two readings judge apart are left out, and told
    told = [n for n in report.notes if "a 3.0 discriminator's reading and plain" not in n]
    assert told == [], report.notes
