"""Results worked out in a child process while this one goes on with other work.

apiforge's work is one thread of Python: while it renders a large spec's package, the
second core of a small machine has little to do but wait for ruff. :class:`Forked` starts a
copy of this process (``fork``: it shares the data as it is, nothing is sent to it) that runs
one function and writes each item it yields, marshalled as soon as it comes, to a file in
memory (:func:`scratch`) that has no name, so that nothing is left however either process
ends; :meth:`Forked.result` reads them. The child exits as soon as it is done.

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
        self._child: tuple[int, int] | None = None  # its pid, and the file it writes
        if _can_fork():
            self._start()

    def _start(self) -> None:
        # a file without a name (removed at once, open in both processes): nothing is left
        # behind, however either process ends
        try:
            fd, path = tempfile.mkstemp(prefix="apiforge-forked-", dir=scratch(_SIZE))
            os.unlink(path)
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(fd)
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
        self._child = pid, fd
        self._cleanup = weakref.finalize(self, _stop, pid, fd)

    def result(self) -> list[T] | None:
        """The child's items; None when there are none (no child, or it failed)."""
        if self._child is None:
            return None
        pid, fd = self._child
        self._child = None
        self._cleanup.detach()
        try:
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) == 0:
                items: list[T] = []
                os.lseek(fd, 0, os.SEEK_SET)  # the child's writes moved the shared offset
                with os.fdopen(os.dup(fd), "rb") as found:
                    while found.peek(1):
                        items.append(marshal.load(found))
                return items
        except (OSError, EOFError, ValueError, TypeError):
            pass
        finally:
            os.close(fd)
        return None


def _stop(pid: int, fd: int) -> None:
    """Stop and reap a child whose result nobody asked for."""
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
    os.close(fd)
