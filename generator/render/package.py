"""The whole output of one spec: ``{relative path: text}`` for the package and its tests.

Each output kind has its own module with ``render(api, env, header) -> {path: text}``;
paths are relative to the output folder (``<package>/...``, ``<package>_tests/...``, and
``pyproject.toml`` for a project).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import jinja2

from generator import ir
from generator.formatting import LINE_LENGTH
from generator.render import client, dcg, models, webhooks
from generator.render.environment import environment
from generator.render.project import render_project
from generator.render.static import static_files
from generator.render.suite import batches as suite_batches
from generator.render.suite import tests_folder

Renderer = Callable[[ir.Api, jinja2.Environment, str], Mapping[str, str]]
# who writes <package>/models.py, by the `models_engine` setting
MODEL_RENDERERS: Mapping[str, Renderer] = {"apiforge": models.render, dcg.ENGINE: dcg.render}


def header(api: ir.Api, env: jinja2.Environment) -> str:
    """The first line of every generated file."""
    module = env.get_template("_macros/header.jinja").make_module({})
    return str(module.header(api))  # type: ignore[attr-defined]


def package_runtime(api: ir.Api, overrides: Path | None, head: str) -> dict[str, str]:
    """The package's runtime (templates/static/); that of webhooks.py only when there are some."""
    skip = () if api.webhooks else (webhooks.RUNTIME,)
    return static_files("static", api.package, head, overrides, skip=skip)


def render_batches(
    api: ir.Api,
    overrides: Path | None = None,
    *,
    tests: bool = True,
    models_engine: str = "apiforge",
    project: bool = False,
) -> Iterator[dict[str, str]]:
    """The files of :func:`render_api` in batches: the package, then its tests (if any).

    A batch imports from earlier ones only (see :class:`generator.formatting.Formatting`), so
    that the caller can format one while the next renders.
    """
    yield package_batch(api, overrides, models_engine=models_engine, project=project)
    if tests:
        yield from tests_batches(api, overrides)


def package_batch(
    api: ir.Api,
    overrides: Path | None = None,
    *,
    models_engine: str = "apiforge",
    project: bool = False,
    clients: Callable[[], Mapping[str, str]] | None = None,
) -> dict[str, str]:
    """The first batch of :func:`render_batches`: the package.

    ``clients`` gives :func:`client_files` once the models are rendered (made apart from them,
    perhaps); by default they are rendered here.
    """
    env = environment(overrides)
    head = header(api, env)
    files = package_runtime(api, overrides, head)
    files.update(MODEL_RENDERERS[models_engine](api, env, head))
    files.update(clients() if clients is not None else client_files(api, overrides))
    files[f"{api.package}/py.typed"] = ""
    files[f"{api.package}/ruff.toml"] = _style(env, head)
    if project:
        files.update(render_project(api, env, head))
    return files


def client_files(api: ir.Api, overrides: Path | None = None) -> dict[str, str]:
    """The package's clients and webhooks, which read nothing the models' rendering makes."""
    env = environment(overrides)
    head = header(api, env)
    return {**client.render(api, env, head), **webhooks.render(api, env, head)}


def tests_batches(api: ir.Api, overrides: Path | None = None) -> Iterator[dict[str, str]]:
    """The batches of :func:`render_batches` after the package's: its tests, which read
    nothing the package's rendering makes (so they may be rendered apart from it)."""
    env = environment(overrides)
    head = header(api, env)
    for index, batch in enumerate(suite_batches(api, env, head, overrides)):
        if index == 0:
            batch[f"{tests_folder(api)}/ruff.toml"] = _style(env, head)
        yield batch


def _style(env: jinja2.Environment, head: str) -> str:
    # ruff's settings for a folder of generated code
    return env.get_template("package/ruff.toml.jinja").render(
        header=head.splitlines()[0], line_length=LINE_LENGTH
    )


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
        files.update(batch)
    return files
