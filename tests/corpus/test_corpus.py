"""Real-world specs from ../shared/specs: everything generates, imports, lints and type-checks.

Skipped, with the reason, when ../shared/specs is not present. The generated property tests
run with a reduced example count (APIFORGE_MAX_EXAMPLES); GitHub's (about 190,000 tests), and
the type check of its tests, only when APIFORGE_CORPUS_FULL=1 (`nox -s corpus`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT, SHARED

SPECS = SHARED / "specs"
CORPUS = {
    "perplexity-assembled.yaml": "perplexity_assembled",
    "slack-web-api.yaml": "slack_web",
    "github-api.yaml": "github",
}
FULL = os.environ.get("APIFORGE_CORPUS_FULL") == "1"


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 900) -> str:
    done = subprocess.run(
        list(args),
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout + done.stderr


@pytest.fixture(scope="module", params=sorted(CORPUS))
def corpus_out(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    spec = SPECS / request.param
    if not spec.is_file():
        pytest.skip(f"{spec} not present: the real-world corpus is not tested here")
    out = tmp_path_factory.mktemp(CORPUS[request.param])
    package = CORPUS[request.param]
    report = _run(
        sys.executable,
        "-m",
        "generator",
        "generate",
        str(spec),
        "-o",
        str(out),
        "--package",
        package,
        cwd=ROOT,
    )
    assert "operations" in report and "skipped" in report
    return out, package


def test_generates_imports_lints_and_type_checks(corpus_out: tuple[Path, str]) -> None:
    out, package = corpus_out
    code = (
        f"import {package}, {package}.models as m\n"
        "for n in m.__all__:\n"
        "    getattr(getattr(m, n), 'model_rebuild', lambda: None)()\n"
        f"from {package} import Client, AsyncClient\n"
        "c = Client(base_url='http://127.0.0.1:9')\n"
        "print('ok')\n"
    )
    assert _run(sys.executable, "-c", code, cwd=out).strip().endswith("ok")
    # the package and its tests, with the style they carry (their own ruff.toml)
    both = (package, f"{package}_tests")
    _run(sys.executable, "-m", "ruff", "check", "--no-cache", *both, cwd=out)
    _run(sys.executable, "-m", "ruff", "format", "--check", "--no-cache", *both, cwd=out)
    # GitHub's tests take mypy 45 s and 1.2 GB beyond its package: nox -s corpus checks them
    checked = both if FULL or package != "github" else (package,)
    mypy = (sys.executable, "-m", "mypy", "--strict", "--no-incremental")
    _run(*mypy, *checked, cwd=out, timeout=1200)


def test_generated_property_tests_pass(corpus_out: tuple[Path, str]) -> None:
    out, package = corpus_out
    if package == "github" and not FULL:
        # about 190,000 generated tests: nox -s corpus runs them
        pytest.skip(f"{package}'s generated suite runs with APIFORGE_CORPUS_FULL=1 (nox -s corpus)")
    _run(
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-x",
        "-p",
        "no:cacheprovider",
        f"{package}_tests",
        cwd=out,
        env={"APIFORGE_MAX_EXAMPLES": "3", "CI": "true"},
        timeout=1800,
    )
