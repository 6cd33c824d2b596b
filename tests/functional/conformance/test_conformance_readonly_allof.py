"""A property read-only (or write-only) in one ``allOf`` member and required in another.

Every member applies to the value, so the property is read-only and required: a request need
not carry it, a response must. The cases, the mock and the spec's validator read it alike, so
every operation is exercised against the mock and none fails; and when the spec's validator
refuses every case generated for an operation, the run names that operation.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.conformance import run_conformance
from generator.exchange import SchemaValidator
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
    assert not [note for note in report.notes if note.startswith("nothing was sent")]


def test_an_operation_none_of_whose_cases_is_sent_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = build(SPECS / "strategies_readonly_allof_30.yaml")
    (ticket,) = [op for op in api.operations if op.operation_id == "openTicket"]
    assert ticket.body is not None
    refused = ticket.body.pointer
    is_valid = SchemaValidator.is_valid

    def refusing(self: SchemaValidator, pointer: str, value: Any) -> bool:
        return pointer != refused and is_valid(self, pointer, value)

    monkeypatch.setattr(SchemaValidator, "is_valid", refusing)
    report = run_conformance(
        api, base_url=None, token=None, max_examples=3, seed=0, allow_status=set()
    )
    assert "openTicket" not in {operation for operation, _ in report.stats}
    assert (
        "nothing was sent of POST /tickets: the spec's validator refused every case "
        "generated, so these operations were not exercised"
    ) in report.notes
