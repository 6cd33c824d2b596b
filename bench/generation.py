"""Generation speed and peak memory: apiforge next to its peers, on the same files, in one run.

    python bench/generation.py [--runs 3] [--spec PATH ...] [--quick]

Each figure is the median of whole-process runs (wall seconds, peak RSS). Peers that are
not installed are skipped with a line saying so. The real-world specs are read from
../shared/specs when that folder is present.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

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


def measure(command: list[str], runs: int) -> dict[str, float] | str:
    results = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, str(Path(__file__).parent / "measure.py"), *command],
            capture_output=True,
            text=True,
            check=False,
            env={
                **os.environ,
                "APIFORGE_NO_CACHE": os.environ.get("APIFORGE_NO_CACHE", "1"),
                "JAVA_OPTS": JAVA_OPTS,
            },
        )
        data = json.loads(done.stdout)
        if data["returncode"] != 0:
            return "failed: " + " / ".join(data["stderr_tail"])
        results.append(data)
    return {
        "wall": statistics.median(r["wall"] for r in results),
        "max_rss_mb": statistics.median(r["max_rss_mb"] for r in results),
    }


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
    for spec in specs:
        print(f"\n{spec.name}: median of {runs} whole-process runs")
        print(f"{'tool':46} {'seconds':>9} {'peak MB':>9} {'time vs apiforge':>17}")
        base: float | None = None
        for name, make in tools:
            with tempfile.TemporaryDirectory() as tmp:
                command = make(spec, Path(tmp))
                if command is None:
                    print(f"{name:46} {'not installed: skipped':>37}")
                    continue
                result = measure(command, runs)
            if isinstance(result, str):
                print(f"{name:46} {result}")
                continue
            base = base or result["wall"]
            print(
                f"{name:46} {result['wall']:9.2f} {result['max_rss_mb']:9.0f} "
                f"{result['wall'] / base:16.2f}x"
            )
        if "apiforge" in tools[0][0]:
            with tempfile.TemporaryDirectory() as tmp:
                os.environ["APIFORGE_NO_CACHE"] = "0"
                subprocess.run(apiforge_full(spec, Path(tmp)), capture_output=True, check=False)
                warm = measure(apiforge_full(spec, Path(tmp) / "again"), runs)
                os.environ["APIFORGE_NO_CACHE"] = "1"
            if not isinstance(warm, str):
                print(
                    f"{'apiforge generate (everything), cache warm':46} "
                    f"{warm['wall']:9.2f} {warm['max_rss_mb']:9.0f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
