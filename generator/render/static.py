"""Runtime modules copied into the output as they are, after the header.

``templates/static/`` is the package's runtime and ``templates/tests/static/`` its tests'
runtime: plain Python with relative imports, linted and type-checked with apiforge itself.
A file of the same name under the user's templates folder replaces the built-in one.
"""

from __future__ import annotations

from collections.abc import Container
from pathlib import Path

from generator.render.environment import builtin_templates

__all__ = ["static_files"]


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
    for source in sorted((builtin_templates() / folder).glob("*.py")):
        if source.name in skip:
            continue
        chosen = overrides / folder / source.name if overrides else None
        text = (chosen if chosen is not None and chosen.is_file() else source).read_text(
            encoding="utf-8"
        )
        out[f"{into}/{source.name}"] = f"{head}\n{text}"
    return out
