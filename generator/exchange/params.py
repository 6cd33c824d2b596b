"""Path, query, header and cookie parameters: read from the wire, typed, then validated.

Wire values are strings; they are turned into JSON values by the parameter's IR type
(``"5"`` is ``5`` where the schema takes an integer, ``"true"`` a boolean where it takes
one) and by its style (``form`` arrays repeat or comma-join, ``deepObject`` reads
``name[key]``), then checked against the parameter's own schema in the spec. Where the
schema takes values of several JSON types (an object or any other value, a list or a text),
the text is read as each, and the first reading the schema accepts is kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from generator import ir
from generator.exchange.styles import (
    extra_type,
    object_fields,
    object_shaped,
    query_object,
    split_styled,
)
from generator.exchange.validate import Issue, SchemaValidator
from generator.facts.styles import taken_names
from generator.openapi import follow_refs, lookup, pointer_of

__all__ = [
    "Wire",
    "coerce",
    "header_readings",
    "query_readings",
    "read_params",
    "readings_of_text",
    "schema_pointer",
    "wire_readings",
]

_INT = re.compile(r"^-?\d+$")
_FLOAT = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
_SEPARATORS = {"spaceDelimited": " ", "pipeDelimited": "|"}

Wire = Mapping[str, Any]  # {"path": {...}, "query": [(k, v)], "headers": {...}, "cookies": {...}}


def schema_pointer(doc: Mapping[str, Any], pointer: str) -> str:
    """The pointer of a parameter's schema, following a ``$ref`` to a shared parameter."""
    try:
        pointer, node = follow_refs(doc, pointer, lookup(doc, pointer))
    except (KeyError, IndexError, ValueError, TypeError):
        return pointer + "/schema"
    if (
        isinstance(node, Mapping)
        and "schema" not in node
        and isinstance(node.get("content"), Mapping)
    ):
        media = next(iter(node["content"]), None)
        if media is not None:
            return pointer + pointer_of(("content", media, "schema"))
    return pointer + "/schema"


def _as_read(param: ir.Param) -> ir.Param:
    """``param``, an ``enum`` or ``const`` of arrays or objects in it (which the IR types as
    any value) read by the JSON types of the values it lists: text of a list of integers as
    one, so that the values the spec lists are read back as themselves."""
    t = ir.without_null(param.type)
    if not (isinstance(t, ir.AnyT) and t.values):
        return param
    found = _type_of_values(list(t.values))
    return replace(param, type=found if t is param.type else ir.UnionT((found, ir.NullT())))


def _type_of_values(values: list[Any]) -> ir.TypeRef:
    """The IR type whose JSON types are those of ``values``, inside arrays and objects too."""
    members: list[ir.TypeRef] = []
    for value in values:
        if isinstance(value, list):
            members.append(ir.ArrayT(_type_of_values(value) if value else ir.AnyT()))
        elif isinstance(value, dict):
            inner = list(value.values())
            members.append(ir.MapT(_type_of_values(inner) if inner else ir.AnyT()))
        elif value is None:
            members.append(ir.NullT())
        else:
            scalar: dict[type, ir.TypeRef] = {bool: ir.BoolT(), int: ir.IntT(), float: ir.NumberT()}
            members.append(scalar.get(type(value), ir.StringT()))
    unique = tuple(dict.fromkeys(members))
    return unique[0] if len(unique) == 1 else ir.UnionT(unique)


def _kinds(api: ir.Api, t: ir.TypeRef, depth: int = 0) -> set[str]:
    if depth > 16:
        return set()
    if isinstance(t, ir.UnionT):
        return set().union(*(_kinds(api, m, depth + 1) for m in t.members))
    if isinstance(t, ir.AliasRef):
        return _kinds(api, api.alias(t.name).type, depth + 1)
    if isinstance(t, ir.EnumRef):
        return {"integer" if api.enum(t.name).base == "int" else "string"}
    if isinstance(t, ir.LiteralT):
        return {
            "boolean"
            if isinstance(v, bool)
            else "integer"
            if isinstance(v, int)
            else "number"
            if isinstance(v, float)
            else "string"
            for v in t.values
            if v is not None
        }
    return {t.kind}


def _item_type(api: ir.Api, t: ir.TypeRef) -> ir.TypeRef | None:
    target = ir.without_null(t)
    if isinstance(target, ir.AliasRef):
        target = ir.without_null(api.alias(target.name).type)
    if isinstance(target, ir.ArrayT):
        return target.items
    if isinstance(target, ir.UnionT):
        arrays = [m for m in target.members if isinstance(m, ir.ArrayT)]
        return arrays[0].items if arrays else None
    return None


def coerce(api: ir.Api, text: str, t: ir.TypeRef) -> Any:
    """A wire string as the JSON value the type most plausibly means; unchanged otherwise."""
    kinds = _kinds(api, t)
    if kinds & {"any", "string"} and not kinds & {"integer", "number", "boolean"}:
        return text
    if kinds & {"integer", "number"} and _INT.match(text):
        return int(text)
    if "number" in kinds and _FLOAT.match(text):
        return float(text)
    if "boolean" in kinds and text in {"true", "false"}:
        return text == "true"
    return text


def readings_of_text(api: ir.Api, t: ir.TypeRef, text: str) -> list[Any]:
    """The JSON values one piece of text may mean as a value of ``t``: as :func:`coerce` reads
    it, the text itself, and null for an empty one (how a form writes null)."""
    found: list[Any] = []
    for value in (coerce(api, text, t), text, *((None,) if text == "" else ())):
        if not any(type(value) is type(seen) and value == seen for seen in found):
            found.append(value)
    return found


def _typed(api: ir.Api, t: ir.TypeRef, found: Mapping[str, Any]) -> dict[str, Any]:
    """An object's texts (objects of them, read from deepObject's ``name[a][b]``) as the
    values its properties' types most plausibly mean."""
    fields = object_fields(api, t) or {}
    values = extra_type(api, t) or ir.AnyT()
    return {
        k: _typed(api, fields.get(k, values), v)
        if isinstance(v, Mapping)
        else coerce(api, v, fields.get(k, values))
        for k, v in found.items()
    }


def _deep_object(name: str, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """The object deepObject pairs write: ``name[a]=v``, and ``name[a][b]=v`` nesting objects
    (as qs, Rails and PHP read it); a later pair wins where two name one place."""
    found: dict[str, Any] = {}
    prefix = name + "["
    for key, text in pairs:
        if not key.startswith(prefix) or not key.endswith("]"):
            continue
        *outer, last = key[len(prefix) : -1].split("][")
        node = found
        for part in outer:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[last] = text
    return found


def _readings_of(api: ir.Api, param: ir.Param, texts: list[str], spread: bool) -> list[Any]:
    """The values the texts of a parameter (its query pairs' values, or the one text of a
    path, header or cookie) may mean, by the JSON types its schema takes: a list, an object
    (first where the text has an object's shape in the style), a text, number or boolean.
    An object ``spread`` over pairs of its own (exploded ``form``) writes none of them."""
    last = texts[-1]
    if param.style == "json":
        return [split_styled(param, last, "scalar")]
    readings: list[Any] = []
    item = _item_type(api, param.type)
    if item is not None:
        if param.location != "query":
            values = split_styled(param, last, "array")
        elif param.explode:
            values = texts
        else:
            sep = _SEPARATORS.get(param.style, ",")
            values = [part for v in texts for part in v.split(sep)] if texts != [""] else []
        readings.append([coerce(api, v, item) for v in values])
    found = None
    if not spread and object_fields(api, param.type) is not None:
        found = _typed(api, param.type, split_styled(param, last, "object"))
    # a text, or the text as it is where the type reads no other way (an object spread over
    # pairs of its own has none)
    scalar = _kinds(api, param.type) & {"any", "string", "integer", "number", "boolean"}
    as_is = not (readings or found is not None or spread)
    if (scalar or as_is) and (item is None or len(texts) == 1):
        readings.append(coerce(api, split_styled(param, last, "scalar"), param.type))
    if found is not None:
        readings.insert(0 if object_shaped(param, last) else len(readings), found)
    return readings


def query_readings(
    api: ir.Api, param: ir.Param, pairs: list[tuple[str, str]], taken: frozenset[str] = frozenset()
) -> list[Any]:
    """The values ``param`` may have in query ``pairs`` (where the other parameters take the
    names ``taken``), likeliest first; none when the pairs hold no such parameter.

    deepObject reads an object only; an exploded ``form`` object its properties' pairs, after
    the readings of pairs of the parameter's own name where its schema takes other values too.
    """
    if param.style == "deepObject":
        found = _deep_object(param.wire, pairs)
        return [_typed(api, param.type, found)] if found else []
    own = [v for k, v in pairs if k == param.wire]
    spread = param.explode and param.style == "form"
    readings = _readings_of(api, param, own, spread) if own else []
    if spread:
        exploded = query_object(api, param, pairs, taken)
        if exploded is not None:
            readings.append(_typed(api, param.type, exploded))
    return readings


def _place_readings(api: ir.Api, param: ir.Param, source: Mapping[str, str]) -> list[Any]:
    """The values of a path, header or cookie parameter (an exploded ``form`` cookie object: a
    cookie per property, ``R=100; G=200``)."""
    key = param.wire.lower() if param.location == "header" else param.wire
    text = source.get(key)
    readings = [] if text is None else _readings_of(api, param, [text], False)
    fields = object_fields(api, param.type)
    if param.location == "cookie" and param.explode and param.style == "form" and fields:
        found = {k: v for k, v in source.items() if k in fields}
        if found:
            readings.append(_typed(api, param.type, found))
    return readings


def header_readings(api: ir.Api, header: ir.Header, text: str) -> list[Any]:
    """The JSON values a response header's text may mean as its type (the likeliest first):
    in ``simple`` style, as every header is, exploded as it says, the spaces HTTP lets stand
    around a list's (or an object's) commas dropped."""
    param = ir.Param(
        header.wire, header.wire, "header", header.type, header.required, "simple", header.explode
    )
    param = _as_read(param)
    if _item_type(api, param.type) is not None or object_fields(api, param.type) is not None:
        text = ",".join(part.strip() for part in text.split(","))
    return _readings_of(api, param, [text], False)


def wire_readings(api: ir.Api, param: ir.Param, text: str) -> list[Any]:
    """The JSON values the mock may read when ``param`` is sent as this one piece of text
    (empty when it reads no parameter at all); it keeps the first one the schema accepts."""
    param = _as_read(param)
    if param.location == "query":
        return query_readings(api, param, [(param.wire, text)])
    return _readings_of(api, param, [text], False)


def read_params(
    api: ir.Api, op: ir.Operation, wire: Wire, validator: SchemaValidator
) -> tuple[dict[str, dict[str, Any]], list[Issue]]:
    """Typed parameters by location and wire name, and every issue found."""
    typed: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}, "cookie": {}}
    issues: list[Issue] = []
    for param in map(_as_read, op.params):
        if param.location == "query":
            others = (p for p in op.params if p.location == "query" and p.wire != param.wire)
            readings = query_readings(api, param, wire["query"], taken_names(api, others))
        else:
            places = {"path": wire["path"], "header": wire["headers"], "cookie": wire["cookies"]}
            readings = _place_readings(api, param, places[param.location])
        if not readings:
            if param.required:
                issues.append(Issue((param.location, param.wire), "Field required", "missing"))
            continue
        pointer = schema_pointer(api.schema_document, param.pointer) if param.pointer else ""
        found: list[Issue] = []
        raw = readings[0]
        # text that reads more than one way (a list or one text, an object or a text): keep
        # the reading that fits
        for reading in readings:
            found = (
                validator.issues(pointer, reading, (param.location, param.wire)) if pointer else []
            )
            if not found:
                raw = reading
                break
        typed[param.location][param.wire] = raw
        issues.extend(found)
    return typed, issues
