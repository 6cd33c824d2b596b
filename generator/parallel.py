"""Results worked out in a child process while this one goes on with other work.

apiforge's work is one thread of Python: while it renders a large spec's package, the
second core of a small machine has little to do but wait for ruff. :class:`Forked` starts a
copy of this process (``fork``: it shares the data as it is, nothing is sent to it) that runs
one function and writes each item it yields, marshalled as soon as it comes, to a file in
memory (:func:`scratch`) that has no name, so that nothing is left however either process
ends, and tells each item's length through a pipe as it is written: :meth:`Forked.items`
reads each one as soon as it is there, while the child makes the next. The child exits as
soon as it is done.

Where ``fork`` is not there to use (not Linux, or other threads already running, which a
child must not inherit), or the child fails in any way (an exception, a signal, an item
that does not read back), the items it did not give are made here, as if there had been no
child: the same function, so the same items. A child whose items are not all asked for is
stopped and reaped when the object goes.

A child can also cut short what this process does meanwhile: an item its ``urgent`` test
holds for (a check that failed, say) is signalled at once, and :meth:`Forked.interrupting`
raises :class:`Interrupted` in the block that runs here, rather than let it finish work the
item makes useless.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import shutil
import signal
import struct
import sys
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

__all__ = ["Forked", "Interrupted", "Pending", "Workers", "scratch"]

T = TypeVar("T")
_SIZE = 64 << 20  # room asked for the results (GitHub's tests: 40 MB)
_URGENT = getattr(signal, "SIGUSR1", None)  # how a child tells of an urgent item


class Interrupted(BaseException):
    """Raised in :meth:`Forked.interrupting`'s block when the child gave an urgent item.

    Not an ``Exception``: code that handles its own errors does not swallow it."""


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
    :meth:`items`.

    ``T`` must be what :mod:`marshal` keeps (strings, numbers, lists, dicts and the like).
    """

    def __init__(
        self,
        function: Callable[..., Iterable[T]],
        *args: Any,
        urgent: Callable[[T], bool] | None = None,
    ) -> None:
        self._function, self._args = function, args
        self._child: tuple[int, int, int] | None = None  # its pid, the file, the pipe's end
        self._complete = False  # the child gave every item, and exited as done
        self._urgent = urgent
        self._listening = False  # this object handles the urgent signal
        self._previous: Any = None  # the handler it had before, given back afterwards
        self._armed = False  # inside interrupting()
        self._told_urgent = False  # the child signalled an urgent item
        if _can_fork() and (urgent is None or self._listen()):
            self._start()
            if self._child is None:
                self._unlisten()

    @property
    def running(self) -> bool:
        """Whether a child makes the items (False: :meth:`items` will make them here)."""
        return self._child is not None

    def close(self) -> None:
        """Stop the child, if it still runs: its items are no longer wanted."""
        if self._child is not None:
            self._child = None
            self._cleanup()
        self._unlisten()

    @contextlib.contextmanager
    def interrupting(self) -> Iterator[None]:
        """Run the block, or stop it with :class:`Interrupted` once the child gave an item
        its ``urgent`` test holds for: at once if it did before the block (the block may
        also end before the signal comes)."""
        self._armed = self._listening
        try:
            if self._armed and self._told_urgent:
                raise Interrupted
            yield
        finally:
            self._armed = False

    def _listen(self) -> bool:
        # handled from before the fork, so no signal of the child comes first; signal
        # handlers are set in the main thread only, and one set outside Python (None) could
        # not be given back: either way, there is no child
        if _URGENT is None or threading.current_thread() is not threading.main_thread():
            return False
        previous = signal.getsignal(_URGENT)
        if previous is None:
            return False
        try:
            signal.signal(_URGENT, self._told)
        except (ValueError, OSError):
            return False
        self._previous, self._listening = previous, True
        return True

    def _told(self, signum: int, frame: object) -> None:
        self._told_urgent = True
        if self._armed:
            self._armed = False
            raise Interrupted

    def _unlisten(self) -> None:
        if self._listening and _URGENT is not None:
            signal.signal(_URGENT, self._previous)
            self._listening, self._previous = False, None

    def _start(self) -> None:
        # a file without a name (removed at once, open in both processes): nothing is left
        # behind, however either process ends
        try:
            fd, path = tempfile.mkstemp(prefix="apiforge-forked-", dir=scratch(_SIZE))
            os.unlink(path)
        except OSError:
            return
        try:
            told, tell = os.pipe()
        except OSError:
            os.close(fd)
            return
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            for end in (fd, told, tell):
                os.close(end)
            return
        if pid == 0:  # the child: no cleanup, no buffers of the parent's flushed
            status = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides
                os.close(told)
                for item in self._function(*self._args):
                    whole = marshal.dumps(item)  # type: ignore[arg-type]
                    left = memoryview(whole)
                    while left:
                        left = left[os.write(fd, left) :]
                    os.write(tell, _LENGTH.pack(len(whole)))  # under PIPE_BUF: at once
                    if self._urgent is not None and _URGENT is not None and self._urgent(item):
                        os.kill(parent, _URGENT)
                status = 0
            finally:
                os._exit(status)
        os.close(tell)  # the child's end alone: its exit ends the pipe
        self._child = pid, fd, told
        self._cleanup = weakref.finalize(self, _stop, pid, fd, told)

    def items(self) -> Iterator[T]:
        """Each item in order, read as soon as the child has written it; those it did not
        give (no child, or it failed) made here."""
        given = 0
        if self._child is not None:
            for item in self._from_child():
                given += 1
                yield item
            if self._complete:
                return
        for index, item in enumerate(self._function(*self._args)):
            if index >= given:
                yield item

    def _from_child(self) -> Iterator[T]:
        """The child's items, as it tells them; ``_complete`` says whether it gave all."""
        assert self._child is not None
        (pid, fd, told), self._child = self._child, None
        ended = False
        offset = 0
        try:
            while (said := _read_exactly(told, _LENGTH.size)) is not None:
                (length,) = _LENGTH.unpack(said)
                data = os.pread(fd, length, offset)
                if len(data) != length:
                    break
                offset += length
                yield marshal.loads(data)
            else:  # the pipe ended: the child exited; reaped here, never killed after
                self._cleanup.detach()
                ended = True
                _, status = os.waitpid(pid, 0)
                self._complete = os.waitstatus_to_exitcode(status) == 0
        except (OSError, EOFError, ValueError, TypeError):
            pass
        finally:
            if ended:
                _close(fd, told)
            else:  # stopped midway, or asked for no more: stopped, reaped, closed
                self._cleanup()
            # the child's signal, sent before it exited, was handled on the way here
            self._unlisten()


_LENGTH = struct.Struct("<Q")  # an item's length, as the pipe tells it


def _read_exactly(fd: int, size: int) -> bytes | None:
    """``size`` bytes from the pipe ``fd``; None at its end (the child exited)."""
    data = b""
    while len(data) < size:
        more = os.read(fd, size - len(data))
        if not more:
            return None
        data += more
    return data


def _stop(pid: int, fd: int, told: int) -> None:
    """Stop and reap a child whose items were not all read, and close the ends they were
    read through."""
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        os.waitpid(pid, 0)
    except OSError:
        pass
    _close(fd, told)


def _close(*ends: int) -> None:
    for end in ends:
        try:
            os.close(end)
        except OSError:
            pass


class Workers:
    """Functions run in threads beside this one, at most ``width`` of them at a time (each in
    a thread of its own that waits for room); :meth:`Pending.result` gives what one returned
    or raises what it raised. Closing drops the ones not started and waits for the others.

    ``concurrent.futures`` does the same, at the cost of importing ``logging`` (4 ms of every
    run's start).
    """

    def __init__(self, width: int, name: str) -> None:
        self._room = threading.Semaphore(width)
        self._name = name
        self._started: list[threading.Thread] = []
        self._closed = False

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def submit(self, function: Callable[..., T], *args: Any) -> Pending[T]:
        """``function(*args)`` in a thread of its own as soon as there is room."""
        pending: Pending[T] = Pending()

        def run() -> None:
            with self._room:
                if self._closed:
                    pending.error = RuntimeError("dropped: the workers were closed first")
                    return
                try:
                    pending.value = function(*args)
                except BaseException as exc:  # given to whoever asks for the result
                    pending.error = exc

        thread = threading.Thread(target=run, name=f"{self._name}-{len(self._started)}")
        pending.thread = thread
        thread.start()
        self._started.append(thread)
        return pending

    def close(self) -> None:
        """Drop what has not started; wait for what has."""
        self._closed = True
        for thread in self._started:
            thread.join()


class Pending(Generic[T]):
    """What a function given to :class:`Workers` returns, once it has."""

    thread: threading.Thread
    value: T
    error: BaseException | None = None

    def result(self) -> T:
        """The function's value, once it returned; what it raised, raised here."""
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.value
