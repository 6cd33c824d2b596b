"""pipeline.beside: batches made by a forked copy of the process, in order; a failure of the
copy leaves the rest to this process, which raises what the copy met."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from generator.pipeline import beside

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
HERE = os.getpid()


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _made(fail_after: int | None = None, *, error: bool = False) -> Iterator[dict[str, str]]:
    for index in range(3):
        if fail_after is not None and index == fail_after:
            if error or os.getpid() != HERE:
                raise RuntimeError("cannot render")
        yield {f"file{index}": str(os.getpid())}


def test_the_copy_makes_every_batch_in_order() -> None:
    with beside(_made, fork=True) as batches:
        got = list(batches)
    assert [list(b) for b in got] == [["file0"], ["file1"], ["file2"]]
    assert all(b[name] != str(HERE) for b in got for name in b)  # made by the copy
    assert _no_child_left()


def test_what_the_copy_did_not_send_is_made_here() -> None:
    with beside(lambda: _made(1), fork=True) as batches:
        got = list(batches)
    assert [list(b) for b in got] == [["file0"], ["file1"], ["file2"]]
    assert got[0]["file0"] != str(HERE)
    assert got[1]["file1"] == got[2]["file2"] == str(HERE)
    assert _no_child_left()


def test_a_failure_is_raised_here() -> None:
    with pytest.raises(RuntimeError, match="cannot render"):
        with beside(lambda: _made(2, error=True), fork=True) as batches:
            list(batches)
    assert _no_child_left()


def test_a_copy_left_unread_is_stopped() -> None:
    with pytest.raises(KeyError):
        with beside(_made, fork=True) as batches:
            next(iter(batches))
            raise KeyError("the caller failed")
    assert _no_child_left()


def test_without_fork_the_batches_are_made_here_as_they_are_read() -> None:
    with beside(_made, fork=False) as batches:
        got = list(batches)
    assert [b[name] for b in got for name in b] == [str(HERE)] * 3
