"""The README's typed usage example type-checks against the committed package."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

MARK = "<!-- typed example"


def test_readme_example_passes_mypy_strict(tmp_path: Path) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text[text.index(MARK) :]
    block = re.search(r"```python\n(.*?)```", after, re.S)
    assert block is not None
    example = tmp_path / "example.py"
    example.write_text(block.group(1), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(example)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": str(ROOT / "generated")},
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
