"""``--rate-limit``: requests of a whole run spaced evenly, whatever the number of workers; and
how long a server that answered 429 asks to be left alone (``Retry-After``).

One :class:`Pace` is shared by every connection of a run. Each request (a resend too: the
server may have seen its first attempt) takes the next free slot, ``1 / rate`` seconds after
the one before; so no second ever holds more than ``rate`` requests, and a burst never
builds up while the workers wait on slow answers. A slot past the run's end is not taken:
the request is not sent.
"""

from __future__ import annotations

import threading
import time
from email.utils import parsedate_to_datetime

__all__ = ["MAX_WAIT", "RESENDS", "Pace", "retry_after"]

RESENDS = 3  # times a case answered 429 is sent again
MAX_WAIT = 5.0  # seconds waited before one of them at most, whatever Retry-After asks
_DEFAULT_WAIT = 1.0  # without a Retry-After a server reads


def retry_after(value: str | None, now: float | None = None) -> float:
    """The seconds ``Retry-After`` asks for (RFC 9110 10.2.3: seconds, or an HTTP date), at
    most :data:`MAX_WAIT`; one second when it is absent or unreadable."""
    if value is None:
        return _DEFAULT_WAIT
    text = value.strip()
    if text.isdigit():
        return min(float(text), MAX_WAIT)
    try:
        when = parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return _DEFAULT_WAIT
    return max(0.0, min(when - (time.time() if now is None else now), MAX_WAIT))


class Pace:
    """Fixed spacing of requests at ``rate`` per second, safe to share between threads."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate
        self._next = 0.0  # time.monotonic() of the next free slot
        self._lock = threading.Lock()

    def wait(self, end: float | None = None) -> bool:
        """Sleep until this request's slot; False (without sleeping) when that slot is past
        ``end``, a ``time.monotonic()`` value."""
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            if end is not None and slot > end:
                return False
            self._next = slot + self.interval
        if slot > now:
            time.sleep(slot - now)
        return True
