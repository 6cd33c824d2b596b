"""Context and rendering for templates/client/: the sync and async clients."""

from __future__ import annotations

import jinja2

from generator import __version__, ir


def render(api: ir.Api, env: jinja2.Environment, header: str) -> dict[str, str]:
    """``<package>/__init__.py`` (and, with the client, its modules)."""
    init = env.get_template("package/__init__.py.jinja").render(api=api, header=header, version=__version__)
    return {f"{api.package}/__init__.py": init}
