"""Run one command in a child process; print its wall time, CPU time and peak memory as JSON.

Used as ``python bench/measure.py CMD...`` so that each measurement has a fresh parent:
``RUSAGE_CHILDREN`` then holds exactly that command's CPU time, and the peak resident set of
its largest process. A tool may run processes of its own at once (ruff beside apiforge, a JVM
under a wrapper), so the peak is also taken over the whole tree: where ``/proc`` tells, the
proportional set sizes (PSS: a page shared by several processes counted once in all) of the
command and every process under it are summed every 20 ms, and ``max_rss_mb`` is the larger
of the two figures.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time

_EVERY = 0.02  # seconds between two samples of the tree


def _tree(root: int) -> list[int]:
    """``root`` and the processes under it, as ``/proc`` lists them now."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listed:
                    todo.extend(int(child) for child in listed.read().split())
        except OSError:
            continue  # gone, or no /proc here
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def main() -> int:
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:  # a file: a pipe left unread could fill
        process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=errors)
        peak_kb = 0
        while process.poll() is None:
            peak_kb = max(peak_kb, sum(_pss_kb(pid) for pid in _tree(process.pid)))
            time.sleep(_EVERY)
        errors.seek(0)
        stderr = errors.read()
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "returncode": process.returncode,
                "wall": wall,
                "cpu": usage.ru_utime + usage.ru_stime,
                "max_rss_mb": max(usage.ru_maxrss, peak_kb) / 1024,
                "stderr_tail": stderr.strip().splitlines()[-3:],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
