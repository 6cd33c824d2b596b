"""The operations a router may give a request meant for another operation's path to.

A router matches a request's path against the templates by their text, before it reads any
parameter's schema (which it reads, if at all, once the route is chosen), and tries the most
specific template first (OpenAPI: concrete paths before templated ones;
:func:`generator.openapi.splits.specificity`). A path of an operation that a template as
specific or more, of the same method and server, also matches may be routed there:
``/items/new`` for ``/items/{id}`` beside ``/items/new``, ``/files/x.json`` for
``/files/{name}`` beside ``/files/{name}.{ext}``. A request whose answer says nothing of the
operation it was meant for is not sent by conformance, nor by the generated live tests.

Some specs write more than a path into a path key to give one route and method more
operations than OpenAPI allows (:mod:`generator.exchange.routes`): a fragment is never sent,
so a server tells a request by its method, its route and the query its path key fixes
(:func:`route_of`), and serves one operation of each (:func:`one_per_route`); the others'
requests get its answers (:func:`served_instead`), and are not sent live.

The templates are read once into a tree of their segments per method and server, so that an
operation's rivals are found along the segments that may meet its own, not among them all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator import ir
from generator.openapi.paths import fixed_query, route, wire_path
from generator.openapi.splits import shape, specificity

__all__ = ["one_per_route", "rivals", "route_of", "served_instead", "taken_elsewhere"]


class _Node:
    """The templates that share their first segments: the next segment's literal texts and
    templated ones, each to the node of the templates going on with it, and the operations
    whose template ends here."""

    __slots__ = ("ends", "literal", "templated")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.templated: dict[str, _Node] = {}
        self.ends: list[ir.Operation] = []

    def add(self, op: ir.Operation) -> None:
        node = self
        for segment in _segments(op.path):
            children = node.templated if "{" in segment else node.literal
            node = children.setdefault(segment, _Node())
        node.ends.append(op)

    def meeting(self, segments: list[str]) -> Iterator[ir.Operation]:
        """The operations whose template may match a path ``segments`` (a template's) also
        match: literal text the other side's segment matches, two templated segments."""
        nodes = [self]
        for segment in segments:
            if "{" in segment:  # a `{` that is no expression only adds templates to check
                pattern = shape(segment)
                nodes = [
                    child
                    for node in nodes
                    for child in (
                        *(n for text, n in node.literal.items() if pattern.fullmatch(text)),
                        *node.templated.values(),
                    )
                ]
            else:
                nodes = [
                    child
                    for node in nodes
                    for child in (
                        *((node.literal[segment],) if segment in node.literal else ()),
                        *(n for s, n in node.templated.items() if shape(s).fullmatch(segment)),
                    )
                ]
            if not nodes:
                return
        for node in nodes:
            yield from node.ends


def _segments(template: str) -> list[str]:
    return wire_path(template).split("/")


def rivals(api: ir.Api, op: ir.Operation) -> list[ir.Operation]:
    """The operations a router may try before ``op`` that may match a path of its: the same
    method and server, another route, as specific a template or more, and segments that may
    match the same text."""
    known: dict[str, list[ir.Operation]] = api.derived.setdefault("route_rivals", {})
    found = known.get(op.operation_id)
    if found is None:
        trees: dict[tuple[str, str | None], _Node] = api.derived.setdefault("route_trees", {})
        if not trees:
            for each in api.operations:
                trees.setdefault((each.method, each.server), _Node()).add(each)
        mine, where = specificity(op.path)[:3], route(op.path)
        met = [
            other
            for other in trees[op.method, op.server].meeting(_segments(op.path))
            if route(other.path) != where and specificity(other.path)[:3] <= mine
        ]
        order: dict[str, int] = api.derived.setdefault("route_order", {})
        if not order:
            order.update((each.operation_id, i) for i, each in enumerate(api.operations))
        found = known[op.operation_id] = sorted(met, key=lambda o: order[o.operation_id])
    return found


def taken_elsewhere(api: ir.Api, op: ir.Operation, path: str) -> ir.Operation | None:
    """The operation a router may give a request of ``op`` at ``path`` (``op``'s template
    expanded, percent-encoded, no query) to instead; None where none may take it."""
    return next((o for o in rivals(api, op) if shape(o.path).fullmatch(path)), None)


def route_of(op: ir.Operation) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """What a server tells ``op``'s requests by: its method, its route and the query pairs
    its path fixes (in order of name and value: a server reads a query as a mapping)."""
    return op.method.upper(), route(op.path), tuple(sorted(fixed_query(op.path)))


def one_per_route(
    operations: Sequence[ir.Operation],
) -> tuple[list[ir.Operation], list[ir.Operation]]:
    """The operations a server can tell a request of (one per method, route and fixed
    query), and the others, each sharing all three with one of the first."""
    kept: dict[tuple[str, str, tuple[tuple[str, str], ...]], ir.Operation] = {}
    others = []
    for op in sorted(operations, key=lambda op: "#" in op.path):  # stable: spec order kept
        key = route_of(op)
        if key in kept:
            others.append(op)
        else:
            kept[key] = op
    chosen = {id(op) for op in kept.values()}
    return [op for op in operations if id(op) in chosen], others


def served_instead(api: ir.Api) -> dict[str, ir.Operation]:
    """The operation a server answers in place of each of ``api``'s operations it cannot tell
    from another (:func:`one_per_route`'s others: a fragment of its path key is never sent),
    by operation id; worked out once per API."""
    found: dict[str, ir.Operation] | None = api.derived.get("served_instead")
    if found is None:
        kept, others = one_per_route(api.operations)
        by_route = {route_of(op): op for op in kept}
        found = {op.operation_id: by_route[route_of(op)] for op in others}
        api.derived["served_instead"] = found
    return found
