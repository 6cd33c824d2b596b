"""Runtime modules copied into the output as they are, after the header.

``templates/static/`` is the package's runtime and ``templates/tests/static/`` its tests'
runtime: plain Python with relative imports, linted and type-checked with apiforge itself.
A file of the same name under the user's templates folder replaces the built-in one.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Container, Mapping
from functools import cache
from pathlib import Path

from generator import ir
from generator.render.environment import builtin_templates

__all__ = [
    "FOLDERS",
    "HEADER_TEMPLATE",
    "PACKAGE_RUNTIME",
    "TESTS_RUNTIME",
    "as_ruff_leaves_them",
    "static_files",
    "static_names",
    "tests_folder",
]

PACKAGE_RUNTIME = "static"  # the templates' folder of the runtime copied into every package
TESTS_RUNTIME = "tests/static"  # and of the one copied into every suite
FOLDERS = (PACKAGE_RUNTIME, TESTS_RUNTIME)
HEADER_TEMPLATE = "_macros/header.jinja"  # the header every generated file starts with
# a module's name at the start of an import statement, the line's start found as the newline
# before it (searched for as a character: several times as fast as `^` tried everywhere)
_IMPORTED = re.compile(r"\n[ \t]*(?:from|import)[ \t]+([A-Za-z_][A-Za-z0-9_]*)")


def tests_folder(api: ir.Api) -> str:
    """The folder beside the package that holds its generated tests."""
    return f"{api.package}_tests"


def static_files(
    folder: str,
    into: str,
    head: str,
    overrides: Path | None,
    *,
    skip: Container[str] = (),
) -> dict[str, str]:
    """``{into/name: header and text}`` for each ``*.py`` of the templates' ``folder``.

    Args:
        folder: the templates' folder, relative to their root (``static``, ``tests/static``).
        into: the output folder the modules go to.
        head: the header every generated file starts with.
        overrides: the user's templates folder, searched first.
        skip: names left out.
    """
    out: dict[str, str] = {}
    for name in static_names(folder, skip=skip):
        source = builtin_templates() / folder / name
        chosen = overrides / folder / name if overrides else None
        text = (chosen if chosen is not None and chosen.is_file() else source).read_text(
            encoding="utf-8"
        )
        out[f"{into}/{name}"] = f"{head}\n{text}"
    return out


def static_names(folder: str, *, skip: Container[str] = ()) -> list[str]:
    """The names of the modules :func:`static_files` copies from ``folder``, in order."""
    found = sorted((builtin_templates() / folder).glob("*.py"))
    return [source.name for source in found if source.name not in skip]


@cache
def _builtin() -> tuple[frozenset[str], frozenset[str]]:
    """The built-in runtime modules' texts, and every name their imports start with."""
    texts = frozenset(
        path.read_text(encoding="utf-8")
        for folder in FOLDERS
        for path in (builtin_templates() / folder).glob("*.py")
    )
    return texts, frozenset(name for text in texts for name in _IMPORTED.findall(f"\n{text}"))


def as_ruff_leaves_them(
    files: Mapping[str, str], head: str, overrides: Path | None, packages: Collection[str]
) -> frozenset[str]:
    """The files of ``files`` that ruff's imports and format passes leave as they are: built-in
    runtime modules after the built-in header (``tests/functional/cli/test_formatting.py``
    runs the passes over each), so only the header's waiver is left to settle.

    Not when the user's templates replace the header, nor when one of the output's top-level
    ``packages`` has a name those modules import (ruff would sort that import as first-party).
    """
    if overrides is not None and (overrides / HEADER_TEMPLATE).is_file():
        return frozenset()
    texts, imported = _builtin()
    if not imported.isdisjoint(packages):
        return frozenset()
    start = len(head) + 1
    return frozenset(
        rel
        for rel, text in files.items()
        if rel.endswith(".py") and text.startswith(head + "\n") and text[start:] in texts
    )
