"""Parameters whose schema is a ``oneOf`` of members that share values: every value sent as
valid is one the spec's validator accepts, so a server validating strictly is not reported.

A value two members accept (``2`` under a ``oneOf`` of an integer and a number, ``fast``
under one of an enum and a string, ``a`` under one of a short string and a string starting
with ``a``) is valid under neither. The simplest request and the random ones are drawn
valid in every location, an array's items and a deepObject's property too, in both case
sources; so the near misses built from the simplest request are sent, and a server that
refuses a valid value, or accepts an invalid one, is still caught.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.conformance import Report, run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build, failed
from tests.servers import param_oneof
from tests.support import SPECS

SPEC = SPECS / "strategies_param_oneof_31.yaml"
OPERATIONS = ("getCode", "getLists")


def _run(url: str | None, cases: Any = "generated") -> Report:
    return run_conformance(
        build(SPEC),
        base_url=url,
        token=None,
        max_examples=20,
        seed=0,
        allow_status=set(),
        cases=cases,
    )


def _passed(report: Report, operation: str, check: str) -> int:
    stat = report.stats.get((operation, check))
    return 0 if stat is None else stat.passed


@pytest.mark.parametrize("cases", ["generated", "builtin"])
def test_a_strict_server_is_not_reported_and_every_case_is_sent(cases: str) -> None:
    with serving(param_oneof.make()) as url:
        report = _run(url, cases)
    assert not report.failures, report.to_text()
    for operation in OPERATIONS:
        # the smallest request and the random ones were valid, and sent
        assert _passed(report, operation, "valid_request_accepted") >= 20, report.to_text()
        # near misses are built from a valid request: there was one
        assert _passed(report, operation, "invalid_request_rejected") >= 1, report.to_text()
    assert not [n for n in report.notes if "disagreed with the generator" in n], report.notes


def test_the_mock_accepts_every_valid_request_sent() -> None:
    report = _run(None)
    assert not report.failures, report.to_text()
    assert all(_passed(report, op, "valid_request_accepted") >= 20 for op in OPERATIONS)


@pytest.mark.parametrize(
    ("bug", "check"),
    [
        ("integer-count", "valid_request_accepted"),  # refuses the only valid numbers
        ("unread-count", "invalid_request_rejected"),  # takes any text
    ],
)
def test_a_server_wrong_about_a_one_of_parameter_is_caught(bug: str, check: str) -> None:
    with serving(param_oneof.make(bug)) as url:
        report = _run(url)
    assert failed(report) == {("getCode", check)}, report.to_text()
