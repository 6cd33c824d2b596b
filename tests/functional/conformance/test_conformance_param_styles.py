"""Parameters in a style, sent by conformance and read back by the mock alike.

A deepObject whose properties are objects in turn is sent nested (``filter[range][min]=1``)
and read back so; a parameter whose every value needs an item no style writes (a required
list inside an object) has no request, and none is sent. A schema with ``properties`` but no
``type`` (an object, or any other value) is sent as an object in deepObject, which writes no
other value, and read back as one from its exploded form pairs (``?id=0``).
"""

from __future__ import annotations

from generator.conformance import Report, run_conformance
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

DEEP = SPECS / "strategies_deep_objects_30.yaml"
UNTYPED = SPECS / "strategies_untyped_params_31.yaml"


def _accepted(report: Report, operation: str) -> int:
    stat = report.stats.get((operation, "valid_request_accepted"))
    return 0 if stat is None else stat.passed


def test_deep_objects_are_sent_nested_and_the_mock_reads_them() -> None:
    report = run_conformance(
        build(DEEP), base_url=None, token=None, max_examples=10, seed=0, allow_status=set()
    )
    assert not report.failures, report.to_text()
    assert _accepted(report, "listReports") >= 10
    assert _accepted(report, "search") >= 10  # a form body's field in deepObject style
    # no value of theirs has text in its style: nothing is sent
    assert _accepted(report, "listTagged") == _accepted(report, "listWindows") == 0


def test_untyped_object_parameters_are_sent_as_their_style_writes_and_read_back() -> None:
    for cases in ("generated", "builtin"):
        report = run_conformance(
            build(UNTYPED),
            base_url=None,
            token=None,
            max_examples=20,
            seed=0,
            allow_status=set(),
            cases=cases,
        )
        assert not report.failures, report.to_text()
        for operation in ("getDeep", "getForm", "getPlace"):
            assert _accepted(report, operation) >= 20, (cases, operation)
