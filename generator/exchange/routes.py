"""Which operation a request is for: its method, its path, and the query its path key fixes.

Some specs write more than a path into a path key to give one path and method more
operations than OpenAPI allows. A fragment (``/files/{file_id}#add_shared_link`` beside
``/files/{file_id}``) is never sent, and parameter names are not on the wire either, so a
server sees one route (:func:`generator.openapi.paths.route`): one operation of each route
is served (the mock's) and sent (conformance's), one without a fragment, else the first.

A query (``/responses/{id}?beta=true`` beside ``/responses/{id}``) is sent: its pairs go
with every request of the operation, before the operation's own query parameters, and a
parameter of the operation with the name of one of them is sent in its place (the client
writes one pair of a name). A server that reads those pairs tells the operations apart, and
the mock does: a request goes to the operation whose fixed pairs it carries, the most of
them first. A server may as well route both to one handler, so each of them is
:func:`told_by_query` only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from generator import ir
from generator.facts.routes import one_per_route, route_of
from generator.openapi.paths import fixed_query, route

__all__ = ["carries", "one_per_route", "own_query", "route_methods", "route_of", "told_by_query"]

Pairs = list[tuple[str, str]]


def route_methods(
    operations: tuple[ir.Operation, ...] | list[ir.Operation], op: ir.Operation
) -> set[str]:
    """The methods documented on ``op``'s route: a server serving it takes each of them,
    whichever path item of the route (a fragment's, or one naming its parameters otherwise)
    documents it."""
    where = route(op.path)
    return {other.method.upper() for other in operations if route(other.path) == where}


def told_by_query(operations: Sequence[ir.Operation]) -> list[ir.Operation]:
    """The operations that share their method and route with another one, told apart only
    by the query their paths fix (which a server may not read)."""
    fixed: dict[tuple[str, str], set[tuple[tuple[str, str], ...]]] = {}
    for op in operations:
        method, path, query = route_of(op)
        fixed.setdefault((method, path), set()).add(query)
    return [op for op in operations if len(fixed[route_of(op)[:2]]) > 1]


def carries(op: ir.Operation, pairs: Sequence[tuple[str, str]]) -> bool:
    """Whether a request's query (its decoded pairs) carries every pair ``op``'s path fixes."""
    return not Counter(fixed_query(op.path)) - Counter(pairs)


def own_query(op: ir.Operation, pairs: Sequence[tuple[str, str]]) -> Pairs:
    """The pairs of a request's query that ``op``'s parameters are read from: those its path
    fixes taken out, once each, but where one of its query parameters has their name (that
    parameter is sent in the fixed pair's place)."""
    named = {p.wire for p in op.params if p.location == "query"}
    left = Counter(pair for pair in fixed_query(op.path) if pair[0] not in named)
    out: Pairs = []
    for pair in pairs:
        if left[pair] > 0:
            left[pair] -= 1
        else:
            out.append(pair)
    return out
