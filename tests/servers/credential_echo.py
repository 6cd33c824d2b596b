"""A server on loopback that hands every credential it receives back to the client.

What an attacker who controls (or compromised) an API would do to get a key into the
client's logs and errors: ``/qitems`` redirects to a URL that repeats the query (and so the
key), every other path answers 401 with the request line and all headers in the body, and
``/events`` sends them in a stream's ``error`` event. Each request is recorded as received,
so a test can check that the credentials still reached the server.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Received:
    """One request as it arrived: the request target (percent-encoded) and the headers."""

    target: str
    headers: dict[str, str]

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(urlsplit(self.target).query))


class _Echo(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass  # the test's output stays its own

    def do_GET(self) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        self.server.received.append(Received(self.path, headers))
        echo = f"{self.requestline} {headers}"
        split = urlsplit(self.path)
        if split.path == "/qitems" and "hop" not in split.query:
            self._answer(302, b"", {"Location": f"/qitems?hop=1&{split.query}"})
        elif split.path == "/events":
            event = f"event: error\ndata: {echo}\n\n".encode()
            self._answer(200, event, {"Content-Type": "text/event-stream"})
        else:
            body = json.dumps({"detail": echo}).encode()
            self._answer(401, body, {"Content-Type": "application/json", "Link": f"<{self.path}>"})

    def _answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    received: list[Received]


@contextlib.contextmanager
def serving() -> Iterator[tuple[str, list[Received]]]:
    """The server's base URL and the list of requests it receives, while it runs."""
    server = _Server(("127.0.0.1", 0), _Echo)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(2)
