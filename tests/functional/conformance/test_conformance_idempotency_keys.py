"""A server answering a key it has seen with its first answer is right: every request of a run
carries an Idempotency-Key no request before it carried, so no replay is judged as a new
request (a thing created, deleted, then "created" again by the replay and not found; a near
miss answered 201; a valid request refused 409 for a key another body used)."""

from __future__ import annotations

from generator.conformance import run_conformance
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.servers.idempotent import app
from tests.support import SPECS

SPEC = SPECS / "strategies_idempotency_keys_30.yaml"


def test_a_server_replaying_a_key_s_answer_passes() -> None:
    with serving(app()) as url:
        report = run_conformance(
            build(SPEC), base_url=url, token=None, max_examples=25, seed=0, allow_status=set()
        )
    assert not report.failures, report.to_text()
    assert report.sequences, report.to_text()  # the stateful phase ran its links
