"""Results worked out in a child process while this one goes on with other work.

apiforge's work is one thread of Python: while it renders a large spec's package, the
second core of a small machine has little to do but wait for ruff. :class:`Forked` starts a copy
of this process (``fork``: it shares the data as it is, nothing is sent to it) that runs one
function and leaves each item it yields, marshalled as soon as it comes, in a file in
memory (:func:`scratch`); :meth:`Forked.result` reads them. The child exits as soon as it is
done.

Where ``fork`` is not there to use (not Linux, or other threads already running, which a
child must not inherit), or the child fails in any way (an exception, a signal, a result
that does not read back), :meth:`Forked.result` is None and the caller works the result out
itself, as if there had been no child: the same function, so the same result. A child that
is never asked for its result is stopped and reaped when the object goes.
"""

from __future__ import annotations

import marshal
import os
import shutil
import signal
import sys
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Generic, TypeVar

__all__ = ["Forked", "scratch"]

T = TypeVar("T")
_SIZE = 64 << 20  # room asked for the results (GitHub's tests: 40 MB)


def scratch(size: int) -> str | None:
    """A memory-backed folder for ``size`` bytes of working files (ruff's copy of the output,
    a child's results), when there is one with room to spare; None: the default folder.

    ruff reads and writes files; on some disks writing GitHub's 1,300 files costs more than
    formatting them. An explicit ``TMPDIR`` is respected.
    """
    shm = Path("/dev/shm")
    if os.environ.get("TMPDIR") or not shm.is_dir() or not os.access(shm, os.W_OK):
        return None
    try:
        return str(shm) if shutil.disk_usage(shm).free > 4 * size + (64 << 20) else None
    except OSError:
        return None


def _can_fork() -> bool:
    # fork copies one thread: with others running, a lock one of them held stays held;
    # macOS and Windows have no fork safe to use here
    return sys.platform == "linux" and threading.active_count() == 1


class Forked(Generic[T]):
    """The items of ``function(*args)``, made in a child process from now on and read with
    :meth:`result`.

    ``T`` must be what :mod:`marshal` keeps (strings, numbers, lists, dicts and the like).
    """

    def __init__(self, function: Callable[..., Iterable[T]], *args: Any) -> None:
        self._function, self._args = function, args
        self._pid: int | None = None
        self._path: str | None = None
        if _can_fork():
            self._start()

    def _start(self) -> None:
        try:
            fd, path = tempfile.mkstemp(
                prefix="apiforge-forked-", suffix=".marshal", dir=scratch(_SIZE)
            )
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(fd)
            os.unlink(path)
            return
        if pid == 0:  # the child: no cleanup, no buffers of the parent's flushed
            status = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
                with os.fdopen(fd, "wb") as out:
                    for item in self._function(*self._args):
                        marshal.dump(item, out)  # type: ignore[arg-type]
                status = 0
            finally:
                os._exit(status)
        os.close(fd)
        self._pid, self._path = pid, path
        self._cleanup = weakref.finalize(self, _stop, pid, path)

    def result(self) -> list[T] | None:
        """The child's items; None when there are none (no child, or it failed)."""
        pid, path = self._pid, self._path
        if pid is None or path is None:
            return None
        self._pid = self._path = None
        self._cleanup.detach()
        try:
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) == 0:
                items: list[T] = []
                with open(path, "rb") as found:
                    while found.peek(1):
                        items.append(marshal.load(found))
                return items
        except (OSError, EOFError, ValueError, TypeError):
            pass
        finally:
            _remove(path)
        return None


def _stop(pid: int, path: str) -> None:
    """Stop and reap a child whose result nobody asked for."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
    _remove(path)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
