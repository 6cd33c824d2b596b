"""`pip install .` ships every subpackage of generator/ and the templates."""

from __future__ import annotations

import tomllib

from tests.support import ROOT


def test_every_subpackage_is_listed() -> None:
    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "generator").rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    templates = {
        ".".join(("generator", "templates", *p.relative_to(ROOT / "templates").parts))
        for p in (ROOT / "templates").rglob("*")
        if p.is_dir() and "__pycache__" not in p.parts and any(c.is_file() for c in p.iterdir())
    }
    assert templates <= listed, f"add to [tool.setuptools] packages: {sorted(templates - listed)}"
    assert "generator.templates" in listed


def test_the_dcg_extra_pins_datamodel_code_generator() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["optional-dependencies"]["dcg"] == ["datamodel-code-generator==0.89.0"]
