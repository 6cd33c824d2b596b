"""Every flag and argument says what it does, and every command's --help ends with examples."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import parser
from tests.support import ROOT

COMMANDS = ("validate", "generate", "check", "diff", "mock", "conformance")


def _sub(name: str) -> argparse.ArgumentParser:
    top = parser()
    (action,) = [a for a in top._actions if isinstance(a, argparse._SubParsersAction)]
    return action.choices[name]  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_argument_has_help(name: str) -> None:
    missing = [
        "/".join(a.option_strings) or a.dest
        for a in _sub(name)._actions
        if not isinstance(a, argparse._HelpAction) and not a.help
    ]
    assert missing == []


@pytest.mark.parametrize("name", COMMANDS)
def test_help_ends_with_examples_of_the_command(name: str) -> None:
    text = _sub(name).format_help()
    tail = text[text.index("examples:") :].splitlines()[1:]
    assert 2 <= len(tail) <= 3
    assert all(line.strip().startswith(f"apiforge {name}") for line in tail)


def test_a_reader_that_leaves_ends_the_output_quietly(tmp_path: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line
    with os.fdopen(write, "wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "generator", "generate", "--list-templates"],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=False,
        )
    assert done.stderr == ""
    assert done.returncode == 2


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["valdate"], "did you mean 'validate'?"),
        (["generate", "--ouput", "x"], "did you mean '--output'?"),
        (["diff", "a", "b", "--format", "jsn"], "did you mean 'json'?"),
        (["conformance", "--max-exmples", "3"], "did you mean '--max-examples'?"),
    ],
)
def test_a_near_miss_gets_a_suggestion(
    argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        parser().parse_args(argv)
    assert stop.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert hint in line


def test_no_suggestion_for_what_is_nothing_like_a_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        parser().parse_args(["zzzzzz"])
    assert "did you mean" not in capsys.readouterr().err
