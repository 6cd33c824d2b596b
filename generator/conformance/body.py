"""Read an answer's body into memory without ever holding more than a cap.

The body is read as it arrives, raw (before content decoding), and decoded here with the
output of every step bounded: a few kilobytes of gzip that inflate to gigabytes stop at the
cap like any long body. Only the codings the runner advertises (``ACCEPT_ENCODING``) are
decoded; a body in another coding is kept as it came, as httpx keeps one it cannot decode.

A server-sent event stream (``text/event-stream``) may never end, and a correct server may
keep it open: it is read event by event, and what ends the read (its end, the deadline, the
cap) is not a fault of the server; the answer holds the complete events read by then.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ACCEPT_ENCODING", "Body", "BodyReader", "DecodingFailed"]

ACCEPT_ENCODING = "gzip, deflate"
_EVENT_END = re.compile(rb"(\r\n|\r|\n)(\r\n|\r|\n)")


class DecodingFailed(Exception):
    """The body does not decode in the coding its ``Content-Encoding`` names."""


class _Inflater:
    """gzip or deflate (zlib-wrapped or raw, as servers send both), inflated to a bound."""

    def __init__(self, coding: str):
        self.coding = coding
        self.gzip = coding in {"gzip", "x-gzip"}
        self.inflater = zlib.decompressobj(zlib.MAX_WBITS | 16 if self.gzip else zlib.MAX_WBITS)
        self.first = True

    def feed(self, data: bytes, limit: int) -> bytes:
        """At most ``limit`` bytes of what ``data`` inflates to (more input is not needed:
        the caller stops once it has more than it may hold)."""
        try:
            return self.inflater.decompress(data, limit)
        except zlib.error as exc:
            if self.first and not self.gzip:  # deflate without its zlib wrapper
                self.first = False
                self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.feed(data, limit)
            raise DecodingFailed(f"the body is not valid {self.coding}") from exc
        finally:
            self.first = False


@dataclass
class Body:
    """What was read of one body."""

    content: bytes = b""
    exceeded: bool = False  # more than the cap came: ``content`` is its first bytes only
    complete: bool = False  # the body ended (or, for an event stream, was read far enough)


class BodyReader:
    """Reads one body within ``cap`` bytes (decoded) as its chunks arrive."""

    def __init__(self, cap: int, content_encoding: str, event_stream: bool):
        self.cap = cap
        self.event_stream = event_stream
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        known = len(codings) == 1 and codings[0] in {"gzip", "x-gzip", "deflate"}
        self.inflater = _Inflater(codings[0]) if known else None
        self.buffer = bytearray()
        self.body = Body()

    def read(self, chunks: Iterable[bytes]) -> Body:
        """Read until the body ends or exceeds the cap; the caller's deadline may cut it."""
        for chunk in chunks:
            if not self.add(chunk):
                self.body.exceeded = not self.event_stream
                self.body.complete = self.event_stream
                return self.settle()
        self.body.complete = True
        return self.settle()

    def add(self, chunk: bytes) -> bool:
        """Take one raw chunk; False once the body no longer fits the cap."""
        room = self.cap - len(self.buffer)
        data = self.inflater.feed(chunk, room + 1) if self.inflater is not None else chunk
        self.buffer += data[: room + 1]
        return len(self.buffer) <= self.cap

    def settle(self) -> Body:
        """The body as read so far (an event stream keeps only its complete events); the
        reader lets go of its buffer."""
        del self.buffer[self.cap :]
        content, self.buffer = bytes(self.buffer), bytearray()
        if self.event_stream:
            ends = list(_EVENT_END.finditer(content))
            content = content[: ends[-1].end()] if ends else b""
            self.body.complete = True  # an open stream is no fault: judged by its events
        self.body.content = content
        return self.body
