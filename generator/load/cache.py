"""apiforge's on-disk cache: where it lives, and the parsed specs kept there.

Parsed data is stored with :mod:`marshal`, keyed on the file's sha256, the loader's rules and the
Python version, behind a checksum; where the blocks of a large YAML spec's last parse are in
that data is kept by the spec's path (:mod:`generator.load.blocks`), one small entry per path,
and so are the positions its last located pointers were found at (:mod:`generator.load.locate`).
The cache only ever saves time: a damaged entry is a miss and a failed write is ignored; each
kind keeps its most recently written entries only (``_BOUNDS``, trimmed as the store's are:
:func:`generator.write.store.trim`, when a put may pass a bound: :func:`_bound`).
Validation keeps its own markers in the same folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from generator.load.files import MAX_SPEC_BYTES, read_regular
from generator.write.store import trim

__all__ = [
    "LOADER_VERSION",
    "MISS",
    "blocks_file",
    "cache_dir",
    "cache_file",
    "cache_get",
    "cache_put",
    "located_file",
]

LOADER_VERSION = "2"  # part of the cache key: bump it whenever parsing rules change
MISS: Any = object()  # what cache_get returns when the cache does not hold the data
_CACHE_MAGIC = b"apiforge-load\x00"
_MAX_ENTRY_BYTES = 8 * MAX_SPEC_BYTES  # marshal's form of the largest spec, with room
# entries kept of each kind, and their bytes in all, the least recently written removed first:
# GitHub's spec parsed is 4 MB, and every version regenerated from adds one; a spec of many
# files has an entry for each of its files (DigitalOcean's: 1,500), all read on every run
_BOUNDS = {
    "load-": (10_000, 512 << 20),
    "blocks-": (1_000, 64 << 20),
    "located-": (1_000, 16 << 20),
}
# the share of a bound a trim leaves free, so that the puts after it do not scan the folder
_HEADROOM = 8
# each kind's entries and bytes in each folder as this process last counted them, and what it
# added since: the folder is scanned again only when a put may pass a bound
_TALLY: dict[tuple[Path, str], tuple[int, int]] = {}


def cache_dir() -> Path | None:
    """Where apiforge caches parsed specs and validation results; None when disabled."""
    if os.environ.get("APIFORGE_NO_CACHE", "") not in ("", "0"):
        return None
    if explicit := os.environ.get("APIFORGE_CACHE_DIR"):
        return Path(explicit)
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "apiforge"
    try:
        return Path.home() / ".cache" / "apiforge"
    except RuntimeError:  # no home directory
        return None


def cache_file(digest: str) -> Path | None:
    """Where the parsed data of the file with sha256 ``digest`` is kept; None when disabled."""
    return _entry(f"load-{digest}")


def blocks_file(path: Path) -> Path | None:
    """Where the parsed blocks of the YAML file at ``path`` are kept; None when disabled."""
    return _by_path("blocks", path)


def located_file(path: Path) -> Path | None:
    """Where the walks that located pointers in the YAML file at ``path`` are kept (see
    :mod:`generator.load.locate`); None when disabled."""
    return _by_path("located", path)


def _by_path(kind: str, path: Path) -> Path | None:
    try:
        where = hashlib.sha256(os.fsencode(path.resolve())).hexdigest()
    except (OSError, RuntimeError, ValueError):  # a path that does not resolve: no entry
        return None
    return _entry(f"{kind}-{where}")


def _entry(stem: str) -> Path | None:
    folder = cache_dir()
    version = f"{sys.version_info[0]}{sys.version_info[1]}"  # marshal's format is per version
    return None if folder is None else folder / f"{stem}-v{LOADER_VERSION}-py{version}.marshal"


def cache_get(path: Path | None) -> Any:
    """The cached data, or MISS; a damaged entry is a miss, never an error."""
    if path is None:
        return MISS
    try:
        blob = read_regular(path, _MAX_ENTRY_BYTES)  # never a FIFO planted in the cache
        head = len(_CACHE_MAGIC) + 32
        if blob[:head] != _CACHE_MAGIC + hashlib.sha256(blob[head:]).digest():
            return MISS
        return marshal.loads(blob[head:])
    except Exception:
        return MISS


def cache_put(path: Path | None, data: Any) -> None:
    """Store parsed data atomically; any failure (read-only or full disk) is ignored."""
    if path is None:
        return
    temp = None
    try:
        payload = marshal.dumps(data)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            temp = handle.name
            handle.write(_CACHE_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temp, path)
    except Exception:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        return
    kind = path.name.split("-", 1)[0] + "-"
    if kind in _BOUNDS:
        _bound(path.parent, kind, len(payload))


def _bound(folder: Path, kind: str, added: int) -> None:
    """Keep ``kind``'s entries in ``folder`` within their bounds after one of ``added`` bytes
    was written (or replaced one: counted as new, which only brings the next scan sooner).

    The folder is scanned when this process has no count of it yet, or when its count says
    a bound may be passed; that scan trims the kind to a headroom below its bounds. A spec of
    many files then costs a scan per :data:`_HEADROOM` share of the bound, not one per file.
    Another process writing to the same folder meanwhile may take it past a bound until the
    next scan here, or its own.
    """
    limit, max_bytes = _BOUNDS[kind]
    count, size = _TALLY.get((folder, kind), (limit, max_bytes))
    count, size = count + 1, size + added
    if count > limit or size > max_bytes:
        left = trim(folder, kind, limit - limit // _HEADROOM, max_bytes - max_bytes // _HEADROOM)
        if left is None:
            _TALLY.pop((folder, kind), None)
            return
        count, size = left
    _TALLY[(folder, kind)] = (count, size)
