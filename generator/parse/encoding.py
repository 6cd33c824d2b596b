"""The Encoding Object of a form or multipart body, with the defaults OpenAPI gives.

Every property of the body's object schema gets one :class:`ir.Encoding`: what the spec's
``encoding`` entry says, and where it says nothing, the defaults of the Encoding Object
(OAS 3.0.3 and 3.1 section "Encoding Object"): for multipart, a binary string is a file of
``application/octet-stream``, an object a part of ``application/json``, another primitive
``text/plain``, an array as its items; for a urlencoded form, ``style: form`` with
``explode: true``. A property's schema is read through ``$ref``, nullable unions
(``anyOf: [X, {type: 'null'}]``, ``type: [X, 'null']``) and a lone ``allOf``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator import ir
from generator.openapi import base_media_type, is_json

__all__ = ["body_encoding", "is_binary"]

Deref = Callable[[Any], Any]
_JSON = "application/json"
_OCTETS = "application/octet-stream"


def plain_schema(deref: Deref, schema: Any) -> Any:
    """``schema`` without the ``null`` it may admit: the one other member of a union with
    ``null``, or of a lone ``allOf``, followed through ``$ref``."""
    for _ in range(16):
        schema = deref(schema)
        if not isinstance(schema, Mapping):
            return schema
        members = next(
            (schema[k] for k in ("anyOf", "oneOf", "allOf") if isinstance(schema.get(k), list)),
            None,
        )
        if members is None:
            return schema
        others = [m for m in map(deref, members) if not _is_null(m)]
        if len(others) != 1:
            return schema
        schema = others[0]
    return schema


def _is_null(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    return schema.get("type") == "null" or schema.get("enum") == [None]


def _types(schema: Mapping[str, Any]) -> set[str]:
    raw = schema.get("type")
    found = set(raw) if isinstance(raw, list) else {raw} if isinstance(raw, str) else set()
    return found - {"null"}


def is_binary(schema: Any, deref: Deref = lambda s: s) -> bool:
    """Whether a property's schema is file content: ``format: binary`` or ``base64`` (3.0),
    ``contentMediaType`` or ``contentEncoding`` (3.1); an array whose items are."""
    schema = plain_schema(deref, schema)
    if not isinstance(schema, Mapping):
        return False
    if "array" in _types(schema):
        return is_binary(schema.get("items"), deref)
    if schema.get("format") in {"binary", "base64"}:
        return True
    return "contentMediaType" in schema or "contentEncoding" in schema


def _is_object(schema: Mapping[str, Any]) -> bool:
    types = _types(schema)
    return "object" in types or (not types and "properties" in schema)


def _first_media(text: Any) -> str | None:
    """The first media type of an Encoding ``contentType`` (a comma list, maybe a range)."""
    if not isinstance(text, str) or not text.strip():
        return None
    first = text.split(",")[0].strip()
    return _OCTETS if "*" in base_media_type(first) else first


def _part_type(deref: Deref, schema: Any) -> tuple[str, bool]:
    """A multipart part's default Content-Type ("" for text/plain) and whether it is a file."""
    schema = plain_schema(deref, schema)
    if not isinstance(schema, Mapping):
        return "", False
    if "array" in _types(schema):
        return _part_type(deref, schema.get("items"))
    if is_binary(schema):
        media = schema.get("contentMediaType")
        return (media if isinstance(media, str) and media else _OCTETS), True
    return (_JSON if _is_object(schema) else ""), False


def _multipart(deref: Deref, wire: str, schema: Any, given: Mapping[str, Any]) -> ir.Encoding:
    default, file = _part_type(deref, schema)
    media = _first_media(given.get("contentType")) or default
    return ir.Encoding(wire, "" if base_media_type(media) == "text/plain" else media, file=file)


def _form(deref: Deref, wire: str, schema: Any, given: Mapping[str, Any]) -> ir.Encoding:
    styled = "style" in given or "explode" in given
    raw_style, explode = given.get("style"), given.get("explode")
    style = raw_style if isinstance(raw_style, str) else "form"
    if styled:  # OAS 3.0.3: a style given explicitly makes contentType ignored
        exploded = explode if isinstance(explode, bool) else style == "form"
        return ir.Encoding(wire, "", style, exploded)
    media = _first_media(given.get("contentType"))
    if media is not None:
        return ir.Encoding(wire, media if is_json(media) else "")
    resolved = plain_schema(deref, schema)
    if isinstance(resolved, Mapping) and _is_object(resolved):
        # An object with no encoding entry: the 3.0 letter (style form, explode true) would
        # spread its keys among the form's own, where they may collide with other fields and
        # an empty object vanishes; the 3.0 Encoding Object's contentType default for an
        # object (application/json), the 3.0 example ("the address field complex object will
        # be stringified") and 3.1.1's clarification all say JSON text. JSON is the reading a
        # server can tell apart from any other value, so it is the one sent.
        return ir.Encoding(wire, _JSON)
    return ir.Encoding(wire)


def _properties(deref: Deref, schema: Any) -> dict[str, Any]:
    schema = plain_schema(deref, schema)
    if not isinstance(schema, Mapping):
        return {}
    found: dict[str, Any] = {}
    for member in schema.get("allOf") or ():
        found.update(_properties(deref, member))
    props = schema.get("properties")
    found.update(props if isinstance(props, Mapping) else {})
    return found


def body_encoding(
    deref: Deref, kind: ir.MediaKind, schema: Any, encoding: Any
) -> tuple[ir.Encoding, ...]:
    """The encoding of each declared property of a form or multipart body (else none)."""
    if kind not in ("form", "multipart"):
        return ()
    given = encoding if isinstance(encoding, Mapping) else {}
    read = _multipart if kind == "multipart" else _form
    out = []
    for wire, prop in _properties(deref, schema).items():
        entry = given.get(wire)
        out.append(read(deref, str(wire), prop, entry if isinstance(entry, Mapping) else {}))
    return tuple(out)
