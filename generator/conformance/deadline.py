"""An httpx transport whose every socket operation ends by a wall-clock deadline.

httpx's timeout bounds each connect, read and write on its own: a server that sends one
byte a second never trips it. Here every one of them waits at most the time left before
the deadline of the request under way (:attr:`Clock.at`), and one that would start after it
raises a timeout at once. The connections are httpcore's own pool, as httpx's default
transport keeps them (keep-alive, TLS); only the network backend beneath is wrapped.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

import httpcore
import httpx

__all__ = ["Clock", "DeadlineTransport"]


class Clock:
    """The deadline of the request under way, a ``time.monotonic()`` value (None: none)."""

    def __init__(self) -> None:
        self.at: float | None = None

    def left(self, timeout: float | None, expired: type[Exception]) -> float | None:
        """``timeout`` shortened to the time left; ``expired`` raised when none is left."""
        if self.at is None:
            return timeout
        left = self.at - time.monotonic()
        if left <= 0:
            raise expired("the request's deadline passed")
        return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, clock: Clock):
        self.stream = stream
        self.clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self.clock.left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self.clock.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = self.clock.left(timeout, httpcore.ConnectTimeout)
        return _Stream(self.stream.start_tls(ssl_context, server_hostname, left), self.clock)

    def get_extra_info(self, info: str) -> Any:
        return self.stream.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, clock: Clock):
        self.backend = httpcore.SyncBackend()
        self.clock = clock

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        left = self.clock.left(timeout, httpcore.ConnectTimeout)
        stream = self.backend.connect_tcp(host, port, left, local_address, socket_options)
        return _Stream(stream, self.clock)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        left = self.clock.left(timeout, httpcore.ConnectTimeout)
        return _Stream(self.backend.connect_unix_socket(path, left, socket_options), self.clock)

    def sleep(self, seconds: float) -> None:
        self.backend.sleep(seconds)


def _httpx_error(exc: Exception) -> Exception:
    """httpcore's error as httpx's of the same name (httpx's own transport does the same)."""
    kind = getattr(httpx, type(exc).__name__, None)
    if isinstance(kind, type) and issubclass(kind, httpx.TransportError):
        return kind(str(exc))
    return httpx.TransportError(str(exc))


class _Body(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]):
        self.stream = stream

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self.stream
        except httpcore.TimeoutException as exc:
            raise _httpx_error(exc) from exc
        except (httpcore.NetworkError, httpcore.ProtocolError) as exc:
            raise _httpx_error(exc) from exc

    def close(self) -> None:
        close = getattr(self.stream, "close", None)
        if close is not None:
            close()


class DeadlineTransport(httpx.BaseTransport):
    """httpx's default transport (HTTP/1.1, certificates verified, keep-alive) on sockets
    that honour ``clock``; through the HTTP proxy ``proxy`` (its credentials in its URL, sent
    to the proxy only) when one is given, on the same sockets."""

    def __init__(self, clock: Clock, proxy: str | None = None):
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20)
        options: dict[str, Any] = {
            "ssl_context": httpx.create_ssl_context(),
            "max_connections": limits.max_connections,
            "max_keepalive_connections": limits.max_keepalive_connections,
            "keepalive_expiry": limits.keepalive_expiry,
            "network_backend": _Backend(clock),
        }
        self.pool: httpcore.ConnectionPool
        if proxy is None:
            self.pool = httpcore.ConnectionPool(**options)
        else:
            parts = urlsplit(proxy)
            auth = None
            if parts.username is not None:
                auth = (unquote(parts.username), unquote(parts.password or ""))
            bare = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
            self.pool = httpcore.HTTPProxy(proxy_url=bare, proxy_auth=auth, **options)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        try:
            response = self.pool.handle_request(core)
        except (
            httpcore.TimeoutException,
            httpcore.NetworkError,
            httpcore.ProtocolError,
            httpcore.UnsupportedProtocol,
        ) as exc:
            raise _httpx_error(exc) from exc
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_Body(response.stream),  # type: ignore[arg-type]
            extensions=response.extensions,
        )

    def close(self) -> None:
        self.pool.close()
