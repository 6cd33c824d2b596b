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

_EVERYTHING = frozenset({"null", "boolean", "integer", "number", "string", "array", "object"})


def _numbers(types: frozenset[str]) -> frozenset[str]:
    # here an integer is a number too
    return types | {"number"} if "integer" in types else types


def json_kinds(t: ir.TypeRef, alias: Any, seen: frozenset[str] = frozenset()) -> frozenset[str]:
    """The JSON types values of ``t`` may have (an integer is a number too); ``alias(name)``
    is the type of a named alias, None while unknown (then any type)."""
    match t:
        case ir.UnionT():
            return frozenset().union(*(json_kinds(m, alias, seen) for m in t.members))
        case ir.LiteralT():
            return _numbers(frozenset(ir.json_type(v) for v in t.values))
        case ir.AliasRef() | ir.EnumRef():
            target = None if t.name in seen else alias(t.name)
            return _EVERYTHING if target is None else json_kinds(target, alias, seen | {t.name})
        case _:
            own = ir.own_json_types(t)
            return _EVERYTHING if own is None else _numbers(own)


def overlap(types: list[ir.TypeRef], alias: Any) -> bool:
    """Whether two of ``types`` may take a value of the same JSON type."""
    kinds = [json_kinds(t, alias) for t in types]
    return any(kinds[i] & kinds[j] for i in range(len(kinds)) for j in range(i))


def may_be(t: ir.TypeRef, types: Any) -> bool:
    """Whether values of ``t`` may have one of the JSON ``types`` (a name or a list)."""
    kinds = ir.own_json_types(t)
    kinds = None if kinds is None else _numbers(kinds)
    wanted = set(types) if isinstance(types, list) else {types}
    return kinds is None or bool(kinds & wanted)
