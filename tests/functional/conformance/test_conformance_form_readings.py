"""A urlencoded body valid as JSON whose text reads as an invalid one is not sent as valid.

The spec is ``tests/specs/form_readings_30.yaml``; the built-in mock reads a form as servers
do, each text turned into the value it plausibly means.
"""

from __future__ import annotations

import pytest

from generator.conformance import run_conformance
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "form_readings_30.yaml"


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_no_valid_request_is_refused_for_its_form_text(seed: int) -> None:
    report = run_conformance(
        build(SPEC), base_url=None, token=None, max_examples=20, seed=seed, allow_status=set()
    )
    assert not report.failures, report.to_text()
    for operation in ("postForm", "postPlain"):
        assert report.stats[operation, "valid_request_accepted"].passed, report.to_text()
    assert "a form body whose text reads as an invalid one" in report.to_text()
