"""The one function that turns a TypeRef into a Python type hint for the generated models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import assert_never

from generator import ir
from generator.facts.typefacts import applied_default
from generator.patterns import ecma
from generator.render.literals import pyrepr


def _constraints(**kwargs: object) -> str:
    args = ", ".join(f"{k}={pyrepr(v)}" for k, v in kwargs.items() if v is not None)
    return f"Field({args})" if args else ""


def _annotated(base: str, *metadata: str) -> str:
    extra = [m for m in metadata if m]
    return f"Annotated[{base}, {', '.join(extra)}]" if extra else base


def _bounds(b: ir.Bounds) -> tuple[str, str]:
    # multipleOf by the runtime's exact rule (pydantic's own is floating point: it refuses
    # 0.03 as a multiple of 0.01)
    step = "" if b.multiple_of is None else f"MultipleOf({pyrepr(b.multiple_of)})"
    return _constraints(ge=b.ge, gt=b.gt, le=b.le, lt=b.lt), step


def _literal(t: ir.LiteralT) -> str:
    strings = [v for v in t.values if isinstance(v, str)]
    bools = [v for v in t.values if isinstance(v, bool)]
    ints = [v for v in t.values if isinstance(v, int) and not isinstance(v, bool)]
    floats = [v for v in t.values if isinstance(v, float)]
    parts: list[str] = []
    if strings:
        parts.append(f"Literal[{', '.join(pyrepr(v) for v in strings)}]")
    if ints:
        parts.append(f"Annotated[Literal[{', '.join(pyrepr(v) for v in ints)}], NotBool]")
    if bools:
        parts.append(f"Annotated[Literal[{', '.join(pyrepr(v) for v in bools)}], IsBool]")
    parts.extend(_annotated("Number", _constraints(ge=v, le=v)) for v in floats)
    if None in t.values:
        parts.append("None")
    return " | ".join(parts) if parts else "NoValue"


def _union(t: ir.UnionT, within: str) -> str:
    text = _members(t, within)
    if t.choices:  # `oneOf`: exactly one member as written accepts the value
        choices = "".join(hint(c, within) + ", " for c in t.choices)
        text = _annotated(text, f"OneOf(lambda: ({choices}))")
    if t.required:  # `required` beside the members: names an object value must have
        text = _annotated(text, f"HasProperties({pyrepr(t.required)})")
    return text


def _members(t: ir.UnionT, within: str) -> str:
    if t.discriminator is not None:
        return _discriminated(t, t.discriminator, within)
    literals = [
        v for m in t.members if isinstance(m, ir.LiteralT) for v in m.values if v is not None
    ]
    nullable = ir.is_nullable(t)
    members: list[ir.TypeRef] = [m for m in t.members if not isinstance(m, ir.LiteralT | ir.NullT)]
    if literals:
        members.append(ir.LiteralT(tuple(dict.fromkeys(literals))))
    if nullable:
        members.append(ir.NullT())  # None goes last
    seen: list[str] = []
    for member in members:
        text = hint(member, within)
        if text not in seen:
            seen.append(text)
    return " | ".join(seen) or "Any"


def _discriminated(t: ir.UnionT, d: ir.Discriminator, within: str) -> str:
    members = [m for m in t.members if not isinstance(m, ir.NullT)]
    # each member's tag is its annotation without ``within``: the same in every module
    tags = {value: hint(members[index]) for value, index in d.mapping}
    tagged = " | ".join(f"Annotated[{hint(m, within)}, Tag({pyrepr(hint(m))})]" for m in members)
    text = f"Annotated[{tagged}, Discriminator(by_property({pyrepr(d.property)}, {pyrepr(tags)}))]"
    return text + (" | None" if len(members) < len(t.members) else "")


def _array(t: ir.ArrayT, within: str) -> str:
    return _annotated(
        f"list[{hint(t.items, within)}]",
        _constraints(min_length=t.min_items, max_length=t.max_items),
        "UniqueItems" if t.unique_items else "",
    )


# string formats with a typed view (templates/static/_types.py): the wire text is kept, so
# any string is still accepted, as JSON Schema treats a format as an annotation
FORMAT_TYPES: Mapping[str, str] = {
    "date": "DateString",
    "date-time": "DateTimeString",
    "uuid": "UUIDString",
}
# what a caller may pass for each of them (the text, or the Python value)
FORMAT_INPUTS: Mapping[str, str] = {
    "date": "DateInput",
    "date-time": "DateTimeInput",
    "uuid": "UUIDInput",
}


def _string(t: ir.StringT) -> str:
    return _annotated(
        FORMAT_TYPES.get(t.format or "", "String"),
        _constraints(min_length=t.min_length, max_length=t.max_length),
        _pattern(t.pattern) if t.pattern is not None else "",
        *(_pattern(more) for more in t.more_patterns),
    )


def _pattern(pattern: str) -> str:
    # the spec's ECMA-262 pattern as the Python pattern that agrees with it, and the spec's
    # text for messages where the two differ
    regex = ecma.translate(pattern)
    shown = f", {pyrepr(pattern)}" if regex != pattern else ""
    return f"Pattern({pyrepr(regex)}{shown})"


def _map(t: ir.MapT, within: str) -> str:
    return _annotated(
        f"dict[str, {hint(t.values, within)}]",
        _constraints(min_length=t.min_properties, max_length=t.max_properties),
    )


def hint(t: ir.TypeRef, within: str = "") -> str:
    """The annotation that validates exactly the JSON values ``t`` describes; each named type
    read as an attribute of ``within`` where one is given (``models.``: of the models module,
    whose package loads a type's module when it is first read)."""
    match t:
        case ir.AnyT():
            return "Any"
        case ir.NullT():
            return "None"
        case ir.BoolT():
            return "Boolean"
        case ir.IntT():
            return _annotated("Integer", *_bounds(t.bounds))
        case ir.NumberT():
            return _annotated("Number", *_bounds(t.bounds))
        case ir.StringT():
            return _string(t)
        case ir.ArrayT():
            return _array(t, within)
        case ir.MapT():
            return _map(t, within)
        case ir.ModelRef() | ir.EnumRef() | ir.AliasRef():
            return within + t.name
        case ir.LiteralT():
            return _literal(t)
        case ir.UnionT():
            return _union(t, within)
        case _:
            assert_never(t)


def field_hint(field: ir.Field, api: ir.Api) -> str:
    """A field's annotation: optional non-nullable fields may be absent but never null."""
    text = hint(field.type)
    if field.required or applied_default(api, field) is not None or api.nullable(field.type):
        return text
    return f"Annotated[{text} | None, NotNull]"
