"""What every server of this package shares: how it is described, specified, planted and served.

A server is a FastAPI application built by a factory ``make(bug)``: ``make(None)`` is the
correct application, and its own ``app.openapi()`` is the spec. ``make("some-bug")`` is the
same application with one planted bug; its spec is still the correct one's, so the served
behaviour departs from the spec exactly where the bug is.

A planted variant is served through :class:`Differential`: every request goes to the bugged
application, whose answer is sent back, and to a fresh correct one beside it; the bug *fires*
on the first request whose answers differ: in status, in a header (the length aside), or in
the body of an answer that is not a refusal (two 422s may word their errors differently). Stateful
applications stay in step, since both see the same requests. The tracker is the one of
``tests/servers/broken_servers.py``, so counts read the same in every table.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.servers.broken_servers import (
    Captured,
    Receive,
    Scope,
    Send,
    Tracker,
    _call,
    _read,
    _reply,
)

__all__ = ["Counted", "Differential", "Planted", "Server", "write_spec"]

_ERROR = b"Internal Server Error"
Factory = Callable[[str | None], Any]  # bug name or None -> an ASGI (FastAPI) application


@dataclass(frozen=True)
class Server:
    """A correct FastAPI application and how a client authenticates to it."""

    name: str
    make: Factory
    token: str | None = None  # what `apiforge conformance --token` is given
    st_auth: tuple[str, ...] = ()  # the same credential in schemathesis's command line
    about: str = ""

    def spec(self) -> dict[str, Any]:
        """The correct application's own OpenAPI document."""
        return dict(self.make(None).openapi())


@dataclass(frozen=True)
class Planted:
    """One bug planted in one server, and the checks that count as catching it."""

    server: Server
    bug: str
    about: str
    checks: frozenset[str]  # apiforge check names that report this class of bug
    st_checks: frozenset[str]  # schemathesis check names that report it
    # reachable only through what an earlier response returned (an id a POST created): a
    # sequence of calls finds it, single requests cannot
    stateful: bool = False
    # a value a lax parser reads as valid ("5" for an integer): a failure under
    # --strict-types only, a warning without (generator.conformance.lax)
    lax: bool = False

    @property
    def name(self) -> str:
        return f"{self.server.name}:{self.bug}"

    def catches(self, check: str) -> bool:
        """True when a failure of ``check`` reports this bug's class."""
        return check in self.checks

    def serve(self) -> Differential:
        return Differential(self.server.make(self.bug), self.server.make(None))


async def _answer(app: Any, scope: Scope, body: bytes) -> Captured:
    """The application's answer; an exception it raises is the 500 its server would send."""
    try:
        return await _call(app, dict(scope), body)
    except Exception:  # Starlette sent its 500 and re-raised: the answer a client sees
        return Captured(500, [(b"content-type", b"text/plain; charset=utf-8")], _ERROR)


def _headers(answer: Captured) -> list[tuple[bytes, bytes]]:
    # the length follows the body, which refusals may word differently
    return sorted((k.lower(), v) for k, v in answer.headers if k.lower() != b"content-length")


def _same(one: Captured, other: Captured) -> bool:
    if one.status != other.status or _headers(one) != _headers(other):
        return False
    if 400 <= one.status < 500 or one.body == other.body:  # refusals may word it differently
        return True
    try:  # the same JSON with its keys in another order is the same answer
        return bool(json.loads(one.body) == json.loads(other.body))
    except ValueError:
        return False


async def _lifespan(receive: Receive, send: Send) -> None:
    """Start-up and shut-down, acknowledged: no application here holds anything open."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


class Differential:
    """The bugged application served, the correct one beside it; fired when they disagree."""

    def __init__(self, bugged: Any, correct: Any):
        self.bugged = bugged
        self.correct = correct
        self.tracker = Tracker()
        self.first_difference: str | None = None  # the request the bug first fired on

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await _lifespan(receive, send)
            return
        self.tracker.seen()
        body = await _read(receive)
        served = await _answer(self.bugged, scope, body)
        expected = await _answer(self.correct, scope, body)
        if not _same(served, expected):
            if self.first_difference is None:
                self.first_difference = (
                    f"{scope['method']} {scope['path']} {body[:200]!r}: served {served.status} "
                    f"{served.body[:200]!r}, correct {expected.status} {expected.body[:200]!r}"
                )
            self.tracker.fire()
        await _reply(send, served)


class Counted:
    """A correct application, its requests counted (for the false-alarm rows)."""

    def __init__(self, app: Any):
        self.app = app
        self.tracker = Tracker()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await _lifespan(receive, send)
            return
        self.tracker.seen()
        body = await _read(receive)
        await _reply(send, await _answer(self.app, scope, body))


def write_spec(server: Server, folder: Path) -> Path:
    """The server's spec as a JSON file in ``folder``; returns its path."""
    path = folder / f"{server.name}.openapi.json"
    path.write_text(json.dumps(server.spec(), indent=2, sort_keys=False), encoding="utf-8")
    return path
