"""Where conformance cases come from: the generated test package through its documented
interface (``--cases generated``, the default) or the IR (``--cases builtin``), and never the
second when the first cannot be loaded."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.conformance.cases import load_source
from tests.support import ROOT, SPECS

SPEC_31 = SPECS / "cases_interface_31.yaml"
SPEC_30 = SPECS / "cases_interface_30.yaml"
QUICK = ("--max-examples", "0", "--seed", "3")
BUILTIN_HINT = "--cases builtin draws the conformance cases from the spec instead"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["conformance", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_builtin_cases_are_there_when_asked_for_by_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, str(SPEC_31), *QUICK)
    assert code == 0, out + err
    assert "cases from the generated test package notes_tests" in out
    code, out, err = run(capsys, str(SPEC_31), *QUICK, "--cases", "builtin")
    assert code == 0, out + err
    assert "cases from the built-in case generator (--cases builtin)" in out
    assert "generated test package" not in out


def _rendered(monkeypatch: pytest.MonkeyPatch, module: str, change: Callable[[str], str]) -> None:
    """The renderer conformance calls, with one module of the test package changed."""
    from generator.conformance import cases

    real = cases.render_api

    def render(api: object) -> dict[str, str]:
        files = real(api)  # type: ignore[arg-type]
        (key,) = [k for k in files if k.endswith(f"_tests/{module}")]
        files[key] = change(files[key])
        return files

    monkeypatch.setattr(cases, "render_api", render)


def _with_import(name: str) -> Callable[[str], str]:
    future = "from __future__ import annotations\n"
    return lambda text: text.replace(future, f"{future}import {name}\n", 1)


@pytest.mark.parametrize(
    ("module", "change", "says"),
    [
        (
            "strategies.py",
            _with_import("apiforge_absent_dependency"),
            "cannot be imported: apiforge-absent-dependency is not installed: "
            "pip install apiforge-absent-dependency",
        ),
        (
            "strategies.py",
            _with_import("hypothesis.apiforge_absent_module"),
            "cannot be imported: ModuleNotFoundError: No module named "
            "'hypothesis.apiforge_absent_module'",
        ),
        (
            "_support.py",
            lambda text: text + "\nraise RuntimeError('the helpers broke\\nand more')\n",
            "cannot be imported: RuntimeError: the helpers broke",
        ),
        (
            "cases.py",
            lambda text: text + "\ndel mutations\nSHAPES = None\n",
            "lacks what conformance reads: cases.SHAPES, cases.mutations",
        ),
    ],
)
def test_a_test_package_that_cannot_load_stops_the_run_in_one_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    module: str,
    change: Callable[[str], str],
    says: str,
) -> None:
    _rendered(monkeypatch, module, change)
    code, out, err = run(capsys, str(SPEC_31), *QUICK)
    assert code == 2
    assert out == ""  # no report: the run did not go on with cases from anywhere else
    (line,) = err.strip().splitlines()
    where, _, message = line.partition(": ")
    assert where.endswith(SPEC_31.name) and message.startswith(
        "the generated test package notes_tests "
    )
    assert says in line and line.endswith(f"({BUILTIN_HINT})"), line
    assert "apiforge_cases_" not in line  # the package is named as the user knows it


def test_a_renderer_failure_stops_the_run_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.conformance import cases

    def render(api: object) -> dict[str, str]:
        raise RecursionError("maximum recursion depth exceeded\nwhile rendering")

    monkeypatch.setattr(cases, "render_api", render)
    code, out, err = run(capsys, str(SPEC_31), *QUICK)
    assert (code, out) == (2, "")
    (line,) = err.strip().splitlines()
    assert (
        "notes_tests cannot be rendered: RecursionError: maximum recursion depth exceeded (" in line
    )


def test_loading_leaves_modules_of_the_same_name_and_sys_path_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.config import SpecConfig
    from generator.pipeline import build

    api = build(SpecConfig(spec=SPEC_31, output=Path("out")), ROOT)[1]
    (op,) = api.operations
    theirs = types.ModuleType("notes_tests")  # a package of that name the process has already
    monkeypatch.setitem(sys.modules, "notes_tests", theirs)
    path = list(sys.path)
    source = load_source(api)
    try:
        assert sys.modules["notes_tests"] is theirs
        assert source.name == "generated test package notes_tests"
        assert source.coverage(op) and source.mutations(op, {"text": "a"})
    finally:
        source.close()
    assert sys.modules["notes_tests"] is theirs
    assert not [name for name in sys.modules if name.startswith("apiforge_cases_")]
    assert sys.path == path


NO_PYTEST = """
import sys

class NoPytest:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pytest", "_pytest"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, NoPytest())
sys.path.insert(0, sys.argv[1])
import perplexity_api_tests.cases
import perplexity_api_tests.strategies
assert "pytest" not in sys.modules

from generator.cli import main

sys.exit(main(["conformance", *sys.argv[2:]]))
"""


def _without_pytest(spec: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", NO_PYTEST, str(ROOT / "generated"), str(spec), *QUICK],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
        timeout=120,
    )


def test_the_generated_cases_import_without_pytest() -> None:
    done = _without_pytest(SPEC_31)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "cases from the generated test package notes_tests" in done.stdout


def test_without_pytest_an_openapi_30_run_uses_the_generated_cases() -> None:
    # the 3.0 validators import openapi-schema-validator themselves, pytest only to skip
    done = _without_pytest(SPEC_30)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "cases from the generated test package notes_tests" in done.stdout
