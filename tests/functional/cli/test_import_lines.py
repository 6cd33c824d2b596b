"""Generated modules import what their code uses, sorted, before ruff sees them: ruff still
drops and sorts, but a file it must fix it reads twice (GitHub's models: twice the time)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.config import SpecConfig
from generator.formatting import _IMPORTS, RUFF_ARGS, ruff_binary
from generator.parse import build_api
from generator.pipeline import load_valid
from generator.render import render_api
from tests.support import ROOT

SPECS = [
    ROOT / "spec" / "kitchen-sink.yaml",
    ROOT / "tests" / "specs" / "lazy_models.yaml",
    ROOT / "tests" / "specs" / "client_features.yaml",  # resources naming no model bare
]


def _fixes(folder: Path, paths: list[str]) -> list[str]:
    done = subprocess.run(
        [
            ruff_binary(),
            "check",
            "--select",
            "F401,F821,I",
            "--no-cache",
            "--exit-zero",
            "--output-format",
            "concise",
            *RUFF_ARGS,
            "--",
            *paths,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in done.stdout.splitlines() if ": F" in line or ": I001" in line]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_models_resources_and_stubs_import_what_they_use_as_ruff_leaves_it(
    spec: Path, tmp_path: Path
) -> None:
    config = SpecConfig(spec=spec, output=tmp_path)
    api = build_api(load_valid(config, full=False).data, config, spec.name)
    files = render_api(api)
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    checked = [
        rel
        for rel in files
        if rel.endswith(".py")
        and ("/models" in rel or "/resources/" in rel or rel.rsplit("/", 1)[1].startswith("test_"))
    ]
    assert any("/models" in rel for rel in checked) and any("/test_" in rel for rel in checked)
    # a name the module mentions only in a comment or docstring is imported, and ruff drops it
    needed = [
        fix for fix in _fixes(tmp_path, checked) if not _mentioned(files[fix.split(":", 1)[0]], fix)
    ]
    assert needed == []


def _mentioned(text: str, fix: str) -> bool:
    if ": F401 " not in fix:
        return False
    name = fix.split("`")[1].rsplit(".", 1)[-1]
    return text.count(name) > 1


@pytest.mark.parametrize(
    "spec", [ROOT / "spec" / "perplexity-async-chat-completions.yaml", *SPECS], ids=lambda p: p.name
)
def test_ruffs_imports_pass_leaves_every_rendered_module_as_it_is(
    spec: Path, tmp_path: Path
) -> None:
    # so a small output's format pass, run beside that pass, is the one kept
    # (generator.formatting._format_passes): each module ruff changes is formatted again after it
    config = SpecConfig(spec=spec, output=tmp_path)
    api = build_api(load_valid(config, full=False).data, config, spec.name)
    files = {rel: text for rel, text in render_api(api).items() if rel.endswith(".py")}
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    subprocess.run(
        [ruff_binary(), *_IMPORTS, "--", *files], cwd=tmp_path, capture_output=True, check=True
    )
    changed = [rel for rel, text in files.items() if (tmp_path / rel).read_text("utf-8") != text]
    assert changed == []
