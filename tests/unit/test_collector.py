"""A command's modules load with the collector paused and are frozen after, in a process
started as the command only."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import gc, sys
from generator.collector import loading, process_start
{start}
with loading():
    import {module}
with loading():
    import {module}  # nothing loaded: nothing frozen again
print(gc.get_freeze_count() > 0, gc.isenabled(), file=sys.stdout)
"""


@pytest.mark.parametrize(
    ("start", "frozen"), [("process_start()", True), ("", False)], ids=["command", "imported"]
)
def test_modules_loaded_at_the_commands_start_are_frozen_and_the_collector_resumes(
    start: str, frozen: bool
) -> None:
    code = PROBE.format(start=start, module="generator.render")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(frozen), "True"]


def test_a_collector_paused_by_the_caller_stays_paused() -> None:
    code = "import gc\ngc.disable()\n" + PROBE.format(start="process_start()", module="json")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


@pytest.mark.parametrize(
    ("start", "kept"), [("process_start()", True), ("", False)], ids=["command", "imported"]
)
def test_what_a_build_froze_stays_frozen_in_the_commands_process_only(
    start: str, kept: bool
) -> None:
    code = (
        f"import gc\nfrom generator.collector import process_start\n{start}\n"
        "from generator.pipeline import _long_lived\n"
        "with _long_lived():\n    pass\nprint(gc.get_freeze_count() > 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(kept)]


@pytest.mark.parametrize("paused_before", [False, True], ids=["running", "paused-by-caller"])
def test_no_collection_runs_while_the_ir_is_built_or_rendered(paused_before: bool) -> None:
    """Inside the block every object made lives to its end: no collection runs there, even
    past the thresholds; after it, the collector is as the caller had it."""
    code = (
        "import gc\n"
        f"{'gc.disable()' if paused_before else ''}\n"
        "from generator.pipeline import _long_lived\n"
        "runs = []\n"
        "gc.callbacks.append(lambda phase, info: runs.append(phase))\n"
        "with _long_lived():\n"
        "    inside = gc.isenabled()\n"
        "    kept = [[i] for i in range(200_000)]  # far past the youngest generation's threshold\n"
        "    during = len(runs)\n"
        "print(inside, during, gc.isenabled())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "0", str(not paused_before)]
