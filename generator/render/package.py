"""The whole output of one spec: ``{relative path: text}`` for the package and its tests.

Each output kind has its own module with ``render(api, env, header) -> {path: text}``;
paths are relative to the output folder (``<package>/...``, ``<package>_tests/...``, and
``pyproject.toml`` for a project).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import jinja2

from generator import ir
from generator.formatting import LINE_LENGTH
from generator.parallel import Forked
from generator.render import client, dcg, models, webhooks
from generator.render.environment import environment
from generator.render.static import (
    HEADER_TEMPLATE,
    PACKAGE_RUNTIME,
    as_ruff_leaves_them,
    static_files,
    tests_folder,
)

Renderer = Callable[[ir.Api, jinja2.Environment, str], Mapping[str, str]]
# who writes <package>/models.py, by the `models_engine` setting
MODEL_RENDERERS: Mapping[str, Renderer] = {"apiforge": models.render, dcg.ENGINE: dcg.render}


def header(api: ir.Api, env: jinja2.Environment) -> str:
    """The first line of every generated file."""
    module = env.get_template(HEADER_TEMPLATE).make_module({})
    return str(module.header(api))  # type: ignore[attr-defined]


def package_runtime(api: ir.Api, overrides: Path | None, head: str) -> dict[str, str]:
    """The package's runtime (templates/static/); that of webhooks.py only when there are some."""
    skip = () if api.webhooks else (webhooks.RUNTIME,)
    return static_files(PACKAGE_RUNTIME, api.package, head, overrides, skip=skip)


class Batch(NamedTuple):
    """Files rendered together, and those of them ruff's first passes leave as they are."""

    files: dict[str, str]
    as_is: frozenset[str]


def render_batches(
    api: ir.Api,
    overrides: Path | None = None,
    *,
    tests: bool = True,
    models_engine: str = "apiforge",
    project: bool = False,
) -> Iterator[Batch]:
    """The files of :func:`render_api` in batches: the package, then its tests (if any).

    A batch imports from earlier ones only (see :class:`generator.formatting.Formatting`), so
    that the caller can format one while the next renders.
    """
    env = environment(overrides)
    head = header(api, env)
    packages = (api.package, tests_folder(api))
    # a child process makes the tests' modules, then their data, while this one renders the
    # package, then their stubs: the package's batch goes to ruff first (the tests import
    # it), the modules as soon as the child has them (the stubs import them)
    made = None
    if tests:  # the tests' renderers are imported only for them (not for a vendored package)
        from generator.render.suite import modules_and_data, stubs

        made = Forked(modules_and_data, api, env, head, overrides)
    files = package_runtime(api, overrides, head)
    for render in (MODEL_RENDERERS[models_engine], client.render, webhooks.render):
        files.update(render(api, env, head))
    files[f"{api.package}/py.typed"] = ""
    style = env.get_template("package/ruff.toml.jinja").render(
        header=head.splitlines()[0], line_length=LINE_LENGTH
    )
    files[f"{api.package}/ruff.toml"] = style
    if project:  # its renderer is imported for a project only
        from generator.render.project import render_project

        files.update(render_project(api, env, head))
    yield Batch(files, as_ruff_leaves_them(files, head, overrides, packages))
    if made is not None:
        own = stubs(api, env, head)
        made_there = made.items()
        modules = next(made_there)  # formatted while the child makes the data
        modules[f"{tests_folder(api)}/ruff.toml"] = style
        yield Batch(modules, as_ruff_leaves_them(modules, head, overrides, packages))
        yield Batch(own, as_ruff_leaves_them(own, head, overrides, packages))
        for data in made_there:
            yield Batch(data, as_ruff_leaves_them(data, head, overrides, packages))


def render_api(
    api: ir.Api,
    overrides: Path | None = None,
    *,
    tests: bool = True,
    models_engine: str = "apiforge",
) -> dict[str, str]:
    """Render every file for ``api`` (the generated tests too, unless ``tests`` is false).

    Templates in ``overrides`` win over the built-in ones by name; ``models_engine`` picks
    what writes ``models.py`` (see :data:`MODEL_RENDERERS`).
    """
    files: dict[str, str] = {}
    for batch in render_batches(api, overrides, tests=tests, models_engine=models_engine):
        files.update(batch.files)
    return files
