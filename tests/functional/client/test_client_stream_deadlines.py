"""Event streams from servers that cut off, stall, drip, never end a line or send bad events.

A stream fails inside the ``APIError`` hierarchy; the timeout bounds each wait for the next
item (not the whole stream, nor the time the caller spends on an item); one line and one
event at a time are held, each bounded by ``max_response_size``; an event the stream does not
end with a blank line is discarded; a bad event is skipped (strict clients raise).
"""

from __future__ import annotations

import asyncio
import logging
import time
import tracemalloc
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from tests.servers import slow_sockets as ss
from tests.servers.hostile_sockets import running
from tests.support import SPECS, generate_into, import_fresh

PACKAGE = "stream_deadlines_api"
SSE = "text/event-stream"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("stream_deadlines")
    generate_into(SPECS / "sse_events.yaml", out, PACKAGE)
    yield import_fresh(out, PACKAGE)


def _read(
    api: ModuleType, url: str, is_async: bool, *, pace: float = 0.0, **options: Any
) -> tuple[list[int], BaseException | None, float]:
    """The ticks of ``GET /ticks`` read until the stream ends or fails, the error, the time.

    ``pace``: seconds the caller spends on each item before asking for the next.
    """
    items: list[int] = []
    start = time.monotonic()

    def sync() -> None:
        with api.Client(base_url=url, **options) as client:
            for tick in client.ticks.list():
                items.append(tick.n)
                time.sleep(pace)

    async def run() -> None:
        async with api.AsyncClient(base_url=url, **options) as client:
            async for tick in await client.ticks.list():
                items.append(tick.n)
                await asyncio.sleep(pace)

    try:
        asyncio.run(run()) if is_async else sync()
    except Exception as exc:
        return items, exc, time.monotonic() - start
    return items, None, time.monotonic() - start


def _tick(n: int) -> bytes:
    return f'data: {{"n": {n}}}\n\n'.encode()


BOTH = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


@BOTH
def test_a_stream_cut_mid_event_raises_a_connection_error(api: ModuleType, is_async: bool) -> None:
    cut = ss.once(
        ss.head(content_type=SSE, chunked=True), ss.chunk(_tick(1)), ss.chunk(b'data: {"n')
    )
    with running(ss.Scripted(cut)) as server:
        items, error, _ = _read(api, server.url, is_async, max_retries=0)
    assert items == [1]
    assert isinstance(error, api.APIConnectionError), repr(error)
    assert not isinstance(error, api.APITimeoutError)
    assert "GET /ticks" in str(error)


@BOTH
def test_a_stalled_stream_ends_with_a_timeout(api: ModuleType, is_async: bool) -> None:
    stall = ss.once(ss.head(content_type=SSE, chunked=True), ss.chunk(_tick(1)))
    with running(ss.Scripted(stall, hold=True)) as server:
        items, error, took = _read(api, server.url, is_async, timeout=1, max_retries=0)
    assert items == [1]
    assert isinstance(error, api.APITimeoutError), repr(error)
    assert took < 2.5


@BOTH
def test_bytes_that_make_no_event_end_with_a_timeout(api: ModuleType, is_async: bool) -> None:
    # a comment dripped a byte every 0.05 s: no read waits long, no item comes for 5 s
    drip = ss.once(ss.head(content_type=SSE), _tick(1), *ss.drip(b":" * 100))
    with running(ss.Scripted(drip, pause=0.05)) as server:
        items, error, took = _read(api, server.url, is_async, timeout=1, max_retries=0)
    assert items == [1]
    assert isinstance(error, api.APITimeoutError), repr(error)
    assert took < 2.5


@BOTH
def test_the_timeout_bounds_each_wait_not_the_stream(api: ModuleType, is_async: bool) -> None:
    # no false alarm: 8 events 0.3 s apart outlast the 1 s timeout, and the caller's own time
    # on an item (1.2 s on the first) is not a wait for the stream
    ticks = ss.once(ss.head(content_type=SSE), *[_tick(n) for n in range(8)])
    with running(ss.Scripted(ticks, pause=0.3)) as server:
        items, error, took = _read(api, server.url, is_async, timeout=1, max_retries=0)
    assert error is None, repr(error)
    assert items == list(range(8))
    assert took > 2
    ticks = ss.once(ss.head(content_type=SSE), _tick(1), _tick(2))
    with running(ss.Scripted(ticks)) as server:
        items, error, _ = _read(api, server.url, is_async, pace=1.2, timeout=1, max_retries=0)
    assert (items, error) == ([1, 2], None)


@BOTH
def test_an_event_not_ended_by_a_blank_line_is_discarded(api: ModuleType, is_async: bool) -> None:
    tail = ss.once(ss.head(content_type=SSE), _tick(1) + b'data: {"n": 2}')
    with running(ss.Scripted(tail)) as server:
        items, error, _ = _read(api, server.url, is_async, max_retries=0)
    assert (items, error) == ([1], None)


@BOTH
def test_a_bad_event_is_skipped_unless_strict(
    api: ModuleType, is_async: bool, caplog: pytest.LogCaptureFixture
) -> None:
    bad = ss.once(ss.head(content_type=SSE), _tick(1) + b"data: {oops\n\n" + _tick(2))
    with running(ss.Scripted(bad)) as server, caplog.at_level(logging.WARNING):
        items, error, _ = _read(api, server.url, is_async, max_retries=0)
        assert (items, error) == ([1, 2], None)
        assert "not valid JSON; skipped" in caplog.text
        items, error, _ = _read(api, server.url, is_async, max_retries=0, strict=True)
    assert items == [1]
    assert isinstance(error, api.APIResponseValidationError), repr(error)


def _endless(piece: bytes) -> ss.Script:
    def script() -> Iterator[bytes]:
        yield ss.head(content_type=SSE)
        yield from ss.endless(piece)

    return script


@BOTH
@pytest.mark.parametrize(
    "piece",
    [b"x" * 65536, b"data: " + b"x" * 65530 + b"\n"],
    ids=["endless-line", "endless-event"],
)
def test_an_endless_line_or_event_is_bounded(api: ModuleType, is_async: bool, piece: bytes) -> None:
    with running(ss.Scripted(_endless(b"data: " + piece))) as server:
        tracemalloc.start()
        try:
            items, error, _ = _read(
                api, server.url, is_async, max_response_size=1024 * 1024, max_retries=0
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert items == []
    assert isinstance(error, api.ResponseTooLargeError), repr(error)
    assert "of the stream" in str(error)
    assert peak < 8 * 1024 * 1024
