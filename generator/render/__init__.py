"""IR to source text through Jinja templates; pure: no I/O but reading templates."""

from __future__ import annotations

from generator.render.environment import environment, template_names
from generator.render.package import (
    client_files,
    package_batch,
    render_api,
    render_batches,
    tests_batches,
)

__all__ = [
    "client_files",
    "environment",
    "package_batch",
    "render_api",
    "render_batches",
    "template_names",
    "tests_batches",
]
