"""How the command ends: its exit code, its output flushed, exit handlers run, threads awaited."""

from __future__ import annotations

import subprocess
import sys

from tests.support import ROOT


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_the_end_runs_the_exit_handlers_and_flushes_the_output() -> None:
    done = _run(
        "import atexit, sys, tempfile, generator.cli\n"
        "kept = tempfile.TemporaryDirectory()\n"
        "print(kept.name)\n"
        "atexit.register(print, 'handler ran')\n"
        "sys.stdout.write('buffered, no newline')\n"
        "generator.cli.end(5)\n"
    )
    folder, rest = done.stdout.split("\n", 1)
    assert done.returncode == 5
    assert rest == "buffered, no newlinehandler ran\n"
    assert not (ROOT / folder).exists(), "the temporary folder's finalizer did not run"


def test_the_end_waits_for_a_thread_left_running() -> None:
    done = _run(
        "import threading, time, generator.cli\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()\n"
        "generator.cli.end(4)\n"
    )
    assert done.returncode == 4
    assert done.stdout == "thread done\n"


def test_the_end_of_a_closed_output_is_pythons_own() -> None:
    done = _run("import os, sys, generator.cli\nsys.stdout.close()\ngenerator.cli.end(3)\n")
    assert done.returncode == 3
