"""The Jinja environment: strict, no autoescape, and the filters every template uses."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from generator.formatting import LINE_LENGTH
from generator.render import imports, literals, types
from generator.render.compiled import CompiledTemplates, compiled_folder


@cache  # asked for each static file and each template
def builtin_templates() -> Path:
    """The templates shipped with apiforge (``templates/`` in the repository).

    An installed apiforge has them in ``generator/templates``; a source checkout has them at
    the top of the repository.
    """
    installed = Path(__file__).resolve().parents[1] / "templates"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "templates"


@cache
def environment(overrides: Path | None = None) -> jinja2.Environment:
    """The environment; templates in ``overrides`` win over the built-in ones by name."""
    search = [str(overrides)] if overrides is not None else []
    search.append(str(builtin_templates()))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        pyrepr=literals.pyrepr,
        docstring=literals.docstring,
        comment=literals.comment,
        toml=literals.toml_string,
        hint=types.hint,
        field_hint=types.field_hint,
        used_in=imports.used_in,
        import_order=imports.import_order,
    )
    env.globals["line_length"] = LINE_LENGTH
    env.bytecode_cache = CompiledTemplates(compiled_folder(builtin_templates()), env)
    return env


def template_names() -> list[str]:
    """Every template a user may override, by name."""
    root = builtin_templates()
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix in {".jinja", ".jinja2", ".py", ".typed"}
        and "__pycache__" not in p.parts
    )
