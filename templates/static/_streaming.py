"""Server-sent events (``text/event-stream``) as iterators of parsed items.

The decoder follows the WHATWG event-stream rules (``data``, ``event``, ``id``, ``retry``
fields, ``:`` comments, a blank line ends an event). Each event's data is read as its
event schema says (JSON, or text for a schema of strings). A ``[DONE]`` data line ends the
stream; an ``error`` event raises :class:`APIError`. A server that answers a streaming
request with one JSON document instead (``application/json`` or ``+json``) gives a stream of
that one item. The response is closed when the iteration ends, breaks or fails.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import AsyncIterator, Callable, Iterator
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import httpx

from ._exceptions import APIError, excerpt

__all__ = ["AsyncStream", "SSEDecoder", "ServerSentEvent", "Stream"]

T = TypeVar("T")

_DONE = "[DONE]"
_LINE_END = re.compile(r"\r\n|\r|\n")


class _Lines:
    """UTF-8 bytes in, lines out, split only where the event-stream format ends a line
    (CRLF, CR or LF; not at the other breaks ``str.splitlines`` knows, such as U+2028)."""

    def __init__(self) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._rest = ""

    def feed(self, chunk: bytes) -> list[str]:
        """The lines ``chunk`` completes."""
        text = self._rest + self._text.decode(chunk)
        held = text.endswith("\r")  # a CR may be the first half of a CRLF
        lines = _LINE_END.split(text[:-1] if held else text)
        self._rest = lines.pop() + ("\r" if held else "")
        return lines

    def end(self) -> list[str]:
        """The last line, when the stream did not end with a line break."""
        text = self._rest + self._text.decode(b"", final=True)
        self._rest = ""
        return _LINE_END.split(text.removesuffix("\r")) if text else []


class ServerSentEvent:
    """One event: its type, data (lines joined by ``\\n``), id and retry hint."""

    __slots__ = ("data", "event", "id", "retry")

    def __init__(
        self, data: str, event: str | None = None, id: str | None = None, retry: int | None = None
    ) -> None:
        self.data = data
        self.event = event
        self.id = id
        self.retry = retry

    def json(self) -> Any:
        """The data decoded as JSON."""
        return json.loads(self.data)

    def __repr__(self) -> str:
        return f"ServerSentEvent(event={self.event!r}, data={excerpt(self.data)!r}, id={self.id!r})"


class SSEDecoder:
    """Lines in, events out: feed each line, get an event when a blank line completes one."""

    def __init__(self) -> None:
        self._data: list[str] = []
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None

    def feed(self, line: str) -> ServerSentEvent | None:
        """Take one line (without its end); return the event it completes, if any."""
        if not line:
            return self.flush()
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        return None

    def flush(self) -> ServerSentEvent | None:
        """The event in progress, if it has data; the buffer is emptied either way."""
        event = (
            ServerSentEvent("\n".join(self._data), self._event, self._id, self._retry)
            if self._data
            else None
        )
        self._data = []
        self._event = None
        self._retry = None
        return event


def _check(event: ServerSentEvent, response: httpx.Response) -> bool:
    """False when ``event`` ends the stream; raises on an ``error`` event."""
    if event.data == _DONE:
        return False
    if event.event == "error":
        raise APIError(
            f"the stream reported an error: {excerpt(event.data)}", request=response.request
        )
    return True


def _whole_json(response: httpx.Response) -> bool:
    """True when the server sent one JSON document rather than an event stream."""
    media: str = response.headers.get("content-type", "").partition(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


class _ItemReader(Generic[T]):
    """What a stream does without I/O: its bytes in, parsed items out, until an event ends it.

    Items come lazily: each is decoded when it is asked for, so one that fails to decode fails
    after the items before it were given.
    """

    def __init__(
        self,
        response: httpx.Response,
        decode: Callable[[ServerSentEvent], T],
        document: Callable[[str], T] | None,
    ) -> None:
        self._response = response
        self._decode = decode
        # a whole JSON document is JSON whatever the events would be: read it as such
        self._document = document or (lambda text: decode(ServerSentEvent(text)))
        self._lines = _Lines()
        self._decoder = SSEDecoder()
        self.ended = False  # a ``[DONE]`` event came: the rest of the bytes is not read

    def whole(self, body: bytes) -> Iterator[T]:
        """The item of a whole JSON document (none when it is blank)."""
        text = body.decode(self._response.encoding or "utf-8")
        if text.strip():
            yield self._document(text)

    def feed(self, chunk: bytes) -> Iterator[T]:
        """The items of the events that ``chunk`` completes."""
        return self._items(self._lines.feed(chunk))

    def end(self) -> Iterator[T]:
        """The items left when the bytes end: a last line, an event without a blank line."""
        yield from self._items(self._lines.end())
        if not self.ended:
            last = self._decoder.flush()
            if last is not None and _check(last, self._response):
                yield self._decode(last)

    def _items(self, lines: list[str]) -> Iterator[T]:
        for line in lines:
            event = self._decoder.feed(line)
            if event is None:
                continue
            if not _check(event, self._response):
                self.ended = True
                return
            yield self._decode(event)


class Stream(Generic[T]):
    """The items of an event stream, parsed as they arrive. Use in a ``for`` loop or ``with``."""

    def __init__(
        self,
        response: httpx.Response,
        decode: Callable[[ServerSentEvent], T],
        document: Callable[[str], T] | None = None,
    ) -> None:
        self.response = response
        self._reader = _ItemReader(response, decode, document)
        self._iterator = self._items()

    def _items(self) -> Iterator[T]:
        reader = self._reader
        try:
            if _whole_json(self.response):
                yield from reader.whole(self.response.read())
                return
            for chunk in self.response.iter_bytes():
                yield from reader.feed(chunk)
                if reader.ended:
                    return
            yield from reader.end()
        finally:
            self.response.close()

    def __iter__(self) -> Iterator[T]:
        return self._iterator

    def __next__(self) -> T:
        return next(self._iterator)

    def close(self) -> None:
        """Stop reading and release the connection."""
        self.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """The items of an event stream, parsed as they arrive; for ``async for`` and ``async with``."""

    def __init__(
        self,
        response: httpx.Response,
        decode: Callable[[ServerSentEvent], T],
        document: Callable[[str], T] | None = None,
    ) -> None:
        self.response = response
        self._reader = _ItemReader(response, decode, document)
        self._iterator = self._items()

    async def _items(self) -> AsyncIterator[T]:
        reader = self._reader
        try:
            if _whole_json(self.response):
                for item in reader.whole(await self.response.aread()):
                    yield item
                return
            async for chunk in self.response.aiter_bytes():
                for item in reader.feed(chunk):
                    yield item
                if reader.ended:
                    return
            for item in reader.end():
                yield item
        finally:
            await self.response.aclose()

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterator

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def aclose(self) -> None:
        """Stop reading and release the connection."""
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
