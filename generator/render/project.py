"""``pyproject.toml`` beside the package (``generate --project``): a project pip can build.

The dependencies are what the package's runtime imports, with the ranges it is tested
with (:data:`RUNTIME_REQUIRES`, the same ranges as apiforge's own); the version is the
spec's ``info.version`` when it is a PEP 440 version, or one read out of it.
"""

from __future__ import annotations

import re

import jinja2

from generator import ir

__all__ = ["PROJECT_FILE", "PYTHON_REQUIRES", "RUNTIME_REQUIRES", "pep440", "render_project"]

PROJECT_FILE = "pyproject.toml"
RUNTIME_REQUIRES = ("httpx>=0.27,<1", "pydantic>=2.11,<3")
PYTHON_REQUIRES = ">=3.11"  # asyncio.timeout, ExceptionGroup, typing.Self

_PEP440 = re.compile(
    r"(?:[1-9]\d*!)?(?:0|[1-9]\d*)(?:\.(?:0|[1-9]\d*))*"
    r"(?:(?:a|b|rc)(?:0|[1-9]\d*))?(?:\.post(?:0|[1-9]\d*))?(?:\.dev(?:0|[1-9]\d*))?"
)
_NUMBERS = re.compile(r"\d+")


def pep440(version: str) -> str:
    """``version`` when it is a PEP 440 public version (a leading ``v`` dropped); else the
    numbers in it joined by dots (``2022-11-28`` -> ``2022.11.28``); else ``0.0.0``."""
    text = version.strip()
    text = text[1:] if text[:1] in ("v", "V") else text
    if _PEP440.fullmatch(text):
        return text
    numbers = [str(int(n)) for n in _NUMBERS.findall(text)][:6]
    return ".".join(numbers) if numbers else "0.0.0"


def render_project(api: ir.Api, env: jinja2.Environment, head: str) -> dict[str, str]:
    """``{"pyproject.toml": text}`` for ``api``'s package."""
    text = env.get_template("project/pyproject.toml.jinja").render(
        header=head.splitlines()[0],
        name=api.package.replace("_", "-"),
        package=api.package,
        version=pep440(api.version),
        description=f"Python client for {api.title}"[:200],
        python=PYTHON_REQUIRES,
        dependencies=RUNTIME_REQUIRES,
    )
    return {PROJECT_FILE: text}
