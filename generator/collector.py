"""The cyclic garbage collector, kept out of work that makes no garbage.

:func:`paused`: a block that builds a big tree of fresh containers (a document read, walked
or checked: all of it alive) would trigger collections for nothing.

:func:`loading`: importing makes objects that live as long as the process (functions,
classes, tables): a collection while they load finds nothing to free, and every later one
would walk them all again. In a process started as the ``apiforge`` command
(:func:`generator.cli.run`), what :func:`loading` imports is loaded with the collector paused
and then frozen (:func:`gc.freeze`: kept out of every later collection), 5 to 8 ms of a small
spec's 0.13 s generation. A process that imports apiforge (a test, a user's script) keeps its
collector as it is: freezing there would keep the garbage it holds at that moment for good.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["is_command", "loading", "paused", "process_start"]


class _Process:
    started_here = False  # as the apiforge command


def process_start() -> None:
    """Tell that this process is the ``apiforge`` command, started a moment ago."""
    _Process.started_here = True


def is_command() -> bool:
    """Whether this process is the ``apiforge`` command (it ends when the command does)."""
    return _Process.started_here


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection in the block (see the module's text)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def loading() -> Iterator[None]:
    """Import modules in the block (see the module's text)."""
    if not (_Process.started_here and gc.isenabled()):
        yield
        return
    known = len(sys.modules)
    with paused():
        try:
            yield
        finally:
            if len(sys.modules) > known:  # else nothing was loaded: nothing to keep
                gc.freeze()
