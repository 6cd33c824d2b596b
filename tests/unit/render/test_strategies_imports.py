"""The generated strategies module imports just the runtime helpers its code uses, in ruff's
order: ruff's imports pass then has nothing to fix (a fix makes it read a file again, 0.3 s of
GitHub's 6 MB module, on the longest path of a generation)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from generator.config import SpecConfig
from generator.formatting import RUFF_ARGS, ruff_binary
from generator.parse import build_api
from generator.render import render_api
from tests.support import ROOT

SPECS = [
    ROOT / "spec" / "perplexity-async-chat-completions.yaml",
    ROOT / "spec" / "kitchen-sink.yaml",
    ROOT / "tests" / "breadth" / "specs" / "pattern-ecma.yaml",
    ROOT / "tests" / "breadth" / "specs" / "form-bodies-any-type.yaml",
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_ruff_finds_no_import_to_fix_in_the_strategies_module(spec: Path, tmp_path: Path) -> None:
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    api = build_api(doc, SpecConfig(spec=spec, output=Path("out"), package="p"), spec.name)
    files = render_api(api)
    tests = tmp_path / "p_tests"
    tests.mkdir()
    (tmp_path / "p").mkdir()
    for folder in (tests, tmp_path / "p"):
        (folder / "__init__.py").write_text("")
    (tests / "_support.py").write_text(files["p_tests/_support.py"])
    (tests / "strategies.py").write_text(files["p_tests/strategies.py"])
    done = subprocess.run(
        [ruff_binary(), "check", "--select", "F401,I", "--no-cache", "--output-format",
         "concise", *RUFF_ARGS, "--", "p_tests/strategies.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
