"""The event-stream reader that sync and async streams share: bytes in any chunking, items out.

Both stream classes hand their bytes to one reader (``_streaming._ItemReader``), which does no
I/O: these tests feed it directly, then check that ``Stream`` and ``AsyncStream`` give what it
gives, one item at a time (an item that fails to decode fails after the ones before it).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.support import SPECS, generate_into, import_fresh

PACKAGE = "stream_reader_api"
# line ends of all three kinds, a comment, a multi-byte character, an event without a blank
# line after a [DONE]: everything after [DONE] is never read
BODY = (
    ": hello\r\ndata: one\r\n\r\nevent: tick\rdata: tw\u00f6\rdata: lines\r\r"
    "id: 9\ndata: three\n\ndata: [DONE]\n\ndata: never\n\n"
).encode()
EXPECTED = [("one", None, None), ("tw\u00f6\nlines", "tick", None), ("three", None, "9")]
TAIL = b"data: a\n\ndata: last without a blank line"


@pytest.fixture(scope="module")
def streaming(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("stream_reader")
    generate_into(SPECS / "sse_events.yaml", out, PACKAGE)
    import_fresh(out, PACKAGE)
    import importlib

    yield importlib.import_module(f"{PACKAGE}._streaming")


def _response(chunks: list[bytes], *, asynchronous: bool = False) -> httpx.Response:
    headers = {"content-type": "text/event-stream"}
    request = httpx.Request("GET", "https://api.example.test/text")
    if not asynchronous:
        return httpx.Response(200, headers=headers, content=iter(chunks), request=request)

    async def parts() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk

    return httpx.Response(200, headers=headers, content=parts(), request=request)


def _event(event: Any) -> tuple[str, str | None, str | None]:
    return (event.data, event.event, event.id)


def _chunkings(body: bytes) -> Iterator[list[bytes]]:
    yield [body]
    yield [body[i : i + 1] for i in range(len(body))]
    for cut in range(1, len(body)):
        yield [body[:cut], body[cut:]]


def _fed(reader: Any, chunks: list[bytes]) -> list[Any]:
    """The items of ``chunks``, fed as a stream feeds them: none after the reader has ended."""
    items: list[Any] = []
    for chunk in chunks:
        items += reader.feed(chunk)
        if reader.ended:
            break
    return items


def test_the_reader_gives_the_same_events_in_any_chunking(streaming: ModuleType) -> None:
    for chunks in _chunkings(BODY):
        reader = streaming._ItemReader(_response([]), _event, None)
        items = _fed(reader, chunks)
        assert reader.ended, chunks
        assert items == EXPECTED, chunks
    for chunks in _chunkings(TAIL):
        reader = streaming._ItemReader(_response([]), _event, None)
        items = _fed(reader, chunks) + list(reader.end())
        assert not reader.ended
        # the standard discards an event the stream does not end with a blank line
        assert [data for data, _, _ in items] == ["a"], chunks


def test_sync_and_async_streams_give_what_the_reader_gives(streaming: ModuleType) -> None:
    async def read_async(chunks: list[bytes]) -> list[Any]:
        stream = streaming.AsyncStream(_response(chunks, asynchronous=True), _event)
        return [item async for item in stream]

    for chunks in [[BODY], [BODY[i : i + 1] for i in range(len(BODY))], [BODY[:7], BODY[7:]]]:
        assert list(streaming.Stream(_response(chunks), _event)) == EXPECTED
        assert asyncio.run(read_async(chunks)) == EXPECTED


def test_items_are_decoded_one_at_a_time(streaming: ModuleType) -> None:
    def decode(event: Any) -> str:
        if event.data == "bad":
            raise ValueError("cannot decode")
        return str(event.data)

    body = [b"data: good\n\ndata: bad\n\n"]
    stream = iter(streaming.Stream(_response(body), decode))
    assert next(stream) == "good"
    with pytest.raises(ValueError, match="cannot decode"):
        next(stream)

    async def scenario() -> None:
        items = streaming.AsyncStream(_response(body, asynchronous=True), decode).__aiter__()
        assert await items.__anext__() == "good"
        with pytest.raises(ValueError, match="cannot decode"):
            await items.__anext__()

    asyncio.run(scenario())


def test_an_error_event_raises_after_the_items_before_it(streaming: ModuleType) -> None:
    body = [b'data: fine\n\nevent: error\ndata: {"message": "overloaded"}\n\ndata: later\n\n']
    stream = iter(streaming.Stream(_response(body), _event))
    assert next(stream) == ("fine", None, None)
    with pytest.raises(Exception, match="overloaded"):
        next(stream)
