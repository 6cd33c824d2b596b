"""A failing generated suite ends within minutes: shrinking is bounded per test and in all.

The spec is a 29-property object (tests/breadth/specs/shrinking-29-required.yaml); a test
added beside the generated ones fails on most of its values and is slow, so shrinking its
failure would run up to Hypothesis's own limit of five minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import ROOT, generate_into

SPEC = ROOT / "tests" / "breadth" / "specs" / "shrinking-29-required.yaml"
SLOW_FAILURE = """
import time
from typing import Any

from hypothesis import given

from wide_tests.strategies import SCHEMAS


@given(SCHEMAS["/components/schemas/Wide"]())
def test_{name}(value: Any) -> None:
    time.sleep(0.1)
    assert sum(len(str(v)) for v in value.values()) < 30
"""


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wide")
    generate_into(SPEC, out, "wide")
    for name in ("first", "second"):
        (out / "wide_tests" / f"test_slow_{name}.py").write_text(SLOW_FAILURE.format(name=name))
    return out


def _run(out: Path, *tests: str, **env: str) -> tuple[int, str, float]:
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CI": "1", "APIFORGE_MAX_EXAMPLES": "3", **env},
        check=False,
    )
    return done.returncode, done.stdout + done.stderr, time.monotonic() - start


def test_shrinking_stops_after_the_seconds_per_test(wide: Path) -> None:
    # unbounded, shrinking this failure takes about 30 s here (and up to five minutes)
    code, output, took = _run(wide, "wide_tests/test_slow_first.py", APIFORGE_SHRINK_SECONDS="1")
    assert code == 1 and "1 failed" in output, output[-2000:]
    assert "test_first - assert" in output, output[-2000:]  # its own assertion, not a crash
    assert took < 25, f"took {took:.0f}s"
    # the stop is told as this limit's, not as Hypothesis's own five minutes
    assert "Shrinking stopped after 1 s (APIFORGE_SHRINK_SECONDS" in output, output[-2000:]
    assert "five minutes" not in output and "PLEASE REPORT" not in output, output[-2000:]


def test_no_shrinking_once_the_budget_is_spent(wide: Path) -> None:
    # shrinking for up to 30 s (the default per test) would be allowed, but the budget is 0
    code, output, took = _run(wide, "wide_tests/test_slow_second.py", APIFORGE_SHRINK_BUDGET="0")
    assert code == 1 and "1 failed" in output, output[-2000:]
    assert took < 25, f"took {took:.0f}s"
