"""The JUnit XML report says what the text and JSON ones say of a run cut short."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.conformance.report import CheckStat, Report, junit_xml


def _report(*, cut_short: bool, not_run: int, checked: bool = True) -> Report:
    report = Report("spec.yaml", "http://127.0.0.1:1", 0, 5, "built-in cases")
    if checked:
        report.stats["getItem", "server_answered"] = CheckStat("getItem", "server_answered", 3)
    report.cut_short, report.not_run = cut_short, not_run
    return report


def _properties(suite: ET.Element) -> dict[str, str | None]:
    return {p.get("name", ""): p.get("value") for p in suite.iterfind("properties/property")}


def test_every_suite_of_a_run_cut_short_says_so_and_how_many_cases_did_not_run() -> None:
    root = ET.fromstring(_report(cut_short=True, not_run=7).to_junit_xml())
    (suite,) = root.findall("testsuite")
    assert _properties(suite) == {"cut_short": "true", "not_run": "7"}
    assert suite.get("name") == "getItem" and suite.find("testcase") is not None


def test_a_complete_run_says_it_was_not_cut_short() -> None:
    (suite,) = ET.fromstring(_report(cut_short=False, not_run=0).to_junit_xml()).iter("testsuite")
    assert _properties(suite) == {"cut_short": "false", "not_run": "0"}


def test_a_run_cut_before_any_check_still_has_a_suite_that_says_so() -> None:
    for several in (False, True):
        text = junit_xml([_report(cut_short=True, not_run=12, checked=False)], several)
        (suite,) = ET.fromstring(text).findall("testsuite")
        assert suite.get("name") == "spec.yaml" and suite.get("tests") == "0"
        assert _properties(suite) == {"cut_short": "true", "not_run": "12"}
