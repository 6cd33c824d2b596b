"""What a request should not send: a property its schema marks ``readOnly``.

A request body's type names the ``Input`` twins of models (``parse/visibility.py``), which
declare no ``readOnly`` property. A value made for the schema itself, such as a coverage
case of a named schema (whose pointer both twins share), may carry one: OpenAPI says a
request SHOULD NOT send it, and validators refuse it where no other property is allowed.
"""

from __future__ import annotations

from typing import Any

from generator import ir

__all__ = ["sends_read_only"]

_DEPTH = 32  # the nesting followed; deeper values are taken as they are
_cached: list[tuple[ir.Api, dict[str, frozenset[str]]]] = []


def _read_only(api: ir.Api) -> dict[str, frozenset[str]]:
    """Each model schema's ``readOnly`` properties, by the schema's pointer (one API kept)."""
    if _cached and _cached[0][0] is api:
        return _cached[0][1]
    found: dict[str, set[str]] = {}
    for model in api.models:
        wires = {f.wire for f in model.fields if f.read_only}
        if wires:
            found.setdefault(model.pointer, set()).update(wires)
    table = {pointer: frozenset(wires) for pointer, wires in found.items()}
    _cached[:] = [(api, table)]
    return table


def sends_read_only(api: ir.Api, t: ir.TypeRef, value: Any) -> bool:
    """Whether ``value``, sent as a request's ``t``, carries a property its schema marks
    ``readOnly``, at any depth (a union's members each looked at)."""
    table = _read_only(api)
    return bool(table) and _carries(api, table, t, value, 0)


def _carries(
    api: ir.Api, table: dict[str, frozenset[str]], t: ir.TypeRef, value: Any, depth: int
) -> bool:
    if depth > _DEPTH:
        return False
    match t:
        case ir.AliasRef():
            return _carries(api, table, api.alias(t.name).type, value, depth + 1)
        case ir.ModelRef() if isinstance(value, dict):
            model = api.model(t.name)
            if table.get(model.pointer, frozenset()) & value.keys():
                return True
            fields = {f.wire: f.type for f in model.fields}
            return any(
                _carries(api, table, fields[k], v, depth + 1)
                for k, v in value.items()
                if k in fields
            )
        case ir.ArrayT() if isinstance(value, list):
            kinds = [t.prefix[i] if i < len(t.prefix) else t.items for i in range(len(value))]
            return any(
                _carries(api, table, k, v, depth + 1) for k, v in zip(kinds, value, strict=True)
            )
        case ir.MapT() if isinstance(value, dict):
            return any(_carries(api, table, t.values, v, depth + 1) for v in value.values())
        case ir.UnionT():
            return any(_carries(api, table, m, value, depth + 1) for m in t.members)
        case _:
            return False
