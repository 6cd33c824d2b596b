"""How much of a folder of specs goes through: validate, generate, the generated suites.

    python bench/breadth.py [FOLDER ...] [--no-suites] [--suite-limit BYTES] [--conformance]

Default folders: tests/breadth/specs, and ../shared/specs when present (a line says so when
it is not). For each folder it prints how many specs validate (a spec named ``invalid-*``
counts when it is refused with located messages), how many generate, how many generated
suites pass with ``APIFORGE_MAX_EXAMPLES=3`` (all of a folder's suites in one pytest
process), and what generation skipped, by reason (``apiforge generate`` lists each skipped
thing as a located warning). Suites of specs larger than ``--suite-limit`` (default 1 MB:
GitHub's spec would run about 190,000 tests) are not run, and the output names them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.breadth.harness import (  # noqa: E402
    MAX_EXAMPLES,
    Ran,
    apiforge,
    is_invalid,
    package_for,
    refused_properly,
    skip_reasons,
    spec_files,
    start_suites,
    suite_results,
)

DEFAULTS = (ROOT / "tests" / "breadth" / "specs", ROOT.parent / "shared" / "specs")


def _folder(folder: Path, args: argparse.Namespace) -> None:
    specs = spec_files(folder)
    invalid = [s for s in specs if is_invalid(s)]
    valid = [s for s in specs if not is_invalid(s)]
    print(f"{folder}: {len(specs)} specs ({len(invalid)} named invalid-*, to be refused)")
    problems: list[str] = []
    validated = 0
    for spec in specs:
        ran = apiforge("validate", str(spec))
        why = refused_properly(ran) if is_invalid(spec) else (None if ran.code == 0 else ran.text)
        validated += why is None
        if why is not None:
            problems.append(f"  validate {spec.name}: {why.splitlines()[0][:300]}")
    print(f"  validate: {validated}/{len(specs)} as expected")
    with tempfile.TemporaryDirectory(prefix="apiforge-breadth-") as temp:
        out = Path(temp)
        generated: dict[Path, Ran] = {}
        skips: Counter[str] = Counter()
        for spec in valid:
            ran = apiforge("generate", str(spec), "-o", str(out), "--package", package_for(spec))
            generated[spec] = ran
            skips += skip_reasons(ran)
            if ran.code != 0:
                problems.append(f"  generate {spec.name}: exit {ran.code}: {ran.text[:300]}")
        ok = [spec for spec, ran in generated.items() if ran.code == 0]
        seconds = sum(ran.seconds for ran in generated.values())
        print(f"  generate: {len(ok)}/{len(valid)} ({seconds:.1f}s)")
        if args.suites:
            _suites(out, ok, args.suite_limit, problems)
        if args.conformance:
            passed = 0
            for spec in ok:
                ran = apiforge("conformance", str(spec), "--max-examples", "3", "--timeout", "5")
                passed += ran.code == 0
                if ran.code != 0:
                    last = ran.text.splitlines()[-1] if ran.text else ""
                    problems.append(f"  conformance {spec.name}: exit {ran.code}: {last[:300]}")
            print(f"  conformance against the built-in mock (3 examples): {passed}/{len(ok)}")
    print(f"  skipped by generation: {sum(skips.values())}")
    for reason, count in skips.most_common():
        print(f"    {count:5d}  {reason[:160]}")
    if problems:
        print("  problems:")
        print("\n".join(problems))


def _suites(out: Path, specs: list[Path], limit: int, problems: list[str]) -> None:
    small = [s for s in specs if s.stat().st_size <= limit]
    for spec in specs:
        if spec not in small:
            print(f"  suite of {spec.name} not run: {spec.stat().st_size:,} bytes > {limit:,}")
    packages = [package_for(s) for s in small]
    if not packages:
        return
    junit = out / "junit.xml"
    start = time.perf_counter()
    process = start_suites(out, packages, junit)
    log, _ = process.communicate()
    took = time.perf_counter() - start
    results = suite_results(junit, packages)
    passing = 0
    for spec in small:
        suite = results[package_for(spec)]
        passing += not suite.failed and suite.passed > 0
        for failure in suite.failed[:3]:
            problems.append(f"  suite {spec.name}: {failure[:300]}")
        if not suite.failed and suite.passed == 0:
            problems.append(f"  suite {spec.name}: no test ran ({log.strip()[-200:]})")
    tests = sum(r.passed + len(r.failed) + r.skipped for r in results.values())
    print(
        f"  suites passing (APIFORGE_MAX_EXAMPLES={MAX_EXAMPLES}): {passing}/{len(small)} "
        f"({tests} tests in one pytest process, {took:.0f}s)"
    )


def main() -> None:
    """Measure each folder given, or the default ones."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--no-suites", dest="suites", action="store_false")
    parser.add_argument("--suite-limit", type=int, default=1_000_000, metavar="BYTES")
    parser.add_argument("--conformance", action="store_true", help="also run conformance")
    args = parser.parse_args()
    for folder in args.folders or DEFAULTS:
        if not folder.is_dir():
            print(f"{folder}: not present, not measured")
            continue
        _folder(folder, args)


if __name__ == "__main__":
    main()
