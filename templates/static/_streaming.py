"""Server-sent events (``text/event-stream``) as iterators of parsed items.

The decoder follows the WHATWG event-stream rules (``data``, ``event``, ``id``, ``retry``
fields, ``:`` comments, a blank line ends an event). Each event's data is read as its
event schema says (JSON, or text for a schema of strings). A ``[DONE]`` data line ends the
stream; an ``error`` event raises :class:`APIError`. A server that answers a streaming
request with one JSON document instead (``application/json`` or ``+json``) gives a stream of
that one item. The response is closed when the iteration ends, breaks or fails.

An event the stream does not finish with a blank line is discarded, as the standard says.
The bytes are read as they come and one line, one event, at a time is held: each is bounded
by ``max_response_size`` (:class:`ResponseTooLargeError`). The client's (read) timeout
bounds each wait for the next item, not the whole stream: a stream that stalls, or drips
bytes that make no event, ends with :class:`APITimeoutError`; one cut off ends with
:class:`APIConnectionError`.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import AsyncIterator, Callable, Iterator
from types import TracebackType
from typing import Any, Generic, Self, TypeVar

import httpx

from ._deadline import WATCHDOG, Deadline, Watch
from ._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ResponseTooLargeError,
    excerpt,
    where,
)
from ._limits import aread_capped, read_capped
from ._response import SKIPPED, json_media, loads

__all__ = ["AsyncStream", "SSEDecoder", "ServerSentEvent", "Stream"]

T = TypeVar("T")

_DONE = "[DONE]"
_LINE_END = re.compile(r"\r\n|\r|\n")


class _Lines:
    """UTF-8 bytes in, lines out, split only where the event-stream format ends a line
    (CRLF, CR or LF; not at the other breaks ``str.splitlines`` knows, such as U+2028).

    A line longer than ``limit`` characters raises :class:`ResponseTooLargeError`; the part
    of a line received so far is kept in pieces, so a long line costs linear time.
    """

    def __init__(self, limit: int | None = None, request: httpx.Request | None = None) -> None:
        self._text = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._rest: list[str] = []  # the line in progress
        self._size = 0
        self._held = False  # the last chunk ended with a CR, maybe the first half of a CRLF
        self._limit = limit
        self._request = request

    def _keep(self, part: str) -> None:
        self._size += len(part)
        if self._limit is not None and self._size > self._limit:
            raise ResponseTooLargeError(self._request, self._limit, "line of the stream")
        if part:
            self._rest.append(part)

    def feed(self, chunk: bytes) -> list[str]:
        """The lines ``chunk`` completes."""
        text = self._text.decode(chunk)
        if self._held:
            text, self._held = "\r" + text, False
        if text.endswith("\r"):
            text, self._held = text[:-1], True
        lines = _LINE_END.split(text)
        if len(lines) == 1:
            self._keep(lines[0])
            return []
        self._keep(lines[0])
        lines[0] = "".join(self._rest)
        self._rest, self._size = [], 0
        self._keep(lines.pop())
        return lines

    def end(self) -> list[str]:
        """The line a final CR ends; a last line without a line break is discarded."""
        ended = self._held
        line = "".join(self._rest)
        self._rest, self._size, self._held = [], 0, False
        return [line] if ended else []


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
        return loads(self.data)

    def __repr__(self) -> str:
        return f"ServerSentEvent(event={self.event!r}, data={excerpt(self.data)!r}, id={self.id!r})"


class SSEDecoder:
    """Lines in, events out: feed each line, get an event when a blank line completes one.

    An event whose data passes ``limit`` characters raises :class:`ResponseTooLargeError`.
    """

    def __init__(self, limit: int | None = None, request: httpx.Request | None = None) -> None:
        self._data: list[str] = []
        self._size = 0
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None
        self._limit = limit
        self._request = request

    def feed(self, line: str) -> ServerSentEvent | None:
        """Take one line (without its end); return the event it completes, if any."""
        if not line:
            return self.flush()
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._size += len(value) + 1
            if self._limit is not None and self._size > self._limit:
                raise ResponseTooLargeError(self._request, self._limit, "event of the stream")
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
        self._size = 0
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


def _request(response: httpx.Response) -> httpx.Request | None:
    try:
        return response.request
    except RuntimeError:  # a response made without one
        return None


def _idle(response: httpx.Response) -> float | None:
    """The longest wait for the next item: the request's read timeout."""
    request = _request(response)
    timeouts = request.extensions.get("timeout") if request is not None else None
    read = timeouts.get("read") if isinstance(timeouts, dict) else None
    return float(read) if isinstance(read, int | float) else None


def _broken(response: httpx.Response, exc: httpx.TransportError, timed_out: bool) -> APIError:
    """The error a stream that failed mid-way raises: it stalled, or it was cut off."""
    request = _request(response) or exc.request
    if timed_out or isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(request)
    return APIConnectionError(
        request, f"{where(request)}: the stream broke off ({type(exc).__name__})"
    )


def _whole_json(response: httpx.Response) -> bool:
    """True when the server sent one JSON document rather than an event stream."""
    return json_media(str(response.headers.get("content-type", "")))


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
        limit: int | None = None,
    ) -> None:
        self._response = response
        self._decode = decode
        # a whole JSON document is JSON whatever the events would be: read it as such
        self._document = document or (lambda text: decode(ServerSentEvent(text)))
        self._lines = _Lines(limit, _request(response))
        self._decoder = SSEDecoder(limit, _request(response))
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
        """The items left when the bytes end: those a final CR completes. An event not
        ended by a blank line is discarded."""
        yield from self._items(self._lines.end())

    def _items(self, lines: list[str]) -> Iterator[T]:
        for line in lines:
            event = self._decoder.feed(line)
            if event is None:
                continue
            if not _check(event, self._response):
                self.ended = True
                return
            item = self._decode(event)
            if item is not SKIPPED:
                yield item


class Stream(Generic[T]):
    """The items of an event stream, parsed as they arrive. Use in a ``for`` loop or ``with``."""

    def __init__(
        self,
        response: httpx.Response,
        decode: Callable[[ServerSentEvent], T],
        document: Callable[[str], T] | None = None,
        limit: int | None = None,
    ) -> None:
        self.response = response
        self._reader = _ItemReader(response, decode, document, limit)
        self._limit = limit
        self._idle = _idle(response)
        self._iterator = self._items()

    def _watch(self) -> Watch:
        """The wait for the next item: the watchdog ends it at the read timeout."""
        watch = WATCHDOG.watch(Deadline(self._idle))
        watch.connection(self.response.extensions.get("network_stream"))
        return watch

    def _items(self) -> Iterator[T]:
        reader = self._reader
        response = self.response
        watch = self._watch()
        try:
            if _whole_json(response):
                body = read_capped(response, self._limit, watch.deadline)
                if watch.fired:  # the body was cut short at the deadline
                    raise APITimeoutError(response.request)
                watch.end()
                yield from reader.whole(body)
                return
            for chunk in response.iter_bytes():
                for item in reader.feed(chunk):
                    watch.end()
                    yield item
                    watch = self._watch()
                if reader.ended:
                    return
                if watch.deadline.expired():  # bytes dripping in, but no item
                    raise APITimeoutError(response.request)
            if watch.fired:  # the connection was shut at the deadline
                raise APITimeoutError(response.request)
            watch.end()
            yield from reader.end()
        except httpx.TransportError as exc:
            raise _broken(response, exc, watch.fired) from exc
        finally:
            watch.end()
            response.close()

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
        limit: int | None = None,
    ) -> None:
        self.response = response
        self._reader = _ItemReader(response, decode, document, limit)
        self._limit = limit
        self._idle = _idle(response)
        self._iterator = self._items()

    async def _items(self) -> AsyncIterator[T]:
        import asyncio  # here: importing asyncio costs sync users 10 ms

        reader = self._reader
        response = self.response
        idle = self._idle
        try:
            if _whole_json(response):
                async with asyncio.timeout(idle):
                    body = await aread_capped(response, self._limit)
                for item in reader.whole(body):
                    yield item
                return
            chunks = response.aiter_bytes().__aiter__()
            deadline = Deadline(idle)
            while True:
                try:
                    async with asyncio.timeout(None if idle is None else deadline.remaining()):
                        chunk = await anext(chunks)
                except StopAsyncIteration:
                    break
                for item in reader.feed(chunk):
                    yield item
                    deadline = Deadline(idle)
                if reader.ended:
                    return
            for item in reader.end():
                yield item
        except TimeoutError as exc:
            raise APITimeoutError(response.request) from exc
        except httpx.TransportError as exc:
            raise _broken(response, exc, False) from exc
        finally:
            await response.aclose()

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
