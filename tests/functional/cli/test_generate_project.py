"""``generate --project``: a pyproject.toml beside the package, built by pip into a wheel that
installs and imports in a bare environment."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from generator.render.project import PYTHON_REQUIRES, RUNTIME_REQUIRES, pep440
from tests.support import ROOT, SPECS, run_cli

SPEC = ROOT / "spec" / "kitchen-sink.yaml"


def apiforge(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


def _generate(tmp: Path, *flags: str, spec: Path = SPEC) -> subprocess.CompletedProcess[str]:
    return apiforge("generate", str(spec), "-o", "out", "--package", "sink", *flags, cwd=tmp)


def test_the_project_file_names_the_package_and_what_it_needs(tmp_path: Path) -> None:
    done = _generate(tmp_path, "--project")
    assert done.returncode == 0, done.stderr
    project = tomllib.loads((tmp_path / "out" / "pyproject.toml").read_text(encoding="utf-8"))
    meta = project["project"]
    assert meta["name"] == "sink"
    assert meta["version"] == "1.4.0"
    assert meta["requires-python"] == PYTHON_REQUIRES
    assert meta["dependencies"] == list(RUNTIME_REQUIRES)
    assert project["tool"]["setuptools"]["package-data"] == {"sink": ["py.typed"]}
    assert (
        apiforge("check", str(SPEC), "-o", "out", "--package", "sink", cwd=tmp_path).returncode == 0
    )
    (tmp_path / "out" / "pyproject.toml").unlink()
    stale = apiforge("check", str(SPEC), "-o", "out", "--package", "sink", cwd=tmp_path)
    assert stale.returncode == 1 and "pyproject.toml" in stale.stderr


def test_the_runtime_ranges_are_apiforges_own() -> None:
    """One set of ranges: the generated project asks for what apiforge itself is tested with."""
    own = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    dependencies = own["project"]["dependencies"]
    for requirement in RUNTIME_REQUIRES:
        assert requirement in {d.split(";")[0].strip() for d in dependencies}, requirement


def test_spec_strings_stay_data_in_the_project_file(tmp_path: Path) -> None:
    data = yaml.safe_load((SPECS / "cases_interface_31.yaml").read_text(encoding="utf-8"))
    title = 'Evil "API"\n[tool.evil]\nrun = 1 \x00 \\ \u202e'
    spec = tmp_path / "evil.yaml"
    data["info"]["title"] = title
    data["info"]["version"] = "release 7 (beta)"
    spec.write_text(yaml.safe_dump(data), encoding="utf-8")
    done = _generate(tmp_path, "--project", spec=spec)
    assert done.returncode == 0, done.stderr
    project = tomllib.loads((tmp_path / "out" / "pyproject.toml").read_text(encoding="utf-8"))
    assert set(project) == {"build-system", "project", "tool"}
    assert set(project["tool"]) == {"setuptools"}
    assert project["project"]["description"] == f"Python client for {title}"
    assert project["project"]["version"] == "7"


def test_a_project_file_apiforge_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mine = '[project]\nname = "mine"\n'
    (out / "pyproject.toml").write_text(mine, encoding="utf-8")
    done = _generate(tmp_path, "--project", "--force")
    assert done.returncode == 1
    assert "apiforge did not write it" in done.stderr
    assert (out / "pyproject.toml").read_text(encoding="utf-8") == mine
    assert not (out / "sink").exists()


@pytest.mark.parametrize(
    ("given", "version"),
    [
        ("1.4.0", "1.4.0"),
        ("v2.0", "2.0"),
        ("1.0.0rc1", "1.0.0rc1"),
        ("2022-11-28", "2022.11.28"),
        ("1.0.0-beta.2", "1.0.0.2"),
        ("latest", "0.0.0"),
        ("", "0.0.0"),
    ],
)
def test_versions_are_pep_440(given: str, version: str) -> None:
    assert pep440(given) == version


def test_pip_builds_a_wheel_that_installs_and_imports_in_a_bare_venv(tmp_path: Path) -> None:
    assert _generate(tmp_path, "--project").returncode == 0
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), "./out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = wheels.glob("sink-1.4.0-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "sink/py.typed" in names and "sink/resources/recipes.py" in names
    assert not any(n.startswith("sink_tests/") for n in names)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    used = subprocess.run(
        [str(python), "-c", "import sink; print(sink.Client.__name__)"],
        cwd=tmp_path / "wheels",
        capture_output=True,
        text=True,
        check=False,
    )
    assert used.stdout.strip() == "Client", used.stderr[-2000:]
