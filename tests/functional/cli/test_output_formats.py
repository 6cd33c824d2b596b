"""``--format json|github`` and colour: the same problems, for tools, CI and terminals."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest

from generator.errors import Problem
from generator.output import Output, annotation
from tests.support import ROOT, run_cli

BAD = """\
openapi: 3.1.0
info: {title: x, version: "1"}
paths:
  /a:
    get:
      responses: {"200": {description: ok, content: {application/json: {schema: {type: strin}}}}}
"""
GOOD = ROOT / "spec" / "kitchen-sink.yaml"


def apiforge(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd, **env)


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


def test_validate_json_is_one_document_with_every_spec(bad: Path) -> None:
    done = apiforge("validate", "bad.yaml", str(GOOD), "--format", "json", cwd=bad.parent)
    assert done.returncode == 1 and done.stderr == ""
    document = json.loads(done.stdout)
    assert document["exit_code"] == 1
    first, second = document["specs"]
    assert first["exit_code"] == 1 and second["exit_code"] == 0 and second["problems"] == []
    (problem,) = first["problems"]
    assert problem == {
        "severity": "error",
        "file": "bad.yaml",
        "line": 6,
        "column": 82,
        "pointer": "/paths/~1a/get/responses/200/content/application~1json/schema/type",
        "message": problem["message"],
    }
    assert "strin" in problem["message"]


def test_github_format_writes_annotations(bad: Path) -> None:
    done = apiforge("validate", "bad.yaml", "--format", "github", cwd=bad.parent)
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=bad.yaml,line=6,col=82::")
    assert done.stdout.rstrip("\n").endswith(
        "(at /paths/~1a/get/responses/200/content/application~1json/schema/type)"
    )


def test_an_annotation_cannot_be_ended_or_forged_by_its_text() -> None:
    problem = Problem("a,b:c.yaml", "bad\n::error file=x::forged 100%", 3, 4, "/x")
    line = annotation(problem, "warning")
    assert "\n" not in line
    assert line == (
        "::warning file=a%2Cb%3Ac.yaml,line=3,col=4::bad%0A::error file=x::forged 100%25 (at /x)"
    )


def test_check_json_keeps_stdout_parseable(tmp_path: Path) -> None:
    done = apiforge(
        "check", str(GOOD), "-o", "out", "--package", "sink", "--format", "json", cwd=tmp_path
    )
    assert done.returncode == 1
    (spec,) = json.loads(done.stdout)["specs"]
    assert any("stale" in line for line in spec["messages"])


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "tty", "coloured"),
    [
        ({}, True, True),
        ({}, False, False),
        ({"NO_COLOR": "1"}, True, False),
        ({"NO_COLOR": ""}, True, True),  # an empty NO_COLOR is unset (no-color.org)
        ({"TERM": "dumb"}, True, False),
        ({"FORCE_COLOR": "1"}, False, True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False, False),
    ],
)
def test_colour_only_on_a_terminal_and_never_with_no_color(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool, coloured: bool
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    err = _Tty() if tty else io.StringIO()
    out = Output(io.StringIO(), err)
    out.problem(Problem("spec.yaml", "broken", 1, 2, "/a"))
    out.problem(Problem("spec.yaml", "odd", 3, 4, "/b"), "warning")
    text = err.getvalue()
    assert ("\x1b[" in text) is coloured
    plain = text.replace("\x1b[1m", "").replace("\x1b[31m", "").replace("\x1b[33m", "")
    assert plain.replace("\x1b[0m", "").splitlines() == [
        "spec.yaml:1:2: broken (at /a)",
        "warning: spec.yaml:3:4: odd (at /b)",
    ]
