"""Generating from a spec file imports no HTTP client: httpx is for a spec at a URL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def test_the_renderers_version_is_the_same_loaded_or_not() -> None:
    # the inputs' digest reads jinja2's version from the module where it is loaded and from
    # its distribution where not (`check`): both must give the same text, or `check` misses
    code = (
        "import sys, generator.inputs as i; before = i.renderer_version(); "
        "assert 'jinja2' not in sys.modules; import jinja2; print(before, i.renderer_version())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    unloaded, loaded = done.stdout.split()
    assert unloaded == loaded


def _generated_in_child(tmp_path: Path, args: str, tell: str, env: dict[str, str]) -> str:
    """The last line a child prints (``tell``, an expression of ``sys.modules``) after it
    generated the seed's spec with ``args`` (the spec ``sys.argv[1]``, the output ``[2]``)."""
    code = (
        "import sys, generator.cli\n"
        "try:\n"
        f"    generator.cli.main([{args}])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print({tell})"
    )
    spec = ROOT / "spec" / "perplexity-async-chat-completions.yaml"
    done = subprocess.run(
        [sys.executable, "-c", code, str(spec), str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    assert (tmp_path / "out").is_dir(), done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_generating_imports_no_distribution_metadata(tmp_path: Path) -> None:
    # importlib.metadata costs 10-20 ms of imports, a tenth of generating a small spec
    said = _generated_in_child(
        tmp_path,
        "'generate', sys.argv[1], '-o', sys.argv[2]",
        "'importlib.metadata' in sys.modules",
        {"APIFORGE_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert said == "False"


def test_a_vendored_package_is_generated_without_the_tests_renderers(tmp_path: Path) -> None:
    # the suite's renderers are a few ms of imports a package without tests has no use for
    said = _generated_in_child(
        tmp_path,
        "'generate', sys.argv[1], '--vendor', sys.argv[2]",
        "sorted(m for m in sys.modules if m.startswith('generator.render.suite'))",
        {"APIFORGE_NO_CACHE": "1"},
    )
    assert said == "[]"
