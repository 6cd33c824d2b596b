"""Schemas no value is valid under: no false alarm, from the mock or from a served spec.

A ``oneOf`` of one schema twice, or of two written alike, admits no value (a value matches
both or neither), unless a 3.0 ``discriminator`` tells them apart: its validator matches a
value to its tag's member alone. No server can answer such a response as documented: the
conformance run says so once, up front, and does not send those operations, whatever server
it is pointed at; the rest of the spec (the tagged twins too) is judged as usual.
"""

from __future__ import annotations

from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers import alike
from tests.support import SPECS

SPEC = SPECS / "strategies_admits_nothing_30.yaml"
UNANSWERABLE = ("getAlike",)
# a required body, or a required parameter (an integer `enum` of strings), of no value
UNASKABLE = {"postTwice", "putForbidden", "setVolume"}


def _said(report: Report) -> tuple[str, ...]:
    (asked,) = [w for w in report.lint if w.code == "no-valid-request"]
    assert set(asked.operations) == UNASKABLE
    (answered,) = [w for w in report.lint if w.code == "no-valid-answer"]
    assert answered.message.startswith("GET /alike: ")
    return answered.operations


def test_the_mock_is_not_reported_for_answers_no_value_is_valid_under() -> None:
    report = run_conformance(
        build(SPEC), base_url=None, token=None, max_examples=10, seed=0, allow_status=set()
    )
    assert not report.failures, report.to_text()
    assert _said(report) == UNANSWERABLE
    judged = {operation for operation, _ in report.stats}
    assert judged and not judged & set(UNANSWERABLE)


def test_a_server_answering_as_meant_is_not_reported_and_not_sent_what_none_can_answer() -> None:
    seen: list[str] = []
    with serving(alike.make(seen)) as url:
        report = run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status={"422"}
        )
    assert not report.failures, report.to_text()
    assert _said(report) == UNANSWERABLE
    assert {"/holder", "/partly", "/tagged"} <= set(seen)
    assert "/alike" not in seen
    assert not [path for path in seen if path.startswith("/volume")]


def test_an_error_no_body_is_valid_under_is_not_judged() -> None:
    # the mock refuses each near miss with the documented 422, whose schema takes no body
    spec = SPECS / "strategies_error_admits_nothing_30.yaml"
    report = run_conformance(
        build(spec), base_url=None, token=None, max_examples=10, seed=0, allow_status=set()
    )
    assert not report.failures, report.to_text()
    assert any("found no answer valid under the spec to GET /items" in n for n in report.notes)
    stat = report.stats.get(("getItems", "valid_request_accepted"))
    assert stat is not None and stat.passed >= 5, report.to_text()
