"""A request body's bytes, as its media type writes a valid value: the one writer of every
body the run sends, prints (curl, the client call) and records (cassettes).

- JSON (``application/json``, ``+json``) as JSON text; urlencoded forms and multipart as
  each field's Encoding Object says (:mod:`generator.conformance.forms`).
- Bytes (a binary body drawn as it is) go as they are, whatever the media type: never as
  their Python ``repr``.
- YAML as YAML (PyYAML's safe dumper), every string double-quoted so that a YAML 1.1
  reader and a YAML 1.2 reader both read it back as a string (``yes``, ``1e3``, ``0o17``
  are other values to one of them); read back once before it is sent.
- XML as the schema's XML Objects describe it (:mod:`generator.conformance.xml_body`); a
  string is the document's own text, sent only when it is a well-formed document.
- Any other media type carries text or bytes: a string as UTF-8, and the rest as its text
  where the schema admits any text (``{}``, a string); a structured value under a schema
  that is no string has no writing apiforge knows.

What cannot be written faithfully raises :class:`Unwritable`: the request is not sent as a
valid one, and the run says so, rather than judging a server's refusal of bytes it was
right to refuse.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import yaml

from generator import ir
from generator.conformance.forms import form_body, multipart_body, spread_object, text
from generator.conformance.unsendable import Unsendable, Unwritable
from generator.conformance.xml_body import xml_document
from generator.openapi import is_xml, is_yaml

__all__ = ["body_bytes", "body_model", "drawn_as_values", "yaml_text"]

_ALIAS_HOPS = 8


def body_bytes(api: ir.Api, spec: ir.Body, value: Any) -> tuple[bytes, str]:
    """``value``, valid under ``spec``'s schema, as the body's bytes and its Content-Type."""
    media = spec.content_type
    if value is None and spec.kind in ("form", "multipart"):
        raise Unsendable(f"a {spec.kind} body holds null, which no form encoding writes")
    if spec.kind == "json":
        return json.dumps(value, allow_nan=False, ensure_ascii=False).encode(), media
    if spec.kind == "form" and isinstance(value, dict):
        fields, required = _form_fields(api, spec, value)
        return form_body(spec, fields, required), media
    if spec.kind == "multipart" and isinstance(value, dict):
        fields, required = _form_fields(api, spec, value)
        return multipart_body(spec, fields, required)
    if isinstance(value, bytes):
        return value, media
    if is_yaml(media):
        return yaml_text(value).encode(), media
    if is_xml(media):
        return _xml(api, spec, value).encode(), media
    if isinstance(value, dict | list) and not _any_text(api, spec.type):
        raise Unwritable(
            f"a {media} body of a structured schema: apiforge has no writer for {media}"
        )
    return text(value).encode(), media


def drawn_as_values(api: ir.Api, spec: ir.Body) -> bool:
    """True when a binary body's random cases are values of its schema, written by
    :func:`body_bytes`, not bytes drawn as they are: under YAML (whose bytes must be a YAML
    document), or where the schema is no string nor ``{}`` (so arbitrary bytes are no value
    of it)."""
    return spec.kind == "binary" and (is_yaml(spec.content_type) or not _any_text(api, spec.type))


def _quoted(dumper: Any, value: str) -> Any:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')


# the safe dumper, every string double-quoted (PyYAML has no types: built, not subclassed)
_DUMPER: Any = type("_QuotingDumper", (yaml.SafeDumper,), {})
_DUMPER.add_representer(str, _quoted)


def yaml_text(value: Any) -> str:
    """A JSON value as a YAML document that every YAML reader reads back as ``value``."""
    try:
        written: str = yaml.dump(
            value, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=2**31
        )
        same = _same(yaml.safe_load(written), value)
    except (yaml.YAMLError, RecursionError, TypeError, ValueError) as exc:
        raise Unwritable(f"the value has no YAML writing: {exc}") from None
    if not same:
        raise Unwritable("the YAML written reads back as another value")
    return written


def _same(read: Any, value: Any) -> bool:
    """Equal as JSON values are: of the same JSON type (``1`` is no ``True``, nor ``1.0``)."""
    if isinstance(value, dict):
        return (
            isinstance(read, dict)
            and list(read) == list(value)
            and all(_same(read[k], v) for k, v in value.items())
        )
    if isinstance(value, list):
        return (
            isinstance(read, list)
            and len(read) == len(value)
            and all(_same(r, v) for r, v in zip(read, value, strict=True))
        )
    return type(read) is type(value) and read == value


def _xml(api: ir.Api, spec: ir.Body, value: Any) -> str:
    """An XML body: a string is the document's text (sent when it is one), the rest the
    document the schema's XML Objects describe."""
    if not isinstance(value, str):
        return xml_document(api.schema_document, spec.pointer, value)
    if "<!" in value:  # a DTD or an entity declaration: not read here, nor sent
        raise Unwritable("an XML body's text declares a DTD, which is not sent")
    try:
        ET.fromstring(value.encode())
    except ET.ParseError:
        raise Unwritable(f"a {spec.content_type} body of a string that is no XML") from None
    return value


def _any_text(api: ir.Api, t: ir.TypeRef) -> bool:
    """True when ``t`` (``null`` aside) is ``{}`` or a string: a body of it is bytes or text
    as they are, so any bytes are a value of it and any value goes as its text."""
    for _ in range(_ALIAS_HOPS):
        t = ir.without_null(t)
        if not isinstance(t, ir.AliasRef):
            break
        t = api.alias(t.name).type
    return isinstance(t, ir.AnyT | ir.StringT)


def body_model(api: ir.Api, t: ir.TypeRef) -> ir.Model | None:
    """The model of a body's type (``null`` aside), if it is one."""
    target = ir.without_null(t)
    return api.model(target.name) if isinstance(target, ir.ModelRef) else None


def _form_fields(
    api: ir.Api, spec: ir.Body, value: dict[str, Any]
) -> tuple[dict[str, Any], set[str]]:
    """The fields of a form body that have a value, and the names of the required ones.

    In a form, ``name=`` is how "no value" travels (an empty input), and servers read it so:
    a ``None`` or empty-string field is left out, and a required one makes the body unsendable.
    """
    model = body_model(api, spec.type)
    required = {f.wire for f in model.fields if f.required} if model is not None else set()
    types = {f.wire: f.type for f in model.fields} if model is not None else {}
    out: dict[str, Any] = {}
    for name, item in value.items():
        if (item is None or item == "") and name not in spec.file_fields:
            if name in required:
                raise Unsendable(f"form field {name!r} has no value that a form can carry")
            continue
        enc = spec.encoding_of(name)
        if spec.kind == "form" and name in types and not enc.content_type:
            what = f"form field {name!r}"
            spread_object(api, what, item, types[name], style=enc.style, explode=enc.explode)
        out[name] = item
    return out, required
