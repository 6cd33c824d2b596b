"""`apiforge validate` against generate's load step, on synthetic specs of growing size.

    python bench/validation.py [--schemas 10000 40000 100000] [--minor 0|1] [--quick]

For each size a spec is written by ``bench/synthetic.py`` (objects, refs, arrays, enums,
patterns, compositions). Each step runs in a fresh process with the load cache off; its CPU
time is measured after the imports both steps share: "load" is what ``generate`` does before
building the IR (read, parse, the structural checks: ``load_valid(full=False)``), "validate" is what
``apiforge validate`` does (``load_valid(full=True)``: the same, then the full validation).
Targets, marked ok or MISSED: validation time per schema does not grow with the size
(linear), and validation takes at most twice the load step at every size.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write  # noqa: E402

LINEAR = 1.5  # validation seconds per schema, largest size over smallest
WITHIN = 2.0  # validation seconds over the load step's, at each size


def _measure(spec: Path, step: str) -> float:
    """CPU seconds of ``step`` on ``spec``, timed inside a fresh process (CPU time: on a
    shared machine wall time measures the neighbours)."""
    from generator import pipeline
    from generator.config import SpecConfig
    from generator.validate import spec as _checker  # noqa: F401  (the shared imports, untimed)

    config = SpecConfig(spec=spec, output=spec.parent / "out")
    start = time.process_time()
    pipeline.load_valid(config, full=step == "validate")
    return time.process_time() - start


def run(spec: Path, step: str) -> float:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", step, str(spec)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "APIFORGE_NO_CACHE": "1"},
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"{step} failed on {spec.name}: {done.stderr.strip()[-500:]}")
    return float(json.loads(done.stdout)["seconds"])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schemas", type=int, nargs="+", default=[10_000, 40_000, 100_000])
    parser.add_argument("--minor", type=int, choices=(0, 1), default=0)
    parser.add_argument("--quick", action="store_true", help="2,000 and 8,000 schemas")
    parser.add_argument("--measure", nargs=2, metavar=("STEP", "SPEC"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        step, spec = args.measure
        print(json.dumps({"seconds": _measure(Path(spec), step)}))
        return 0
    sizes = [2_000, 8_000] if args.quick else sorted(args.schemas)
    print(f"OpenAPI 3.{args.minor} synthetic specs; CPU seconds in a fresh process, load cache off")
    print(f"{'schemas':>8} {'load step':>10} {'validate':>10} {'ratio':>6} {'ms/1k schemas':>14}")
    per_schema: list[float] = []
    ratios: list[float] = []
    with tempfile.TemporaryDirectory(prefix="apiforge-validation-") as temp:
        for size in sizes:
            spec = write(size, Path(temp) / f"synthetic-{size}.json", args.minor)
            load = run(spec, "load")
            validate = run(spec, "validate")
            per_schema.append(validate / size)
            ratios.append(validate / load)
            print(
                f"{size:>8} {load:>10.2f} {validate:>10.2f} {validate / load:>6.2f} "
                f"{validate / size * 1e6:>14.0f}",
                flush=True,
            )
    growth = per_schema[-1] / per_schema[0]
    worst = max(ratios)
    print(
        f"target linear: validate per schema at {sizes[-1]} over {sizes[0]} <= {LINEAR}: "
        f"{growth:.2f} {'ok' if growth <= LINEAR else 'MISSED'}"
    )
    print(
        f"target validate <= {WITHIN}x the load step at every size: worst {worst:.2f} "
        f"{'ok' if worst <= WITHIN else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
