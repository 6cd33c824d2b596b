"""The built-in mock and the runner agree on what a spec leaves open: an operation that
documents no response (OpenAPI 3.1 lets it) has no status to depart from, and a response
documented in a media type without a schema is answered in that type. Neither is a
failure."""

from __future__ import annotations

from pathlib import Path

from generator.conformance import Report, run_conformance
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SILENT = ("createNote", "deleteNote", "ping")  # the operations that document no response


def _run(spec: Path) -> Report:
    return run_conformance(
        build(spec), base_url=None, token=None, max_examples=10, seed=0, allow_status=set()
    )


def test_an_operation_documenting_no_response_fails_nothing() -> None:
    report = _run(SPECS / "strategies_no_responses_31.yaml")
    assert not report.failures, report.to_text()
    checked = {op for op, check in report.stats if check == "status_documented"}
    assert checked == {"getNote"}  # the one that documents a response
    assert all((op, "no_server_error") in report.stats for op in SILENT)
    lint = {w.code: w.operations for w in report.lint}
    assert sorted(lint["no-responses"]) == sorted(SILENT)
    assert lint["no-validation-error"] == ("getNote",)


def test_errors_come_in_the_media_type_documented_without_a_schema() -> None:
    report = _run(SPECS / "mock_media_examples.yaml")
    assert not report.failures, report.to_text()
    assert report.stats[("postThing", "content_type_documented")].passed > 0
    assert report.stats[("getThing", "content_type_documented")].passed > 0
