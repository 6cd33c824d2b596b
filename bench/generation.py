"""Generation speed and peak memory: apiforge next to its peers, on the same files, in one run.

    python bench/generation.py [--runs 3] [--spec PATH ...] [--quick]

Each figure is the median of whole-process runs (wall seconds, peak memory of the process tree:
bench/measure.py), the tools' runs taken in turns (:func:`measure_in_turns`). Peers that are
not installed are skipped with a line saying so. The real-world specs are read from
../shared/specs when that folder is present. After the peers, apiforge's incremental targets
with a cache of their own: `generate` after a one-schema change (one description changed)
and `check` of an unchanged output, each with ok or MISSED.

Then the cold targets, each ok or MISSED: apiforge's cold generation at most
:data:`COLD_RATIO` of the fastest peer doing the same job (``--vendor``, models and client
without tests, against the models-only peers; everything against the SDK peers), and its
peak memory below every peer's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, cast

from peers import tool

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "specs"
SEED = ROOT / "spec" / "perplexity-async-chat-completions.yaml"

Command = Callable[[Path, Path], list[str] | None]


def apiforge_full(spec: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "generator",
        "generate",
        str(spec),
        "-o",
        str(out),
        "--package",
        "bench_api",
    ]


def apiforge_models(spec: Path, out: Path) -> list[str]:
    return [*apiforge_full(spec, out), "--vendor", str(out)]


def dcg(formatter: str | None) -> Command:
    def command(spec: Path, out: Path) -> list[str] | None:
        exe = tool("datamodel-codegen")
        if exe is None:
            return None
        cmd = [
            exe,
            "--input",
            str(spec),
            "--input-file-type",
            "openapi",
            "--output",
            str(out / "models.py"),
        ]
        cmd += ["--output-model-type", "pydantic_v2.BaseModel"]
        return [*cmd, "--formatters", formatter] if formatter else cmd

    return command


def openapi_python_client(spec: Path, out: Path) -> list[str] | None:
    exe = tool("openapi-python-client")
    if exe is None:
        return None
    return [
        exe,
        "generate",
        "--path",
        str(spec),
        "--output-path",
        str(out / "client"),
        "--overwrite",
    ]


def openapi_generator(spec: Path, out: Path) -> list[str] | None:
    exe = tool("openapi-generator-cli")
    if exe is None or shutil.which("java") is None:
        return None
    return [
        exe,
        "generate",
        "-i",
        str(spec),
        "-g",
        "python",
        "-o",
        str(out / "client"),
        "--skip-validate-spec",
    ]


# swagger-parser refuses YAML over 3 MiB code points unless told otherwise
JAVA_OPTS = "-DmaxYamlCodePoints=50000000"


# the incremental targets: (what, seconds)
ONE_SCHEMA_TARGET = 1.0
CHECK_TARGET = 0.5

# the cold targets: apiforge's time at most this share of the fastest peer doing the same job
COLD_RATIO = 0.3
MODELS = "apiforge generate (models)"
EVERYTHING = "apiforge generate (everything)"
# who does the same job as each apiforge run
SAME_JOB = {
    MODELS: ("datamodel-codegen (defaults)", "datamodel-codegen --formatters ruff-format"),
    EVERYTHING: ("openapi-python-client", "OpenAPI Generator (python)"),
}


def _environment() -> dict[str, str]:
    env = {
        **os.environ,
        "APIFORGE_NO_CACHE": os.environ.get("APIFORGE_NO_CACHE", "1"),
        "JAVA_OPTS": JAVA_OPTS,
    }
    # apiforge's modules compiled once, as an installed package's are (the peers' are)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


# room left on the disk below which a run's output is removed at once (see set_aside)
KEEP_FREE = 4 << 30


def set_aside(folder: Path) -> None:
    """``folder``, a run's output, kept until the bench is done while the disk has room.

    A removed output leaves the file system work that slows whatever creates files next.
    ext4 without a journal (this machine's disk) passes over every inode freed in the last
    minute, one by one, each time it creates a file: 2,787 files in 40 folders took 1.7 s of
    CPU to create within a minute of removing as many, and 0.27 s once a minute had passed
    (syncing the disk first changes nothing). Removed after each run, an output charged its
    removal to the next tool's run; kept, no run pays for another's. Where the disk is short
    of room the output is removed, and the disk synced, as before.
    """
    try:
        if shutil.disk_usage(folder.parent).free >= KEEP_FREE:
            return
    except OSError:
        pass
    shutil.rmtree(folder, ignore_errors=True)
    os.sync()


def _once(argv: list[str], *, probe: bool) -> dict[str, Any]:
    """One whole-process run of ``argv`` by bench/measure.py (with ``probe``: its tree's
    peak memory sampled, which slows it)."""
    tree = ["--tree"] if probe else []
    done = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "measure.py"), *tree, *argv],
        capture_output=True,
        text=True,
        check=False,
        env=_environment(),
    )
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def measure_in_turns(
    commands: Mapping[str, Callable[[Path], list[str]]], runs: int, out: Path
) -> dict[str, dict[str, float] | str]:
    """The median time of ``runs`` whole-process runs of each of ``commands``, and its peak
    memory; or why it has none (a run failed).

    The runs are taken in turns: one run of each command, then the next round, each round
    starting one command further on. A machine's speed drifts over the minutes a bench takes
    (by 20% here, from one minute to the next), and taken in turns that drift reaches every
    tool alike, so the ratios between them hold; no tool always runs right after the same
    one (a JVM's exit leaves the kernel work to do).
    Each command is made for an output folder (``command(folder)``) and gets a new one under
    ``out`` each run, kept until the caller removes ``out`` (:func:`set_aside`): every run
    writes its whole output, as the first does (a regeneration into an existing output writes
    only what changed). The peak memory of
    each process tree is taken in one more round, whose times do not count: sampling it slows
    the process measured (bench/measure.py).
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, float] = {}
    failed: dict[str, str] = {}
    order = list(enumerate(commands.items()))
    for run in range(runs + 1):
        turn = run % len(order) if order else 0
        for number, (name, command) in order[turn:] + order[:turn]:
            if name in failed:
                continue
            folder = out / f"tool{number}" / f"run{run}"
            data = _once(command(folder), probe=run == runs)
            set_aside(folder)
            if data["returncode"] != 0:
                failed[name] = "failed: " + " / ".join(data["stderr_tail"])
                continue
            if run < runs:
                times[name].append(data["wall"])
            peaks[name] = max(peaks.get(name, 0.0), data["max_rss_mb"])
    return {
        name: failed.get(name)
        or {"wall": statistics.median(times[name]), "max_rss_mb": peaks[name]}
        for name in commands
    }


def measure(
    command: list[str] | Callable[[Path], list[str] | None], runs: int, out: Path | None = None
) -> dict[str, float] | str:
    """:func:`measure_in_turns` of one command: a list of arguments (run as it is), or made
    for an output folder under ``out``."""
    if isinstance(command, list):
        result = measure_in_turns({"": lambda _folder: command}, runs, _scratch(out))
        return result[""]
    if command(_scratch(out)) is None:
        return "not installed: skipped"
    made = cast(Callable[[Path], list[str]], command)
    return measure_in_turns({"": made}, runs, _scratch(out))[""]


def _scratch(out: Path | None) -> Path:
    return out or Path(tempfile.gettempdir()) / "apiforge-bench"


# a plain one-line description of a component schema (the first after `schemas:`)
_DESCRIPTION = re.compile(r"^(\s+description: [A-Za-z][^\n:#]*)$", re.MULTILINE)


def change_one_schema(text: str, mark: str) -> str | None:
    """``text`` with one component schema's description changed; None when none is found."""
    start = text.find("\n  schemas:\n")
    found = _DESCRIPTION.search(text, start) if start >= 0 else None
    if found is None:
        return None
    return f"{text[: found.end()]} ({mark}){text[found.end() :]}"


def cold_targets(results: dict[str, dict[str, float]]) -> list[str]:
    """The cold targets' lines, each ok or MISSED, from one spec's measured ``results`` (by
    tool name); a target with no measured peer (or no apiforge run) is left out."""
    verdict = {True: "ok", False: "MISSED"}
    lines = []
    for ours, peers in SAME_JOB.items():
        times = {name: results[name]["wall"] for name in peers if name in results}
        if ours not in results or not times:
            continue
        fastest = min(times, key=times.__getitem__)
        ratio = results[ours]["wall"] / times[fastest]
        lines.append(
            f"cold generation <= {COLD_RATIO}x the fastest peer doing the same job: "
            f"{ours.removeprefix('apiforge generate ')} {results[ours]['wall']:.2f}s = "
            f"{ratio:.2f}x {fastest} {times[fastest]:.2f}s: {verdict[ratio <= COLD_RATIO]}"
        )
    apiforge = {n: r["max_rss_mb"] for n, r in results.items() if n.startswith("apiforge")}
    peers = {n: r["max_rss_mb"] for n, r in results.items() if not n.startswith("apiforge")}
    if apiforge and peers:
        ours, theirs = max(apiforge.values()), min(peers.values())
        lines.append(
            f"peak memory below every peer: apiforge {ours:.0f} MB, lowest peer "
            f"{theirs:.0f} MB: {verdict[ours < theirs]}"
        )
    return lines


def check_command(spec: Path, out: Path) -> list[str]:
    return [*apiforge_full(spec, out)[:3], "check", *apiforge_full(spec, out)[4:]]


def incremental(spec: Path, runs: int, tmp: Path) -> None:
    """apiforge's incremental targets on ``spec``, with a cache folder of their own (in
    ``tmp``, left to the caller to remove with the bench's other outputs)."""
    verdict = {True: "ok", False: "MISSED"}
    saved = {k: os.environ.get(k) for k in ("APIFORGE_NO_CACHE", "APIFORGE_CACHE_DIR")}
    os.environ["APIFORGE_NO_CACHE"] = "0"
    os.environ["APIFORGE_CACHE_DIR"] = str(Path(tmp) / "cache")
    try:
        copy, out = Path(tmp) / spec.name, Path(tmp) / "out"
        original = spec.read_text(encoding="utf-8")
        copy.write_text(original, encoding="utf-8")
        cold = measure(apiforge_full(copy, out), 1)  # fills the cache
        if isinstance(cold, str):
            print(f"{'apiforge incremental':46} {cold}")
            return
        times = []
        for run in range(runs):
            changed = change_one_schema(original, f"changed {run}")
            if changed is None:
                print(f"{'apiforge incremental':46} no schema description to change")
                return
            copy.write_text(changed, encoding="utf-8")
            result = measure(apiforge_full(copy, out), 1)
            if isinstance(result, str):
                print(f"{'apiforge generate, one schema changed':46} {result}")
                return
            times.append(result["wall"])
        one = statistics.median(times)
        check = measure(check_command(copy, out), runs)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    print(
        f"{'apiforge generate, one schema changed':46} {one:9.2f} {'':9} "
        f"target {ONE_SCHEMA_TARGET:.2f}s: {verdict[one <= ONE_SCHEMA_TARGET]}"
    )
    if isinstance(check, str):
        print(f"{'apiforge check, output unchanged':46} {check}")
        return
    print(
        f"{'apiforge check, output unchanged':46} {check['wall']:9.2f} "
        f"{check['max_rss_mb']:9.0f} target {CHECK_TARGET:.2f}s: "
        f"{verdict[check['wall'] <= CHECK_TARGET]}"
    )


def compare(
    spec: Path, tools: list[tuple[str, Command]], runs: int, tmp: Path
) -> dict[str, dict[str, float]]:
    """Each tool's cold run on ``spec``, printed as a table; the figures of those measured.
    The outputs go under ``tmp``, which the caller removes."""
    print(f"\n{spec.name}: median of {runs} whole-process runs, the tools in turns")
    print(f"{'tool':46} {'seconds':>9} {'peak MB':>9} {'time vs apiforge':>17}")
    commands: dict[str, Callable[[Path], list[str]]] = {}
    for name, make in tools:
        if make(spec, tmp) is not None:
            commands[name] = cast(Callable[[Path], list[str]], partial(make, spec))
    measured = measure_in_turns(commands, runs, tmp)
    base: float | None = None
    results: dict[str, dict[str, float]] = {}
    for name, _ in tools:
        if name not in commands:
            print(f"{name:46} {'not installed: skipped':>37}")
            continue
        result = measured[name]
        if isinstance(result, str):
            print(f"{name:46} {result}")
            continue
        base = base or result["wall"]
        results[name] = result
        print(
            f"{name:46} {result['wall']:9.2f} {result['max_rss_mb']:9.0f} "
            f"{result['wall'] / base:16.2f}x"
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spec", type=Path, action="append")
    parser.add_argument(
        "--quick", action="store_true", help="seed only, one run, apiforge and datamodel-codegen"
    )
    args = parser.parse_args()
    specs = args.spec or [SEED]
    if not args.spec and not args.quick:
        github = SHARED / "github-api.yaml"
        if github.is_file():
            specs.append(github)
        else:
            print(f"note: {github} not present: GitHub's spec is not benchmarked")
    runs = 1 if args.quick else args.runs
    tools: list[tuple[str, Command]] = [
        ("apiforge generate (models)", apiforge_models),
        ("apiforge generate (everything)", apiforge_full),
        ("datamodel-codegen (defaults)", dcg(None)),
        ("datamodel-codegen --formatters ruff-format", dcg("ruff-format")),
    ]
    if not args.quick:
        tools += [
            ("openapi-python-client", openapi_python_client),
            ("OpenAPI Generator (python)", openapi_generator),
        ]
    # every output is kept until the bench ends (see set_aside): removed between two
    # measurements, the cold runs' outputs slowed the warm and incremental runs after them
    with tempfile.TemporaryDirectory() as kept:
        for number, spec in enumerate(specs):
            tmp = Path(kept) / str(number)
            for part in ("cold", "warm", "incremental"):
                (tmp / part).mkdir(parents=True)
            results = compare(spec, tools, runs, tmp / "cold")
            for line in cold_targets(results):
                print(line)
            if "apiforge" in tools[0][0]:
                warm_run(spec, runs, tmp / "warm")
                incremental(spec, runs, tmp / "incremental")
    return 0


def warm_run(spec: Path, runs: int, tmp: Path) -> None:
    """apiforge's cold run into new folders with a warm cache of its own (in ``tmp``)."""
    cache = os.environ.get("APIFORGE_CACHE_DIR")
    os.environ["APIFORGE_NO_CACHE"] = "0"
    os.environ["APIFORGE_CACHE_DIR"] = str(tmp / "cache")
    try:
        subprocess.run(apiforge_full(spec, tmp), capture_output=True, check=False)
        warm = measure(partial(apiforge_full, spec), runs, tmp / "again")
    finally:
        os.environ["APIFORGE_NO_CACHE"] = "1"
        os.environ.pop("APIFORGE_CACHE_DIR")
        if cache is not None:
            os.environ["APIFORGE_CACHE_DIR"] = cache
    if not isinstance(warm, str):
        print(
            f"{'apiforge generate (everything), cache warm':46} "
            f"{warm['wall']:9.2f} {warm['max_rss_mb']:9.0f}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
