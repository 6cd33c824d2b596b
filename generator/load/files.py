"""What the loader reads: regular files only, and no more bytes than a spec may have.

A path (or the file a symlink leads to) that is a named pipe, a device, a socket or a folder is
refused before anything is read from it: reading a FIFO waits for a writer forever, a device
such as ``/dev/zero`` never ends. The file is checked by ``stat`` and checked again on the
opened descriptor (opened without blocking, so a FIFO swapped in meanwhile cannot hang the
open), and the size limit is enforced while reading, since a file may grow as it is read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from generator.errors import EXIT_USAGE, ApiforgeError, Problem, fail

__all__ = [
    "LIMIT_ENV",
    "LIMIT_HINT",
    "MAX_SPEC_BYTES",
    "Refused",
    "max_spec_bytes",
    "read_regular",
    "size_limit",
]

MAX_SPEC_BYTES = 100 * 1024 * 1024  # the largest public specs are a few tens of MB
LIMIT_ENV = "APIFORGE_MAX_SPEC_BYTES"  # a larger (or smaller) limit, in bytes
LIMIT_HINT = f"--max-spec-bytes, {LIMIT_ENV} or max_spec_bytes in [tool.apiforge]"
# the limits a command was given: its --max-spec-bytes, and the configured one (read when asked)
_GIVEN: ContextVar[tuple[int | None, Callable[[], int | None] | None]] = ContextVar(
    "spec_size_limits", default=(None, None)
)
_CHUNK = 1024 * 1024
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_READ_ERRORS = {
    FileNotFoundError: "no such file",
    IsADirectoryError: "is a directory, not a spec file",
    PermissionError: "permission denied: cannot read the file",
}


class Refused(ApiforgeError):
    """A path apiforge will not read from: not a regular file, or larger than the limit."""


@contextmanager
def size_limit(
    *, flag: int | None = None, configured: Callable[[], int | None] | None = None
) -> Iterator[None]:
    """Within it, :func:`max_spec_bytes` weighs ``flag`` (``--max-spec-bytes``) and
    ``configured`` (a function giving ``max_spec_bytes`` of ``[tool.apiforge]``, asked only
    when neither the flag nor the environment decides)."""
    token = _GIVEN.set((flag, configured))
    try:
        yield
    finally:
        _GIVEN.reset(token)


def max_spec_bytes() -> int:
    """The size limit in force: ``--max-spec-bytes``, else ``APIFORGE_MAX_SPEC_BYTES``, else
    ``max_spec_bytes`` of ``[tool.apiforge]``, else the default of 100 MiB."""
    flag, configured = _GIVEN.get()
    if flag is not None:
        return flag
    raw = os.environ.get(LIMIT_ENV, "").strip()
    if raw:
        if not raw.isdigit() or int(raw) <= 0:
            message = f"{LIMIT_ENV}={raw!r} must be a positive whole number of bytes"
            raise fail(LIMIT_ENV, message, exit_code=EXIT_USAGE)
        return int(raw)
    limit = configured() if configured is not None else None
    return MAX_SPEC_BYTES if limit is None else limit


def read_regular(path: Path | str, limit: int | None = None, *, what: str = "spec") -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit`` of them;
    ``what`` the file is for names it in messages (a spec, a cassette).

    Raises :class:`Refused` for anything else than a regular file and for a file larger than
    the limit (:func:`max_spec_bytes` by default), ``ApiforgeError`` for a file that cannot be
    opened; both are usage errors naming the file.
    """
    name = str(path)
    limit = max_spec_bytes() if limit is None else limit
    try:
        _require_regular(name, os.stat(path).st_mode, what)
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        message = _READ_ERRORS.get(type(exc), f"cannot read the file: {exc.strerror or exc}")
        raise fail(name, message, exit_code=EXIT_USAGE) from None
    try:
        info = os.fstat(descriptor)
        _require_regular(name, info.st_mode, what)  # replaced since the stat
        if info.st_size > limit:  # known too large now; a file that grows is caught below
            raise _too_large(name, limit, what)
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(descriptor, min(_CHUNK, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _too_large(name, limit, what)
        return b"".join(chunks)
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        raise fail(name, message, exit_code=EXIT_USAGE) from None
    finally:
        os.close(descriptor)


def _too_large(name: str, limit: int, what: str) -> Refused:
    message = f"larger than the limit of {limit:,} bytes for a {what} file"
    if what == "spec":
        message += f"; if it really is one, raise the limit with {LIMIT_HINT}"
    return Refused([Problem(name, message)], EXIT_USAGE)


def _require_regular(name: str, mode: int, what: str) -> None:
    if stat.S_ISREG(mode):
        return
    real = os.path.realpath(name)
    via = f" (a symlink to {real})" if real != os.path.abspath(name) else ""
    if stat.S_ISDIR(mode):
        message = f"is a directory{via}, not a {what} file"
    else:
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "a special file"
        )
        message = (
            f"is {kind}{via}, not a regular file; apiforge reads a {what} only from a "
            "regular file; save it to one and give that path"
        )
    raise Refused([Problem(name, message)], EXIT_USAGE)
