"""What values of each IR kind may be, in JSON types, and the values of every other type."""

from __future__ import annotations

from typing import Any, assert_never

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

_EVERYTHING = frozenset({"null", "boolean", "integer", "number", "string", "array", "object"})


def _own_types(t: ir.TypeRef) -> frozenset[str] | None:
    """The JSON types a value of ``t`` has, read from ``t`` alone (an integer is a number
    too); None where it may have any, or where they are found inside or behind ``t``."""
    match t:
        case ir.NullT():
            return frozenset({"null"})
        case ir.BoolT():
            return frozenset({"boolean"})
        case ir.IntT() | ir.NumberT():
            return frozenset({"integer", "number"})
        case ir.StringT():
            return frozenset({"string"})
        case ir.ArrayT():
            return frozenset({"array"})
        case ir.MapT() | ir.ModelRef():
            return frozenset({"object"})
        case ir.AnyT() | ir.EnumRef() | ir.AliasRef() | ir.LiteralT() | ir.UnionT():
            return None
        case _:
            assert_never(t)


def json_kinds(t: ir.TypeRef, alias: Any, seen: frozenset[str] = frozenset()) -> frozenset[str]:
    """The JSON types values of ``t`` may have (an integer is a number too); ``alias(name)``
    is the type of a named alias, None while unknown (then any type)."""
    match t:
        case ir.UnionT():
            return frozenset().union(*(json_kinds(m, alias, seen) for m in t.members))
        case ir.LiteralT():
            found = {ir.json_type(v) for v in t.values}
            return frozenset(found | ({"number"} if "integer" in found else set()))
        case ir.AliasRef() | ir.EnumRef():
            target = None if t.name in seen else alias(t.name)
            return _EVERYTHING if target is None else json_kinds(target, alias, seen | {t.name})
        case _:
            own = _own_types(t)
            return _EVERYTHING if own is None else own


def overlap(types: list[ir.TypeRef], alias: Any) -> bool:
    """Whether two of ``types`` may take a value of the same JSON type."""
    kinds = [json_kinds(t, alias) for t in types]
    return any(kinds[i] & kinds[j] for i in range(len(kinds)) for j in range(i))


def may_be(t: ir.TypeRef, types: Any) -> bool:
    """Whether values of ``t`` may have one of the JSON ``types`` (a name or a list)."""
    kinds = _own_types(t)
    wanted = set(types) if isinstance(types, list) else {types}
    return kinds is None or bool(kinds & wanted)
