"""Run one command in a child process; print its wall time, CPU time and peak memory as JSON.

Used as ``python bench/measure.py CMD...`` so that each measurement has a fresh parent and
``RUSAGE_CHILDREN`` holds exactly that command's peak resident set.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> int:
    start = time.perf_counter()
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "returncode": done.returncode,
                "wall": wall,
                "cpu": usage.ru_utime + usage.ru_stime,
                "max_rss_mb": usage.ru_maxrss / 1024,
                "stderr_tail": done.stderr.strip().splitlines()[-3:],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
