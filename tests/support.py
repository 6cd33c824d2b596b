"""Helpers shared by the tests: paths, generating a spec, importing the result."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator import ir

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "tests" / "specs"  # small specs the functional tests generate from
SEED = ROOT / "spec" / "perplexity-async-chat-completions.yaml"
SHARED = ROOT.parent / "shared"
BENCH = ROOT / "bench"


@contextmanager
def bench_module(name: str) -> Iterator[ModuleType]:
    """The benchmark module ``bench/<name>.py``: the benchmarks import each other by their
    file names, so ``bench/`` is on the path while it is used."""
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCH))


def generate_into(spec: Path, out: Path, package: str, **settings: object) -> dict[str, str]:
    """Generate ``spec`` into ``out/<package>`` through the same pipeline as the CLI."""
    from generator.config import SpecConfig
    from generator.pipeline import generate
    from generator.write import write_tree

    config = SpecConfig(spec=spec, output=out, package=package, **settings)  # type: ignore[arg-type]
    gen = generate(config, ROOT)
    write_tree(out, gen.files, package)
    return gen.files


def import_fresh(out: Path, package: str) -> ModuleType:
    """Import ``package`` from ``out``, dropping any earlier import of that name."""
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


def run_cli(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    """``apiforge ARGS`` from this checkout in a child process in ``cwd``, ``env`` added."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        check=False,
    )


def bare_api(**fields: Any) -> ir.Api:
    """An ``ir.Api`` of no operation and no type (3.1 unless ``openapi`` says), with ``fields``
    set: for the readers of the IR that a test hands a type or a document directly."""
    from generator import ir

    base: dict[str, Any] = {
        "title": "t",
        "version": "1",
        "spec_file": "t.yaml",
        "package": "t",
        "openapi": "3.1.0",
        "description": None,
        "servers": (),
        "base_url": None,
        "base_url_env": "T_BASE_URL",
    }
    return ir.Api(**(base | fields))
