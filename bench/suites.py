"""Wall time of the generated suites: the seed's as CI runs it, GitHub's with xdist's workers.

    python bench/suites.py [--runs 3] [--github-shards 8]

Each suite is generated into a temporary folder (``apiforge generate``, no cache) and run by
``python -m pytest -q -p no:cacheprovider`` in that folder, with ``CI=1`` (the generated
conftest's ``ci`` Hypothesis profile: derandomized, no deadline, no example database) and
``PYTHONDONTWRITEBYTECODE=1`` (each run compiles the modules afresh, as a fresh CI job does).
Targets, each ok or MISSED:

- the seed's whole suite (``spec/perplexity-async-chat-completions.yaml``): at most 8 s, the
  median of ``--runs``; every test passes. How many planted package bugs it catches is
  ``tests/functional/suite/test_planted_power.py``'s to count (a faster suite that catches
  fewer is weaker, not faster);
- GitHub's suite scales with pytest-xdist's workers: one fixed part of it, the first of
  ``--github-shards`` shards of the whole suite (``--apiforge-shard 1/N``: every kind of test,
  each process collecting the whole suite as a real run does), ``APIFORGE_MAX_EXAMPLES=2``,
  with ``-n 2`` in at most 0.75 times its wall time with ``-n 0``. Measured only where the
  machine has two cores or more, pytest-xdist is installed and
  ``../shared/specs/github-api.yaml`` is there; otherwise a line says why.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "spec" / "perplexity-async-chat-completions.yaml"
GITHUB = ROOT.parent / "shared" / "specs" / "github-api.yaml"
SEED_LIMIT = 8.0  # seconds, the seed's suite in the CI profile
SCALING_LIMIT = 0.75  # `-n 2` wall time as a share of `-n 0`'s
_COUNTS = re.compile(r"(\d+) (passed|failed|error|errors|skipped)")


def generate(spec: Path, out: Path, package: str) -> str | None:
    """Generate ``spec`` into ``out``; None, or why it could not be."""
    command = ["generate", str(spec), "-o", str(out), "--package", package]
    done = subprocess.run(
        [sys.executable, "-m", "generator", *command],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "APIFORGE_NO_CACHE": "1"},
    )
    if done.returncode != 0:
        return f"generate exited {done.returncode}: {done.stderr.strip()[-300:]}"
    return None


@contextmanager
def generated(spec: Path, package: str, what: str) -> Iterator[Path | None]:
    """A temporary folder with ``spec`` generated in it as ``package``; None, and a line
    saying why ``what`` is not measured, when it could not be."""
    with tempfile.TemporaryDirectory(prefix="apiforge-bench-suites-") as tmp:
        why = generate(spec, Path(tmp), package)
        if why is not None:
            print(f"{what}: not measured ({why})")
        yield Path(tmp) if why is None else None


def run_suite(
    folder: Path, targets: list[str], *extra: str, examples: int | None = None
) -> tuple[float, dict[str, int], str]:
    """Run pytest on ``targets`` in ``folder`` (``examples``: ``APIFORGE_MAX_EXAMPLES``):
    (wall seconds, counts by outcome, last line)."""
    env = {**os.environ, "CI": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    if examples is not None:
        env["APIFORGE_MAX_EXAMPLES"] = str(examples)
    env.pop("APIFORGE_BASE_URL", None)  # the live tests skip: no server is measured here
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra, *targets],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    wall = time.perf_counter() - start
    lines = done.stdout.strip().splitlines()
    last = lines[-1] if lines else done.stderr.strip()[-200:]
    counts: dict[str, int] = {}
    for number, outcome in _COUNTS.findall(last):
        counts[outcome.rstrip("s") if outcome == "errors" else outcome] = int(number)
    if done.returncode != 0 and not counts.get("failed") and not counts.get("error"):
        counts["error"] = 1  # pytest itself failed (collection, usage)
    return wall, counts, last


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def seed(runs: int) -> None:
    with generated(SEED, "perplexity_api", "seed suite") as out:
        if out is None:
            return
        results = [run_suite(out, ["perplexity_api_tests"]) for _ in range(runs)]
    walls = [wall for wall, _, _ in results]
    wall = statistics.median(walls)
    failed = [last for _, counts, last in results if counts.get("failed") or counts.get("error")]
    last = results[0][2]
    print(f"seed suite, CI profile ({last})")
    print(f"  median of {runs}: {wall:.2f} s (runs: {', '.join(f'{w:.2f}' for w in walls)})")
    ok = wall <= SEED_LIMIT and not failed
    print(
        f"target: seed suite <= {SEED_LIMIT:.0f} s in the CI profile, every test passing: "
        f"{wall:.2f} s{'' if not failed else ', failures: ' + failed[0]}: {verdict(ok)}"
    )


def github(shards: int) -> None:
    cores = os.cpu_count() or 1
    if cores < 2:
        print(f"GitHub suite scaling: not measured ({cores} core: workers cannot run apart)")
        return
    if not GITHUB.is_file():
        print(f"GitHub suite scaling: not measured ({GITHUB} is not present)")
        return
    if importlib.util.find_spec("xdist") is None:
        print("GitHub suite scaling: not measured (pytest-xdist is not installed: .[test])")
        return
    with generated(GITHUB, "github_api", "GitHub suite scaling") as out:
        if out is None:
            return
        part = ["github_api_tests", "--apiforge-shard", f"1/{shards}"]
        serial = run_suite(out, part, "-n", "0", examples=2)
        parallel = run_suite(out, part, "-n", "2", examples=2)
    print(f"GitHub suite, shard 1 of {shards}, APIFORGE_MAX_EXAMPLES=2")
    for label, (wall, _, last) in (("-n 0", serial), ("-n 2", parallel)):
        print(f"  {label}: {wall:.2f} s ({last})")
    share = parallel[0] / serial[0]
    broken = [r[2] for r in (serial, parallel) if r[1].get("failed") or r[1].get("error")]
    ok = share <= SCALING_LIMIT and not broken
    print(
        f"target: GitHub suite with -n 2 <= {SCALING_LIMIT}x its time with -n 0 "
        f"({cores} cores), every test passing: {share:.2f}x"
        f"{'' if not broken else ', failures: ' + broken[0]}: {verdict(ok)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--github-shards", type=int, default=8)
    args = parser.parse_args()
    seed(args.runs)
    github(args.github_shards)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
