"""Raw-socket HTTP/1.1 servers that misuse keep-alive, for the transport's resend rule.

``KeepAliveCloser`` answers the first request of each connection (keep-alive, no
``Connection: close``) and closes the connection when the next request arrives, unread:
the way uvicorn closes a connection after an unhandled exception. ``Dier`` reads every
request whole and closes without answering: a server that dies on the request.
"""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import threading
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
            with contextlib.suppress(OSError):
                self.connection(conn)

    def connection(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def answer(self, conn: socket.socket, request: bytes) -> None:
        """200 ``{"ok": true}`` to a GET; 422 when the query's ``n`` is not one digit; 405
        with ``Allow`` to another method."""
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
        conn.sendall(head.encode() + body)
        self.answered += 1

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
