"""Which operation the mock serves a request with: its path, its method, then the query pairs
an operation's path fixes (``/responses/{id}?beta=true``), the most of them first.

The operations of a path and method are those a server can tell apart
(:func:`generator.exchange.one_per_route`); a request that carries ``beta=true`` goes to the
operation whose path fixes it, any other to the one whose path fixes nothing.

Paths are tried the most specific first (:func:`generator.openapi.splits.specificity`:
``/items/new`` before ``/items/{id}``, ``/files/{name}.{ext}`` before ``/files/{name}``).
The first whose operation reads the path with values its parameters' schemas take serves
it (:func:`generator.exchange.read_path`: ``/files/x.md`` goes to ``/files/{name}`` where
``{ext}`` is ``json`` or ``csv``); where none does, the first the path fits at all, whose
answer then says which value is wrong.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from generator import ir
from generator.exchange import SchemaValidator, carries, one_per_route, read_path
from generator.openapi.paths import fixed_query, route, wire_path
from generator.openapi.servers import moved
from generator.openapi.splits import pieces, specificity, split
from generator.records import record

__all__ = ["Found", "Routes"]


@record
class _Route:
    template: str  # the path of the first of its operations, as served
    # by method, the most fixed query pairs first
    operations: dict[str, list[ir.Operation]]


@record
class Found:
    """What a request's method, path and query find: its operation and path values, or the
    methods its path takes (none: no path matched; all taken and none matched: ``missed``
    names the query pairs its method's operations need)."""

    op: ir.Operation | None
    values: dict[str, str]
    allowed: tuple[str, ...] = ()
    missed: str = ""


def _served(api: ir.Api, op: ir.Operation) -> str:
    """The path ``op`` is served at by an app that serves ``api`` at its root: below its own
    server's path where that server is beside the API's first (on another host: at the root,
    as nowhere else is)."""
    path = wire_path(op.path)
    if op.server is None:
        return path
    base = moved("http://mock", api.server, op.server)
    return path if base is None else urlsplit(base).path + path


class Routes:
    """The operations of ``api`` by path, method and fixed query."""

    def __init__(self, api: ir.Api, validator: SchemaValidator) -> None:
        self.api, self.validator = api, validator
        # where each operation is served: its path, below its own server's where that is
        # beside the API's (the mock serves the API at its root)
        self.served = {op.operation_id: _served(api, op) for op in api.operations}
        by_route: dict[str, dict[str, list[ir.Operation]]] = {}
        templates: dict[str, str] = {}
        for op in one_per_route(api.operations)[0]:
            path = self.served[op.operation_id]
            templates.setdefault(route(path), path)
            methods = by_route.setdefault(route(path), {})
            methods.setdefault(op.method.upper(), []).append(op)
        for methods in by_route.values():
            for ops in methods.values():
                ops.sort(key=lambda op: -len(fixed_query(op.path)))  # stable: spec order kept
        self.route = {key: route(path) for key, path in self.served.items()}
        self.allow = {key: ", ".join(sorted(methods)) for key, methods in by_route.items()}
        # by the number of "/" a path of theirs holds (a value's own is sent encoded): a
        # request is split only by the templates of its depth, the most specific first
        self.routes: dict[int, list[_Route]] = {}
        for r in sorted(by_route, key=lambda r: specificity(templates[r])):
            depth = templates[r].count("/")
            self.routes.setdefault(depth, []).append(_Route(templates[r], by_route[r]))

    def allowed(self, op: ir.Operation) -> str:
        """The methods the path of ``op`` takes, as an ``Allow`` header says them."""
        return self.allow[self.route[op.operation_id]]

    def find(self, method: str, path: str, query: list[tuple[str, str]]) -> Found:
        """The operation of ``method`` at ``path`` whose fixed pairs ``query`` carries: the
        spec's paths as written first (``/items`` and ``/items/`` are two paths there), then
        with a trailing slash more tolerated."""
        for tried in (path, *((path[:-1],) if path.endswith("/") else ())):
            found = self._find(method, tried, query)
            if found is not None:
                return found
        return Found(None, {})

    def _find(self, method: str, path: str, query: list[tuple[str, str]]) -> Found | None:
        """What ``path`` finds as it is; None when no template takes it."""
        fitting = [
            (known, parts)
            for known in self.routes.get(path.count("/"), ())
            if (parts := split(known.template, path)) is not None
        ]
        if not fitting:
            return None
        for known, _ in fitting:  # the first whose operation reads it as valid values
            op = self._operation(known, method, query)
            if op is None:
                continue
            template = self.served[op.operation_id]
            values = read_path(self.api, op, path, self.validator, template)
            if values is not None:
                return Found(op, values)
        allowed: list[str] = []
        missed: list[ir.Operation] = []
        for known, parts in fitting:  # else the first it fits: its values are refused there
            ops = known.operations.get(method.upper())
            if ops is None:
                allowed.extend(known.operations)
                continue
            op = self._operation(known, method, query)
            if op is None:  # another route may take it (/items/{id} after /items/new)
                missed.extend(ops)
                continue
            names = pieces(self.served[op.operation_id]).names
            return Found(op, dict(zip(names, parts, strict=True)))
        if missed:
            needs = " or ".join(sorted({_query_text(op) for op in missed}))
            return Found(None, {}, missed=needs)
        return Found(None, {}, tuple(sorted(set(allowed))))

    @staticmethod
    def _operation(known: _Route, method: str, query: list[tuple[str, str]]) -> ir.Operation | None:
        """The operation of ``known`` for ``method`` whose fixed pairs ``query`` carries."""
        return next(
            (op for op in known.operations.get(method.upper(), ()) if carries(op, query)), None
        )


def _query_text(op: ir.Operation) -> str:
    return "&".join(f"{k}={v}" for k, v in fixed_query(op.path))
