"""Context for templates/models/: ordering and the right-hand side of each field."""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter
from typing import Any

import jinja2

from generator import ir
from generator.facts.typefacts import applied_default
from generator.render.literals import pyrepr


def _alias_deps(t: ir.TypeRef) -> set[str]:
    return {r.name for r in ir.named_refs(t) if isinstance(r, ir.AliasRef)}


def recursive_aliases(api: ir.Api) -> frozenset[str]:
    """Aliases that reach themselves through aliases only: each is a ``TypeAliasType`` whose
    value is read when first used (a cycle through a model is broken by its class)."""
    graph = {a.name: _alias_deps(a.type) for a in api.aliases}
    found: set[str] = set()
    for start, deps in graph.items():
        todo, seen = list(deps), set()
        while todo:
            name = todo.pop()
            if name == start:
                found.add(start)
                break
            if name not in seen:
                seen.add(name)
                todo.extend(graph.get(name, ()))
    return frozenset(found)


def ordered_aliases(api: ir.Api) -> list[ir.Alias]:
    """Aliases in an order where each one is defined before it is used."""
    recursive = recursive_aliases(api)
    graph = {a.name: set() if a.name in recursive else _alias_deps(a.type) for a in api.aliases}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError:  # the build breaks alias cycles; keep a stable order regardless
        order = sorted(graph)
    by_name = {a.name: a for a in api.aliases}
    return [by_name[n] for n in order if n in by_name]


def default_expr(api: ir.Api, field: ir.Field) -> str:
    """The Python expression for a field's default: an enum member where the type is an enum."""
    assert field.default is not None
    value = field.default.value
    target = ir.without_null(field.type)
    if isinstance(target, ir.EnumRef) and value is not None:
        enum = api.enum(target.name)
        for member in enum.members:
            if member.value == value and type(member.value) is type(value):
                return f"{enum.name}.{member.name}"
    return pyrepr(value)


def field_value(api: ir.Api, field: ir.Field) -> str:
    """What follows the annotation: `` = Field(...)`` or nothing for a plain required field."""
    args: list[str] = []
    default = applied_default(api, field)
    target = ir.without_null(field.type)
    if default is not None and isinstance(target, ir.ModelRef):
        # a model's default is built afresh for each instance, from the spec's value
        args.append(f"default_factory=lambda: {target.name}.from_dict({pyrepr(default.value)})")
    elif default is not None:
        args.append(f"default={default_expr(api, field)}")
    elif not field.required:
        args.append("default=None")
    if field.wire != field.name:
        alias = pyrepr(field.wire)
        args.append(f"validation_alias={alias}, serialization_alias={alias}")
    return f" = Field({', '.join(args)})" if args else ""


def context(api: ir.Api) -> dict[str, Any]:
    """Everything templates/models/models.py.jinja needs beside ``api``."""
    aliases = ordered_aliases(api)
    exports = sorted(
        [*(e.name for e in api.enums), *(m.name for m in api.models), *(a.name for a in aliases)]
    )
    return {
        "aliases": aliases,
        "recursive": recursive_aliases(api),
        "exports": exports,
        "field_value": lambda f: field_value(api, f),
    }


def render(api: ir.Api, env: jinja2.Environment, header: str) -> dict[str, str]:
    """``<package>/models.py``."""
    text = env.get_template("models/models.py.jinja").render(api=api, header=header, **context(api))
    return {f"{api.package}/models.py": text}
