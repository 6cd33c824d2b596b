"""The most a client holds in memory for one answer (``max_response_size``).

A body is read chunk by chunk and its bytes counted as they come, after decompression
(what is held is what counts): past the limit, reading stops and
:class:`ResponseTooLargeError` is raised. A ``Content-Length`` above the limit is refused
before a byte of the body is read. Streams hold one line and one event at a time: the
same limit bounds each (see ``_streaming``).
"""

from __future__ import annotations

import httpx

from ._deadline import Deadline
from ._exceptions import ResponseTooLargeError

__all__ = ["aread_capped", "check_declared", "read_capped"]


def check_declared(response: httpx.Response, limit: int | None) -> None:
    """Refuse a body whose declared length passes ``limit``, without reading it.

    A compressed body's length is not its size once decoded: only the bytes decoded count.
    """
    if limit is None or response.headers.get("content-encoding", "identity") != "identity":
        return
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ResponseTooLargeError(response.request, limit)


def _keep(response: httpx.Response, chunks: list[bytes]) -> bytes:
    content = b"".join(chunks)
    response._content = content  # what ``response.read()`` would have kept
    return content


def read_capped(
    response: httpx.Response, limit: int | None, deadline: Deadline | None = None
) -> bytes:
    """The whole body, unless it passes ``limit`` bytes or ``deadline`` passes first."""
    try:
        check_declared(response, limit)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if limit is not None and size > limit:
                raise ResponseTooLargeError(response.request, limit)
            chunks.append(chunk)
            if deadline is not None and deadline.expired():
                raise httpx.ReadTimeout("the call's deadline passed", request=response.request)
        return _keep(response, chunks)
    finally:
        response.close()


async def aread_capped(response: httpx.Response, limit: int | None) -> bytes:
    """The whole body, unless it passes ``limit`` bytes."""
    try:
        check_declared(response, limit)
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if limit is not None and size > limit:
                raise ResponseTooLargeError(response.request, limit)
            chunks.append(chunk)
        return _keep(response, chunks)
    finally:
        await response.aclose()
