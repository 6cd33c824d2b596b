"""Send one request and read its answer; resend once what provably never reached the server.

A server may close an idle keep-alive connection at any time (uvicorn closes it after an
unhandled exception, without ``Connection: close``); a request written on it just before
the close arrives is lost without the server ever reading it. Such a loss is no answer of
the server's, so it is not a finding: the request is sent once more on a new connection.
A request is resent only when the wire proves the server cannot have answered it:

- writing it failed (the server has not read it whole), or
- it went on a reused connection and reading failed before the answer began.

A failure on a new connection after the request was written (the server read it and
died), a timeout, or a connection cut in the middle of an answer is never resent: that
remains a finding. Which of these happened is read from httpcore's ``trace`` events.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from generator.conformance.checks import Answer
from generator.conformance.wire import HttpRequest

__all__ = ["NoAnswer", "Transport"]

_NEW_CONNECTION = "connection.connect_tcp.complete"
_WRITE_FAILED = ("http11.send_request_headers.failed", "http11.send_request_body.failed")
_READ_FAILED_BEFORE_ANSWER = "http11.receive_response_headers.failed"


@dataclass(frozen=True)
class NoAnswer:
    """A request the server did not answer, and why."""

    message: str
    unreachable: bool = False  # no connection could be opened at all


def never_reached(events: list[str]) -> bool:
    """True when the ``trace`` events show the request cannot have been answered by the server."""
    if any(event in _WRITE_FAILED for event in events):
        return True
    return _READ_FAILED_BEFORE_ANSWER in events and _NEW_CONNECTION not in events


class Transport:
    """An HTTP/1.1 client that counts the requests it had to send again."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.client = self._client()
        self.resent = 0  # requests sent again after a connection closed under them

    def _client(self) -> httpx.Client:
        return httpx.Client(timeout=self.timeout, follow_redirects=False)

    def send(self, request: HttpRequest) -> Answer | NoAnswer:
        """The answer to ``request`` (its token already filled in), or why there is none."""
        answer = self._once(request)
        if isinstance(answer, list):  # lost on a closed connection: once more, on a new one
            self.resent += 1
            self.client.close()
            self.client = self._client()
            answer = self._once(request)
        if isinstance(answer, list):
            return NoAnswer("no answer: the connection closed before the answer, twice")
        return answer

    def _once(self, request: HttpRequest) -> Answer | NoAnswer | list[str]:
        """The answer, why there is none, or (a list) the events of a request that was lost."""
        events: list[str] = []

        def trace(name: str, info: object) -> None:
            events.append(name)

        try:
            response = self.client.request(
                request.method,
                request.url,
                headers=list(request.headers),
                content=request.body,
                extensions={"trace": trace},
            )
        except httpx.TimeoutException:
            return NoAnswer("no answer before the timeout")
        except httpx.ConnectError as exc:
            return NoAnswer(f"no answer: {type(exc).__name__}: {exc}", unreachable=True)
        except httpx.TransportError as exc:
            if never_reached(events):
                return events
            return NoAnswer(f"no answer: {type(exc).__name__}: {exc}")
        except httpx.HTTPError as exc:
            return NoAnswer(f"no answer: {type(exc).__name__}: {exc}")
        headers = {k.lower(): v for k, v in response.headers.items()}
        return Answer(response.status_code, headers, response.content)

    def close(self) -> None:
        """Close the connections."""
        self.client.close()
