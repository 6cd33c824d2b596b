"""The clients under ``Client`` and ``AsyncClient``: sending with retries and redirects.

A generated resource method hands its :class:`Operation` and arguments to ``_call``, which
builds the request (``BaseClient._build``), sends it here, retrying what may be retried,
and turns the response into the documented value, a stream or an error. The sync and
async clients differ only in the waiting.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import ParamSpec, Self, TypeVar, cast

import httpx

from ._base_client import BaseClient, Credential
from ._deadline import WATCHDOG, Deadline, arm
from ._limits import aread_capped, read_capped
from ._operation import ClientConfig, Operation
from ._options import (
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TOTAL_TIMEOUT,
    NOT_GIVEN,
    CallOptions,
    TimeoutArg,
)
from ._response import RawResponse
from ._retry import NEVER_SENT, retry_status
from ._scrub import scrubbed
from ._streaming import AsyncStream, Stream

__all__ = [
    "AsyncAPIClient",
    "AsyncResource",
    "RawView",
    "SyncAPIClient",
    "SyncResource",
    "async_raw_method",
    "raw_method",
]

T = TypeVar("T")
P = ParamSpec("P")


class SyncAPIClient(BaseClient):
    """The synchronous client: one ``httpx.Client``, blocking calls."""

    _http: httpx.Client

    def __init__(
        self,
        config: ClientConfig,
        *,
        credentials: Mapping[str, Credential],
        base_url: str | httpx.URL | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        default_headers: Mapping[str, str] | None = None,
        strict: bool = False,
        retry_non_idempotent: bool = False,
        total_timeout: float | None = DEFAULT_TOTAL_TIMEOUT,
        max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE,
    ) -> None:
        super().__init__(
            config,
            credentials=credentials,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            strict=strict,
            retry_non_idempotent=retry_non_idempotent,
            http_client=http_client,
            total_timeout=total_timeout,
            max_response_size=max_response_size,
        )
        self._use_http(http_client or httpx.Client(timeout=self.timeout, follow_redirects=True))

    def _sleep(self, seconds: float) -> None:
        """Wait between attempts (tests replace it to make backoff instant)."""
        time.sleep(seconds)

    def _send(
        self, request: httpx.Request, stream: bool, allowed: bool, retry: bool | None
    ) -> tuple[httpx.Response, int]:
        retries = 0
        budget = Deadline(self.total_timeout)
        while True:
            try:
                response = self._attempt(request, stream, budget)
            except httpx.TransportError as exc:
                safe = allowed or (retry is not False and isinstance(exc, NEVER_SENT))
                again = None
                if safe and retries < self.max_retries:
                    again = self._before_retry(
                        request, retries + 1, type(exc).__name__, None, budget
                    )
                if again is None:
                    raise self._connection_error(request, exc) from exc
                retries += 1
                delay, request = again
                self._sleep(delay)
                continue
            if allowed and retries < self.max_retries and retry_status(response.status_code):
                again = self._before_retry(
                    request, retries + 1, f"status {response.status_code}", response.headers, budget
                )
                if again is not None:
                    retries += 1
                    delay, request = again
                    response.close()
                    self._sleep(delay)
                    continue
            return response, retries

    def _attempt(self, request: httpx.Request, stream: bool, budget: Deadline) -> httpx.Response:
        """One attempt, redirects followed; the body read too unless ``stream``.

        It ends by the attempt's deadline (its timeout, within the budget): past it, the
        watchdog shuts the connection down under a blocked read.
        """
        waits = arm(request, budget)
        deadline = cast(Deadline, waits.deadline)
        watch = WATCHDOG.watch(deadline)
        request.extensions["trace"] = watch.trace
        try:
            response = self._send_following(request, True)
            watch.connection(response.extensions.get("network_stream"))
            if stream and response.is_success:
                waits.release()  # a stream's waits are bounded one by one
            else:
                read_capped(response, self.max_response_size, deadline)
                if watch.fired:  # a body without a length ends where the watchdog cut it
                    raise httpx.ReadTimeout("timed out", request=request)
            return response
        except httpx.TransportError as exc:
            if watch.fired or deadline.expired():
                raise httpx.ReadTimeout(str(exc) or "timed out", request=request) from exc
            raise
        finally:
            watch.end()

    def _send_following(self, request: httpx.Request, stream: bool) -> httpx.Response:
        hops = 0
        chain: list[httpx.Response] = []  # the redirects answered so far, as httpx keeps them
        while True:
            response = self._http.send(request, stream=stream, follow_redirects=False)
            response.history = chain
            following = self._follow(request, response, hops)
            if following is None:
                return response
            response.close()
            chain = [*chain, response]
            request, hops = following, hops + 1

    @scrubbed
    def _call(
        self,
        op: Operation[T],
        values: tuple[object, ...],
        body: object,
        fields: Mapping[str, object] | None,
        options: CallOptions,
    ) -> T:
        request, keyed = self._build(op, values, body, fields, options)
        _, _, _, _, retry, raw = options
        response, retries = self._send(request, False, self._may_retry(op, keyed, retry), retry)
        if not response.is_success:
            raise self._status_error(op, response)
        if raw:
            return cast(T, RawResponse(response, lambda: self._read(op, response), retries))
        return self._read(op, response)[0]

    @scrubbed
    def _call_stream(
        self,
        op: Operation[T],
        values: tuple[object, ...],
        body: object,
        fields: Mapping[str, object] | None,
        options: CallOptions,
    ) -> Stream[T]:
        request, keyed = self._build(op, values, body, fields, options)
        _, _, _, _, retry, raw = options
        response, retries = self._send(request, True, self._may_retry(op, keyed, retry), retry)
        if not response.is_success:  # its body is read
            raise self._status_error(op, response)
        stream = Stream(
            response,
            self._decoder(op, response),
            self._document_decoder(op, response),
            self.max_response_size,
        )
        if raw:
            return cast(Stream[T], RawResponse(response, lambda: (stream, []), retries))
        return stream

    def close(self) -> None:
        """Close the connection pool (unless it was passed in as ``http_client``)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncAPIClient(BaseClient):
    """The asynchronous client: one ``httpx.AsyncClient``, awaitable calls."""

    _http: httpx.AsyncClient

    def __init__(
        self,
        config: ClientConfig,
        *,
        credentials: Mapping[str, Credential],
        base_url: str | httpx.URL | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
        strict: bool = False,
        retry_non_idempotent: bool = False,
        total_timeout: float | None = DEFAULT_TOTAL_TIMEOUT,
        max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE,
    ) -> None:
        super().__init__(
            config,
            credentials=credentials,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            strict=strict,
            retry_non_idempotent=retry_non_idempotent,
            http_client=http_client,
            total_timeout=total_timeout,
            max_response_size=max_response_size,
        )
        self._use_http(
            http_client or httpx.AsyncClient(timeout=self.timeout, follow_redirects=True)
        )

    async def _sleep(self, seconds: float) -> None:
        """Wait between attempts (tests replace it to make backoff instant)."""
        import asyncio  # here: importing asyncio costs sync users 10 ms

        await asyncio.sleep(seconds)

    async def _send(
        self, request: httpx.Request, stream: bool, allowed: bool, retry: bool | None
    ) -> tuple[httpx.Response, int]:
        retries = 0
        budget = Deadline(self.total_timeout)
        while True:
            try:
                response = await self._attempt(request, stream, budget)
            except httpx.TransportError as exc:
                safe = allowed or (retry is not False and isinstance(exc, NEVER_SENT))
                again = None
                if safe and retries < self.max_retries:
                    again = self._before_retry(
                        request, retries + 1, type(exc).__name__, None, budget
                    )
                if again is None:
                    raise self._connection_error(request, exc) from exc
                retries += 1
                delay, request = again
                await self._sleep(delay)
                continue
            if allowed and retries < self.max_retries and retry_status(response.status_code):
                again = self._before_retry(
                    request, retries + 1, f"status {response.status_code}", response.headers, budget
                )
                if again is not None:
                    retries += 1
                    delay, request = again
                    await response.aclose()
                    await self._sleep(delay)
                    continue
            return response, retries

    async def _attempt(
        self, request: httpx.Request, stream: bool, budget: Deadline
    ) -> httpx.Response:
        """One attempt, redirects followed; the body read too unless ``stream``.

        It is cancelled at the attempt's deadline (its timeout, within the budget).
        """
        import asyncio

        waits = arm(request, budget)
        left = cast(Deadline, waits.deadline).remaining()
        try:
            async with asyncio.timeout(None if left == float("inf") else left):
                response = await self._send_following(request, True)
                if stream and response.is_success:
                    waits.release()  # a stream's waits are bounded one by one
                else:
                    await aread_capped(response, self.max_response_size)
                return response
        except TimeoutError as exc:
            raise httpx.ReadTimeout("timed out", request=request) from exc

    async def _send_following(self, request: httpx.Request, stream: bool) -> httpx.Response:
        hops = 0
        chain: list[httpx.Response] = []  # the redirects answered so far, as httpx keeps them
        while True:
            response = await self._http.send(request, stream=stream, follow_redirects=False)
            response.history = chain
            following = self._follow(request, response, hops)
            if following is None:
                return response
            await response.aclose()
            chain = [*chain, response]
            request, hops = following, hops + 1

    @scrubbed
    async def _call(
        self,
        op: Operation[T],
        values: tuple[object, ...],
        body: object,
        fields: Mapping[str, object] | None,
        options: CallOptions,
    ) -> T:
        request, keyed = self._build(op, values, body, fields, options)
        _, _, _, _, retry, raw = options
        response, retries = await self._send(
            request, False, self._may_retry(op, keyed, retry), retry
        )
        if not response.is_success:
            raise self._status_error(op, response)
        if raw:
            return cast(T, RawResponse(response, lambda: self._read(op, response), retries))
        return self._read(op, response)[0]

    @scrubbed
    async def _call_stream(
        self,
        op: Operation[T],
        values: tuple[object, ...],
        body: object,
        fields: Mapping[str, object] | None,
        options: CallOptions,
    ) -> AsyncStream[T]:
        request, keyed = self._build(op, values, body, fields, options)
        _, _, _, _, retry, raw = options
        response, retries = await self._send(
            request, True, self._may_retry(op, keyed, retry), retry
        )
        if not response.is_success:  # its body is read
            raise self._status_error(op, response)
        stream = AsyncStream(
            response,
            self._decoder(op, response),
            self._document_decoder(op, response),
            self.max_response_size,
        )
        if raw:
            return cast(AsyncStream[T], RawResponse(response, lambda: (stream, []), retries))
        return stream

    async def close(self) -> None:
        """Close the connection pool (unless it was passed in as ``http_client``)."""
        if self._owns_http:
            await self._http.aclose()

    aclose = close

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


# ---------------------------------------------------------------------------- resources


class SyncResource:
    """The base of generated sync resources: a client and whether calls return raw responses."""

    def __init__(self, client: SyncAPIClient, raw: bool = False) -> None:
        self._client = client
        self._raw = raw

    def _as_raw(self) -> Self:
        return type(self)(self._client, True)


class AsyncResource:
    """The base of generated async resources."""

    def __init__(self, client: AsyncAPIClient, raw: bool = False) -> None:
        self._client = client
        self._raw = raw

    def _as_raw(self) -> Self:
        return type(self)(self._client, True)


class RawView:
    """The base of generated ``with_raw_response`` views."""


def raw_method(method: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """Type a method of a raw resource: same arguments, a :class:`RawResponse` back."""
    return cast(Callable[P, RawResponse[T]], method)


def async_raw_method(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[RawResponse[T]]]:
    """Type an async method of a raw resource: same arguments, a :class:`RawResponse` back."""
    return cast(Callable[P, Awaitable[RawResponse[T]]], method)
