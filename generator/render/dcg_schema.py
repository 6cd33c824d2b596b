"""The IR as the OpenAPI document datamodel-code-generator reads: one component per IR name.

Every object, enum and alias of the IR becomes ``components.schemas[<its Python name>]``,
and every reference to one is a ``$ref`` to that key, so datamodel-codegen never has to
invent a class name. Scalars carry ``customTypePath`` (a datamodel-codegen extension) to the
package's wire-exact types in ``<package>._types``; enum members carry ``x-enum-varnames``
with the IR's member names. Values from the spec stay JSON data here; datamodel-codegen
renders them.
"""

from __future__ import annotations

import re
from dataclasses import field
from typing import Any, assert_never

from generator import ir
from generator.facts.typefacts import applied_default
from generator.patterns import ecma
from generator.records import record
from generator.render.types import FORMAT_TYPES

__all__ = ["Schemas", "build_schemas"]

JSON = dict[str, Any]
_REF = "#/components/schemas/"


@record(frozen=False)
class Schemas:
    """The document, and the per-name settings datamodel-codegen takes beside it."""

    document: JSON
    # "Class.wire" -> Python name, where the IR's name differs from the wire name
    aliases: dict[str, str] = field(default_factory=dict)
    # property wire names whose inline enums must stay ``Literal[...]`` (not a new class)
    literal_fields: set[str] = field(default_factory=set)


# what makes two Python patterns unsafe to join in one: a group's name (named twice, an
# error) or a back-reference (its number changes)
_GROUPS_NAMED = re.compile(r"\(\?P[<=]|\\[1-9]")


def _searched(pattern: str, more: tuple[str, ...]) -> str:
    """One Python pattern found in a text where ``pattern`` and each of ``more`` are (JSON
    Schema searches for a pattern): several joined as lookaheads from the text's start.
    Patterns that cannot be joined keep the first (the generated tests still check them
    all)."""
    regexes = [ecma.translate(each) for each in (pattern, *more)]
    if len(regexes) == 1 or any(_GROUPS_NAMED.search(regex) for regex in regexes):
        return regexes[0]
    return "\\A" + "".join(f"(?=[\\s\\S]*?(?:{regex}))" for regex in regexes)


def _bounds(b: ir.Bounds) -> JSON:
    keys = {
        "minimum": b.ge,
        "exclusiveMinimum": b.gt,
        "maximum": b.le,
        "exclusiveMaximum": b.lt,
        "multipleOf": b.multiple_of,
    }
    return {k: v for k, v in keys.items() if v is not None}


def _some(**keys: Any) -> JSON:
    return {k: v for k, v in keys.items() if v is not None and v is not False}


class _Converter:
    """``TypeRef -> JSON Schema``, one handler per kind."""

    def __init__(self, package: str) -> None:
        self.package = package
        self.has_literal = False

    def __call__(self, t: ir.TypeRef) -> JSON:
        match t:
            case ir.AnyT():
                return {}
            case ir.NullT():
                return {"type": "null"}
            case ir.BoolT():
                return self._scalar("boolean", "Boolean")
            case ir.IntT():
                return self._scalar("integer", "Integer") | _bounds(t.bounds)
            case ir.NumberT():
                return self._scalar("number", "Number") | _bounds(t.bounds)
            case ir.StringT():
                return self._string(t)
            case ir.ArrayT():
                return self._array(t)
            case ir.MapT():
                return self._map(t)
            case ir.ModelRef() | ir.EnumRef() | ir.AliasRef():
                return {"$ref": _REF + t.name}
            case ir.LiteralT():
                return self._literal(t)
            case ir.UnionT():
                return self._union(t)
            case _:
                assert_never(t)

    def _scalar(self, json_type: str, name: str) -> JSON:
        return {"type": json_type, "customTypePath": f"{self.package}._types.{name}"}

    def _string(self, t: ir.StringT) -> JSON:
        name = FORMAT_TYPES.get(t.format or "", "String")
        return self._scalar("string", name) | _some(
            minLength=t.min_length,
            maxLength=t.max_length,
            # the spec's ECMA-262 pattern as the equal Python pattern, which the models' base
            # class has pydantic run with `re` (`regex_engine="python-re"`)
            pattern=None if t.pattern is None else _searched(t.pattern, t.more_patterns),
        )

    def _array(self, t: ir.ArrayT) -> JSON:
        return {"type": "array", "items": self(t.items)} | _some(
            minItems=t.min_items, maxItems=t.max_items, uniqueItems=t.unique_items
        )

    def _map(self, t: ir.MapT) -> JSON:
        values = {} if isinstance(t.values, ir.AnyT) else {"additionalProperties": self(t.values)}
        return {"type": "object", **values} | _some(
            minProperties=t.min_properties, maxProperties=t.max_properties
        )

    def _literal(self, t: ir.LiteralT) -> JSON:
        self.has_literal = True
        values = [v for v in t.values if v is not None]
        out: JSON = {"const": values[0]} if len(values) == 1 else {"enum": values}
        if len(values) == len(t.values):
            return out
        return {"anyOf": [out, {"type": "null"}]} if values else {"type": "null"}

    def _union(self, t: ir.UnionT) -> JSON:
        members = [self(m) for m in t.members]
        if t.discriminator is None and len(members) == 2 and {"type": "null"} in members:
            # in `anyOf` a constrained scalar becomes a new named alias; a type list keeps it inline
            other = members[1 - members.index({"type": "null"})]
            if set(other) - {"type", "customTypePath"} and isinstance(other.get("type"), str):
                return {**other, "type": [other["type"], "null"]}
        if t.discriminator is None:
            return {"oneOf" if t.one_of else "anyOf": members}
        tagged = [m for m in t.members if not isinstance(m, ir.NullT)]
        mapping = {
            value: _REF + getattr(tagged[i], "name", "") for value, i in t.discriminator.mapping
        }
        union: JSON = {
            "oneOf": [self(m) for m in tagged],
            "discriminator": {"propertyName": t.discriminator.property, "mapping": mapping},
        }
        return union if len(tagged) == len(t.members) else {"anyOf": [union, {"type": "null"}]}


def _field(convert: _Converter, api: ir.Api, f: ir.Field) -> JSON:
    schema = convert(f.type)
    default = applied_default(api, f)  # as apiforge's engine: never one the type refuses
    if default is not None:
        schema = {**schema, "default": default.value}
    return schema | _some(description=f.description)


def _model(convert: _Converter, api: ir.Api, schemas: Schemas, model: ir.Model) -> JSON:
    properties: JSON = {}
    for f in model.fields:
        convert.has_literal = False
        properties[f.wire] = _field(convert, api, f)
        if convert.has_literal:
            schemas.literal_fields.add(f.wire)
        if f.name != f.wire:
            schemas.aliases[f"{model.name}.{f.wire}"] = f.name
    out: JSON = {"type": "object", "properties": properties}
    required = [f.wire for f in model.fields if f.required]
    if required:
        out["required"] = required
    if model.extra is None:
        out["additionalProperties"] = False
    elif not isinstance(model.extra, ir.AnyT):
        out["additionalProperties"] = convert(model.extra)
    return out | _some(
        description=model.description,
        minProperties=model.min_properties,
        maxProperties=model.max_properties,
    )


def _enum(enum: ir.Enum) -> JSON:
    return {
        "type": "string" if enum.base == "str" else "integer",
        "enum": [m.value for m in enum.members],
        "x-enum-varnames": [m.name for m in enum.members],
    } | _some(description=enum.description)


def build_schemas(api: ir.Api) -> Schemas:
    """The document for ``api``: every class name is the IR's name."""
    convert = _Converter(api.package)
    components: JSON = {}
    schemas = Schemas({})
    for model in api.models:
        components[model.name] = _model(convert, api, schemas, model)
    for enum in api.enums:
        components[enum.name] = _enum(enum)
    for alias in api.aliases:
        components[alias.name] = convert(alias.type) | _some(description=alias.description)
    schemas.document = {
        "openapi": "3.1.0",
        "info": {"title": api.title, "version": api.version},
        "paths": {},
        "components": {"schemas": dict(sorted(components.items()))},
    }
    return schemas
