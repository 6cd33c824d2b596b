"""Verdicts on the answers of an operation that documents no response (OpenAPI 3.1 makes
``responses`` optional): no status, media type or body departs from what it documents, so
only what needs no documentation is judged."""

from __future__ import annotations

import dataclasses

import pytest

from generator import ir
from generator.conformance.checks import Answer, CaseKind, Context, judge
from generator.conformance.lint import lint


def _op(*statuses: str) -> ir.Operation:
    return ir.Operation(
        operation_id="op",
        method="get",
        path="/things",
        group=(),
        name="op",
        pointer="/paths/~1things/get",
        params=(ir.Param("q", "q", "query", ir.AnyT(), False, "form", True),),
        responses=tuple(ir.Response(s, None, None, None, None, "") for s in statuses),
    )


class _Api:
    def __init__(self, *ops: ir.Operation):
        self.operations = ops
        self.skipped = ()


def _failed(kind: CaseKind, answer: Answer, op: ir.Operation) -> list[str]:
    ctx = Context(_Api(op), op, kind, None, frozenset())  # type: ignore[arg-type]
    return [o.check for o in judge(ctx, answer) if o.verdict != "pass"]


ANSWERS = [
    Answer(204, {}, b""),
    Answer(200, {"content-type": "text/html"}, b"<p>pong</p>"),
    Answer(201, {"content-type": "application/json"}, b'{"made": true}'),
    Answer(302, {"location": "/elsewhere"}, b""),
]


@pytest.mark.parametrize("answer", ANSWERS, ids=lambda a: str(a.status))
def test_no_answer_to_a_valid_request_departs_from_nothing(answer: Answer) -> None:
    assert _failed("coverage", answer, _op()) == []


def test_what_needs_no_documentation_is_still_judged() -> None:
    op = _op()
    assert _failed("coverage", Answer(500, {}, b""), op) == ["no_server_error"]
    assert _failed("coverage", Answer(422, {}, b""), op) == ["valid_request_accepted"]
    assert _failed("mutation", Answer(200, {}, b""), op) == ["invalid_request_rejected"]
    assert _failed("mutation", Answer(400, {}, b""), op) == []


def test_an_operation_documenting_a_response_still_lists_the_others_as_undocumented() -> None:
    assert _failed("coverage", Answer(201, {}, b""), _op("200")) == ["status_documented"]


def test_the_lint_says_so_instead_of_asking_for_a_validation_error() -> None:
    silent, documented = _op(), dataclasses.replace(_op("200"), operation_id="other")
    found = {w.code: w for w in lint(_Api(silent, documented))}  # type: ignore[arg-type]
    assert found["no-responses"].operations == ("op",)
    assert "no status, media type or body departs from the spec" in found["no-responses"].message
    assert found["no-validation-error"].operations == ("other",)


def test_a_server_error_the_operation_documents_as_its_only_answer_is_a_warning() -> None:
    ctx = Context(_Api(_op("500", "503")), _op("500", "503"), "coverage", None, frozenset())  # type: ignore[arg-type]
    verdicts = {o.check: o.verdict for o in judge(ctx, Answer(503, {}, b""))}
    assert verdicts["no_server_error"] == "warn"
    # one it does not document, or beside a documented success or client error, still fails
    assert "no_server_error" in _failed("coverage", Answer(502, {}, b""), _op("500", "503"))
    assert "no_server_error" in _failed("coverage", Answer(500, {}, b""), _op("200", "500"))
    assert "no_server_error" in _failed("coverage", Answer(500, {}, b""), _op("404", "500"))
    assert "no_server_error" in _failed("coverage", Answer(500, {}, b""), _op("default"))
