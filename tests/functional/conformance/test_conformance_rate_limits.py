"""A server that answers 429 (too many requests) has said nothing of the request: conformance
sends it again after the server's Retry-After, and judges the answer it then gets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.conformance import run_conformance
from generator.conformance.pace import MAX_WAIT, retry_after
from generator.mock import serving
from tests.functional.conformance.test_conformance_limits import build
from tests.servers import limited


def test_a_rate_limited_case_is_sent_again_and_judged(tmp_path: Path) -> None:
    app = limited.make()
    spec = tmp_path / "limited.json"
    spec.write_text(json.dumps(app.openapi()), encoding="utf-8")
    api = build(spec)
    with serving(app) as url:
        report = run_conformance(api, base_url=url, token=None, seed=0, max_examples=5)
    assert app.state.limited > 0, "the server never limited the run: the test shows nothing"
    assert not report.failures
    said = [note for note in report.notes if "answered 429" in note]
    assert said and f"{app.state.limited} times" in said[0]
    checked = report.stats["item_items__item_id__get", "response_schema"]
    assert checked.passed >= 5  # 200s judged, not 429s


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("3", 3.0),
        ("120", MAX_WAIT),  # a wait is bounded
        (None, 1.0),
        ("soon", 1.0),
        ("Wed, 21 Oct 2015 07:28:02 GMT", 2.0),  # an HTTP date, 2 s after `now`
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),  # already past
    ],
)
def test_retry_after_reads_seconds_or_a_date(value: str | None, seconds: float) -> None:
    now = 1445412480.0  # Wed, 21 Oct 2015 07:28:00 GMT
    assert retry_after(value, now=now) == pytest.approx(seconds)
