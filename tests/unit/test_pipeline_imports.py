"""Generating from a spec file imports no HTTP client: httpx is for a spec at a URL."""

from __future__ import annotations

import subprocess
import sys

from tests.support import ROOT


def test_the_generate_path_imports_no_http_client() -> None:
    code = (
        "import sys, generator.cli, generator.commands, generator.pipeline; "
        "print('httpx' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
