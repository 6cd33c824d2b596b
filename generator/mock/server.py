"""Run the mock with uvicorn on a loopback socket: blocking (``serve``) or in a thread.

The socket is bound before uvicorn starts, so ``port=0`` gets a free port whose number is
known at once. The HTTP protocol is uvicorn's h11 one with a registry of live connections
(:mod:`generator.mock.connections`): it bounds how many there are and how long a request may
take to arrive, and lets the ``drop`` fault close a connection without sending a single byte.
"""

from __future__ import annotations

import contextlib
import dataclasses
import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypedDict, Unpack

import uvicorn

from generator import ir
from generator.errors import EXIT_USAGE, fail
from generator.mock.app import MockApp, MockOptions
from generator.mock.connections import (
    BACKLOG,
    Connections,
    Limits,
    fit_descriptors,
    protocol_for,
)
from generator.mock.faults import Fault
from generator.mock.logline import shown
from generator.mock.options import FaultSource

__all__ = ["MockServer", "MockSettings", "bind", "mock_app", "running", "serve", "serving"]

Log = Callable[[str], None]
_START_TIMEOUT = 10.0


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (``port=0``: a free one)."""
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        family = socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted sockets only for that protocol,
    # and without it every answer written in two parts waits for a delayed ACK (~40 ms)
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise fail(
            f"{host}:{port}", f"cannot listen here: {exc.strerror or exc}", exit_code=EXIT_USAGE
        ) from None
    sock.listen(BACKLOG)
    sock.setblocking(False)
    return sock


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _limits(options: MockOptions) -> Limits:
    return Limits(options.request_timeout, options.idle_timeout, options.max_connections)


def url_of(sock: socket.socket) -> str:
    """The base URL a bound socket answers on."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


class MockServer:
    """A uvicorn server for any ASGI app on one bound socket, within ``limits``."""

    def __init__(self, app: Any, sock: socket.socket, limits: Limits | None = None):
        self.sock = sock
        self.url = url_of(sock)
        if limits is None:
            limits = _limits(app.options if isinstance(app, MockApp) else MockOptions())
        self.connections = Connections(limits)
        if isinstance(app, MockApp):
            app.connections = self.connections
        config = uvicorn.Config(
            app,
            http=protocol_for(self.connections),
            lifespan="on",
            log_config=None,
            log_level="critical",
            access_log=False,
            timeout_keep_alive=self.connections.limits.idle_timeout,  # type: ignore[arg-type]
            timeout_graceful_shutdown=2,
            backlog=limits.backlog,  # uvicorn listens again, with its own default otherwise
            h11_max_incomplete_event_size=64 * 1024,
        )
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    def run(self) -> None:
        """Serve until interrupted (Ctrl-C) or :meth:`stop`."""
        try:
            self.server.run(sockets=[self.sock])
        finally:
            self.sock.close()

    def start(self) -> str:
        """Serve in a daemon thread; returns the base URL once requests are accepted."""
        self._thread = threading.Thread(target=self.run, name=f"mock {self.url}", daemon=True)
        self._thread.start()
        deadline = _START_TIMEOUT
        while not self.server.started and deadline > 0 and self._thread.is_alive():
            threading.Event().wait(0.01)
            deadline -= 0.01
        if not self.server.started:
            self.stop()
            raise fail(self.url, "the server did not start")
        return self.url

    def stop(self) -> None:
        """Ask the server to exit and wait for its thread."""
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=_START_TIMEOUT)
            self._thread = None


class MockSettings(TypedDict, total=False):
    """The :class:`MockOptions` that :func:`serve` and :func:`running` take as keywords."""

    seed: int
    token: str | None  # None or "": any non-empty credential is accepted
    faults: tuple[Fault, ...]
    max_body: int
    validate_requests: bool
    enforce_security: bool
    request_faults: FaultSource
    max_delay: float
    request_timeout: float
    idle_timeout: float
    max_connections: int
    stateless: bool
    max_resources: int
    cors: bool


def _silent(line: str) -> None:
    """The log that drops every line."""


def mock_app(api: ir.Api, settings: MockSettings, log: Log = _silent) -> MockApp:
    """The mock's ASGI app for ``api`` with these settings (the rest at their defaults)."""
    options = MockOptions(**settings)
    return MockApp(api, dataclasses.replace(options, token=options.token or None), log)


def serve(
    api: ir.Api,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    log: Log = _silent,
    about: Sequence[str] = (),
    **settings: Unpack[MockSettings],
) -> None:
    """Serve ``api`` until interrupted; ``log`` gets one banner (the URL with the port bound,
    then each line of ``about``), then one line per request.

    Off loopback, requests may ask for faults only when ``request_faults`` says so.
    """
    if not _loopback(host):
        log(f"warning: listening on {host}, which other machines may reach (default: 127.0.0.1)")
        settings.setdefault("request_faults", "off")
    app = mock_app(api, settings, log)
    sock = bind(host, port)
    server = MockServer(app, sock, fit_descriptors(_limits(app.options), log))
    seed = settings.get("seed", 0)
    title = f"{api.title!r} {shown(api.version)}"  # repr: its controls escaped, spaces kept
    log(f"mock server for {title} on {server.url} (seed {seed}); Ctrl-C stops it")
    for told in about:
        log(f"  {told}")
    server.run()


@contextlib.contextmanager
def running(
    api: ir.Api,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    log: Log = _silent,
    **settings: Unpack[MockSettings],
) -> Iterator[str]:
    """The mock serving ``api`` in a background thread while the block runs; yields its base URL."""
    app = mock_app(api, settings, log)
    with serving(app, host=host, port=port) as url:
        yield url


@contextlib.contextmanager
def serving(
    app: Any, *, host: str = "127.0.0.1", port: int = 0, limits: Limits | None = None
) -> Iterator[str]:
    """Any ASGI app served in a background thread for the ``with`` block; yields its base URL."""
    server = MockServer(app, bind(host, port), limits)
    url = server.start()
    try:
        yield url
    finally:
        server.stop()
