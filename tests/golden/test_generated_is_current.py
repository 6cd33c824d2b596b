"""generated/ is exactly what the spec generates, and generation is deterministic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT, SEED


def _apiforge(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_committed_output_is_current() -> None:
    done = _apiforge("check")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "spec", [SEED, ROOT / "spec" / "kitchen-sink.yaml"], ids=["seed", "kitchen"]
)
def test_generation_is_byte_identical_across_processes_and_hash_seeds(
    tmp_path: Path, spec: Path
) -> None:
    trees = []
    for seed in ("0", "1"):
        out = tmp_path / f"hash{seed}"
        done = _apiforge(
            "generate",
            str(spec),
            "-o",
            str(out),
            "--package",
            "seed_api",
            env={"PYTHONHASHSEED": seed},
        )
        assert done.returncode == 0, done.stderr
        trees.append(
            {
                p.relative_to(out).as_posix(): p.read_bytes()
                for p in sorted(out.rglob("*"))
                if p.is_file()
            }
        )
    assert trees[0] == trees[1]
    assert any(name.endswith("models.py") for name in trees[0])
