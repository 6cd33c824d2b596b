"""A request carries the headers conformance gives it and none an HTTP client adds beside them:
a case that leaves out a required ``User-Agent`` or ``Accept-Encoding`` goes without it, so
the mock's (and a server's) right refusal is what is judged; an operation that takes no such
header is sent with apiforge's own."""

from __future__ import annotations

from typing import Any

from generator.conformance import run_conformance
from generator.conformance.wire import USER_AGENT
from generator.mock.server import serving
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

SPEC = SPECS / "conformance_required_user_agent_30.yaml"


def test_a_request_without_its_required_user_agent_goes_without_one() -> None:
    report = run_conformance(build(SPEC), base_url=None, token=None, max_examples=5, seed=0)
    assert report.failed() == [], report.failed()


def test_an_operation_taking_no_user_agent_is_sent_with_apiforges() -> None:
    seen: list[Any] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        seen.append(dict(scope["headers"]).get(b"user-agent"))
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": b'"1.0"'})

    with serving(app) as url:
        run_conformance(build(SPEC), base_url=url, token=None, max_examples=2, seed=0)
    assert USER_AGENT.encode() in seen
