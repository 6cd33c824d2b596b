"""Which operation the mock serves a request with: its path, its method, then the query pairs
an operation's path fixes (``/responses/{id}?beta=true``), the most of them first.

The operations of a path and method are those a server can tell apart
(:func:`generator.exchange.one_per_route`); a request that carries ``beta=true`` goes to the
operation whose path fixes it, any other to the one whose path fixes nothing.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from generator import ir
from generator.exchange import carries, one_per_route
from generator.openapi.paths import fixed_query, route, wire_path
from generator.openapi.servers import moved
from generator.records import record

__all__ = ["Found", "Routes"]


@record
class _Route:
    exact: re.Pattern[str]
    tolerant: re.Pattern[str]  # a trailing slash more, too
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


def _pattern(path: str) -> str:
    parts = re.split(r"(\{[^{}]+\})", path)
    return "".join(
        f"(?P<p{index}>[^/]+)" if part.startswith("{") else re.escape(part)
        for index, part in enumerate(parts)
    )


def _path_names(path: str) -> dict[str, str]:
    parts = re.split(r"(\{[^{}]+\})", path)
    return {f"p{i}": part[1:-1] for i, part in enumerate(parts) if part.startswith("{")}


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

    def __init__(self, api: ir.Api) -> None:
        # where each operation is served: its path, below its own server's where that is
        # beside the API's (the mock serves the API at its root)
        served = {op.operation_id: _served(api, op) for op in api.operations}
        self.names = {key: _path_names(path) for key, path in served.items()}
        by_route: dict[str, dict[str, list[ir.Operation]]] = {}
        templates: dict[str, str] = {}
        for op in one_per_route(api.operations)[0]:
            path = served[op.operation_id]
            templates.setdefault(route(path), path)
            methods = by_route.setdefault(route(path), {})
            methods.setdefault(op.method.upper(), []).append(op)
        for methods in by_route.values():
            for ops in methods.values():
                ops.sort(key=lambda op: -len(fixed_query(op.path)))  # stable: spec order kept
        self.route = {key: route(path) for key, path in served.items()}
        self.allow = {key: ", ".join(sorted(methods)) for key, methods in by_route.items()}
        # literal segments win over templated ones (/items/new before /items/{id})
        order = sorted(by_route, key=lambda r: (r.count("{"), templates[r]))
        self.routes = [
            _Route(
                re.compile(f"^{_pattern(templates[r])}$"),
                re.compile(f"^{_pattern(templates[r])}/?$"),
                by_route[r],
            )
            for r in order
        ]

    def allowed(self, op: ir.Operation) -> str:
        """The methods the path of ``op`` takes, as an ``Allow`` header says them."""
        return self.allow[self.route[op.operation_id]]

    def find(self, method: str, path: str, query: list[tuple[str, str]]) -> Found:
        """The operation of ``method`` at ``path`` whose fixed pairs ``query`` carries: the
        spec's paths as written first (``/items`` and ``/items/`` are two paths there), then
        with a trailing slash more tolerated."""
        for exact in (True, False):
            allowed: list[str] = []
            missed: list[ir.Operation] = []
            for known in self.routes:
                match = (known.exact if exact else known.tolerant).match(path)
                if match is None:
                    continue
                ops = known.operations.get(method.upper())
                if ops is None:
                    allowed.extend(known.operations)
                    continue
                op = next((op for op in ops if carries(op, query)), None)
                if op is None:  # another route may take it (/items/{id} after /items/new)
                    missed.extend(ops)
                    continue
                names = self.names[op.operation_id]
                return Found(op, {names[k]: unquote(v) for k, v in match.groupdict().items()})
            if missed:
                needs = " or ".join(sorted({_query_text(op) for op in missed}))
                return Found(None, {}, missed=needs)
            if allowed:
                return Found(None, {}, tuple(sorted(set(allowed))))
        return Found(None, {})


def _query_text(op: ir.Operation) -> str:
    return "&".join(f"{k}={v}" for k, v in fixed_query(op.path))
