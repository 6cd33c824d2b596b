"""The runtime modules copied into every output skip ruff's imports and format passes: these
tests hold that the passes would leave them as they are."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from generator import formatting
from generator.config import SpecConfig
from generator.formatting import trimmed_waiver
from generator.pipeline import generate
from generator.render import package as package_module
from generator.render.environment import builtin_templates, environment
from generator.render.static import FOLDERS, HEADER_TEMPLATE, as_ruff_leaves_them
from tests.support import ROOT

RUNTIME = sorted(path for folder in FOLDERS for path in (builtin_templates() / folder).glob("*.py"))
# spec paths the header names: the plain one, and one long, spaced, non-ASCII and with a `#`
SPEC_PATHS = ("spec.yaml", "specs/" + "a  b\t" * 30 + "é # noqa: F401 \u0660.yaml")


def _head(spec_file: str) -> str:
    module = environment().get_template(HEADER_TEMPLATE).make_module({})
    return str(module.header(SimpleNamespace(spec_file=spec_file)))  # type: ignore[attr-defined]


@pytest.mark.parametrize("spec_file", SPEC_PATHS, ids=["plain", "hostile"])
def test_ruffs_first_passes_leave_every_runtime_module_as_it_is(
    tmp_path: Path, spec_file: str
) -> None:
    head = _head(spec_file)
    files = {"pkg/__init__.py": f"{head}\n", "pkg_tests/__init__.py": f"{head}\n"}
    for path in RUNTIME:
        text = f"{head}\n{path.read_text(encoding='utf-8')}"
        files[f"pkg/{path.name}"] = files[f"pkg_tests/{path.name}"] = text
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    formatting._format_passes(formatting.ruff_binary(), tmp_path, dict(sorted(files.items())), None)
    changed = [rel for rel, text in files.items() if (tmp_path / rel).read_text("utf-8") != text]
    assert not changed
    assert as_ruff_leaves_them(files, head, None, ("pkg", "pkg_tests")) == set(files) - {
        "pkg/__init__.py",
        "pkg_tests/__init__.py",
    }


def test_every_runtime_modules_waiver_is_settled_without_ruff() -> None:
    # under a plain header: a character beyond printable ASCII (even in a docstring) leaves
    # the waiver to a third ruff process, a tenth of a small spec's generation
    head = _head(SPEC_PATHS[0])
    unsettled = [
        path.name
        for path in RUNTIME
        if trimmed_waiver(f"{head}\n{path.read_text(encoding='utf-8')}") is None
    ]
    assert unsettled == []


def test_a_package_named_as_a_runtime_import_is_formatted_by_ruff(tmp_path: Path) -> None:
    # `import redis` in the tests' runtime sorts as first-party beside a package `redis`
    head = _head("spec.yaml")
    files = {f"redis_tests/{p.name}": f"{head}\n{p.read_text('utf-8')}" for p in RUNTIME}
    assert as_ruff_leaves_them(files, head, None, ("redis", "redis_tests")) == frozenset()
    assert as_ruff_leaves_them(files, head, None, ("other", "other_tests")) == set(files)


def test_a_header_of_the_users_is_formatted_by_ruff(tmp_path: Path) -> None:
    head = _head("spec.yaml")
    files = {f"pkg/{p.name}": f"{head}\n{p.read_text('utf-8')}" for p in RUNTIME}
    (tmp_path / HEADER_TEMPLATE).parent.mkdir(parents=True)
    (tmp_path / HEADER_TEMPLATE).write_text("{% macro header(api) %}#x{% endmacro %}")
    assert as_ruff_leaves_them(files, head, tmp_path, ("pkg", "pkg_tests")) == frozenset()
    assert as_ruff_leaves_them(files, "# other", None, ("pkg", "pkg_tests")) == frozenset()


@pytest.mark.parametrize("package", ["kitchen_api", "redis"])
def test_the_output_is_what_ruff_makes_of_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package: str
) -> None:
    monkeypatch.setenv("APIFORGE_NO_CACHE", "1")
    config = SpecConfig(spec=ROOT / "spec" / "kitchen-sink.yaml", output=tmp_path, package=package)
    skipped = generate(config, ROOT).files
    monkeypatch.setattr(package_module, "as_ruff_leaves_them", lambda *_: frozenset())
    formatted = generate(config, ROOT).files
    assert skipped == formatted
