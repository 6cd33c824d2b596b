"""Run one command in a child process; print its wall time, CPU time and peak memory as JSON.

Used as ``python bench/measure.py [--tree] CMD...`` so that each measurement has a fresh
parent: ``RUSAGE_CHILDREN`` then holds exactly that command's CPU time, and the peak resident
set of its largest process. A tool may run processes of its own at once (ruff beside
apiforge, a JVM under a wrapper), so with ``--tree`` the peak is also taken over the whole
tree: where ``/proc`` tells, the proportional set sizes (PSS: a page shared by several
processes counted once in all) of the command and every process under it are summed every
20 ms, and ``max_rss_mb`` is the larger of the two figures. Reading a large process's PSS
walks its page tables and holds its memory map's lock, which slows the process measured (by
0.1 to 0.6 s on GitHub's spec): a run whose time counts is not sampled.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
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


def _sample(root: int, peak_kb: list[int], done: threading.Event) -> None:
    """Keep the largest summed PSS of ``root``'s tree in ``peak_kb[0]`` until ``done``."""
    while not done.is_set():
        peak_kb[0] = max(peak_kb[0], sum(_pss_kb(pid) for pid in _tree(root)))
        done.wait(_EVERY)


def main() -> int:
    tree = sys.argv[1:2] == ["--tree"]
    command = sys.argv[2:] if tree else sys.argv[1:]
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:  # a file: a pipe left unread could fill
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        # sampled beside the wait, so that the wall time is the command's end to the
        # microsecond, not to the next sample
        peak_kb, done = [0], threading.Event()
        sampler = threading.Thread(target=_sample, args=(process.pid, peak_kb, done))
        if tree:
            sampler.start()
        process.wait()
        wall = time.perf_counter() - start
        done.set()
        if tree:
            sampler.join()
        errors.seek(0)
        stderr = errors.read()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "returncode": process.returncode,
                "wall": wall,
                "cpu": usage.ru_utime + usage.ru_stime,
                "max_rss_mb": max(usage.ru_maxrss, peak_kb[0]) / 1024,
                "stderr_tail": stderr.strip().splitlines()[-3:],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
