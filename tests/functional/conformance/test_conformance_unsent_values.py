"""Values no request can carry are counted as not sent, against the built-in mock as against
any server: a null in a matrix path parameter (RFC 6570 writes nothing), and a required
exploded form object whose pairs name no property its schema declares (a server gathers them
back by those names, and reads no value)."""

from __future__ import annotations

import pytest

from generator.conformance import run_conformance
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS


@pytest.mark.parametrize("name", ["strategies_matrix_null_30", "strategies_form_unnamed_30"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_mock_passes_on_values_no_request_carries(name: str, seed: int) -> None:
    report = run_conformance(
        build(SPECS / f"{name}.yaml"),
        base_url=None,
        token=None,
        max_examples=5,
        seed=seed,
        allow_status=set(),
    )
    assert not report.failures, report.to_text()
