"""The generated client against servers that drip, stall or never stop: the call's timeout is
a deadline for the whole attempt, ``total_timeout`` a budget across retries, and
``max_response_size`` bounds what is held in memory.

Each server is a local socket (``tests/servers/slow_sockets.py``); deadlines are a second or
so, and each test asserts how long the call took against the time the server would take.
"""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest

from tests.servers import slow_sockets as ss
from tests.servers.hostile_sockets import running
from tests.support import SPECS, generate_into, import_fresh

PACKAGE = "deadlines_api"
ANSWER = b'{"ok": true}' + b" " * 38  # 50 bytes: 5 s when dripped a byte every 0.1 s


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("deadlines")
    generate_into(SPECS / "keepalive.yaml", out, PACKAGE)
    yield import_fresh(out, PACKAGE)


def _call(api: ModuleType, url: str, is_async: bool, **options: Any) -> Any:
    """``GET /ping`` through a sync or an async client."""
    if not is_async:
        with api.Client(base_url=url, **options) as client:
            return client.ping.list()

    async def go() -> Any:
        async with api.AsyncClient(base_url=url, **options) as client:
            return await client.ping.list()

    return asyncio.run(go())


def _timed(call: Callable[[], Any]) -> tuple[float, BaseException | None]:
    start = time.monotonic()
    try:
        call()
    except Exception as exc:
        return time.monotonic() - start, exc
    return time.monotonic() - start, None


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_dripped_body_ends_at_the_timeout(api: ModuleType, is_async: bool) -> None:
    script = ss.once(ss.head(length=len(ANSWER)), *ss.drip(ANSWER))
    with running(ss.Scripted(script, pause=0.1)) as server:
        took, error = _timed(lambda: _call(api, server.url, is_async, timeout=1, max_retries=0))
    assert isinstance(error, api.APITimeoutError), error
    assert took < 2.5  # the server takes 5 s; httpx's per-read timeout never trips


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_dripped_headers_end_at_the_timeout(api: ModuleType, is_async: bool) -> None:
    whole = ss.head(length=len(ANSWER)) + ANSWER
    with running(ss.Scripted(lambda: ss.drip(whole), pause=0.05)) as server:
        took, error = _timed(lambda: _call(api, server.url, is_async, timeout=1, max_retries=0))
    assert isinstance(error, api.APITimeoutError), error
    assert took < 2.5  # the head alone takes 4 s


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_dripped_headers_on_a_reused_connection_end_at_the_timeout(
    api: ModuleType, is_async: bool
) -> None:
    # the first answer leaves the connection open; the second, on the same connection,
    # drips its head: no new connection is opened for the deadline to learn of
    whole = ss.head(length=len(ANSWER)) + ANSWER
    server = ss.KeptAlive(ss.once(whole), lambda: ss.drip(whole), pause=0.05)

    def twice(client: Any) -> Any:
        client.ping.list()
        return client.ping.list()

    def call(url: str) -> Any:
        if not is_async:
            with api.Client(base_url=url, timeout=1, max_retries=0) as client:
                return twice(client)

        async def go() -> Any:
            async with api.AsyncClient(base_url=url, timeout=1, max_retries=0) as client:
                await client.ping.list()
                return await client.ping.list()

        return asyncio.run(go())

    with running(server):
        took, error = _timed(lambda: call(server.url))
    assert isinstance(error, api.APITimeoutError), error
    assert server.connections == 1
    assert took < 2.5  # the second head alone takes 4 s


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_fast_answer_is_not_cut(api: ModuleType, is_async: bool) -> None:
    # no false alarm: an answer well within the deadline, twice on one connection
    script = ss.once(ss.head(length=len(ANSWER)), ANSWER)
    with running(ss.Scripted(script)) as server:
        assert _call(api, server.url, is_async, timeout=1, max_retries=0).ok is True


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_retries_share_one_budget(api: ModuleType, is_async: bool) -> None:
    stall = ss.Scripted(lambda: [], hold=True)  # reads the request, never answers
    with running(stall) as server:
        took, error = _timed(
            lambda: _call(api, server.url, is_async, timeout=0.5, max_retries=5, total_timeout=1.5)
        )
    assert isinstance(error, api.APITimeoutError), error
    # six attempts of 0.5 s and their backoff would take over 10 s
    assert took < 2.5
    assert 1 <= stall.received <= 3


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_retry_after_past_the_budget_is_not_waited(api: ModuleType, is_async: bool) -> None:
    body = b'{"detail": "busy"}'
    busy = ss.once(
        ss.head("503 Service Unavailable", length=len(body), extra="retry-after: 30\r\n"), body
    )
    with running(ss.Scripted(busy)) as server:
        took, error = _timed(
            lambda: _call(api, server.url, is_async, max_retries=3, total_timeout=5)
        )
        assert server.received == 1
    assert isinstance(error, api.InternalServerError), error
    assert took < 2


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_retry_after_within_the_budget_is_waited(api: ModuleType, is_async: bool) -> None:
    body = b'{"detail": "busy"}'
    answers = iter(
        [
            [
                ss.head("503 Service Unavailable", length=len(body), extra="retry-after: 0.3\r\n"),
                body,
            ],
            [ss.head(length=len(ANSWER)), ANSWER],
        ]
    )
    with running(ss.Scripted(lambda: next(answers))) as server:
        result = _call(api, server.url, is_async, max_retries=3, total_timeout=5)
        assert server.received == 2
    assert result.ok is True


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_declared_length_past_the_limit_is_refused_unread(
    api: ModuleType, is_async: bool
) -> None:
    huge = ss.once(ss.head(length=10 * 1024**3))
    with running(ss.Scripted(huge, hold=True)) as server:
        took, error = _timed(lambda: _call(api, server.url, is_async, timeout=5, max_retries=0))
    assert isinstance(error, api.ResponseTooLargeError), error
    assert isinstance(error, api.APIError)
    assert "max_response_size" in str(error)
    assert took < 1


@pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])
def test_a_body_without_length_is_counted_and_cut_at_the_limit(
    api: ModuleType, is_async: bool
) -> None:
    piece = b"x" * 65536
    pieces = ss.once(ss.head(), *[piece] * 800)  # 50 MiB, ended by closing
    with running(ss.Scripted(pieces)) as server:
        tracemalloc.start()
        try:
            _, error = _timed(
                lambda: _call(
                    api, server.url, is_async, max_response_size=1024 * 1024, max_retries=0
                )
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert isinstance(error, api.ResponseTooLargeError), error
    assert peak < 8 * 1024 * 1024  # reading it whole holds 50 MiB at least
    assert server.sent < 20 * 1024 * 1024


def test_the_default_limit_bounds_memory(api: ModuleType) -> None:
    # 96 MiB without a length, to a client with the default limit (64 MiB): reading it
    # whole, as httpx does, holds it twice (the chunks, then the joined body)
    limit = api.DEFAULT_MAX_RESPONSE_SIZE
    pieces = ss.once(ss.head(), *[b"x" * 65536] * 1536)
    with running(ss.Scripted(pieces)) as server:
        tracemalloc.start()
        try:
            _, error = _timed(lambda: _call(api, server.url, False, max_retries=0))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert isinstance(error, api.ResponseTooLargeError), error
    assert peak < limit + 8 * 1024 * 1024
