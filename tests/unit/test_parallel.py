"""Results made in a child process: the same as made here, and nothing left behind."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import parallel as forked
from generator.parallel import Forked, Workers
from generator.render.package import render_batches
from tests.functional.conformance.test_conformance_limits import build
from tests.support import ROOT

linux = pytest.mark.skipif(sys.platform != "linux", reason="fork is used on Linux only")


@pytest.fixture
def may_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest's own threads (xdist's, say) would keep apiforge from forking: here it may
    monkeypatch.setattr(forked, "_can_fork", lambda: True)


def _made_where(count: int) -> Iterator[tuple[int, str]]:
    for index in range(count):
        yield os.getpid(), "x" * index


def _waits_for(path: str) -> Iterator[str]:
    yield "first"
    for _ in range(500):  # until the reader has the first item, 10 s at most
        if os.path.exists(path):
            break
        time.sleep(0.02)
    yield "second" if os.path.exists(path) else "never told"


def _failing_there(parent: int, after: int, how: str) -> Iterator[tuple[int, int]]:
    """Four items, each with the pid that made it; a child (not ``parent``) fails after
    ``after`` of them: it raises, or it is killed."""
    for index in range(4):
        if index == after and os.getpid() != parent:
            if how == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            raise RuntimeError("planted")
        yield index, os.getpid()


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@linux
@pytest.mark.usefixtures("may_fork")
def test_the_items_are_made_by_a_child_and_read_back_in_order() -> None:
    items = list(Forked(_made_where, 3).items())
    assert [text for _, text in items] == ["", "x", "xx"]
    assert os.getpid() not in {pid for pid, _ in items}, "made here, not by a child"


@linux
@pytest.mark.usefixtures("may_fork")
@pytest.mark.parametrize("how", ["raises", "killed"])
@pytest.mark.parametrize("after", [0, 2])
def test_a_child_that_fails_leaves_the_items_it_did_not_give_to_the_caller(
    how: str, after: int
) -> None:
    made = Forked(_failing_there, os.getpid(), after, how)
    child = made._child[0] if made._child else 0
    assert child
    items = list(made.items())
    assert [index for index, _ in items] == [0, 1, 2, 3]
    assert [pid for _, pid in items] == [child] * after + [os.getpid()] * (4 - after)
    assert _gone(child)


def test_with_other_threads_running_nothing_is_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked.threading, "active_count", lambda: 2)
    made = Forked(_made_where, 1)
    assert made._child is None
    assert [pid for pid, _ in made.items()] == [os.getpid()]


@linux
@pytest.mark.usefixtures("may_fork")
def test_a_child_nobody_asks_is_stopped_and_reaped() -> None:
    made = Forked(_made_where, 1)
    assert made._child is not None
    pid, fd, told = made._child
    del made
    assert _gone(pid), "the child was left running or unreaped"
    for end in (fd, told):
        with pytest.raises(OSError):
            os.fstat(end)  # its file and pipe closed: nothing of it is left


@linux
def test_the_files_are_the_same_made_by_a_child_or_here(monkeypatch: pytest.MonkeyPatch) -> None:
    api = build(ROOT / "spec" / "kitchen-sink.yaml")
    monkeypatch.setattr(forked, "_can_fork", lambda: False)
    here = [batch.files for batch in render_batches(api)]
    monkeypatch.setattr(forked, "_can_fork", lambda: True)
    spawned: list[int] = []
    start = Forked._start

    def counted(self: Forked[object]) -> None:
        start(self)
        spawned.append(self._child[0] if self._child else 0)

    monkeypatch.setattr(Forked, "_start", counted)
    by_child = [batch.files for batch in render_batches(api)]
    assert spawned and all(spawned), "no child made the tests"
    assert by_child == here


@linux
@pytest.mark.usefixtures("may_fork")
def test_each_item_is_read_as_soon_as_the_child_has_written_it(tmp_path: Path) -> None:
    told = tmp_path / "told"
    items = Forked(_waits_for, str(told)).items()
    assert next(items) == "first"  # the child waits for this before it makes the second
    told.write_text("")
    assert list(items) == ["second"]


def _verdict(value: str) -> Iterator[str]:
    yield value


def _busy(seconds: float) -> float:
    """Work in Python for up to ``seconds``; how long it ran."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        sum(range(1000))
    return time.monotonic() - start


@linux
@pytest.mark.usefixtures("may_fork")
def test_an_urgent_item_stops_the_work_done_meanwhile() -> None:
    before = signal.getsignal(signal.SIGUSR1)
    made = Forked(_verdict, "bad", urgent=lambda item: item == "bad")
    assert made.running
    start = time.monotonic()
    with pytest.raises(forked.Interrupted), made.interrupting():
        _busy(30)
    assert time.monotonic() - start < 20, "the block ran on after the child told"
    assert list(made.items()) == ["bad"]
    assert signal.getsignal(signal.SIGUSR1) == before, "the signal's handler was not given back"


@linux
@pytest.mark.usefixtures("may_fork")
def test_an_item_that_is_not_urgent_lets_the_work_finish() -> None:
    before = signal.getsignal(signal.SIGUSR1)
    made = Forked(_verdict, "fine", urgent=lambda item: item == "bad")
    with made.interrupting():
        assert _busy(0.3) >= 0.3
    assert list(made.items()) == ["fine"]
    assert signal.getsignal(signal.SIGUSR1) == before


def _urgent_once_told(path: str) -> Iterator[str]:
    for _ in range(500):  # until the block has ended, 10 s at most
        if os.path.exists(path):
            break
        time.sleep(0.02)
    yield "bad"


@linux
@pytest.mark.usefixtures("may_fork")
def test_an_urgent_item_after_the_block_interrupts_nothing(tmp_path: Path) -> None:
    told = tmp_path / "told"
    made = Forked(_urgent_once_told, str(told), urgent=lambda item: item == "bad")
    with made.interrupting():
        pass
    told.write_text("")
    time.sleep(0.3)  # the child's signal comes now, with nothing to stop
    _busy(0.1)
    assert list(made.items()) == ["bad"]


@linux
@pytest.mark.usefixtures("may_fork")
def test_a_child_closed_early_is_stopped_and_the_signal_given_back() -> None:
    before = signal.getsignal(signal.SIGUSR1)
    made = Forked(_waits_for, "/nonexistent/never", urgent=lambda item: False)
    assert made._child is not None
    pid = made._child[0]
    made.close()
    assert _gone(pid)
    assert signal.getsignal(signal.SIGUSR1) == before
    assert not made.running


@linux
@pytest.mark.usefixtures("may_fork")
def test_a_handler_set_outside_python_is_kept_and_no_child_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(forked.signal, "getsignal", lambda signum: None)
    made = Forked(_verdict, "bad", urgent=lambda item: item == "bad")
    assert not made.running
    assert list(made.items()) == ["bad"]  # made here


@linux
@pytest.mark.usefixtures("may_fork")
def test_an_urgent_item_given_before_the_block_stops_it_at_once() -> None:
    made = Forked(_verdict, "bad", urgent=lambda item: item == "bad")
    time.sleep(0.5)  # the child is done and has signalled before the block begins
    _busy(0.1)
    start = time.monotonic()
    with pytest.raises(forked.Interrupted), made.interrupting():
        _busy(30)
    assert time.monotonic() - start < 20
    assert list(made.items()) == ["bad"]


def test_workers_give_each_value_or_raise_what_it_raised() -> None:
    def fail() -> None:
        raise KeyError("no")

    with Workers(2, "test") as workers:
        done = [workers.submit(pow, 2, n) for n in range(5)]
        failed = workers.submit(fail)
    assert [pending.result() for pending in done] == [1, 2, 4, 8, 16]
    with pytest.raises(KeyError, match="no"):
        failed.result()


def test_workers_run_at_most_their_width_at_once() -> None:
    running: list[int] = []
    most: list[int] = []
    lock = threading.Lock()

    def work() -> None:
        with lock:
            running.append(1)
            most.append(len(running))
        time.sleep(0.02)
        with lock:
            running.pop()

    with Workers(2, "test") as workers:
        for _ in range(6):
            workers.submit(work)
    assert max(most) == 2


def test_closed_workers_drop_what_has_not_started() -> None:
    release = threading.Event()
    workers = Workers(1, "test")
    first = workers.submit(release.wait, 5)
    second = workers.submit(lambda: "ran")  # waits for room
    closing = threading.Thread(target=workers.close)
    closing.start()
    while not workers._closed:  # closed while the first one runs
        time.sleep(0.001)
    release.set()
    closing.join()
    assert first.result() is True
    with pytest.raises(RuntimeError, match="dropped"):
        second.result()
