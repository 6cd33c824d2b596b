"""The operations a router may give a request meant for another operation's path to.

A router matches a request's path against the templates by their text, before it reads any
parameter's schema (which it reads, if at all, once the route is chosen), and tries the most
specific template first (OpenAPI: concrete paths before templated ones;
:func:`generator.openapi.splits.specificity`). A path of an operation that a template as
specific or more, of the same method and server, also matches may be routed there:
``/items/new`` for ``/items/{id}`` beside ``/items/new``, ``/files/x.json`` for
``/files/{name}`` beside ``/files/{name}.{ext}``. A request whose answer says nothing of the
operation it was meant for is not sent by conformance, nor by the generated live tests.

The templates are read once into a tree of their segments per method and server, so that an
operation's rivals are found along the segments that may meet its own, not among them all.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator import ir
from generator.openapi.paths import route, wire_path
from generator.openapi.splits import shape, specificity

__all__ = ["rivals", "taken_elsewhere"]


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
