"""Conformance side by side: ``--workers 4`` against one worker on a slow correct service.

    python bench/workers.py [--delay 0.1] [--max-examples 10] [--workers 4] [--seed 0]

The service is ``tests/servers/paced.py``: four operations, each answer ``--delay`` seconds
late, every answer decided by the request alone. The same run (seed, cases) is made with one
worker and with ``--workers``; it prints both times, the ratio, whether the two reports are
the same but for their timings, and the target (at least 2.5 times faster, the same report)
ok or MISSED. The server listens on 127.0.0.1 in a background thread of this process.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.conformance import Report, run_conformance  # noqa: E402
from generator.mock import serving  # noqa: E402
from tests.servers import paced  # noqa: E402
from tests.servers.fastapi_apps import api_of  # noqa: E402

TARGET = 2.5


def untimed(report: Report) -> dict[str, Any]:
    data = report.to_dict()
    data.pop("seconds")
    for failure in data["failures"]:
        failure.pop("found_after_seconds")
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.1, help="seconds per answer")
    parser.add_argument("--max-examples", type=int, default=10, help="random cases per operation")
    parser.add_argument("--workers", type=int, default=4, help="workers of the second run")
    parser.add_argument("--seed", type=int, default=0, help="the runs' seed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        api = api_of(paced.make(None), Path(folder))
    runs: dict[int, tuple[float, Report]] = {}
    with serving(paced.make(None, delay=args.delay)) as url:
        for workers in (1, args.workers):
            started = time.monotonic()
            report = run_conformance(
                api,
                base_url=url,
                token=None,
                max_examples=args.max_examples,
                seed=args.seed,
                workers=workers,
            )
            runs[workers] = (time.monotonic() - started, report)
    (one, first), (many, other) = runs[1], runs[args.workers]
    same = untimed(first) == untimed(other)
    ratio = one / many
    print(
        f"{len(api.operations)} operations, {first.cases} cases, {args.delay:g} s per answer, "
        f"seed {args.seed}, {args.max_examples} examples"
    )
    print("| workers | seconds | cases | failures |\n|---|---|---|---|")
    for workers, (seconds, report) in sorted(runs.items()):
        print(f"| {workers} | {seconds:.2f} | {report.cases} | {len(report.failed())} |")
    ok = same and ratio >= TARGET
    print(
        f"--workers {args.workers} is {ratio:.2f}x faster; reports the same but for timings: "
        f"{'yes' if same else 'NO'}; target (>= {TARGET}x, same report): "
        f"{'ok' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
