"""Shell completion (``apiforge[completion]``): commands, flags and choices complete."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

pytest.importorskip("argcomplete")


def _complete(line: str, tmp_path: Path) -> list[str]:
    answer = tmp_path / "completions"
    done = subprocess.run(
        [sys.executable, "-m", "generator"],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "_ARGCOMPLETE": "1",
            "COMP_LINE": line,
            "COMP_POINT": str(len(line)),
            "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
        },
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return answer.read_text(encoding="utf-8").split()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("apiforge val", ["validate"]),
        ("apiforge c", ["check", "conformance"]),
        ("apiforge validate --for", ["--format"]),
        ("apiforge validate --format g", ["github"]),
        ("apiforge generate --proj", ["--project"]),
    ],
)
def test_completion(line: str, expected: list[str], tmp_path: Path) -> None:
    assert sorted(_complete(line, tmp_path)) == expected


def test_without_a_completion_request_nothing_is_imported() -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "generator", "--version"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert done.returncode == 0
    assert "argcomplete" not in done.stderr
