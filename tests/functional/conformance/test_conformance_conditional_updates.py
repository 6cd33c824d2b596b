"""A change guarded by an entity tag is reached: the stateful phase sends a link's target the
tag the earlier answer gave (its ETag) as the If-Match, so a bug in what the change answers is
found, where drawn tags are only ever refused 412."""

from __future__ import annotations

from generator.conformance import run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers.conditional import app
from tests.support import SPECS

SPEC = SPECS / "strategies_conditional_updates_30.yaml"


def _run(planted: bool) -> str:
    with serving(app(planted=planted)) as url:
        report = run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=10, seed=0, allow_status=set()
        )
    assert report.sequences, report.to_text()
    return report.to_text() if report.failures else ""


def test_a_server_changing_under_its_own_tag_passes() -> None:
    assert _run(planted=False) == ""


def test_a_bug_behind_the_tag_is_found() -> None:
    found = _run(planted=True)
    assert "changeNote" in found and "version" in found, found
