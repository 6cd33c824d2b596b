"""Path, query, header and cookie parameters: read from the wire, typed, then validated.

Wire values are strings; they are turned into JSON values by the parameter's IR type
(``"5"`` is ``5`` where the schema takes an integer, ``"true"`` a boolean where it takes
one) and by its style (``form`` arrays repeat or comma-join, ``deepObject`` reads
``name[key]``), then checked against the parameter's own schema in the spec.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.exchange.styles import extra_type, object_fields, query_object, split_styled
from generator.exchange.validate import Issue, SchemaValidator
from generator.openapi import follow_refs, lookup, pointer_of

__all__ = [
    "Wire",
    "coerce",
    "query_value",
    "read_header",
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


def _typed_object(api: ir.Api, param: ir.Param, found: dict[str, str]) -> dict[str, Any]:
    return _typed(api, param.type, found)


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


def query_value(
    api: ir.Api, param: ir.Param, pairs: list[tuple[str, str]], taken: frozenset[str] = frozenset()
) -> Any:
    item = _item_type(api, param.type)
    if param.style == "deepObject":
        found = _deep_object(param.wire, pairs)
        return _typed_object(api, param, found) if found else None
    is_object = item is None and object_fields(api, param.type) is not None
    if is_object and param.explode and param.style == "form":
        exploded = query_object(api, param, pairs, taken)
        return None if exploded is None else _typed_object(api, param, exploded)
    values = [v for k, v in pairs if k == param.wire]
    if not values:
        return None
    if param.style == "json":
        return split_styled(param, values[-1], "scalar")
    if is_object:
        return _typed_object(api, param, split_styled(param, values[-1], "object"))
    if item is None:
        return coerce(api, values[-1], param.type)
    if not param.explode:
        sep = _SEPARATORS.get(param.style, ",")
        values = [part for v in values for part in v.split(sep)] if values != [""] else []
    return [coerce(api, v, item) for v in values]


def _simple_value(api: ir.Api, param: ir.Param, text: str) -> Any:
    """A path, header or cookie value in its style (``simple``, ``label``, ``matrix``)."""
    if param.style == "json":
        return split_styled(param, text, "scalar")
    item = _item_type(api, param.type)
    if item is not None:
        return [coerce(api, v, item) for v in split_styled(param, text, "array")]
    if object_fields(api, param.type) is not None:
        return _typed_object(api, param, split_styled(param, text, "object"))
    return coerce(api, split_styled(param, text, "scalar"), param.type)


def _cookie_object(api: ir.Api, param: ir.Param, cookies: Mapping[str, str]) -> Any:
    """An exploded ``form`` cookie object: a cookie per property (``R=100; G=200``)."""
    fields = object_fields(api, param.type)
    if not param.explode or param.style != "form" or not fields:
        return None
    found = {k: v for k, v in cookies.items() if k in fields}
    return _typed_object(api, param, found) if found else None


def read_header(api: ir.Api, header: ir.Header, text: str) -> Any:
    """A response header's text as the JSON value its type reads: in ``simple`` style, as
    every header is, exploded as it says, the spaces HTTP lets stand around a list's (or an
    object's) commas dropped."""
    param = ir.Param(
        header.wire, header.wire, "header", header.type, header.required, "simple", header.explode
    )
    if _item_type(api, header.type) is not None or object_fields(api, header.type) is not None:
        text = ",".join(part.strip() for part in text.split(","))
    return _simple_value(api, param, text)


def wire_readings(api: ir.Api, param: ir.Param, text: str) -> list[Any]:
    """The JSON values the mock may read when ``param`` is sent as this one piece of text
    (empty when it reads no parameter at all); it keeps the first one the schema accepts."""
    if param.location != "query":
        return [_simple_value(api, param, text)]
    raw = query_value(api, param, [(param.wire, text)])
    wire = {"query": [(param.wire, text)]}
    return [] if raw is None else _readings(api, param, wire, raw)


def read_params(
    api: ir.Api, op: ir.Operation, wire: Wire, validator: SchemaValidator
) -> tuple[dict[str, dict[str, Any]], list[Issue]]:
    """Typed parameters by location and wire name, and every issue found."""
    typed: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}, "cookie": {}}
    issues: list[Issue] = []
    for param in op.params:
        raw: Any
        if param.location == "query":
            taken = frozenset(p.wire for p in op.params if p is not param)
            raw = query_value(api, param, wire["query"], taken)
        else:
            source = {"path": wire["path"], "header": wire["headers"], "cookie": wire["cookies"]}[
                param.location
            ]
            key = param.wire.lower() if param.location == "header" else param.wire
            text = source.get(key)
            raw = None if text is None else _simple_value(api, param, text)
            if raw is None and param.location == "cookie":
                raw = _cookie_object(api, param, source)
        if raw is None:
            if param.required:
                issues.append(Issue((param.location, param.wire), "Field required", "missing"))
            continue
        pointer = schema_pointer(api.schema_document, param.pointer) if param.pointer else ""
        found: list[Issue] = []
        # a string-or-array parameter sent once reads either way: keep the reading that fits
        for reading in _readings(api, param, wire, raw):
            found = (
                validator.issues(pointer, reading, (param.location, param.wire)) if pointer else []
            )
            if not found:
                raw = reading
                break
        typed[param.location][param.wire] = raw
        issues.extend(found)
    return typed, issues


def _readings(api: ir.Api, param: ir.Param, wire: Wire, raw: Any) -> list[Any]:
    if (
        param.location != "query"
        or not isinstance(raw, list)
        or "array" not in _kinds(api, param.type)
    ):
        return [raw]
    sent = [v for k, v in wire["query"] if k == param.wire]
    if len(sent) != 1 or not _kinds(api, param.type) - {"array"}:
        return [raw]
    return [raw, coerce(api, sent[0], param.type)]
