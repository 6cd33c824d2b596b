"""Context and rendering for templates/tests/: strategies, property tests and stubs."""

from __future__ import annotations

import jinja2

from generator import ir


def tests_folder(api: ir.Api) -> str:
    """The folder beside the package that holds its generated tests."""
    return f"{api.package}_tests"


def render(api: ir.Api, env: jinja2.Environment, header: str) -> dict[str, str]:
    """The generated test package (none yet)."""
    return {}
