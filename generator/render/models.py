"""Context for templates/models/: ordering and the right-hand side of each field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from graphlib import CycleError, TopologicalSorter
from typing import Any

import jinja2

from generator import ir
from generator.facts.typefacts import applied_default, clashing_names, strongly_connected
from generator.render import model_groups
from generator.render.imports import export_order
from generator.render.literals import pyrepr
from generator.render.types import FORMAT_TYPES

# the runtime's ``_models.LEVELS``: the most models not built yet that one build nests; a model
# whose schema may hold a longer chain of models is a ``DeepModel``
LEVELS = 8


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


def model_refers(
    api: ir.Api, graph: Mapping[str, set[str]] | None = None
) -> dict[str, tuple[str, ...]]:
    """For each model that holds others: the models its schema holds, named in its fields and
    extras directly or through aliases (itself left out), in name order. The runtime reads
    them (``_REFERS``) to build a long chain of models leaves first (see ``_models.py``).
    ``graph``: ``model_groups.reference_graph``'s, where the caller has it."""
    graph = model_groups.reference_graph(api) if graph is None else graph
    through: dict[str, set[str]] = {}  # each alias -> the models it names, through aliases

    def held(name: str) -> set[str]:
        found: set[str] = set()
        todo, seen = [name], {name}
        while todo:
            for ref in graph[todo.pop()]:
                item = api.named[ref]
                if isinstance(item, ir.Model):
                    found.add(ref)
                elif isinstance(item, ir.Alias) and ref not in seen:
                    if ref in through:
                        found |= through[ref]
                    else:
                        seen.add(ref)
                        todo.append(ref)
        return found

    for alias in api.aliases:
        through[alias.name] = held(alias.name)
    refers = {m.name: tuple(sorted(held(m.name) - {m.name})) for m in api.models}
    return {name: names for name, names in refers.items() if names}


def longest_chains(refers: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """For each model: the longest chain of models its schema may hold, itself included (a
    cycle counted as all of its models). Above :data:`LEVELS` it is a ``DeepModel``, which
    builds the models beneath it leaves first; a shorter chain is built as pydantic builds
    it, in one piece."""
    graph = {name: set(names) for name, names in refers.items()}
    for names in refers.values():
        graph.update((n, set()) for n in names if n not in graph)
    longest: dict[str, int] = {}
    for comp in strongly_connected(graph):  # each after the components it reaches
        after = {n for name in comp for n in graph[name]} - comp
        length = len(comp) + max((longest[n] for n in after), default=0)
        longest.update(dict.fromkeys(comp, length))
    return longest


def default_expr(api: ir.Api, field: ir.Field) -> str:
    """The Python expression for a field's default: an enum member where the type is an enum,
    a string of a format's class where it has one (``DateString("2024-01-02")``), in a list or
    a map of them too (so that the default has the type the field declares)."""
    assert field.default is not None
    return _value_expr(api, field.type, field.default.value)


def _value_expr(api: ir.Api, t: ir.TypeRef, value: object) -> str:
    target = ir.without_null(t)
    if isinstance(target, ir.EnumRef) and value is not None:
        enum = api.enum(target.name)
        for member in enum.members:
            if member.value == value and type(member.value) is type(value):
                return f"{enum.name}.{member.name}"
    typed = FORMAT_TYPES.get(target.format or "") if isinstance(target, ir.StringT) else None
    if typed is not None and isinstance(value, str):
        return f"{typed}({pyrepr(value)})"
    if isinstance(target, ir.ArrayT) and not target.prefix and isinstance(value, list):
        return f"[{', '.join(_value_expr(api, target.items, item) for item in value)}]"
    if isinstance(target, ir.MapT) and isinstance(value, dict):
        entries = (f"{pyrepr(k)}: {_value_expr(api, target.values, v)}" for k, v in value.items())
        return f"{{{', '.join(entries)}}}"
    return pyrepr(value)


def field_value(api: ir.Api, field: ir.Field) -> str:
    """What follows the annotation: `` = Field(...)`` or nothing for a plain required field."""
    args: list[str] = []
    default = applied_default(api, field)
    target = ir.without_null(field.type)
    if default is not None and isinstance(target, ir.ModelRef) and default.value is not None:
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


def context(
    api: ir.Api,
    enums: Sequence[ir.Enum] | None = None,
    models: Sequence[ir.Model] | None = None,
    aliases: Sequence[ir.Alias] | None = None,
    *,
    refers: dict[str, tuple[str, ...]] | None = None,
    longest: dict[str, int] | None = None,
) -> dict[str, Any]:
    """What templates/models/models.py.jinja needs beside ``api``: for the given types (a
    module of the models package, aliases in :func:`ordered_aliases`' order), or for all."""
    enums = api.enums if enums is None else enums
    models = api.models if models is None else models
    aliases = ordered_aliases(api) if aliases is None else aliases
    exports = export_order(
        [*(e.name for e in enums), *(m.name for m in models), *(a.name for a in aliases)]
    )
    recursive = recursive_aliases(api) if aliases else frozenset()
    refers = model_refers(api) if refers is None else refers
    longest = longest_chains(refers) if longest is None else longest
    deep = {m.name for m in models if longest.get(m.name, 1) > LEVELS}
    return {
        "aliases": aliases,
        "enums": enums,
        "models": models,
        "recursive": recursive & {a.name for a in aliases},
        "exports": exports,
        "deep": deep,
        # the models whose validator keeps an undeclared property named as a field apart
        "clashing": {m.name for m in models if clashing_names(m)},
        # each DeepModel -> the models its schema holds -> the longest chain each may hold
        "refers": [
            (m.name, [(n, longest[n]) for n in refers[m.name]]) for m in models if m.name in deep
        ],
        "field_value": lambda f: field_value(api, f),
    }


def render(api: ir.Api, env: jinja2.Environment, header: str) -> dict[str, str]:
    """``<package>/models.py``, or for a large API the package ``<package>/models/`` (see
    :mod:`generator.render.model_groups`)."""
    template = env.get_template("models/models.py.jinja")
    graph = model_groups.reference_graph(api)
    refers = model_refers(api, graph)
    longest = longest_chains(refers)
    modules = model_groups.layout(api, graph)
    if modules is None:
        parts = context(api, refers=refers, longest=longest)
        text = template.render(api=api, header=header, module=None, **parts)
        return {f"{api.package}/models.py": text}
    folder = f"{api.package}/models"
    files: dict[str, str] = {}
    home = {name: m.name for m in modules for name in m.names}
    enums: dict[str, list[ir.Enum]] = {m.name: [] for m in modules}
    models: dict[str, list[ir.Model]] = {m.name: [] for m in modules}
    aliases: dict[str, list[ir.Alias]] = {m.name: [] for m in modules}
    for enum in api.enums:
        enums[home[enum.name]].append(enum)
    for model in api.models:
        models[home[model.name]].append(model)
    for alias in ordered_aliases(api):
        aliases[home[alias.name]].append(alias)
    for module in modules:
        parts = context(
            api,
            enums[module.name],
            models[module.name],
            aliases[module.name],
            refers=refers,
            longest=longest,
        )
        files[f"{folder}/{module.name}.py"] = template.render(
            api=api, header=header, module=module, **parts
        )
    homes = sorted((name, m.name) for m in modules for name in m.names)
    files[f"{folder}/__init__.py"] = env.get_template("models/package.py.jinja").render(
        api=api,
        header=header,
        modules=[{"name": m.name, "exports": sorted(m.names)} for m in modules],
        homes=homes,
        exports=export_order(api.named),
    )
    return files
