"""IR to source text through Jinja templates; pure: no I/O but reading templates."""

from __future__ import annotations

from generator.render.environment import environment, template_names
from generator.render.package import render_api, render_batches

__all__ = ["environment", "render_api", "render_batches", "template_names"]
