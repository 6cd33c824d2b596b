"""Which module of a large API's ``models`` package holds each named type.

A spec with more named types than :data:`SPLIT_AT` gets a ``models/`` package instead of one
``models.py``: a name is imported on first use (PEP 562) with only the modules it needs
(see :func:`layout` for when one module stays).

The modules follow the graph of references between named types. The types of one cycle of
references (a strongly connected component: a recursive model, mutually recursive ones) are
always in one module. Going through the components so that each comes after every component
referring to it, a component referred to from one module only joins that module (a schema's
inline objects stay with it); one referred to from several modules, or from none, starts a
module of its own, named after it. A module so joins one referring module only, and that
module's first component reaches it: an import back would close a cycle of references
through different components, which cannot be. So the imports between modules form no cycle,
and importing a type imports its own module and those of what it refers to, nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from graphlib import TopologicalSorter

from generator import ir
from generator.facts.typefacts import references, strongly_connected
from generator.naming import snake
from generator.records import record

# more named types (models, enums and aliases) than this: a models/ package of modules;
# otherwise one models.py, which a small API imports as fast in one piece (the kitchen sink's
# 39 types: all of them faster from one module, one of them about as fast)
SPLIT_AT = 300
# the longest chain of imports between modules a package may have: each import nests a few
# interpreter frames, and a chain of thousands (a spec of long `$ref` chains whose links are
# each shared) would exhaust the recursion limit; beyond it, one models.py
MAX_DEPTH = 100


@record(slots=True)
class ModelModule:
    """One module of the models package: its types, and what it imports from its siblings."""

    name: str  # e.g. "_full_repository"
    first: str  # the type it is named after
    names: frozenset[str]
    imports: Mapping[str, tuple[str, ...]]  # sibling module -> the names taken from it


def reference_graph(api: ir.Api) -> dict[str, set[str]]:
    """Each named type -> the named types its definition refers to."""
    named = api.named.keys()
    return {name: references(api, name) & named for name in named}


def layout(api: ir.Api, graph: Mapping[str, set[str]] | None = None) -> list[ModelModule] | None:
    """The modules of ``api``'s models package; None where one ``models.py`` is written: a
    small API, one whose types would all share one module, or one whose imports between
    modules would nest deeper than :data:`MAX_DEPTH`. ``graph``: :func:`reference_graph`'s,
    where the caller has it."""
    if len(api.named) <= SPLIT_AT:
        return None
    found = modules(api, graph)
    if len(found) < 2 or depth(found) > MAX_DEPTH:
        return None
    return found


def depth(found: list[ModelModule]) -> int:
    """The number of modules on the longest chain of imports between them."""
    graph = {m.name: set(m.imports) for m in found}
    longest: dict[str, int] = {}
    for name in TopologicalSorter(graph).static_order():  # imported modules come first
        longest[name] = 1 + max((longest[i] for i in graph[name]), default=0)
    return max(longest.values(), default=0)


def modules(api: ir.Api, graph: Mapping[str, set[str]] | None = None) -> list[ModelModule]:
    """The modules of ``api``'s models package, in a stable order."""
    graph = reference_graph(api) if graph is None else graph
    comps = strongly_connected(graph)
    comp_of = {name: comp for comp in comps for name in comp}
    # each component -> the components referring to it
    referrers: dict[frozenset[str], set[frozenset[str]]] = {comp: set() for comp in comps}
    for name, refs in graph.items():
        for ref in refs:
            if comp_of[ref] != comp_of[name]:
                referrers[comp_of[ref]].add(comp_of[name])
    order = TopologicalSorter({c: referrers[c] for c in comps})
    order.prepare()
    module_of: dict[frozenset[str], frozenset[str]] = {}  # component -> its module's first
    while order.is_active():
        ready = sorted(order.get_ready(), key=min)
        for comp in ready:
            firsts = {module_of[r] for r in referrers[comp]}
            module_of[comp] = firsts.pop() if len(firsts) == 1 else comp
        order.done(*ready)
    taken: set[str] = set()
    names: dict[frozenset[str], str] = {}
    for first in sorted(set(module_of.values()), key=min):
        name = "_" + snake(min(first)).strip("_")
        while name in taken:
            name += "_"
        taken.add(name)
        names[first] = name
    home = {name: names[module_of[comp_of[name]]] for name in api.named}
    first_of = {module: min(first) for first, module in names.items()}
    members: dict[str, set[str]] = {}
    for name, module in home.items():
        members.setdefault(module, set()).add(name)
    out: list[ModelModule] = []
    for module in sorted(members):
        imports: dict[str, set[str]] = {}
        for name in members[module]:
            for ref in graph[name]:
                if home[ref] != module:
                    imports.setdefault(home[ref], set()).add(ref)
        out.append(
            ModelModule(
                module,
                first_of[module],
                frozenset(members[module]),
                {m: tuple(sorted(n)) for m, n in sorted(imports.items())},
            )
        )
    return out
