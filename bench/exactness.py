"""Model exactness on the seed: apiforge's two models engines next to datamodel-codegen.

    python bench/exactness.py

For each (apiforge with its own engine, apiforge with ``--models-engine datamodel-codegen``,
datamodel-codegen run alone with its defaults): how many of the differential cases of
tests/functional/models/test_models_exact.py its models get wrong (accepting what the spec
rejects or the reverse), how many valid instances do not round-trip ``json -> model -> json``,
and the `mypy --strict` error count.
"""

from __future__ import annotations

import copy
import importlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GENERATE = [sys.executable, "-m", "generator", "generate"]
sys.path.insert(0, str(ROOT))

from peers import tool  # noqa: E402

from tests.functional.models.test_models_exact import CASES  # noqa: E402
from tests.support import SEED  # noqa: E402


def _import(folder: Path, module: str) -> Any:
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(module)
    finally:
        sys.path.remove(str(folder))


def score(models: Any, parse: Any, dump: Any) -> tuple[int, int, int]:
    wrong = round_trip = tested = 0
    for _, cls, instance, expected in CASES:
        tested += 1
        model = getattr(models, cls, None)
        if model is None:
            wrong += 1
            continue
        try:
            obj = parse(model, copy.deepcopy(instance))
            accepted = True
        except Exception:
            accepted = False
        if accepted != expected:
            wrong += 1
        elif expected and dump(obj) != instance:
            round_trip += 1
    return tested, wrong, round_trip


def mypy_errors(path: Path) -> int:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=path.parent,
    )
    found = re.search(r"Found (\d+) error", done.stdout)
    return int(found.group(1)) if found else 0


def main() -> int:
    print(
        f"{'models':38} {'cases':>6} {'wrong verdict':>14} "
        f"{'round trip lost':>16} {'mypy --strict errors':>21}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        engines = [
            ("apiforge", "apiforge", "af"),
            ("datamodel-codegen", "apiforge --models-engine dcg", "dc"),
        ]
        for engine, label, package in engines:
            vendor = str(out / package)
            args = [*GENERATE, str(SEED), "--vendor", vendor, "--package", package]
            done = subprocess.run(
                [*args, "--models-engine", engine],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                print(f"{label:38} failed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            models = _import(out / package, f"{package}.models")
            tested, wrong, lost = score(models, lambda m, x: m.from_dict(x), lambda o: o.to_dict())
            print(
                f"{label:38} {tested:6} {wrong:14} {lost:16} "
                f"{mypy_errors(out / package / package / 'models.py'):21}"
            )
        exe = tool("datamodel-codegen")
        if exe is None:
            print(f"{'datamodel-codegen':38} not installed: skipped")
            return 0
        (out / "d").mkdir()
        cmd = [
            exe,
            "--input",
            str(SEED),
            "--input-file-type",
            "openapi",
            "--output",
            str(out / "d" / "dcg_models.py"),
        ]
        cmd += ["--output-model-type", "pydantic_v2.BaseModel", "--formatters", "ruff-format"]
        subprocess.run(cmd, capture_output=True, check=True)
        dcg = _import(out / "d", "dcg_models")
        tested, wrong, lost = score(
            dcg,
            lambda m, x: m.model_validate(x),
            lambda o: o.model_dump(mode="json", by_alias=True, exclude_unset=True),
        )
        print(
            f"{'datamodel-codegen 0.89 (defaults)':38} {tested:6} {wrong:14} {lost:16} "
            f"{mypy_errors(out / 'd' / 'dcg_models.py'):21}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
