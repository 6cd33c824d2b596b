"""``oneOf`` of overlapping named members: which cannot be drawn, and how the others are.

A value of a ``oneOf`` member is valid only when no other member accepts it. Filtering a
member's values by the spec's validator is enough when the members differ in what they
require; it almost never passes when another member accepts (nearly) all of them:

- a member accepting every value of a JSON type (``{type: object}`` alone, an untyped
  schema) takes every value of that type from the other members: those are not drawn;
- open objects (a map among them) with only optional properties accept each other's
  values; a member is drawn with an undeclared property that the other member declares
  with a type the value does not have, so that member refuses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, assert_never

from generator import ir
from generator.facts.typefacts import JSON_TYPES, json_types

# one value of each JSON type: what a property of the other member is made to refuse
SAMPLES: tuple[Any, ...] = (0, "", False, None, [], {})


def covers(api: ir.Api, t: ir.TypeRef, seen: frozenset[str] = frozenset()) -> frozenset[str]:
    """The JSON types of which ``t`` accepts every value."""
    match t:
        case ir.AnyT():
            return frozenset(JSON_TYPES)
        case ir.NullT() | ir.BoolT():
            return frozenset({t.kind})  # these kinds are named as their JSON type
        case ir.IntT() | ir.NumberT():
            free = t.bounds == ir.Bounds() and t.format is None
            return json_types(api, t) if free else frozenset()
        case ir.StringT():
            return frozenset({"string"}) if t == ir.StringT() else frozenset()
        case ir.MapT():
            free = t.min_properties is None and t.max_properties is None
            free = free and covers(api, t.values, seen) == set(JSON_TYPES)
            return frozenset({"object"}) if free else frozenset()
        case ir.ModelRef():
            model = api.model(t.name)
            open_ = model.extra is not None and covers(api, model.extra, seen) == set(JSON_TYPES)
            return frozenset({"object"}) if open_ and not model.fields else frozenset()
        case ir.AliasRef():
            if t.name in seen:
                return frozenset()
            return covers(api, api.alias(t.name).type, seen | {t.name})
        case ir.UnionT():
            if t.one_of:
                return frozenset()
            return frozenset().union(*(covers(api, m, seen) for m in t.members))
        case ir.ArrayT() | ir.EnumRef() | ir.LiteralT():
            return frozenset()
        case _:
            assert_never(t)


def shadowed(api: ir.Api, member: ir.TypeRef, others: Sequence[ir.TypeRef]) -> bool:
    """Whether another member accepts every value ``member`` may take."""
    types = json_types(api, member)
    return any(types <= covers(api, other) for other in others)


def breakers(api: ir.Api, member: ir.TypeRef, others: Sequence[ir.TypeRef]) -> dict[str, Any]:
    """Undeclared properties that make the other open objects refuse ``member``'s values.

    Only for other members that may accept them: every property they require, ``member``
    requires too. One property per such member, of a type its declaration refuses and
    ``member``'s undeclared properties accept.
    """
    opened = _open_object(api, member)
    if opened is None:
        return {}
    declared, required, extra = opened
    allowed = json_types(api, extra)
    found: dict[str, Any] = {}
    for other in others:
        if not isinstance(other, ir.ModelRef):
            continue
        fields = api.model(other.name).fields
        if not {f.wire for f in fields if f.required} <= required:
            continue  # it refuses the values already
        for field in fields:
            if field.wire in declared or field.wire in found:
                continue
            refused = json_types(api, field.type)
            value = next(
                (
                    v
                    for v in SAMPLES
                    if ir.json_type(v) not in refused and ir.json_type(v) in allowed
                ),
                _NONE,
            )
            if value is not _NONE:
                found[field.wire] = value
                break
    return found


_NONE = object()


def _open_object(api: ir.Api, t: ir.TypeRef) -> tuple[set[str], set[str], ir.TypeRef] | None:
    """An object member that takes undeclared properties: its declared and required
    properties and the type of the others (a map declares none); None for the rest."""
    if isinstance(t, ir.AliasRef):
        t = api.alias(t.name).type
    if isinstance(t, ir.MapT) and t.max_properties is None:
        return set(), set(), t.values
    if not isinstance(t, ir.ModelRef):
        return None
    own = api.model(t.name)
    if own.extra is None:
        return None
    return {f.wire for f in own.fields}, {f.wire for f in own.fields if f.required}, own.extra


def kept_apart(api: ir.Api, t: ir.UnionT) -> list[dict[str, Any]]:
    """Per member of a ``oneOf`` without a discriminator, its :func:`breakers` against the
    others (the coverage cases get them as the strategies do); empty for the rest."""
    if not t.one_of or t.discriminator is not None:
        return [{} for _ in t.members]
    members = t.members
    return [breakers(api, m, members[:i] + members[i + 1 :]) for i, m in enumerate(members)]
