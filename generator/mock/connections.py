"""The connections the mock holds: how many, for how long, and which one gives way.

uvicorn's h11 protocol bounds a request's head in size and closes an idle keep-alive
connection (``timeout_keep_alive``), but it waits forever for a head or a body that arrives a
byte at a time and accepts connections until the process runs out of file descriptors, so
slow clients can starve real ones. This protocol adds what is missing:

- a deadline for each request: from the connection's start, or from the first byte of the
  next request, to its last body byte; when it passes the connection gets a ``408`` and is
  closed (an idle keep-alive connection is uvicorn's ``timeout_keep_alive``);
- a cap on live connections: a new connection past the cap closes the oldest one that is not
  being answered (still sending its request, idle between requests, or waiting out its own
  ``slow`` fault); when every one is being answered, the new one gets a ``503`` and is closed.

A client that sends its request at once is answered while any number of slow ones come and go.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from generator.records import record

__all__ = ["BACKLOG", "Connections", "Limits", "fit_descriptors", "protocol_for"]

# their states once a request has fully arrived: the app is answering it
_RECEIVED = (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.ERROR)
_LATE = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nretry-after: 1\r\n"
    b"connection: close\r\n\r\n"
)

BACKLOG = 1024  # connections the kernel queues: a burst of connects is not dropped


@record
class Limits:
    """What one connection may cost (see the module's documentation; defaults: ``MockOptions``)."""

    request_timeout: float
    idle_timeout: float
    max_connections: int
    backlog: int = BACKLOG


_OWN_FILES = 64  # descriptors the process needs besides its connections


def _needed(limits: Limits) -> int:
    # the connections, plus two bursts of accepted sockets: asyncio accepts up to a backlog's
    # worth before any can give way, and the ones that gave way close one turn later
    return limits.max_connections + 2 * limits.backlog + _OWN_FILES


def fit_descriptors(limits: Limits, warn: Callable[[str], None]) -> Limits:
    """``limits`` with a connection cap and backlog the process's file descriptors can hold.

    A cap above what the process may open would never act: accepting would fail first, and
    that starves every client. The soft limit is raised when the hard one allows, otherwise
    the backlog and the cap are lowered (and ``warn`` says so).
    """
    try:
        import resource
    except ImportError:  # not a POSIX system: no limit to read
        return limits
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = _needed(limits)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft == resource.RLIM_INFINITY or soft >= wanted:
        return limits
    spare = max(4, soft - _OWN_FILES)
    backlog = max(1, min(limits.backlog, spare // 4))
    cap = max(1, min(limits.max_connections, spare - 2 * backlog))
    warn(f"warning: at most {cap} connections at once: this process may open {soft} files")
    return dataclasses.replace(limits, max_connections=cap, backlog=backlog)


class _Guarded(H11Protocol):
    """uvicorn's h11 protocol with a request deadline, registered with :class:`Connections`."""

    registry: Connections  # set on the subclass :func:`protocol_for` makes
    key: tuple[Any, ...] = ()
    pausing = False  # waiting out its own slow fault
    deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        peer = transport.get_extra_info("peername")
        self.key = tuple(peer[:2]) if peer else ("connection", id(self))
        if not self.registry.admit(self):
            transport.write(_BUSY)
            transport.close()
            return
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self.deadline is None and self.conn.their_state not in _RECEIVED:
            self._arm()  # the first bytes of the next request
        super().data_received(data)
        if self.conn.their_state in _RECEIVED:
            self._disarm()  # the whole request is in: the app answers it

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.conn.their_state in _RECEIVED:
            self._disarm()  # a pipelined request, whole: the app answers it
        elif self.conn.their_state is h11.IDLE and not self.conn.trailing_data[0]:
            self._disarm()  # idle between requests: uvicorn's keep-alive timeout applies
            self.registry.touch(self)
        else:
            self._arm()  # part of the next request is already here

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self.registry.forget(self)
        super().connection_lost(exc)

    def evictable(self) -> bool:
        """Whether nothing is being answered here: the connection may give way to a new one."""
        return self.pausing or self.conn.their_state not in _RECEIVED

    def cut(self, answer: bytes = b"") -> None:
        """Close the connection, first writing ``answer`` when no response has started."""
        self._disarm()
        if self.transport is None or self.transport.is_closing():
            return
        if answer and self.conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
            self.transport.write(answer)
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True  # the app's sends are dropped from now on
            self.cycle.message_event.set()
        self.transport.close()

    def _arm(self) -> None:
        self._disarm()
        self.registry.touch(self)
        timeout = self.registry.limits.request_timeout
        self.deadline = self.loop.call_later(timeout, self.cut, _LATE)

    def _disarm(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None


class Connections:
    """The live connections of one server, by client address, the longest in its phase first."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.live: OrderedDict[tuple[Any, ...], _Guarded] = OrderedDict()

    def admit(self, connection: _Guarded) -> bool:
        """Register a new connection; False when it must be refused (every slot is answering)."""
        while len(self.live) >= self.limits.max_connections:
            oldest = next((c for c in self.live.values() if c.evictable()), None)
            if oldest is None:
                return False
            del self.live[oldest.key]
            oldest.cut(_BUSY)
        self.live[connection.key] = connection
        return True

    def touch(self, connection: _Guarded) -> None:
        """The connection enters a new phase: it is the last to give way."""
        if self.live.get(connection.key) is connection:
            self.live.move_to_end(connection.key)

    def forget(self, connection: _Guarded) -> None:
        """A connection was lost."""
        if self.live.get(connection.key) is connection:
            del self.live[connection.key]

    def drop(self, client: Any) -> bool:
        """Abort a client's connection without a byte of answer (the ``drop`` fault)."""
        connection = self.live.get(tuple(client)) if client else None
        if connection is None or connection.transport is None:
            return False
        connection.transport.abort()
        return True

    def pausing(self, client: Any, flag: bool) -> None:
        """Mark a client's connection as waiting out its own ``slow`` fault (or no longer)."""
        connection = self.live.get(tuple(client)) if client else None
        if connection is not None:
            connection.pausing = flag
            self.touch(connection)


def protocol_for(connections: Connections) -> type[H11Protocol]:
    """The protocol class uvicorn runs for the server that ``connections`` belongs to."""
    return type("MockProtocol", (_Guarded,), {"registry": connections})
