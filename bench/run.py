"""`nox -s bench`: every benchmark, each printing ratios against peers measured in the same run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "exactness.py",
    "generation.py",
    "validation.py",
    "client_overhead.py",
    "strategies.py",
    "conformance.py",
    "workers.py",
    "changelog.py",
    "startup.py",
    "suites.py",
)


def main() -> int:
    worst = 0
    for script in SCRIPTS:
        path = HERE / script
        if not path.is_file():
            print(f"\n== {script}: not present, skipped")
            continue
        print(f"\n== {script}", flush=True)
        worst = max(worst, subprocess.run([sys.executable, str(path)], check=False).returncode)
    return worst


if __name__ == "__main__":
    raise SystemExit(main())
