"""Operations a server cannot tell apart: the same method and path on the wire.

Some specs write a fragment into a path to give one path and method more operations than
OpenAPI allows (``/files/{file_id}#add_shared_link`` beside ``/files/{file_id}``). The
fragment is never sent, and parameter names are not on the wire either, so a server sees
one route (:func:`generator.openapi.paths.route`). One operation of each route is served
(the mock's) and sent (conformance's): one without a fragment, else the first.
"""

from __future__ import annotations

from generator import ir
from generator.openapi.paths import route

__all__ = ["one_per_route", "route_methods", "route_of"]


def route_of(op: ir.Operation) -> tuple[str, str]:
    """What a server tells ``op``'s requests by: its method and its route."""
    return op.method.upper(), route(op.path)


def route_methods(
    operations: tuple[ir.Operation, ...] | list[ir.Operation], op: ir.Operation
) -> set[str]:
    """The methods documented on ``op``'s route: a server serving it takes each of them,
    whichever path item of the route (a fragment's, or one naming its parameters otherwise)
    documents it."""
    where = route(op.path)
    return {other.method.upper() for other in operations if route(other.path) == where}


def one_per_route(
    operations: tuple[ir.Operation, ...] | list[ir.Operation],
) -> tuple[list[ir.Operation], list[ir.Operation]]:
    """The operations a server can tell a request of (one per method and route), and the
    others, each sharing its method and route with one of the first."""
    kept: dict[tuple[str, str], ir.Operation] = {}
    others = []
    for op in sorted(operations, key=lambda op: "#" in op.path):  # stable: spec order kept
        key = route_of(op)
        if key in kept:
            others.append(op)
        else:
            kept[key] = op
    chosen = {id(op) for op in kept.values()}
    return [op for op in operations if id(op) in chosen], others
