"""Deliberately broken servers: the mock with one planted bug each, for tests and the benchmark.

Each server is a small ASGI app wrapping :class:`generator.mock.MockApp`. It counts the
requests it receives and notes when its bug first fired (``Tracker``), so the benchmark can
tell, for any tool, how many requests and seconds it took to provoke the bug.

- ``missing_field``: every 2xx JSON object answer loses its first required property;
- ``empty_stop_500``: a body whose ``request.stop`` is ``[]`` gets an undocumented 500;
- ``accepts_invalid``: the request body is never validated, invalid ones get a 200;
- ``ignores_credentials``: security is not enforced.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from generator import ir
from generator.mock import MockApp, MockOptions

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


@dataclass
class Tracker:
    """Requests received and when the planted bug first fired."""

    requests: int = 0
    started: float | None = None
    fired_at_request: int | None = None
    fired_after_seconds: float | None = None
    fired: int = 0

    def seen(self) -> None:
        self.requests += 1
        if self.started is None:
            self.started = time.monotonic()

    def fire(self) -> None:
        self.fired += 1
        if self.fired_at_request is None:
            self.fired_at_request = self.requests
            self.fired_after_seconds = time.monotonic() - (self.started or time.monotonic())


@dataclass
class Captured:
    """An inner app's whole answer."""

    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""


async def _read(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False) or message["type"] == "http.disconnect":
            return b"".join(chunks)


async def _call(app: Any, scope: Scope, body: bytes) -> Captured:
    out = Captured()
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            out.status = message["status"]
            out.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            out.body += message.get("body", b"")

    await app(scope, receive, send)
    return out


async def _reply(send: Send, answer: Captured) -> None:
    headers = [(k, v) for k, v in answer.headers if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(answer.body)).encode()))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


class Broken:
    """A mock with one bug: ``serve`` answers, ``strict`` is what a correct mock would say."""

    name = "broken"
    check = ""  # the conformance check that must catch it

    def __init__(self, api: ir.Api, token: str | None = None, seed: int = 0):
        self.tracker = Tracker()
        self.strict = MockApp(api, MockOptions(seed=seed, token=token))
        self.serve = self.strict

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.strict(scope, receive, send)
            return
        self.tracker.seen()
        body = await _read(receive)
        answer = await self.answer(scope, body)
        await _reply(send, answer)

    async def answer(self, scope: Scope, body: bytes) -> Captured:
        return await _call(self.serve, scope, body)


class MissingField(Broken):
    name = "missing required field in 200"
    check = "response_schema"

    async def answer(self, scope: Scope, body: bytes) -> Captured:
        answer = await _call(self.serve, scope, body)
        if 200 <= answer.status < 300:
            value = json.loads(answer.body)
            if isinstance(value, dict) and "created_at" in value:  # required in the seed's 200
                del value["created_at"]
                answer.body = json.dumps(value).encode()
                self.tracker.fire()
        return answer


class EmptyStop500(Broken):
    name = "500 on an empty stop list"
    check = "no_server_error"

    async def answer(self, scope: Scope, body: bytes) -> Captured:
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        request = parsed.get("request") if isinstance(parsed, dict) else None
        if isinstance(request, dict) and request.get("stop") == []:
            strict = await _call(self.strict, scope, body)
            if 200 <= strict.status < 300:  # only valid requests: the bug hides behind validation
                self.tracker.fire()
                return Captured(500, [(b"content-type", b"text/plain")], b"Internal Server Error")
        return await _call(self.serve, scope, body)


class _Lenient(Broken):
    flag = ""

    def __init__(self, api: ir.Api, token: str | None = None, seed: int = 0):
        super().__init__(api, token, seed)
        self.serve = MockApp(api, MockOptions(seed=seed, token=token, **{self.flag: False}))

    async def answer(self, scope: Scope, body: bytes) -> Captured:
        strict = await _call(self.strict, scope, body)
        served = await _call(self.serve, scope, body)
        if self.fires(strict) and 200 <= served.status < 300:
            self.tracker.fire()
        return served

    def fires(self, strict: Captured) -> bool:
        raise NotImplementedError


class AcceptsInvalid(_Lenient):
    name = "invalid bodies accepted with 200"
    check = "invalid_request_rejected"
    flag = "validate_requests"

    def fires(self, strict: Captured) -> bool:
        return strict.status in (400, 422)


class IgnoresCredentials(_Lenient):
    name = "credentials ignored"
    check = "auth_required"
    flag = "enforce_security"

    def fires(self, strict: Captured) -> bool:
        return strict.status == 401


BROKEN: tuple[type[Broken], ...] = (MissingField, EmptyStop500, AcceptsInvalid, IgnoresCredentials)
