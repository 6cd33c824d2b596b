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


def json_kinds(t: ir.TypeRef, alias: Any, seen: frozenset[str] = frozenset()) -> frozenset[str]:
    """The JSON types values of ``t`` may have (an integer is a number too); ``alias(name)``
    is the type of a named alias, None while unknown (then any type)."""
    everything = frozenset({"null", "boolean", "integer", "number", "string", "array", "object"})
    if isinstance(t, ir.UnionT):
        return frozenset().union(*(json_kinds(m, alias, seen) for m in t.members))
    if isinstance(t, ir.LiteralT):
        found = {ir.json_type(v) for v in t.values}
        return frozenset(found | ({"number"} if "integer" in found else set()))
    if isinstance(t, ir.AliasRef | ir.EnumRef):
        target = None if t.name in seen else alias(t.name)
        return everything if target is None else json_kinds(target, alias, seen | {t.name})
    return _KIND_TYPES.get(t.kind, everything)


def overlap(types: list[ir.TypeRef], alias: Any) -> bool:
    """Whether two of ``types`` may take a value of the same JSON type."""
    kinds = [json_kinds(t, alias) for t in types]
    return any(kinds[i] & kinds[j] for i in range(len(kinds)) for j in range(i))


def may_be(t: ir.TypeRef, types: Any) -> bool:
    """Whether values of ``t`` may have one of the JSON ``types`` (a name or a list)."""
    kinds = _KIND_TYPES.get(t.kind)
    wanted = set(types) if isinstance(types, list) else {types}
    return kinds is None or bool(kinds & wanted)
