"""Shapes: compact data describing each schema, for ``cases.json`` of the generated tests.

``_cases.py`` (``templates/tests/static/_cases.py``) derives coverage cases and near-miss
mutations from them. They are data, written as JSON and never as code.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, assert_never

from generator import ir
from generator.facts import typefacts
from generator.facts.exclusion import kept_apart
from generator.facts.styles import unwritable_fields
from generator.openapi import ENCODINGS
from generator.patterns import ecma, lengths
from generator.render.suite.index import WHERE, inline_schemas, primary, same_as

Shape = dict[str, Any]


def _numeric(t: ir.IntT | ir.NumberT) -> Shape:
    b = t.bounds
    found = {
        "ge": b.ge,
        "gt": b.gt,
        "le": b.le,
        "lt": b.lt,
        "multiple_of": b.multiple_of,
        "format": t.format,
    }
    return {"kind": t.kind, **{k: v for k, v in found.items() if v is not None}}


def _union_shape(api: ir.Api, t: ir.UnionT) -> Shape:
    shape: Shape = {
        "kind": "union",
        "members": [shape_of(api, m) for m in t.members],
        "one_of": t.one_of,
    }
    apart = kept_apart(api, t)
    if any(apart):
        shape["apart"] = {str(i): entries for i, entries in enumerate(apart) if entries}
    if t.discriminator is not None:
        positions = [i for i, m in enumerate(t.members) if not isinstance(m, ir.NullT)]
        d = t.discriminator
        tags: dict[str, list[str]] = {}
        for value, position in d.mapping:
            if value in d.drawn(position):  # those every reading takes, as the cases are drawn
                tags.setdefault(str(positions[position]), []).append(value)
        shape.update(discriminator=d.property, tags=tags)
    return shape


def _drop_none(kind: str, **found: Any) -> Shape:
    return {"kind": kind, **{k: v for k, v in found.items() if v is not None and v is not False}}


def shape_of(api: ir.Api, t: ir.TypeRef) -> Shape:
    """Compact data describing ``t`` for the coverage and mutation helpers (``_cases.py``)."""
    match t:
        case ir.AnyT():
            # an `enum`/`const` of arrays or objects: the values listed are the valid ones
            return {"kind": "any", "values": list(t.values)} if t.values else {"kind": "any"}
        case ir.NullT() | ir.BoolT():
            return {"kind": t.kind}
        case ir.IntT() | ir.NumberT():
            return _numeric(t)
        case ir.StringT():
            bounded = t.min_length is not None or t.max_length is not None
            return _drop_none(
                "string",
                min_length=t.min_length,
                max_length=t.max_length,
                pattern=None if t.pattern is None else ecma.translate(t.pattern),
                # how a string of the pattern is drawn to a length (as the strategies draw it)
                plan=(
                    lengths.plan(t.pattern, t.min_length, t.max_length)
                    if t.pattern is not None and bounded
                    else None
                ),
                also=[ecma.translate(more) for more in t.more_patterns] or None,
                format=t.format,
                # an encoding the runtime draws text of (others are plain text)
                encoding=t.encoding if t.encoding in ENCODINGS else None,
                media=t.media if t.encoding in ENCODINGS else None,
            )
        case ir.ArrayT():
            return _drop_none(
                "array",
                items=shape_of(api, t.items),
                min_items=t.min_items,
                max_items=t.max_items,
                unique=t.unique_items,
            )
        case ir.MapT():
            return _drop_none(
                "map",
                values=shape_of(api, t.values),
                min_properties=t.min_properties,
                max_properties=t.max_properties,
            )
        case ir.ModelRef() | ir.EnumRef() | ir.AliasRef():
            return {"kind": "ref", "name": t.name}
        case ir.LiteralT():
            return {"kind": "literal", "values": list(t.values)}
        case ir.UnionT():
            return _union_shape(api, t)
        case _:
            assert_never(t)


def named_shape(api: ir.Api, item: ir.Model | ir.Enum | ir.Alias) -> Shape:
    """The shape of a named schema: an object's fields, an enum's values, an alias's type."""
    if isinstance(item, ir.Enum):
        return {
            "kind": "literal",
            "values": [m.value for m in item.members],
        }
    if isinstance(item, ir.Alias):
        return shape_of(api, item.type)
    fields = []
    for f in item.fields:
        field: Shape = {"wire": f.wire, "type": shape_of(api, f.type), "required": f.required}
        if f.default is not None and typefacts.accepts(api, f.type, f.default.value):
            field["default"] = f.default.value
        fields.append(field)
    extra = shape_of(api, item.extra) if item.extra is not None else None
    return {
        "kind": "object",
        "fields": fields,
        "extra": extra,
        "extra_prefix": typefacts.extra_prefix(item),
    }


def cases_context(
    api: ir.Api,
    schemas: list[tuple[str, str]],
    checked: dict[str, list[str]],
    checked_params: Collection[str] = (),
) -> dict[str, Any]:
    """``NAMED`` (shapes by schema name) and ``SHAPES`` (by pointer) for ``cases.py``, and
    ``CHECKED``: the schemas whose values the validator checks, with what the models do not
    read of them. Each required parameter's row names its schema's pointer where it is one
    of ``checked_params``, whose values the validator checks (None for the others)."""
    named = {item.name: named_shape(api, item) for item in api.named.values()}
    by_pointer: dict[str, Shape] = {
        p: {"kind": "ref", "name": item.name} for p, item in primary(api).items()
    }
    # where the schema accepts more than its class (null, other types), its whole type
    by_pointer.update((p, shape_of(api, t)) for p, t in api.wider.items())
    for pointer, t in inline_schemas(api).items():
        by_pointer.setdefault(pointer, shape_of(api, t))
    wanted = {p for p, _ in schemas}
    checking = frozenset(checked_params)
    parameters = {
        op.operation_id: [
            [WHERE[p.location], p.wire, _param_shape(api, p), p.style, _checked(api, p, checking)]
            for p in op.params
            if p.required
        ]
        for op in api.operations
    }
    bodies = {
        op.operation_id: op.body.pointer
        for op in api.operations
        if op.body is not None and op.body.required
    }
    unwritten = {
        op.operation_id: list(fields)
        for op in api.operations
        if op.body is not None and op.body.required and op.body.kind == "form"
        for fields in [unwritable_fields(api, op.body)]
        if fields
    }
    return {
        "named": dict(sorted(named.items())),
        "shapes": {p: by_pointer[p] for p in sorted(wanted)},
        "same_as": same_as(api, wanted),
        "parameters": parameters,
        "bodies": bodies,
        "unwritten": unwritten,
        "checked": checked,
    }


def _checked(api: ir.Api, param: ir.Param, checking: frozenset[str]) -> str | None:
    pointer = typefacts.param_pointer(api, param)
    return pointer if pointer in checking else None


def _param_shape(api: ir.Api, param: ir.Param) -> Shape:
    shape = shape_of(api, param.type)
    return _non_empty(api, shape) if param.location == "path" else shape


def _non_empty(api: ir.Api, shape: Shape, seen: frozenset[str] = frozenset()) -> Shape:
    """``shape`` with its text, a union's members' and a named schema's too, never empty: a
    path segment is not."""
    if shape["kind"] == "string":
        return {**shape, "min_length": max(1, shape.get("min_length", 0))}
    if shape["kind"] == "union":
        return {**shape, "members": [_non_empty(api, m, seen) for m in shape["members"]]}
    name = shape.get("name")
    if shape["kind"] == "ref" and isinstance(name, str) and name in api.named and name not in seen:
        own = named_shape(api, api.named[name])
        narrowed = _non_empty(api, own, seen | {name})
        return shape if narrowed == own else narrowed
    return shape
