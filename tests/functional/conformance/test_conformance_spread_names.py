"""An object spread in exploded ``form`` style whose property is named like another parameter
of the request: that pair is the other parameter's, for the mock as for a server, and no such
object is sent; so a valid request is never read as an invalid one.
"""

from __future__ import annotations

import pytest

from generator.exchange.params import query_readings
from tests.functional.conformance.test_conformance_blank_lists import assert_the_mock_accepts
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_spread_names_30.yaml"


@pytest.mark.parametrize("cases", ["generated", "builtin"])
def test_the_mock_accepts_every_valid_request_sent(cases: str) -> None:
    assert_the_mock_accepts(SPEC, cases, ("listLetters",), 60, 40)


def test_a_pair_named_like_another_parameter_is_that_parameters() -> None:
    api = build(SPEC)
    op = api.operations[0]
    sort_by = next(p for p in op.params if p.wire == "sort_by")
    taken = frozenset(p.wire for p in op.params if p is not sort_by)
    pairs = [("send_date", "2000-01-01"), ("date_created", "asc")]
    assert query_readings(api, sort_by, pairs, taken) == [{"date_created": "asc"}]
    assert query_readings(api, sort_by, [("send_date", "asc")], taken) == []
