"""Values of no declared type in exploded ``form`` style, against the mock.

A query or cookie parameter and a urlencoded form field are written in exploded form style by
default, which spreads an object into pairs of its own names; a reader gathers them back by
the properties the type declares. A field of no type, a union with an object, or one of only
untyped constraints declares none: an object of it would be read as no value (a required
one missing), so none is drawn, and one from another source is counted as unsendable.
"""

from __future__ import annotations

from generator.conformance import run_conformance
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "strategies_untyped_spread_30.yaml"


def test_the_mock_accepts_every_valid_request_sent() -> None:
    report = run_conformance(
        build(SPEC), base_url=None, token=None, max_examples=60, seed=0, allow_status=set()
    )
    assert not report.failures, report.to_text()
    assert report.stats, report.to_text()
