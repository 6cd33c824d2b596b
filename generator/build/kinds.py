"""What values of each IR kind may be, in JSON types, and the values of every other type."""

from __future__ import annotations

from typing import Any

from generator import ir

ANY_VALUE: dict[str, ir.TypeRef] = {
    "object": ir.MapT(ir.AnyT()),
    "array": ir.ArrayT(ir.AnyT()),
    "string": ir.StringT(),
    "number": ir.NumberT(),
    "boolean": ir.BoolT(),
    "null": ir.NullT(),
}
# every JSON value that is not of the given type, one union member per type
OTHER_THAN: dict[str, tuple[ir.TypeRef, ...]] = {
    kind: tuple(t for other, t in ANY_VALUE.items() if other != kind)
    for kind in ("object", "array")
}

# the JSON types a value of each kind has (kinds not listed may have any)
_KIND_TYPES: dict[str, frozenset[str]] = {
    "null": frozenset({"null"}),
    "boolean": frozenset({"boolean"}),
    "integer": frozenset({"integer", "number"}),
    "number": frozenset({"number", "integer"}),
    "string": frozenset({"string"}),
    "array": frozenset({"array"}),
    "map": frozenset({"object"}),
    "model": frozenset({"object"}),
}


def may_be(t: ir.TypeRef, types: Any) -> bool:
    """Whether values of ``t`` may have one of the JSON ``types`` (a name or a list)."""
    kinds = _KIND_TYPES.get(t.kind)
    wanted = set(types) if isinstance(types, list) else {types}
    return kinds is None or bool(kinds & wanted)
