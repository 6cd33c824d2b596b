"""Send one request and read its answer within a deadline; resend once what provably never
reached the server.

The deadline is wall-clock, from opening the connection to the answer's last byte: httpx's
own timeout bounds each read, so a server dripping one byte a second would never trip it.
Every socket operation of a request waits at most the time left before its deadline
(:mod:`generator.conformance.deadline`): connecting, writing, waiting for the status line,
reading the body. The body is read as it arrives and never held beyond the cap
(:mod:`generator.conformance.body`).

A server may close an idle keep-alive connection at any time (uvicorn closes it after an
unhandled exception, without ``Connection: close``); a request written on it just before
the close arrives is lost without the server ever reading it. Such a loss is no answer of
the server's, so it is not a finding: the request is sent once more on a new connection.
A request is resent only when the wire proves the server cannot have answered it:

- writing it failed (the server has not read it whole), or
- it went on a reused connection and reading failed before the answer began.

A failure on a new connection after the request was written (the server read it and
died), a timeout, or a connection cut in the middle of an answer is never resent: that
remains a finding. Which of these happened is read from httpcore's ``trace`` events. The
resent request has a deadline of its own, as long as the first, but never past ``end``:
a request the run's end cut short is no answer of the server's either (``NoAnswer.cut``).
"""

from __future__ import annotations

import time
from collections import Counter
from urllib.parse import urlsplit

import httpx

from generator.conformance.body import Body, BodyReader, DecodingFailed
from generator.conformance.checks import Answer
from generator.conformance.deadline import Clock, DeadlineTransport
from generator.conformance.pace import Pace
from generator.conformance.wire import HttpRequest
from generator.openapi import classify
from generator.records import record

__all__ = ["NoAnswer", "Transport", "shown_proxy"]

_NEW_CONNECTION = "connection.connect_tcp.complete"
_WRITE_FAILED = ("http11.send_request_headers.failed", "http11.send_request_body.failed")
_READ_FAILED_BEFORE_ANSWER = "http11.receive_response_headers.failed"


# the headers httpx adds to every request of a client unless told otherwise
_CLIENT_DEFAULTS = ("User-Agent", "Accept", "Accept-Encoding", "Connection")


@record
class NoAnswer:
    """A request the server did not answer, and why."""

    message: str
    unreachable: bool = False  # no connection could be opened at all
    cut: bool = False  # the run's end, not the request's deadline, stopped it: not a finding


def shown_proxy(proxy: str) -> str:
    """``proxy`` as messages show it: its password replaced by ``***``.

    Requests go through a proxy only when one is given (``--proxy``): ``HTTP_PROXY``,
    ``HTTPS_PROXY``, ``ALL_PROXY`` and ``.netrc`` are not read. A proxy set for downloads
    would stand between the run and the server it judges, able to answer in its place (a 407,
    a 502, a cached answer), and would see every request of a run, the built-in mock's on
    loopback and the server's credentials among them."""
    parts = urlsplit(proxy)
    if parts.password is None:
        return proxy
    user, _, host = parts.netloc.rpartition("@")
    return parts._replace(netloc=f"{user.partition(':')[0]}:***@{host}").geturl()


def never_reached(events: list[str]) -> bool:
    """True when the ``trace`` events show the request cannot have been answered by the server."""
    if any(event in _WRITE_FAILED for event in events):
        return True
    return _READ_FAILED_BEFORE_ANSWER in events and _NEW_CONNECTION not in events


class _Attempt:
    """What one attempt saw: its ``trace`` events, the answer's head once it came, and the
    reader of its body."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.status: int | None = None  # set once the status line and headers arrived
        self.headers: dict[str, str] = {}
        self.repeated: frozenset[str] = frozenset()  # header names that came more than once
        # let go of once the attempt ends: httpx's request, in a cycle with its response that
        # only a garbage collection frees, holds the attempt through its trace
        self.reader: BodyReader | None = None

    def trace(self, name: str, info: object) -> None:
        self.events.append(name)

    def answer(self, body: Body) -> Answer:
        assert self.status is not None and self.reader is not None
        exceeded = self.reader.cap if body.exceeded else None
        return Answer(
            self.status, self.headers, body.content, exceeded=exceeded, repeated=self.repeated
        )


class Transport:
    """An HTTP/1.1 client with a wall-clock deadline per request and a cap per body; it
    counts the requests it had to send again."""

    def __init__(
        self,
        timeout: float,
        max_body: int,
        end: float | None = None,
        pace: Pace | None = None,
        proxy: str | None = None,
    ):
        self.timeout = timeout
        self.proxy = proxy  # the HTTP proxy every request goes through (None: straight)
        self.pace = pace  # the run's spacing of requests (--rate-limit), shared
        self.max_body = max_body
        self.end = end  # time.monotonic() past which no request may run
        self.resent = 0  # requests sent again after a connection closed under them
        self.clock = Clock()
        self.client = self._client()

    def _client(self) -> httpx.Client:
        client = httpx.Client(
            transport=DeadlineTransport(self.clock, self.proxy),
            trust_env=False,  # no proxy nor credentials from the environment: see shown_proxy
            timeout=self.timeout,
            follow_redirects=False,
        )
        # a request carries the headers it is given (its encoding's `User-Agent` and
        # `Accept-Encoding` among them), and none of httpx's beside them: a case leaving out
        # a required `User-Agent`, `Accept` or `Accept-Encoding` goes without one
        for name in _CLIENT_DEFAULTS:
            client.headers.pop(name, None)
        return client

    def send(self, request: HttpRequest) -> Answer | NoAnswer:
        """The answer to ``request`` (its token already filled in), or why there is none."""
        answer = self._attempt(request)
        if isinstance(answer, list):  # lost on a closed connection: once more, on a new one
            self.resent += 1
            self.client.close()
            self.client = self._client()
            answer = self._attempt(request)
        if isinstance(answer, list):
            return NoAnswer("no answer: the connection closed before the answer, twice")
        return answer

    def _attempt(self, request: HttpRequest) -> Answer | NoAnswer | list[str]:
        """One attempt within its deadline; a list of events for a request that was lost."""
        if self.pace is not None and not self.pace.wait(self.end):
            return NoAnswer("not sent when the run's time was up", cut=True)
        deadline = time.monotonic() + self.timeout
        cut = self.end is not None and self.end < deadline
        if self.end is not None and cut:
            deadline = self.end
        attempt = _Attempt()
        self.clock.at = deadline
        try:
            return self._exchange(request, attempt)
        except httpx.TimeoutException:  # the deadline, or one read took the whole timeout
            return self._late(attempt, cut)
        finally:
            self.clock.at = None
            attempt.reader = None

    def _late(self, attempt: _Attempt, cut: bool) -> Answer | NoAnswer:
        """What an attempt its deadline stopped yields."""
        if attempt.reader is not None and attempt.reader.event_stream:
            return attempt.answer(attempt.reader.settle())  # an open stream: its events so far
        if cut:
            return NoAnswer("not finished when the run's time was up", cut=True)
        if attempt.status is None or attempt.reader is None:
            return NoAnswer(f"no answer within the {self.timeout:g}s deadline")
        return NoAnswer(
            f"the {attempt.status} answer did not finish within the {self.timeout:g}s "
            f"deadline [{len(attempt.reader.buffer)} body bytes read]"
        )

    def _exchange(self, request: HttpRequest, attempt: _Attempt) -> Answer | NoAnswer | list[str]:
        try:
            with self.client.stream(
                request.method,
                request.url,
                headers=list(request.headers),
                content=request.body,
                extensions={"trace": attempt.trace},
            ) as response:
                attempt.headers = {k.lower(): v for k, v in response.headers.items()}
                names = Counter(k.lower() for k, _ in response.headers.multi_items())
                attempt.repeated = frozenset(k for k, n in names.items() if n > 1)
                attempt.status = response.status_code
                attempt.reader = BodyReader(
                    self.max_body,
                    attempt.headers.get("content-encoding", ""),
                    classify(attempt.headers.get("content-type")) == "event_stream",
                )
                return attempt.answer(attempt.reader.read(response.iter_raw()))
        except httpx.ConnectError as exc:
            return NoAnswer(f"no answer: {type(exc).__name__}: {exc}", unreachable=True)
        except httpx.TimeoutException:
            raise
        except httpx.TransportError as exc:
            if attempt.status is None and never_reached(attempt.events):
                return attempt.events
            return NoAnswer(f"no answer: {type(exc).__name__}: {exc}")
        except DecodingFailed as exc:
            return NoAnswer(f"no answer: {exc}")
        except httpx.HTTPError as exc:
            return NoAnswer(f"no answer: {type(exc).__name__}: {exc}")

    def close(self) -> None:
        """Close the connections."""
        self.client.close()
