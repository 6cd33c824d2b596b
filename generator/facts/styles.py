"""What OpenAPI's parameter styles write of the values of a type: what is drawn to be sent.

A style writes text: a parameter's value, a list's items and an object's property values are
each a string, a number or a boolean. A null has no text (``a=`` is the empty string, another
value), nor has a list or an object inside another, but in ``deepObject``: there a property's
value may be an object in turn, written ``name[a][b]=v`` (OpenAPI leaves nesting undefined;
qs, Rails and PHP read it so), never an empty one. ``deepObject`` writes objects only: a
schema that also takes other values (one with ``properties`` but no ``type``, JSON Schema's
"an object, or any other value") is sent as its objects there. A parameter given as
``content`` (style ``json`` in the IR) is JSON text and holds any value. An empty list or
object writes nothing.

A query or cookie parameter, or a urlencoded form field, written in exploded ``form`` style
(OpenAPI's default for all three) spreads an object into pairs of their own names
(``?a=1&b=2``): its own name is not written. A reader gathers those pairs back only by the
properties an object type declares (a map takes the pairs nothing else names); a type that
admits an object yet is no object type (no ``type``, a union with an object member) leaves a
server nothing sure to gather them by, so no such object is sent (:func:`spread_unread`).

An empty text may be read as no value at all: a header or a cookie sent empty is read as
absent by many servers, and a query parameter sent empty (``?a=``) is one OpenAPI forbids
unless the parameter says ``allowEmptyValue: true`` (its default is false, and validators
refuse it). A valid request never sends such a parameter empty (:func:`read_as_none`).

The rule on values lives in the runtimes that write them (the client's ``_encoding``, the
generated tests' ``_support.styled``, conformance's ``forms``); here is its reading by type,
for what the strategies and conformance's own cases draw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from generator import ir
from generator.facts.typefacts import json_types
from generator.patterns import lengths

__all__ = [
    "extra_type",
    "may_be_blank",
    "object_fields",
    "objects_of",
    "only_blank",
    "read_as_none",
    "spread_emptied",
    "spread_taken",
    "spread_unnamed",
    "spread_unread",
    "spreads",
    "taken_names",
    "unwritten",
    "writable",
    "written",
]

_TEXT = frozenset({"string", "number", "integer", "boolean"})  # the JSON types with text
_NO_TEXT = frozenset({"null", "array", "object"})  # as an item, outside deepObject
# what "any value" is drawn as in a style: a text, number or boolean, or a list of them (in
# deepObject, an object of them)
_SCALARS = ir.UnionT((ir.StringT(), ir.NumberT(), ir.BoolT()))
_ANY_WRITTEN = ir.UnionT((*_SCALARS.members, ir.ArrayT(_SCALARS)))


def objects_of(api: ir.Api, t: ir.TypeRef) -> list[ir.ModelRef | ir.MapT]:
    """The object types among the members of ``t`` (aliases followed, unions opened): the
    objects of a union, a nullable model, an alias of one."""
    return [
        leaf for leaf in ir.leaves(t, api.alias_types) if isinstance(leaf, ir.ModelRef | ir.MapT)
    ]


def object_fields(api: ir.Api, t: ir.TypeRef) -> dict[str, ir.TypeRef] | None:
    """The declared properties of the objects of a type, a union's object members' too ({}
    for a map, None where it takes no object); a property two members declare takes either's
    values."""
    objects = objects_of(api, t)
    if not objects:
        return None
    fields: dict[str, ir.TypeRef] = {}
    for target in objects:
        if isinstance(target, ir.ModelRef):
            for f in api.model(target.name).fields:
                fields[f.wire] = ir.UnionT((fields[f.wire], f.type)) if f.wire in fields else f.type
    return fields


def unwritable_fields(api: ir.Api, body: ir.Body) -> tuple[str, ...]:
    """The required fields of a urlencoded body none of whose values its encoding's style
    writes (``deepObject`` writes objects only: a list in it has no text), so that no body
    can be sent: a field every object of the body requires, not sent as JSON text."""
    objects = objects_of(api, body.type)
    if not objects or not all(isinstance(o, ir.ModelRef) for o in objects):
        return ()
    models = [api.model(o.name) for o in objects if isinstance(o, ir.ModelRef)]
    fields = {f.wire: f.type for f in models[0].fields if f.required}
    required = [w for w in fields if all(_requires(m, w) for m in models)]
    styles = {e.wire: e for e in body.encoding if not e.content_type}
    return tuple(
        wire
        for wire in required
        if wire in styles
        and not writable(api, written(api, fields[wire], styles[wire].style), styles[wire].style)
    )


def _requires(model: ir.Model, wire: str) -> bool:
    return any(f.wire == wire and f.required for f in model.fields)


def extra_type(api: ir.Api, t: ir.TypeRef) -> ir.TypeRef | None:
    """The type of the properties the objects of a type do not declare (None: they allow
    none, or it takes no object)."""
    found = [
        api.model(o.name).extra if isinstance(o, ir.ModelRef) else o.values
        for o in objects_of(api, t)
    ]
    extras = tuple(dict.fromkeys(e for e in found if e is not None))
    if not extras:
        return None
    return extras[0] if len(extras) == 1 else ir.UnionT(extras)


def spread_unread(api: ir.Api, t: ir.TypeRef, style: str, explode: bool) -> bool:
    """Whether an object value of ``t`` written in ``style`` is not sure to be read back: one
    spread in exploded ``form`` style by a type that admits an object but is no object type
    (no type, a union with an object member). A value of ``t`` then carries anything but an
    object."""
    if style != "form" or not explode:
        return False
    target = ir.without_null(t)
    if isinstance(target, ir.AliasRef):
        target = ir.without_null(api.alias(target.name).type)
    return not isinstance(target, ir.ModelRef | ir.MapT) and "object" in json_types(api, t)


def taken_names(api: ir.Api, others: Iterable[ir.Param]) -> frozenset[str]:
    """The pair names that a request's ``others`` parameters (of one location) take: the
    name of each, and the declared properties of an object one spreads in exploded ``form``
    style; an object spread beside them takes none of those."""
    names: set[str] = set()
    for p in others:
        names.add(p.wire)
        if p.style == "form" and p.explode:
            names.update(object_fields(api, p.type) or {})
    return frozenset(names)


def spread_taken(
    api: ir.Api, t: ir.TypeRef, style: str, explode: bool, taken: frozenset[str]
) -> bool | None:
    """Where an object value of ``t`` spread in exploded ``form`` style may hold a property
    whose pair another parameter of the request takes (``taken``: :func:`taken_names`):
    None where none may; True where every object must hold one (a required property: no
    object is sent); False where some may (those objects are not sent)."""
    if style != "form" or not explode or not taken:
        return None
    objects = objects_of(api, t)
    models = [api.model(o.name) for o in objects if isinstance(o, ir.ModelRef)]
    may = len(models) < len(objects) or any(
        m.extra is not None or any(f.wire in taken for f in m.fields) for m in models
    )
    if not may:
        return None
    return len(models) == len(objects) and all(
        any(f.required and f.wire in taken for f in m.fields) for m in models
    )


def spread_unnamed(api: ir.Api, t: ir.TypeRef, style: str, explode: bool, value: object) -> bool:
    """Whether ``value``, an object of ``t`` spread in exploded ``form`` style, holds no
    property any of ``t``'s object schemas declares: a server gathers the pairs back by those
    names, so it reads no value at all (``?x-extra=0`` for ``{offset}``)."""
    if style != "form" or not explode or not isinstance(value, dict) or not value:
        return False
    objects = objects_of(api, t)
    if not objects or not all(isinstance(o, ir.ModelRef) for o in objects):
        return False  # a map is read back whole (spread_unread says where it is not)
    declared = {
        f.wire for o in objects if isinstance(o, ir.ModelRef) for f in api.model(o.name).fields
    }
    return not declared.intersection(value)


def spread_emptied(api: ir.Api, t: ir.TypeRef, taken: frozenset[str]) -> bool:
    """Whether every object of ``t`` kept apart from the ``taken`` pair names is empty: each
    is a model that declares no property but taken ones and allows no other (so a required
    parameter, which an empty object does not write, has no value to send)."""
    objects = objects_of(api, t)
    models = [api.model(o.name) for o in objects if isinstance(o, ir.ModelRef)]
    return len(models) == len(objects) and all(
        m.extra is None and all(f.wire in taken for f in m.fields) for m in models
    )


def written(api: ir.Api, t: ir.TypeRef, style: str) -> ir.TypeRef:
    """The values of ``t`` that ``style`` writes, where the type says it: ``deepObject`` its
    objects only (``ir.NEVER`` where it has none); "any value" those that have text, and
    lists (deepObject: objects) of them; an ``enum`` of arrays or objects its values (drawn,
    then kept where written). What a value holds inside is :func:`unwritten`'s."""
    if style == "json":
        return t
    if style != "deepObject":
        return _ANY_WRITTEN if isinstance(t, ir.AnyT) and not t.values else t
    if all(isinstance(leaf, ir.ModelRef | ir.MapT) for leaf in ir.leaves(t, api.alias_types)):
        return t
    if isinstance(t, ir.UnionT) and (t.one_of or t.discriminator is not None or t.choices):
        # a member's values stay apart from the others' as the union says: only fewer members
        kept = tuple(m for m in t.members if "object" in json_types(api, m))
        choices = tuple(c for c in t.choices if "object" in json_types(api, c))
        return replace(t, members=kept, choices=choices) if kept else ir.NEVER
    found = [
        ir.MapT(_SCALARS) if isinstance(leaf, ir.AnyT) and not leaf.values else leaf
        for leaf in ir.leaves(t, api.alias_types)
    ]
    objects = tuple(
        dict.fromkeys(
            f
            for f in found
            if isinstance(f, ir.ModelRef | ir.MapT)
            or (isinstance(f, ir.AnyT) and any(isinstance(v, dict) for v in f.values))
        )
    )
    if not objects:
        return ir.NEVER
    return objects[0] if len(objects) == 1 else ir.UnionT(objects)


def writable(api: ir.Api, t: ir.TypeRef, style: str) -> bool:
    """Whether some value of ``t`` has text in ``style`` (null and an empty list or object
    aside: they write nothing): False where every value needs an item that has none, such
    as an object with a required list."""
    if style == "json":
        return True
    for leaf in ir.leaves(t, api.alias_types):
        if style == "deepObject":  # objects only
            if _object_text(api, leaf, True, frozenset()):
                return True
        elif isinstance(leaf, ir.ArrayT):
            if any(_item_text(api, item, False, frozenset()) for item in ir.children(leaf)):
                return True
        elif json_types(api, leaf) & _TEXT or _object_text(api, leaf, False, frozenset()):
            return True
    return False


def unwritten(api: ir.Api, t: ir.TypeRef, style: str) -> bool:
    """Whether a value of ``t`` may hold an item that has no text in ``style`` (a null, or a
    list or object where the style writes none), or be a list of one empty text, which writes
    what the empty list writes (``a=``, an empty header) and is read back as it: such values
    are drawn, then left out."""
    if style == "json":
        return False
    deep = style == "deepObject"
    return any(
        _holds_unwritten(api, leaf, deep, frozenset()) for leaf in ir.leaves(t, api.alias_types)
    )


def _item_text(api: ir.Api, t: ir.TypeRef, deep: bool, seen: frozenset[str]) -> bool:
    """Whether some value of ``t`` has text as an item of a list or an object."""
    return any(
        json_types(api, leaf) & _TEXT or (deep and _object_text(api, leaf, deep, seen))
        for leaf in ir.leaves(t, api.alias_types)
    )


def _object_text(api: ir.Api, leaf: ir.TypeRef, deep: bool, seen: frozenset[str]) -> bool:
    """Whether ``leaf`` is an object type with a value, not empty, whose every property has
    text as an item."""
    if isinstance(leaf, ir.AnyT):
        return True
    if isinstance(leaf, ir.MapT):
        return leaf.max_properties != 0 and _item_text(api, leaf.values, deep, seen)
    if not isinstance(leaf, ir.ModelRef) or leaf.name in seen:
        return False
    seen |= {leaf.name}
    model = api.model(leaf.name)
    required = [f.type for f in model.fields if f.required]
    if not all(_item_text(api, t, deep, seen) for t in required):
        return False
    optional = [f.type for f in model.fields if not f.required]
    if model.extra is not None:
        optional.append(model.extra)
    return bool(required) or any(_item_text(api, t, deep, seen) for t in optional)


def _inner(api: ir.Api, leaf: ir.TypeRef) -> list[ir.TypeRef]:
    """A list's item types, a map's value type, or a model's property types (its undeclared
    ones' too); none for any other type."""
    if isinstance(leaf, ir.ArrayT):
        return list(ir.children(leaf))
    if isinstance(leaf, ir.MapT):
        return [leaf.values]
    if isinstance(leaf, ir.ModelRef):
        model = api.model(leaf.name)
        extra = [model.extra] if model.extra is not None else []
        return [f.type for f in model.fields] + extra
    return []


def _holds_unwritten(api: ir.Api, leaf: ir.TypeRef, deep: bool, seen: frozenset[str]) -> bool:
    if isinstance(leaf, ir.AnyT):
        return True  # any value: lists of lists, objects of nulls
    if deep and not isinstance(leaf, ir.ModelRef | ir.MapT):
        return True  # deepObject writes objects only
    if isinstance(leaf, ir.ModelRef):
        if leaf.name in seen:
            return False  # said where the model was first met
        seen |= {leaf.name}
    for inner in _inner(api, leaf):
        types = json_types(api, inner)
        if isinstance(leaf, ir.ArrayT) and not deep and _may_be_blank(api, inner):
            return True  # it may be the list of one empty text
        if "object" in types and deep and not isinstance(leaf, ir.ArrayT):
            # an object inside: written nested, but an empty one, or one holding no text, is not
            if types & {"null", "array"} or any(
                not isinstance(i, ir.ModelRef | ir.MapT)
                or _may_be_empty(api, i)
                or _holds_unwritten(api, i, deep, seen)
                for i in ir.leaves(inner, api.alias_types)
                if "object" in json_types(api, i)
            ):
                return True
        elif types & _NO_TEXT:
            return True
    return False


def _may_be_blank(api: ir.Api, t: ir.TypeRef) -> bool:
    """Whether the empty text may be a value of ``t``."""
    for leaf in ir.leaves(t, api.alias_types):
        if isinstance(leaf, ir.AnyT) or (isinstance(leaf, ir.StringT) and not leaf.min_length):
            return True
        if isinstance(leaf, ir.LiteralT) and "" in leaf.values:
            return True
        if isinstance(leaf, ir.EnumRef) and any(m.value == "" for m in api.enum(leaf.name).members):
            return True
    return False


def _may_be_empty(api: ir.Api, leaf: ir.ModelRef | ir.MapT) -> bool:
    if isinstance(leaf, ir.MapT):
        return not leaf.min_properties
    model = api.model(leaf.name)
    return not model.min_properties and not any(f.required for f in model.fields)


def read_as_none(param: ir.Param) -> bool:
    """Whether a server may read ``param`` sent as the empty text (``""``, or a list or an
    object with nothing in it) as no value: a header or a cookie, or a query parameter
    without ``allowEmptyValue: true``. JSON text (``content``) is never empty."""
    if param.style == "json":
        return False
    return param.location in ("header", "cookie") or (
        param.location == "query" and not param.allow_empty
    )


def spreads(style: str, explode: bool) -> bool:
    """Whether ``style`` writes a list's items or an object's properties as pairs of their
    own (exploded ``form``, ``deepObject``): an empty list or object writes nothing at all."""
    return style == "deepObject" or (style == "form" and explode)


def may_be_blank(api: ir.Api, t: ir.TypeRef, style: str, explode: bool) -> bool:
    """Whether a value of ``t`` may be written in ``style`` as the empty text: the empty
    string, or a list or an object, which may be empty (unless the style :func:`spreads`
    it)."""
    containers = bool(json_types(api, t) & {"array", "object"})
    return _may_be_blank(api, t) or (containers and not spreads(style, explode))


def only_blank(api: ir.Api, t: ir.TypeRef) -> bool:
    """Whether every value of ``t`` with text is the empty text (``maxLength: 0``, ``enum:
    [""]``, a pattern matching no longer string, as ``^(?:)$``): none is sent where the empty
    text reads as no value."""
    for leaf in ir.leaves(t, api.alias_types):
        if isinstance(leaf, ir.StringT) and (
            leaf.max_length == 0
            or any(not lengths.admits(pattern, 1, None) for pattern in leaf.patterns)
        ):
            continue
        if isinstance(leaf, ir.LiteralT) and set(leaf.values) <= {"", None}:
            continue
        if isinstance(leaf, ir.EnumRef) and {m.value for m in api.enum(leaf.name).members} <= {
            "",
            None,
        }:
            continue
        if isinstance(leaf, ir.NullT):
            continue
        return False
    return True
