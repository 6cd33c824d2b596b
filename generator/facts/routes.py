"""The operations a router may give a request meant for another operation's path to.

A router matches a request's path against the templates by their text, before it reads any
parameter's schema (which it reads, if at all, once the route is chosen), and tries the most
specific template first (OpenAPI: concrete paths before templated ones;
:func:`generator.openapi.splits.specificity`). A path of an operation that a template as
specific or more, of the same method and server, also matches may be routed there:
``/items/new`` for ``/items/{id}`` beside ``/items/new``, ``/files/x.json`` for
``/files/{name}`` beside ``/files/{name}.{ext}``. A request whose answer says nothing of the
operation it was meant for is not sent by conformance, nor by the generated live tests.
"""

from __future__ import annotations

from generator import ir
from generator.openapi.paths import EXPRESSION, route, wire_path
from generator.openapi.splits import shape, specificity

__all__ = ["rivals", "taken_elsewhere"]


def rivals(api: ir.Api, op: ir.Operation) -> list[ir.Operation]:
    """The operations a router may try before ``op`` that may match a path of its: the same
    method and server, another route, as specific a template or more, and segments that may
    match the same text."""
    known: dict[str, list[ir.Operation]] = api.derived.setdefault("route_rivals", {})
    found = known.get(op.operation_id)
    if found is None:
        mine, where = specificity(op.path)[:3], route(op.path)
        found = known[op.operation_id] = [
            other
            for other in api.operations
            if other.method == op.method
            and other.server == op.server
            and route(other.path) != where
            and specificity(other.path)[:3] <= mine
            and _may_meet(op.path, other.path)
        ]
    return found


def _may_meet(one: str, other: str) -> bool:
    """Whether a path may match both templates: as many segments (an expression never takes
    a ``/``), and none whose literal text the other's segment cannot match (two segments
    that both hold expressions are taken to meet)."""
    mine, theirs = wire_path(one).split("/"), wire_path(other).split("/")
    return len(mine) == len(theirs) and all(
        _segments_meet(a, b) for a, b in zip(mine, theirs, strict=True)
    )


def _segments_meet(a: str, b: str) -> bool:
    plain_a, plain_b = EXPRESSION.search(a) is None, EXPRESSION.search(b) is None
    if plain_a and plain_b:
        return shape(a).fullmatch(b) is not None  # itself, or spelt percent-encoded
    if plain_a or plain_b:
        templated, text = (b, a) if plain_a else (a, b)
        return shape(templated).fullmatch(text) is not None
    return True


def taken_elsewhere(api: ir.Api, op: ir.Operation, path: str) -> ir.Operation | None:
    """The operation a router may give a request of ``op`` at ``path`` (``op``'s template
    expanded, percent-encoded, no query) to instead; None where none may take it."""
    return next((o for o in rivals(api, op) if shape(o.path).fullmatch(path)), None)
