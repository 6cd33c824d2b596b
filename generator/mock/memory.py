"""The resources the mock created: a bounded, thread-safe store keyed by path and its values.

A resource is remembered once for each path it can be reached at (``/items/{id}`` with
``id=7``, and ``/items/{id}/tags`` with ``id=7`` when a link leads there too). A deleted one
stays as a tombstone, so that later requests to it can say it is gone; a tombstone is
dropped like any entry. At most ``capacity`` entries are kept, the least recently written
dropped first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from generator.records import record

__all__ = ["DEFAULT_CAPACITY", "Entry", "Key", "Memory"]

DEFAULT_CAPACITY = 10_000
# a path template and its parameters' values as they read in a URL, sorted by name
Key = tuple[str, tuple[tuple[str, str], ...]]


@record(slots=True)
class Entry:
    """One resource at one path: its representation (``MISSING``-free JSON or None) and the
    values its creation's links read off the answer body, by JSON pointer."""

    body: Any
    given: tuple[tuple[str, Any], ...] = ()
    gone: bool = False


def _below(key: Key, other: Key) -> bool:
    """``other`` is ``key``'s path or a path under it, with the same values for its names."""
    path, values = key
    segments = [s for s in path.split("/") if s]
    theirs = [s for s in other[0].split("/") if s]
    return theirs[: len(segments)] == segments and set(values) <= set(other[1])


class Memory:
    """Entries by :data:`Key`; every method is atomic."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY):
        self.capacity = capacity
        self._entries: OrderedDict[Key, Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def get(self, key: Key) -> Entry | None:
        """The entry at ``key``, None when the mock never created one there (or dropped it)."""
        with self._lock:
            return self._entries.get(key)

    def put(self, entries: Mapping[Key, Entry]) -> None:
        """Remember ``entries``, the oldest entries dropped beyond the capacity."""
        with self._lock:
            for key, entry in entries.items():
                self._put(key, entry)

    def claim(self, entries: Mapping[Key, Entry]) -> bool:
        """Remember ``entries`` unless one of their keys holds a live entry; True when done."""
        with self._lock:
            if any(not e.gone for k in entries if (e := self._entries.get(k)) is not None):
                return False
            for key, entry in entries.items():
                self._put(key, entry)
            return True

    def change(self, key: Key, change: Callable[[Entry], Entry]) -> Entry | None:
        """Replace the live entry at ``key`` by ``change(entry)``; the new entry, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.gone:
                return None
            changed = change(entry)
            self._put(key, changed)
            return changed

    def remove(self, key: Key) -> int:
        """Mark ``key`` and every live entry under it gone; how many were."""
        with self._lock:
            under = [k for k, e in self._entries.items() if not e.gone and _below(key, k)]
            for k in under:
                self._put(k, Entry(None, gone=True))
            return len(under)

    def _put(self, key: Key, entry: Entry) -> None:
        self._entries.pop(key, None)
        self._entries[key] = entry
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)
