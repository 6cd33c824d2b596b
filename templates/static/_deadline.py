"""How long a call may take: its timeout is a deadline for the whole call, from connecting
to the last byte of the answer, and its retries share one budget.

httpx bounds each wait (to connect, for each read, for each write) but not their sum: a
server that sends one byte a second never trips a read timeout. Here every wait is also
bounded by what is left of the call's deadline (:class:`Waits`, the ``timeout`` extension
httpx hands to its transport), the sync client has a :class:`Watchdog` thread shut the
connection down when the deadline passes in the middle of a read, and the async client
cancels the attempt at the deadline.
"""

from __future__ import annotations

import heapq
import itertools
import os
import socket
import sys
import threading
import time
import types
from collections.abc import Mapping
from typing import Any

import httpx

__all__ = ["WATCHDOG", "Deadline", "Waits", "Watch", "Watchdog", "arm", "call_seconds"]


def call_seconds(timeout: Mapping[str, float | None]) -> float | None:
    """The deadline of a whole attempt, from httpx's per-wait timeouts: the longest of them
    (a number given as ``timeout`` sets all four); None when none is set."""
    limits = [v for v in timeout.values() if v is not None]
    return max(limits) if limits else None


class Deadline:
    """A point in time (``time.monotonic``); ``None`` seconds is no deadline."""

    __slots__ = ("end",)

    end: float

    def __init__(self, seconds: float | None, *, within: Deadline | None = None) -> None:
        end = time.monotonic() + seconds if seconds is not None else float("inf")
        self.end = min(end, within.end) if within is not None else end

    def remaining(self) -> float:
        """Seconds left (0 once passed; ``inf`` without a deadline)."""
        return max(0.0, self.end - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.end

    def allows(self, seconds: float) -> bool:
        """Whether waiting ``seconds`` still leaves time before the deadline."""
        return time.monotonic() + seconds < self.end


class Waits(dict[str, Any]):
    """httpx's ``timeout`` extension, each wait bounded by what is left of a deadline.

    The transport reads a value when a wait starts (connecting, sending, reading the
    head, reading the body), so each wait gets the time left at that moment.
    ``release()`` lifts the deadline: a stream's body is bounded per wait only.
    """

    def __init__(self, timeout: Mapping[str, float | None], deadline: Deadline) -> None:
        super().__init__(timeout)
        self.deadline: Deadline | None = deadline

    def get(self, key: str, default: Any = None) -> Any:
        value = super().get(key, default)
        if self.deadline is None or key not in self:
            return value
        left = self.deadline.remaining()
        return left if value is None else min(value, left)

    def __getitem__(self, key: str) -> Any:
        return self.get(key)

    def release(self) -> None:
        self.deadline = None


class Watch:
    """One attempt the :class:`Watchdog` guards: the connection it reads from, once known."""

    __slots__ = ("_stream", "deadline", "done", "fired", "lock")

    def __init__(self, deadline: Deadline) -> None:
        self.deadline = deadline
        self._stream: Any = None
        self.done = False
        self.fired = False
        self.lock = threading.Lock()

    def connection(self, stream: Any) -> None:
        """The network stream (httpcore's) the attempt reads from."""
        with self.lock:
            self._stream = stream
            if self.fired:  # the deadline passed before the connection was known
                _shut(stream)

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpx's ``trace`` extension: learns the connection when one is opened, and the
        one a request is sent on (a connection kept alive from an earlier call too)."""
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            self.connection(info.get("return_value"))
        elif event.endswith(".send_request_headers.started"):
            stream = _sending_stream()
            if stream is not None:
                self.connection(stream)

    def end(self) -> None:
        """The attempt is over (answered, failed, or handed over as a stream)."""
        with self.lock:
            self.done = True
            self._stream = None

    def fire(self) -> None:
        with self.lock:
            if self.done:
                return
            self.fired = True
            if self._stream is not None:
                _shut(self._stream)


def _sending_stream() -> Any:
    """The network stream of the connection whose request the trace is told of.

    httpcore hands the trace the stream of a connection it opens, but not of one it reuses:
    that one is the connection object's own, found a few calls up (the trace is called from
    within the connection's ``handle_request``). None when it cannot be found.
    """
    frame: types.FrameType | None = sys._getframe(2)
    for _ in range(8):
        if frame is None:
            return None
        stream = getattr(frame.f_locals.get("self"), "_network_stream", None)
        if stream is not None:
            return stream
        frame = frame.f_back
    return None


def _shut(stream: Any) -> None:
    """Shut the socket down: a read blocked on it in another thread returns at once."""
    sock = stream.get_extra_info("socket") if stream is not None else None
    if isinstance(sock, socket.socket):
        try:
            # the plain socket's shutdown: a TLS socket's own one would drop its state
            # under the reading thread
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:
            pass


class Watchdog:
    """One daemon thread, started on first use, that fires each watch at its deadline."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget every watch and the thread (a child process has no thread after a fork)."""
        self._heap: list[tuple[float, int, Watch]] = []
        self._order = itertools.count()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self._compact_at = 64  # watches ended early stay queued until then

    def watch(self, deadline: Deadline) -> Watch:
        watch = Watch(deadline)
        if deadline.end == float("inf"):
            return watch
        with self._wake:
            if len(self._heap) >= self._compact_at:
                self._heap = [entry for entry in self._heap if not entry[2].done]
                heapq.heapify(self._heap)
                self._compact_at = max(64, 2 * len(self._heap))
            heapq.heappush(self._heap, (deadline.end, next(self._order), watch))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="deadline", daemon=True)
                self._thread.start()
            elif self._heap[0][2] is watch:
                self._wake.notify()
        return watch

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._wake.wait()
                    continue
                end, _, watch = self._heap[0]
                left = end - time.monotonic()
                if left > 0:
                    self._wake.wait(left)
                    continue
                heapq.heappop(self._heap)
            watch.fire()


WATCHDOG = Watchdog()
if hasattr(os, "register_at_fork"):  # POSIX
    # a child process has no watchdog thread: it starts its own on first use
    os.register_at_fork(after_in_child=WATCHDOG.reset)


def arm(request: httpx.Request, budget: Deadline) -> Waits:
    """Give ``request`` the deadline of one attempt: its timeout from now, within ``budget``."""
    timeout = request.extensions.get("timeout") or {}
    waits = Waits(timeout, Deadline(call_seconds(timeout), within=budget))
    request.extensions = {**request.extensions, "timeout": waits}
    return waits
