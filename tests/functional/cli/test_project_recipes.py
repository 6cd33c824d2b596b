"""What a project copies from the README: the pre-commit hooks and the CI recipe, run as written."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import ROOT, SPECS

HOOKS = ROOT / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent
PYPROJECT = """\
[tool.apiforge]
output = "generated"

[[tool.apiforge.specs]]
spec = "spec/api.yaml"
package = "notes_api"
"""


@pytest.fixture(scope="module")
def base_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with one configured spec, generated and committed on its base branch."""
    tmp = tmp_path_factory.mktemp("project")
    (tmp / "spec").mkdir()
    shutil.copy(SPECS / "cases_interface_31.yaml", tmp / "spec" / "api.yaml")
    (tmp / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    _run(tmp, "git init -q -b main && git config user.email a@b && git config user.name a")
    _run(tmp, "apiforge generate && git add -A && git commit -qm base")
    _run(tmp, "git update-ref refs/remotes/origin/main HEAD")  # as a CI checkout has it
    return tmp


def _project(base: Path, tmp: Path) -> Path:
    """A fresh copy of the base project (its git history too)."""
    return Path(shutil.copytree(base, tmp / "project"))


def _env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
        "GITHUB_BASE_REF": "main",
        "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"),
        "RUNNER_TEMP": str(tmp),
    }


def _run(tmp: Path, command: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=tmp,
        env=_env(tmp),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, (command, done.stdout, done.stderr)
    return done


def _recipe() -> list[str]:
    """The `run:` lines of the README's CI recipe, without the install step."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- ci-recipe -->\n```yaml\n(.*?)```", text, re.S)
    assert block, "the README's CI recipe is marked <!-- ci-recipe -->"
    steps = yaml.safe_load(block.group(1))["jobs"]["api"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs[0].startswith("pip install apiforge")
    return runs[1:]


def _change_spec(tmp: Path, change: Any) -> None:
    path = tmp / "spec" / "api.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(spec)
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    _run(tmp, "apiforge generate")


def test_the_ci_recipe_passes_a_compatible_change_and_writes_its_reports(
    base_project: Path, tmp_path: Path
) -> None:
    project = _project(base_project, tmp_path)
    _change_spec(project, lambda s: s["info"].update(description="Notes, now described."))
    for command in _recipe():
        _run(project, command)
    assert "<testsuite" in (project / "conformance.xml").read_text(encoding="utf-8")
    assert "# API changes from" in (project / "summary.md").read_text(encoding="utf-8")


def test_the_ci_recipe_fails_on_a_breaking_change(base_project: Path, tmp_path: Path) -> None:
    project = _project(base_project, tmp_path)

    def breaking(spec: dict[str, Any]) -> None:
        spec["components"]["schemas"]["Note"]["required"].append("stars")

    _change_spec(project, breaking)
    *before, diff = _recipe()
    for command in before:
        if "conformance" not in command:  # the mock of the new spec passes; not the point here
            _run(project, command)
    done = subprocess.run(
        ["bash", "-c", diff],
        cwd=project,
        env=_env(project),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Breaking changes" in (project / "summary.md").read_text(encoding="utf-8")


def test_the_drift_check_fails_when_generated_code_is_stale(
    base_project: Path, tmp_path: Path
) -> None:
    project = _project(base_project, tmp_path)
    spec = project / "spec" / "api.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("maxLength: 20", "maxLength: 30"))
    (check,) = [c for c in _recipe() if c == "apiforge check"]
    done = subprocess.run(
        ["bash", "-c", check],
        cwd=project,
        env=_env(project),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1


def test_the_pre_commit_hooks_run_the_cli_as_declared(base_project: Path, tmp_path: Path) -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load(HOOKS.read_text(encoding="utf-8"))}
    assert set(hooks) == {"apiforge-check", "apiforge-validate", "apiforge-validate-files"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert shlex.split(hook["entry"])[0] == "apiforge"
        assert re.compile(hook["files"])  # a valid pattern
    # the configured-spec hooks take no file names and see the files a spec change touches
    for name in ("apiforge-check", "apiforge-validate"):
        assert hooks[name]["pass_filenames"] is False
        assert re.search(hooks[name]["files"], "spec/api.yaml")
    assert re.search(hooks["apiforge-check"]["files"], "generated/notes_api/models.py")
    # the files hook matches nothing until the project says where its specs are
    assert hooks["apiforge-validate-files"].get("pass_filenames", True) is True
    assert not re.search(hooks["apiforge-validate-files"]["files"], "spec/api.yaml")
    project = _project(base_project, tmp_path)
    for name in ("apiforge-check", "apiforge-validate"):
        _run(project, hooks[name]["entry"])  # as pre-commit runs it: no file names
    _run(project, f"{hooks['apiforge-validate-files']['entry']} spec/api.yaml")
    bad = project / "spec" / "bad.yaml"
    bad.write_text("openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n", encoding="utf-8")
    done = subprocess.run(
        ["bash", "-c", f"{hooks['apiforge-validate-files']['entry']} spec/bad.yaml"],
        cwd=project,
        env=_env(project),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "spec/bad.yaml:" in done.stderr
