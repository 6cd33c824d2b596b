"""Context and rendering for templates/tests/: strategies, coverage cases, property tests, stubs.

The generated test package (``<package>_tests/`` beside the package) holds:

- ``strategies.py``: one Hypothesis strategy per schema (see :mod:`generator.render.strategies`
  and :mod:`.strategy_tables`) and the lookup tables ``SCHEMAS``, ``REQUESTS``, ``RESPONSES``;
- ``cases.py`` and ``cases.json``: compact per-schema data (``SHAPES``, see :mod:`.shapes`),
  read as JSON, from which ``_cases.py`` derives deterministic coverage cases and near-miss
  mutations;
- ``_support.py``, ``_cases.py``, ``_http.py``: the runtime, the same for every spec, copied
  from ``templates/tests/static/``; what it needs of the spec it imports from generated
  modules beside it (``validation.py``, and ``_package.py`` for the package's clients);
- ``validation.py`` and ``schema.json``: the spec's own schemas (:mod:`.spec_data`) and an
  independent validator;
- ``adapters.py``: how each schema's values go through the generated models (:mod:`.index`);
- ``operations.py``: what each operation documents (:mod:`.operations`);
- ``test_*.py``: the property tests and one readable stub per operation (:mod:`.stubs`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2

from generator import ir
from generator.naming import Namespace
from generator.openapi.formats import UNDEFINED_IN_30
from generator.render.data import json_text
from generator.render.static import TESTS_RUNTIME, static_files, static_names, tests_folder
from generator.render.suite.index import adapters_context, operation_base, webhook_bodies
from generator.render.suite.links import links_context
from generator.render.suite.operations import header_pointers, operations_context
from generator.render.suite.shapes import cases_context
from generator.render.suite.spec_data import spec_json
from generator.render.suite.strategy_tables import strategy_context
from generator.render.suite.stubs import stub_context

__all__ = ["MODULES", "RUNTIME", "batches", "modules_and_data", "render", "stubs", "tests_folder"]


RUNTIME = TESTS_RUNTIME  # the templates' folder of the runtime copied into every suite
LINKS_RUNTIME = "_links.py"  # the runtime's module of links followed live: where there are some
MODULES = (
    "__init__.py",
    "conftest.py",
    "_package.py",
    "validation.py",
    "strategies.py",
    "cases.py",
    "adapters.py",
    "operations.py",
    "test_schemas.py",
    "test_requests.py",
    "test_responses.py",
)


def render(
    api: ir.Api, env: jinja2.Environment, header: str, overrides: Path | None = None
) -> dict[str, str]:
    """Every file of ``<package>_tests/``: runtime, modules above, one stub per operation."""
    out: dict[str, str] = {}
    for batch in batches(api, env, header, overrides):
        out.update(batch)
    return out


def batches(
    api: ir.Api, env: jinja2.Environment, header: str, overrides: Path | None = None
) -> Iterator[dict[str, str]]:
    """The files of :func:`render` in three batches: the modules, the stubs, then the data.

    The stubs import the modules, never the other way round (see
    :class:`generator.formatting.Formatting`); the data (JSON, which ruff does not read) comes
    last, made while ruff formats the stubs. Static runtime modules in ``overrides`` replace
    the built-in ones by name. The modules and the data are :func:`modules_and_data`'s, the
    stubs :func:`stubs`': they read none of the strategies' tables, so that another process
    may make them (:func:`generator.render.package.render_batches`).
    """
    made = modules_and_data(api, env, header, overrides)
    yield next(made)
    yield stubs(api, env, header)
    yield from made


def _context(api: ir.Api, header: str) -> dict[str, Any]:
    """What every template of the suite reads: the API, its names, what each operation
    documents (``operations.py``'s tables)."""
    context: dict[str, Any] = {
        "api": api,
        "header": header,
        "tests": tests_folder(api),
        "package": api.package,
        # 3.0's formats its validator asserts that apiforge reads as annotations
        "undefined_formats": UNDEFINED_IN_30,
    }
    context.update(operations_context(api))
    context["request_bodies"] = sorted(
        {op.body.pointer for op in api.operations if op.body is not None}
    )
    return context


def modules_and_data(
    api: ir.Api, env: jinja2.Environment, header: str, overrides: Path | None = None
) -> Iterator[dict[str, str]]:
    """The batch of the suite's modules (the runtime too), then that of its data."""
    folder = tests_folder(api)
    context = _context(api, header)
    context.update(strategy_context(api))
    context.update(adapters_context(api, context["schemas"]))
    runtime = static_files(RUNTIME, folder, header, overrides, skip=_skipped(links_context(api)))
    yield {
        **runtime,
        **{
            f"{folder}/{name}": env.get_template(f"tests/{name}.jinja").render(**context)
            for name in MODULES
        },
    }
    yield {
        f"{folder}/schema.json": spec_json(
            api,
            [p for p, _ in context["schemas"]]
            + header_pointers(context["operations"])
            + sorted(context["checked_params"]),
        ),
        f"{folder}/cases.json": json_text(
            cases_context(api, context["schemas"], context["checked"], context["checked_params"])
        ),
    }


def _skipped(links: list[dict[str, Any]]) -> tuple[str, ...]:
    """The runtime modules a suite goes without: that of links, where its tests follow none
    (``links``: :func:`links_context`'s)."""
    return () if links else (LINKS_RUNTIME,)


def stubs(api: ir.Api, env: jinja2.Environment, header: str) -> dict[str, str]:
    """The batch of the suite's stubs: one per operation, those of links and webhooks."""
    folder = tests_folder(api)
    context = _context(api, header)
    out: dict[str, str] = {}
    links = links_context(api)
    taken = [*MODULES, *static_names(RUNTIME, skip=_skipped(links))]
    names = Namespace((n.removesuffix(".py") for n in taken), fold_case=True)
    if links:  # named before the operations' stubs, as the webhooks' are
        out[f"{folder}/{names.claim('test_links')}.py"] = env.get_template(
            "tests/test_links.py.jinja"
        ).render(**context, links=links)
    hooks = webhook_bodies(api)
    if hooks:  # named first: a stub of an operation called `webhooks` gets a suffix
        out[f"{folder}/{names.claim('test_webhooks')}.py"] = env.get_template(
            "tests/test_webhooks.py.jinja"
        ).render(
            **context,
            webhooks=[
                {
                    "key": h.key,
                    "pointer": body.pointer,
                    "content_type": body.content_type,
                    "headers": [p.wire for p in h.headers if p.required],
                }
                for h, body in hooks
            ],
        )
    template = env.get_template("tests/test_operation.py.jinja")
    for op, data in zip(api.operations, context["operations"], strict=True):
        name = names.claim("test_" + operation_base(op))
        out[f"{folder}/{name}.py"] = template.render(
            **{**context, "op": stub_context(api, op, data)}
        )
    return out
