"""``oneOf`` of overlapping named members: which cannot be drawn, and how the others are;
and the types that admit no value at all.

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
from dataclasses import replace
from typing import Any, assert_never

from generator import ir
from generator.facts.typefacts import JSON_TYPES, accepts, json_types
from generator.openapi import lookup, resolve_local
from generator.openapi.alike import alike

# one value of each JSON type: what a property of the other member is made to refuse
SAMPLES: tuple[Any, ...] = (0, "", False, None, [], {})


def covers(api: ir.Api, t: ir.TypeRef, seen: frozenset[str] = frozenset()) -> frozenset[str]:
    """The JSON types of which ``t`` accepts every value."""
    match t:
        case ir.AnyT():  # (the values an enum of arrays or objects lists: no type whole)
            return frozenset() if t.values else frozenset(JSON_TYPES)
        case ir.NullT() | ir.BoolT():
            return frozenset({t.kind})  # these kinds are named as their JSON type
        case ir.IntT() | ir.NumberT():
            free = t.bounds == ir.Bounds() and t.format is None
            return json_types(api, t) if free else frozenset()
        case ir.StringT():
            # contentEncoding and contentMediaType are annotations: any string is valid
            free = replace(t, encoding=None, media=None) == ir.StringT()
            return frozenset({"string"}) if free else frozenset()
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


def twinned(api: ir.Api, t: ir.UnionT) -> list[bool]:
    """Per member of a ``oneOf``: whether it has a twin among the members as written, a
    named schema written alike (:func:`generator.openapi.alike.alike`) or the same one
    twice. A value it accepts, its twin accepts too, so none of its values is valid. Members
    told apart by a tag have none: 3.0's validator matches a value to its tag's member
    alone, and a 3.1 union keeps a tag only where each member fixes its own."""
    if not t.one_of or t.discriminator is not None:
        return [False for _ in t.members]
    written = t.choices or t.members
    nodes = [_node(api, w) for w in written]

    def resolve(ref: str) -> Any:
        return resolve_local(api.schema_document, ref)[1]

    def same(a: ir.TypeRef, b: ir.TypeRef, node_a: Any, node_b: Any) -> bool:
        if a == b:
            return isinstance(a, ir.ModelRef | ir.AliasRef | ir.EnumRef)
        return node_a is not None and node_b is not None and alike(node_a, node_b, resolve)

    found = []
    for member in t.members:
        node = _node(api, member)
        found.append(sum(same(member, w, node, n) for w, n in zip(written, nodes, strict=True)) > 1)
    return found


def _node(api: ir.Api, t: ir.TypeRef) -> Any:
    """The spec's node of a named schema as validators read it; None for any other type and
    for one built inside a merged ``allOf`` (no node of the spec is it)."""
    if not isinstance(t, ir.ModelRef | ir.AliasRef | ir.EnumRef):
        return None
    pointer = api.named[t.name].pointer
    if pointer in api.merged:
        return None
    try:
        return lookup(api.schema_document, pointer)
    except KeyError:
        return None


def member_tags(api: ir.Api, t: ir.UnionT, d: ir.Discriminator) -> list[list[str] | None]:
    """Per member of a union told apart by ``d``: the tags that select it (its mapping's
    values, its component's name) that its own schema takes at the tag's property, which
    may be fewer (an ``enum`` that allows one of them) or none; None for a member no tag
    concerns (null, one not a named object, one no tag maps to)."""
    found: list[list[str] | None] = []
    position = 0
    for member in t.members:
        if isinstance(member, ir.NullT):
            found.append(None)
            continue
        tags = d.drawn(position)
        position += 1
        if not isinstance(member, ir.ModelRef) or not tags:
            found.append(None)
            continue
        model = api.model(member.name)
        wire = {f.wire: f for f in model.fields}.get(d.property)
        slot = wire.type if wire is not None else model.extra
        found.append([tag for tag in tags if slot is not None and accepts(api, slot, tag)])
    return found


def admits_nothing(api: ir.Api, t: ir.TypeRef, seen: frozenset[str] = frozenset()) -> bool:
    """Whether no value is valid under ``t``, certainly: a schema of no value (``NEVER``), or
    one that needs such a value (a required property, a list's first item, every member
    but the twins of a ``oneOf``, which admit none). A named schema met again inside itself
    is taken to admit one (the answer is only ever sure)."""
    match t:
        case ir.LiteralT():
            return not t.values
        case ir.AliasRef():
            return t.name not in seen and admits_nothing(
                api, api.alias(t.name).type, seen | {t.name}
            )
        case ir.ModelRef():
            inside = seen | {t.name}
            fields = api.model(t.name).fields
            return t.name not in seen and any(
                f.required and admits_nothing(api, f.type, inside) for f in fields
            )
        case ir.UnionT():
            pairs = zip(t.members, twinned(api, t), strict=True)
            return all(twin or admits_nothing(api, m, seen) for m, twin in pairs)
        case ir.ArrayT():
            needed = (t.min_items or 0) > 0 and not t.prefix
            return needed and admits_nothing(api, t.items, seen)
        case ir.MapT():
            return (t.min_properties or 0) > 0 and admits_nothing(api, t.values, seen)
        case _:
            return False


def kept_apart(api: ir.Api, t: ir.UnionT) -> list[dict[str, Any]]:
    """Per member of a ``oneOf`` without a discriminator, its :func:`breakers` against the
    others (the coverage cases get them as the strategies do); empty for the rest."""
    if not t.one_of or t.discriminator is not None:
        return [{} for _ in t.members]
    members = t.members
    return [breakers(api, m, members[:i] + members[i + 1 :]) for i, m in enumerate(members)]


def no_valid_request(api: ir.Api) -> list[ir.Operation]:
    """The operations with a required parameter, or a required body, whose schema no value
    is valid under (:func:`admits_nothing`)."""
    return [
        op
        for op in api.operations
        if any(p.required and admits_nothing(api, p.type) for p in op.params)
        or (op.body is not None and op.body.required and admits_nothing(api, op.body.type))
    ]


def no_valid_answer(api: ir.Api) -> list[ir.Operation]:
    """The operations no server can answer as documented (:func:`answers_nothing`)."""
    return [op for op in api.operations if answers_nothing(api, op)]


def no_valid_body(api: ir.Api, response: ir.Response) -> bool:
    """Whether ``response`` documents a body schema no value is valid under
    (:func:`admits_nothing`): no server can answer it as documented."""
    return response.type is not None and admits_nothing(api, response.type)


def answers_nothing(api: ir.Api, op: ir.Operation) -> bool:
    """Whether the answer to a valid request of ``op`` (:meth:`ir.Operation.answer`) has a
    schema no value is valid under (:func:`no_valid_body`)."""
    response = op.answer()[1]
    return response is not None and no_valid_body(api, response)
