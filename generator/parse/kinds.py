"""What values of each IR kind may be, in JSON types, and the values of every other type."""

from __future__ import annotations

from collections.abc import Callable
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


def narrowed(t: ir.TypeRef, types: Any, named: Callable[[str], ir.TypeRef | None]) -> ir.TypeRef:
    """The values of ``t`` that have one of the JSON ``types`` (a name or a list), as a
    ``type`` beside ``anyOf``/``oneOf`` leaves a member: ``ir.NEVER`` where none has.

    ``named(name)`` is the type of a named enum (its values) or alias, None while unknown
    (then the name is kept). A named type stays itself where it has no value to lose.
    """
    wanted = frozenset(types) if isinstance(types, list) else frozenset({types})
    return _Narrowing(wanted, named).of(t, frozenset())


class _Narrowing:
    def __init__(self, wanted: frozenset[Any], named: Callable[[str], ir.TypeRef | None]):
        self.wanted = wanted
        self.named = named

    def fits(self, kind: str) -> bool:
        # an integer is a number too
        return kind in self.wanted or (kind == "integer" and "number" in self.wanted)

    def of(self, t: ir.TypeRef, seen: frozenset[str]) -> ir.TypeRef:
        match t:
            case ir.AnyT():
                return self._any()
            case ir.NumberT() if not self.fits("number") and self.fits("integer"):
                return ir.IntT(t.bounds, t.format)  # its integral values
            case ir.LiteralT():
                kept = tuple(v for v in t.values if self._value_fits(v))
                return t if len(kept) == len(t.values) else ir.LiteralT(kept)
            case ir.AliasRef() | ir.EnumRef():
                target = None if t.name in seen else self.named(t.name)
                if target is None:
                    return t
                inner = self.of(target, seen | {t.name})
                return t if inner == target else inner
            case ir.UnionT():
                return self._union(t, seen)
            case _:
                own = ir.own_json_types(t)
                return t if own is None or any(self.fits(k) for k in own) else ir.NEVER

    def _value_fits(self, value: Any) -> bool:
        kind = ir.json_type(value)
        integral = isinstance(value, float) and value.is_integer()
        return self.fits(kind) or (integral and self.fits("integer"))

    def _any(self) -> ir.TypeRef:
        if all(self.fits(k) for k in ANY_VALUE):
            return ir.AnyT()
        found = [t for kind, t in ANY_VALUE.items() if self.fits(kind)]
        if "integer" in self.wanted and not self.fits("number"):
            found.append(ir.IntT())
        members = tuple(found)
        return ir.NEVER if not members else members[0] if len(members) == 1 else ir.UnionT(members)

    def _union(self, t: ir.UnionT, seen: frozenset[str]) -> ir.TypeRef:
        members = tuple(
            dict.fromkeys(m for m in (self.of(m, seen) for m in t.members) if m != ir.NEVER)
        )
        choices = tuple(
            dict.fromkeys(c for c in (self.of(c, seen) for c in t.choices) if c != ir.NEVER)
        )
        if members == t.members and choices == t.choices:
            return t
        if not members:
            return ir.NEVER
        if len(members) == 1 and t.discriminator is None and not t.required:
            return members[0]
        return ir.UnionT(members, t.discriminator, t.one_of, choices, t.required)
