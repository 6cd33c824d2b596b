"""Raw-socket HTTP/1.1 servers that answer slowly, stall, cut off or never stop sending.

``Scripted`` answers each request with the parts its script gives, one after another,
each after a pause; then it holds the connection open (until the client closes it) or
closes it. The scripts below drip an answer a byte at a time, stall mid-answer, cut an
event stream mid-event, send a line without end or a body of any size.
"""

from __future__ import annotations

import contextlib
import itertools
import socket
import time
from collections.abc import Callable, Iterable, Iterator

from tests.servers.hostile_sockets import _read_request, _Server

Script = Callable[[], Iterable[bytes]]


def head(
    status: str = "200 OK",
    content_type: str = "application/json",
    *,
    length: int | None = None,
    chunked: bool = False,
    extra: str = "",
) -> bytes:
    """A response head; without ``length`` or ``chunked``, the body ends with the connection."""
    lines = [f"HTTP/1.1 {status}", f"content-type: {content_type}"]
    if length is not None:
        lines.append(f"content-length: {length}")
    if chunked:
        lines.append("transfer-encoding: chunked")
    if length is None and not chunked:
        lines.append("connection: close")
    return ("\r\n".join(lines) + "\r\n" + extra + "\r\n").encode()


def chunk(data: bytes) -> bytes:
    """``data`` as one chunk of a chunked body."""
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def drip(data: bytes) -> Iterator[bytes]:
    """``data`` one byte at a time."""
    return (data[i : i + 1] for i in range(len(data)))


def once(*parts: bytes) -> Script:
    """The script that sends ``parts`` to every request."""
    return lambda: parts


def endless(piece: bytes) -> Iterator[bytes]:
    """``piece`` again and again, for ever."""
    while True:
        yield piece


class Scripted(_Server):
    def __init__(self, script: Script, *, pause: float = 0.0, hold: bool = False) -> None:
        super().__init__()
        self.script = script
        self.pause = pause
        self.hold = hold
        self.sent = 0  # bytes of answers sent

    def connection(self, conn: socket.socket) -> None:
        request, _ = _read_request(conn, b"")
        if request is None:
            conn.close()
            return
        self.received += 1
        try:
            for part in self.script():
                if self._stop:
                    return
                conn.sendall(part)
                self.sent += len(part)
                if self.pause:
                    time.sleep(self.pause)
            self.answered += 1
            if self.hold:
                self._hold(conn)
        finally:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def _hold(self, conn: socket.socket) -> None:
        """Keep the connection open, silent, until the client closes it (or the server stops)."""
        conn.settimeout(0.05)
        while not self._stop:
            try:
                if not conn.recv(65536):
                    return
            except TimeoutError:
                continue


class KeptAlive(_Server):
    """Answers the requests of one connection in turn, the n-th with ``scripts[n]`` (the last
    script for any later one); the connection stays open between them. The parts of every
    answer but the first are each followed by ``pause``."""

    def __init__(self, *scripts: Script, pause: float = 0.0) -> None:
        super().__init__()
        self.scripts = scripts
        self.pause = pause
        self.sent = 0

    def connection(self, conn: socket.socket) -> None:
        buffer = b""
        for index in itertools.count():
            request, buffer = _read_request(conn, buffer)
            if request is None or self._stop:
                return
            self.received += 1
            slow = index > 0 and self.pause
            for part in self.scripts[min(index, len(self.scripts) - 1)]():
                if self._stop:
                    return
                conn.sendall(part)
                self.sent += len(part)
                if slow:
                    time.sleep(self.pause)
            self.answered += 1
