"""The generated ``AsyncClient`` for the seed: the same surface and behaviour as ``Client``."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Coroutine
from types import ModuleType
from typing import Any

import httpx
import pytest

KEY = "sk-async-0123456789abcdef"
URL = "https://api.perplexity.ai/async/chat/completions"
REQUEST = {"model": "sonar", "messages": [{"role": "user", "content": "Hello"}]}
CREATED = {"id": "req-1", "model": "sonar", "created_at": 1700000000, "status": "CREATED"}


class Wire:
    """An async mock transport that records requests and answers from a list (the last repeats)."""

    def __init__(
        self, *answers: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]
    ) -> None:
        self.answers = list(answers) or [httpx.Response(200, json=CREATED)]
        self.requests: list[httpx.Request] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.requests.append(request)
        answer = self.answers[min(len(self.requests), len(self.answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer(request) if callable(answer) else answer

    def http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self), follow_redirects=True)


def client(seed: ModuleType, wire: Wire, **options: Any) -> Any:
    made = seed.AsyncClient(api_key=KEY, http_client=wire.http(), **options)
    made.sleeps = []

    async def record(seconds: float) -> None:
        made.sleeps.append(seconds)

    made._sleep = record
    return made


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(coroutine)


async def create(c: Any, **kwargs: Any) -> Any:
    return await c.async_.chat.completions.create(**({"request": REQUEST} | kwargs))


def test_create_sends_the_same_request_as_the_sync_client(seed: ModuleType) -> None:
    async_wire = Wire()
    result = run(create(client(seed, async_wire), idempotency_key="k"))
    sync_sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sync_sent.append(request)
        return httpx.Response(200, json=CREATED)

    sync = seed.Client(api_key=KEY, http_client=httpx.Client(transport=httpx.MockTransport(record)))
    sync.async_.chat.completions.create(request=REQUEST, idempotency_key="k")
    (sent,) = async_wire.requests
    assert isinstance(result, seed.models.AsyncApiChatCompletionsResponse)
    assert sent.method == "POST"
    assert str(sent.url) == URL
    assert sent.headers["authorization"] == f"Bearer {KEY}"
    assert sent.content == sync_sent[0].content
    assert dict(sent.headers) == dict(sync_sent[0].headers)


def test_body_forms_and_validation(seed: ModuleType) -> None:
    wire = Wire()
    c = client(seed, wire)

    async def calls() -> None:
        completions = c.async_.chat.completions
        await completions.create(request=REQUEST)
        await completions.create(body={"request": REQUEST})
        await completions.create(
            body=seed.models.AsyncApiChatCompletionsRequest.from_dict({"request": REQUEST})
        )
        with pytest.raises(seed.APIRequestValidationError):
            await completions.create(request={"model": 1, "messages": []})

    run(calls())
    assert len({r.content for r in wire.requests}) == 1
    assert len(wire.requests) == 3


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (404, "NotFoundError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
        (503, "InternalServerError"),
    ],
)
def test_error_statuses_raise_their_class(seed: ModuleType, status: int, name: str) -> None:
    wire = Wire(httpx.Response(status, json={"error": "nope"}))
    with pytest.raises(getattr(seed, name)) as caught:
        run(create(client(seed, wire)))
    assert caught.value.body == {"error": "nope"}
    assert len(wire.requests) == 1


def test_the_documented_422_is_parsed(seed: ModuleType) -> None:
    detail = {"detail": [{"loc": ["body"], "msg": "bad", "type": "value_error"}]}
    with pytest.raises(seed.UnprocessableEntityError) as caught:
        run(create(client(seed, Wire(httpx.Response(422, json=detail)))))
    assert isinstance(caught.value.parsed, seed.models.HTTPValidationError)


def test_retries_wait_as_told_and_are_numbered(
    seed: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    wire = Wire(
        httpx.Response(429, headers={"retry-after-ms": "250"}),
        httpx.Response(500, headers={"Retry-After": "1"}),
        httpx.Response(200, json=CREATED),
    )
    c = client(seed, wire)
    assert run(create(c, idempotency_key="k")).id == "req-1"
    assert c.sleeps == [0.25, 1.0]
    assert [r.headers.get("x-retry-count") for r in wire.requests] == [None, "1", "2"]
    assert len([r for r in caplog.records if r.name == "seed_api"]) == 2
    assert all(KEY not in r.getMessage() for r in caplog.records)


def test_no_retry_of_a_post_without_a_key(seed: ModuleType) -> None:
    wire = Wire(httpx.Response(503), httpx.Response(200, json=CREATED))
    with pytest.raises(seed.InternalServerError):
        run(create(client(seed, wire)))
    assert len(wire.requests) == 1
    wire = Wire(httpx.Response(503), httpx.Response(200, json=CREATED))
    run(create(client(seed, wire, retry_non_idempotent=True)))
    assert len(wire.requests) == 2


def test_timeouts_become_api_timeout_error_after_the_retries(seed: ModuleType) -> None:
    wire = Wire(httpx.ReadTimeout("slow"))
    c = client(seed, wire)
    with pytest.raises(seed.APITimeoutError):
        run(create(c, idempotency_key="k"))
    assert len(wire.requests) == 3
    assert len(c.sleeps) == 2


def test_forgiving_and_strict_parsing(seed: ModuleType) -> None:
    drifted = {**CREATED, "status": "QUEUED", "queue_position": 2}
    result = run(create(client(seed, Wire(httpx.Response(200, json=drifted)))))
    assert result.status == "QUEUED"
    assert result.to_dict() == drifted
    with pytest.raises(seed.APIResponseValidationError):
        run(create(client(seed, Wire(httpx.Response(200, json=drifted)), strict=True)))


def test_missing_key_and_secrets(seed: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERPLEXITY_API_KEY", raising=False)
    wire = Wire()
    c = seed.AsyncClient(http_client=wire.http())
    with pytest.raises(seed.MissingCredentialsError):
        run(create(c))
    assert wire.requests == []
    keyed = client(seed, Wire(httpx.Response(403, json={"error": "no"})))
    assert KEY not in repr(keyed)
    with pytest.raises(seed.PermissionDeniedError) as caught:
        run(create(keyed))
    assert KEY not in str(caught.value)


def test_credentials_are_not_forwarded_to_another_host(seed: ModuleType) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.perplexity.ai":
            return httpx.Response(302, headers={"Location": "https://elsewhere.example/landing"})
        return httpx.Response(200, json=CREATED)

    wire = Wire(answer)
    run(create(client(seed, wire)))
    first, second = wire.requests
    assert "authorization" in first.headers
    assert "authorization" not in second.headers
    assert second.method == "GET"  # 302 after POST: GET without the body
    assert second.content == b""


def test_raw_response_with_options_and_closing(seed: ModuleType) -> None:
    wire = Wire(httpx.Response(200, json=CREATED, headers={"x-request-id": "r"}))

    async def calls() -> None:
        async with client(seed, wire) as c:
            raw = await c.with_raw_response.async_.chat.completions.create(request=REQUEST)
            assert raw.headers["x-request-id"] == "r"
            assert raw.parse().id == "req-1"
            raw = await c.async_.chat.completions.with_raw_response.create(request=REQUEST)
            assert raw.status_code == 200
            copy = c.with_options(max_retries=0)
            assert copy.max_retries == 0
            assert c.max_retries == 2
        own = seed.AsyncClient(api_key=KEY)
        async with own:
            pass
        assert own._http.is_closed

    run(calls())
    assert json.loads(wire.requests[0].content) == {"request": REQUEST}
