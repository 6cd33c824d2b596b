"""A content-addressed store of blobs in apiforge's cache folder: checked on read, bounded.

Each entry is one file named by its kind and key (a sha256 of exactly what it was made from),
holding a magic line, the sha256 of the payload and the payload. A read that finds a damaged or
tampered entry (a short file, another kind's magic, a payload that does not hash as its header
says) is a miss and the entry is removed; the cache only ever saves time, so every failure to
read or write it is ignored. Entries are written whole or not at all (a temporary file renamed
into place). Past ``limit`` entries or ``max_bytes`` of a kind, the least recently written go
first: their age decides only which to remove, never whether one is trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
from pathlib import Path

__all__ = ["Store", "trim"]

_MAGIC = b"apiforge-store-1\n"
_KEY = re.compile(r"[0-9a-f]{64}")


class Store:
    """The entries of one ``kind`` (a short name, the files' prefix) in ``folder``."""

    def __init__(
        self, folder: Path | None, kind: str, *, limit: int = 20_000, max_bytes: int = 256 << 20
    ) -> None:
        self.folder = folder
        self.kind = kind
        self.limit = limit
        self.max_bytes = max_bytes
        self._added = 0

    def _path(self, key: str) -> Path | None:
        if self.folder is None or not _KEY.fullmatch(key):
            return None
        return self.folder / f"{self.kind}-{key}"

    def get(self, key: str, limit: int = 64 << 20) -> bytes | None:
        """The payload stored under ``key``; None when absent, damaged or unreadable."""
        path = self._path(key)
        if path is None:
            return None
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    return None
                blob = handle.read(limit + len(_MAGIC) + 33)
        except OSError:
            return None
        head = len(_MAGIC) + 32
        payload = blob[head:]
        if blob[: len(_MAGIC)] != _MAGIC or blob[len(_MAGIC) : head] != _hash(payload):
            with contextlib.suppress(OSError):
                path.unlink()  # never trusted, and not read again
            return None
        return payload

    def put(self, key: str, payload: bytes) -> None:
        """Store ``payload`` under ``key`` atomically; a failure is ignored."""
        path = self._path(key)
        if path is None:
            return
        temp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                dir=path.parent, prefix=f".{self.kind}-", suffix=".tmp", delete=False
            ) as handle:
                temp = handle.name
                handle.write(_MAGIC + _hash(payload) + payload)
            os.replace(temp, path)
            temp = None
            self._added += 1
        except OSError:
            pass
        finally:
            if temp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temp)

    def trim(self) -> None:
        """Remove the oldest entries of this kind beyond ``limit`` and ``max_bytes`` (only after
        something was added: a run that only reads leaves the folder as it is)."""
        if self.folder is None or not self._added:
            return
        self._added = 0
        trim(self.folder, f"{self.kind}-", self.limit, self.max_bytes)


def trim(folder: Path, prefix: str, limit: int, max_bytes: int) -> tuple[int, int] | None:
    """Remove the files of ``folder`` named ``prefix...`` beyond ``limit`` of them and
    ``max_bytes`` in all, the least recently written first; any failure is ignored.

    Returns how many such files are left and their bytes (None when the folder cannot be
    read), for a caller that adds entries one by one to tell when the bounds may be passed.
    """
    try:
        with os.scandir(folder) as entries:
            mine = []
            for entry in entries:
                if entry.name.startswith(prefix):
                    found = entry.stat(follow_symlinks=False)
                    mine.append((found.st_mtime_ns, entry.name, found.st_size))
    except OSError:
        return None
    count, size = len(mine), sum(item[2] for item in mine)
    for _, name, bytes_ in sorted(mine):
        if count <= limit and size <= max_bytes:
            break
        with contextlib.suppress(OSError):
            (folder / name).unlink()
        count, size = count - 1, size - bytes_
    return count, size


def _hash(payload: bytes) -> bytes:
    return hashlib.sha256(payload).digest()
