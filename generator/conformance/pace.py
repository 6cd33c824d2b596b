"""``--rate-limit``: requests of a whole run spaced evenly, whatever the number of workers.

One :class:`Pace` is shared by every connection of a run. Each request (a resend too: the
server may have seen its first attempt) takes the next free slot, ``1 / rate`` seconds after
the one before; so no second ever holds more than ``rate`` requests, and a burst never
builds up while the workers wait on slow answers. A slot past the run's end is not taken:
the request is not sent.
"""

from __future__ import annotations

import threading
import time

__all__ = ["Pace"]


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
