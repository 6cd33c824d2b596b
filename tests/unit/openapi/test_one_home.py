"""Spec primitives have one home: readers of the IR do not reach into the IR builder, and no
module outside ``generator/openapi`` re-derives a pointer, a media type or the methods."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator.openapi import METHODS
from tests.support import ROOT

GENERATOR = ROOT / "generator"
OWN = GENERATOR / "openapi"
MODULES = sorted(p for p in GENERATOR.rglob("*.py") if OWN not in p.parents)


def _imported(path: Path, *, nested_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    scopes = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    nodes = [n for scope in scopes for n in ast.walk(scope)] if nested_only else ast.walk(tree)
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("package", ["render", "mock", "conformance"])
def test_readers_of_the_ir_import_nothing_of_the_builder(package: str) -> None:
    for path in sorted((GENERATOR / package).rglob("*.py")):
        builder = {
            m for m in _imported(path) if m == "generator.parse" or m.startswith("generator.parse.")
        }
        assert not builder, f"{path.relative_to(ROOT)} imports {sorted(builder)}"


def test_the_builder_has_no_hidden_import_in_a_function() -> None:
    for path in sorted((GENERATOR / "parse").rglob("*.py")):
        assert not _imported(path, nested_only=True), path.relative_to(ROOT)


_COPIES = {
    "a pointer token unescaped by hand": re.compile(r'replace\("~1", "/"\)|replace\("/", "~1"\)'),
    "a media type normalised by hand": re.compile(
        r'split\(";"(, *(maxsplit=)?1)?\)\[0\]\.strip\(\)\.lower\(\)'
    ),
    "the list of methods written again": re.compile(
        r"\(\s*" + r",\s*".join(f'"{m}"' for m in METHODS) + r"\s*\)"
    ),
}


@pytest.mark.parametrize("what", sorted(_COPIES))
def test_no_copy_of_a_primitive_outside_generator_openapi(what: str) -> None:
    copies = [
        str(path.relative_to(ROOT))
        for path in MODULES
        if _COPIES[what].search(path.read_text(encoding="utf-8"))
    ]
    assert copies == [], f"{what} in {copies}"
