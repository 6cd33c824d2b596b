"""Raw-socket HTTP/1.1 servers that misuse keep-alive, for the transport's resend rule.

``KeepAliveCloser`` answers the first request of each connection (keep-alive, no
``Connection: close``) and closes the connection when the next request arrives, unread:
the way uvicorn closes a connection after an unhandled exception. ``Dier`` reads every
request whole and closes without answering: a server that dies on the request.

The others serve each connection in a thread of its own, for the runner's deadlines and
caps: ``Silent`` reads the request and never answers; ``Dripper`` sends a correct answer a
few bytes at a time (from its status line, or its body only); ``Flood`` answers with an
endless (or very long) body, plain or as a gzip bomb; ``EndlessEvents`` answers with a
server-sent event stream that never ends; ``Constant`` answers a body that is quick to
send and slow to judge.
"""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

ANSWER = b'{"ok":true}'
REFUSAL = b'{"detail":"n must be one digit"}'


def _read_request(conn: socket.socket, buffer: bytes) -> tuple[bytes | None, bytes]:
    """One request's bytes (headers and Content-Length body) and what follows; None at EOF."""
    while b"\r\n\r\n" not in buffer:
        chunk = conn.recv(65536)
        if not chunk:
            return None, buffer
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return None, b""
        rest += chunk
    return head + b"\r\n\r\n" + rest[:length], rest[length:]


def _reset(conn: socket.socket) -> None:
    # SO_LINGER 0: close with a reset, as a server closing with unread input does
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


class _Server:
    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.received = 0  # requests read whole
        self.answered = 0
        self.connections = 0
        self._stop = False
        self.threaded = False  # each connection in a thread of its own

    def serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            conn.settimeout(5)
            if self.threaded:
                threading.Thread(target=self._serve_one, args=(conn,), daemon=True).start()
            else:
                self._serve_one(conn)

    def _serve_one(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            self.connection(conn)

    def connection(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def answer(self, conn: socket.socket, request: bytes) -> None:
        """200 ``{"ok": true}`` to a GET; 422 when the query's ``n`` is not one digit; 405
        with ``Allow`` to another method."""
        conn.sendall(self.response(request))
        self.answered += 1

    def response(self, request: bytes) -> bytes:
        """The bytes of :meth:`answer`'s answer to ``request``."""
        method, target = (p.decode("latin-1") for p in request.split(b" ", 2)[:2])
        query = dict(parse_qsl(urlsplit(target).query))
        valid = "n" not in query or re.fullmatch("[0-9]", query["n"]) is not None
        status, body = ("200 OK", ANSWER) if valid else ("422 Unprocessable Entity", REFUSAL)
        allow = ""
        if method != "GET":
            status, body, allow = "405 Method Not Allowed", REFUSAL, "allow: GET\r\n"
        head = (
            f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{allow}"
            f"content-length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    def until_stopped(self, conn: socket.socket) -> None:
        """Hold the connection open, reading nothing, until the client closes or the server
        stops."""
        conn.settimeout(0.1)
        while not self._stop:
            try:
                if not conn.recv(1, socket.MSG_PEEK):
                    return
                time.sleep(0.1)  # something came; it is not read
            except TimeoutError:
                continue

    def stop(self) -> None:
        self._stop = True
        self.sock.close()


class KeepAliveCloser(_Server):
    def connection(self, conn: socket.socket) -> None:
        request, rest = _read_request(conn, b"")
        if request is None:
            conn.close()
            return
        self.received += 1
        self.answer(conn, request)
        # wait for the next request on this connection, then close under it, unread
        if rest or conn.recv(1, socket.MSG_PEEK):
            _reset(conn)
        else:
            conn.close()


class Dier(_Server):
    def connection(self, conn: socket.socket) -> None:
        request, _ = _read_request(conn, b"")
        if request is not None:
            self.received += 1
        _reset(conn)


@contextlib.contextmanager
def running(server: _Server) -> Iterator[_Server]:
    """``server`` accepting connections in a thread while the block runs."""
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop()
        thread.join(timeout=5)


def _get(request: bytes) -> bool:
    return request.startswith(b"GET ")


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


_NOT_ALLOWED = (
    b"HTTP/1.1 405 Method Not Allowed\r\ncontent-type: application/json\r\n"
    b"allow: GET\r\ncontent-length: %d\r\n\r\n%s" % (len(REFUSAL), REFUSAL)
)


class Silent(_Server):
    """Reads each request and never answers."""

    def __init__(self) -> None:
        super().__init__()
        self.threaded = True

    def connection(self, conn: socket.socket) -> None:
        request, _ = _read_request(conn, b"")
        if request is not None:
            self.received += 1
            self.until_stopped(conn)


class Dripper(_Server):
    """A correct answer (:meth:`_Server.response`), ``step`` bytes every ``interval`` seconds:
    from its status line, or with ``body_only`` the head at once and then the body. A body
    of ``padding`` spaces after the JSON makes it last."""

    def __init__(
        self, interval: float, step: int = 1, body_only: bool = False, padding: int = 0
    ) -> None:
        super().__init__()
        self.threaded = True
        self.interval, self.step, self.body_only, self.padding = interval, step, body_only, padding

    def response(self, request: bytes) -> bytes:
        answer = super().response(request)
        head, _, body = answer.partition(b"\r\n\r\n")
        body += b" " * self.padding
        head = re.sub(rb"content-length: \d+", b"content-length: %d" % len(body), head)
        return head + b"\r\n\r\n" + body

    def connection(self, conn: socket.socket) -> None:
        buffer = b""
        while not self._stop:
            request, buffer = _read_request(conn, buffer)
            if request is None:
                return
            self.received += 1
            answer = self.response(request)
            start = answer.index(b"\r\n\r\n") + 4 if self.body_only else 0
            conn.sendall(answer[:start])
            for at in range(start, len(answer), self.step):
                if self._stop:
                    return
                time.sleep(self.interval)
                conn.sendall(answer[at : at + self.step])
            self.answered += 1


class Flood(_Server):
    """200 to a GET with a body that goes on: ``size`` bytes (chunked; None: until the client
    closes), plain JSON-looking digits or, with ``bomb``, gzip that inflates a thousandfold."""

    def __init__(self, size: int | None = None, bomb: bool = False) -> None:
        super().__init__()
        self.threaded = True
        self.size, self.bomb = size, bomb
        self.sent = 0  # body bytes written, over every answer

    def pieces(self) -> Iterator[bytes]:
        if self.bomb:  # one gzip stream of zeros, written as it is compressed
            packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
            block = packer.compress(b"0" * (1 << 20))  # the next blocks compress alike
            yield block
            while True:
                yield packer.compress(b"0" * (1 << 20)) or packer.flush(zlib.Z_SYNC_FLUSH)
        piece = b"1," * (1 << 15)
        yield b"[" + piece
        while True:
            yield piece

    def connection(self, conn: socket.socket) -> None:
        request, _ = _read_request(conn, b"")
        if request is None:
            return
        self.received += 1
        if not _get(request):
            conn.sendall(_NOT_ALLOWED)
            return
        coding = b"content-encoding: gzip\r\n" if self.bomb else b""
        conn.sendall(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n%s"
            b"transfer-encoding: chunked\r\n\r\n" % coding
        )
        left = self.size
        for piece in self.pieces():
            if self._stop:
                return
            data = piece if left is None else piece[:left]
            conn.sendall(_chunk(data))
            self.sent += len(data)
            if left is not None:
                left -= len(data)
                if left <= 0:
                    conn.sendall(b"0\r\n\r\n")
                    self.answered += 1
                    return


class EndlessEvents(_Server):
    """200 to a GET with a server-sent event stream, one event every ``interval`` seconds,
    that ends only when the client closes; 405 with ``Allow`` to another method."""

    def __init__(self, interval: float) -> None:
        super().__init__()
        self.threaded = True
        self.interval = interval
        self.events = 0

    def connection(self, conn: socket.socket) -> None:
        request, _ = _read_request(conn, b"")
        if request is None:
            return
        self.received += 1
        if not _get(request):
            conn.sendall(_NOT_ALLOWED)
            return
        conn.sendall(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
            b"cache-control: no-cache\r\ntransfer-encoding: chunked\r\n\r\n"
        )
        while not self._stop:
            conn.sendall(_chunk(b"event: tick\ndata: tick %d\n\n" % self.events))
            self.events += 1
            time.sleep(self.interval)


class Constant(_Server):
    """200 with ``body`` (JSON) to every GET, read whole by the client in no time: a body
    that costs the judge, not the wire; 405 with ``Allow`` to another method."""

    def __init__(self, body: bytes) -> None:
        super().__init__()
        self.threaded = True
        self.body = body

    def connection(self, conn: socket.socket) -> None:
        buffer = b""
        while not self._stop:
            request, buffer = _read_request(conn, buffer)
            if request is None:
                return
            self.received += 1
            if not _get(request):
                conn.sendall(_NOT_ALLOWED)
                continue
            conn.sendall(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                b"content-length: %d\r\n\r\n%s" % (len(self.body), self.body)
            )
            self.answered += 1
