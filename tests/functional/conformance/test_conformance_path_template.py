"""A path template and path parameters that disagree (an invalid spec's): the parameter in no
``{}`` of the path is left out and the ``{}`` without one is a required string, so the mock
and conformance agree on what a valid request is. The mock required the parameter no URL
could carry and refused every call, which conformance reported as the mock's bug."""

from __future__ import annotations

from generator.conformance import run_conformance
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_path_template_mismatch_30.yaml"


def test_the_mock_and_conformance_agree_on_a_template_the_parameters_do_not_match() -> None:
    report = run_conformance(
        build(SPEC), base_url=None, token=None, max_examples=5, seed=0, allow_status=set()
    )
    assert not report.failures, report.to_text()
    accepted = report.stats[("getSub", "valid_request_accepted")]
    assert accepted.passed and not accepted.failed
