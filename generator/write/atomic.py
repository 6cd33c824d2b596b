"""One file written whole or not at all: a temporary file beside it, renamed over it at the end.

The temporary file is created when the :class:`AtomicFile` is, so a path that cannot be
written fails before any work is done; until :meth:`AtomicFile.commit`, the target is left
as it was. A file never committed (the work failed or was interrupted) is removed when the
object goes, the ``with`` block ends or the process exits, whichever comes first.
"""

from __future__ import annotations

import os
import tempfile
import weakref
from pathlib import Path
from types import TracebackType

from generator.errors import EXIT_USAGE, fail, shown_path

__all__ = ["AtomicFile"]


class AtomicFile:
    """A file to be written once, atomically, at ``path``."""

    def __init__(self, path: Path, what: str = "the file"):
        self.path = path
        if path.is_dir():
            raise fail(
                shown_path(path), f"is a folder; cannot write {what} there", exit_code=EXIT_USAGE
            )
        try:
            fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        except OSError as exc:
            cause = exc.strerror or type(exc).__name__
            raise fail(
                shown_path(path), f"cannot write {what}: {cause}", exit_code=EXIT_USAGE
            ) from None
        os.close(fd)
        self.temp: Path | None = Path(temp)
        self._cleanup = weakref.finalize(self, _remove, self.temp)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.discard()

    def commit(self, text: str) -> None:
        """Write ``text`` (UTF-8) and put it in place."""
        assert self.temp is not None, "committed twice"
        with self.temp.open("w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(self.temp, self.path)
        self.temp = None
        self._cleanup.detach()

    def discard(self) -> None:
        """Remove the temporary file if it was not committed."""
        if self.temp is not None:
            self._cleanup()
            self.temp = None


def _remove(temp: Path) -> None:
    temp.unlink(missing_ok=True)
