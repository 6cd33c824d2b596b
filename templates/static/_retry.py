"""When to retry a request and how long to wait first.

Retried: connection errors, timeouts, 408, 409, 429 and 5xx, at most ``max_retries`` times.
A request that may have changed something on the server (POST, PATCH) is retried only when
it carries an idempotency key or the caller allowed it; one that never left (the connection
could not be made) is always safe to send again.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

import httpx

from ._options import INITIAL_RETRY_DELAY, MAX_RETRY_AFTER, MAX_RETRY_DELAY

__all__ = [
    "IDEMPOTENCY_HEADER",
    "NEVER_SENT",
    "RETRY_COUNT_HEADER",
    "retry_after",
    "retry_delay",
    "retry_status",
]

RETRY_COUNT_HEADER = "x-retry-count"
IDEMPOTENCY_HEADER = "idempotency-key"

# errors raised before a byte of the request reached the server
NEVER_SENT: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)


def retry_status(status: int) -> bool:
    """A status worth another attempt: the server may answer differently next time."""
    return status in (408, 409, 429) or status >= 500


def retry_after(headers: Mapping[str, str] | None) -> float | None:
    """The wait a response asks for: ``retry-after-ms``, or ``Retry-After`` (seconds or a date)."""
    if not headers:
        return None
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return float(millis) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).timestamp() - time.time()
    except (TypeError, ValueError, IndexError):
        return None


def retry_delay(retry: int, headers: Mapping[str, str] | None = None) -> float:
    """Seconds to wait before retry number ``retry`` (1 for the first).

    The server's ``Retry-After`` wins, up to :data:`MAX_RETRY_AFTER`; otherwise the wait
    doubles from :data:`INITIAL_RETRY_DELAY` up to :data:`MAX_RETRY_DELAY`, less up to a
    quarter of jitter so that clients do not retry in step.
    """
    asked = retry_after(headers)
    if asked is not None and asked >= 0:
        return min(asked, MAX_RETRY_AFTER)
    backoff = min(INITIAL_RETRY_DELAY * 2.0 ** (retry - 1), MAX_RETRY_DELAY)
    return backoff * (1 - 0.25 * random.random())
