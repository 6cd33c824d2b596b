"""A property read-only (or write-only) in one ``allOf`` member and required in another.

Every member applies to the value, so the property is read-only and required: a request need
not carry it, a response must. The cases, the mock and the spec's validator read it alike, so
every operation is exercised against the mock and none fails.
"""

from __future__ import annotations

import pytest

from generator.conformance import run_conformance
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS


@pytest.mark.parametrize("version", ["30", "31"])
def test_every_operation_is_exercised_and_passes(version: str) -> None:
    api = build(SPECS / f"strategies_readonly_allof_{version}.yaml")
    report = run_conformance(
        api, base_url=None, token=None, max_examples=10, seed=0, allow_status=set()
    )
    assert not report.failures, report.to_text()
    assert {operation for operation, _ in report.stats} == {
        op.operation_id for op in api.operations
    }
