"""Values in form style as bytes: query strings, urlencoded bodies, multipart bodies.

Pairs come back percent-encoded. A ``form`` value that is not exploded joins its items with
literal commas, RFC 6570's ``{?list}`` (``ids=1,2``), so that a comma inside an item (``%2C``)
stays apart from the commas between items; ``spaceDelimited`` and ``pipeDelimited`` join with
``%20`` and ``%7C``. A form or multipart property is written as the body's
:class:`ir.Encoding` says (``parse/encoding.py`` decides it once).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from generator import ir
from generator.conformance.unsendable import Unsendable
from generator.facts.styles import spread_unread
from generator.openapi import is_json

__all__ = [
    "BOUNDARY",
    "form_body",
    "multipart_body",
    "query_string",
    "spread_object",
    "styled_pairs",
]

BOUNDARY = "apiforge-multipart-boundary"  # fixed, so the same case sends the same bytes
_JOINERS = {"spaceDelimited": "%20", "pipeDelimited": "%7C"}
_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|"}  # as a server reads them
Pairs = list[tuple[str, str]]


def _q(text: str) -> str:
    return quote(text, safe="")


def text(value: Any) -> str:
    """A JSON value as form text: ``true``/``false``, numbers and strings as they are,
    arrays and objects as JSON. Bytes are no JSON value and have no text here (their
    ``str`` is Python's ``b'...'``): a writer sends them as they are, or not at all."""
    if isinstance(value, bytes | bytearray | memoryview):
        raise Unsendable("bytes are sent as they are, never written as text")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def item_text(what: str, value: Any) -> str:
    """An item of an array or a property of an object as text. A null one has none (``a=``
    is the empty string, another value), nor has an array or an object (OpenAPI's styles
    write primitives only): the request cannot be sent."""
    if value is None or isinstance(value, dict | list):
        raise Unsendable(f"{what} holds {text(value) or 'null'}, which a style cannot write")
    return text(value)


def joined_texts(what: str, value: list[Any], delimiters: str = ",") -> list[str]:
    """The texts of a list's items, to be joined into one text. A list of one empty text
    writes what the empty list writes (``a=``, an empty header), which a server reads back as
    the empty list (so does the built-in mock): the request cannot be sent. Neither can an
    item holding one of the style's ``delimiters``: a server splits the text it decoded, and
    reads two items (:func:`unsplit`)."""
    texts = [item_text(what, v) for v in value]
    if texts == [""]:
        raise Unsendable(f"{what} holds [''], which its style writes as it writes []")
    return unsplit(what, texts, delimiters)


def unsplit(what: str, texts: list[str], delimiters: str) -> list[str]:
    """``texts``, to be joined by one of ``delimiters``; an item holding one cannot be sent:
    percent-encoded or not, a server that decodes the text before it splits it (the built-in
    mock, and frameworks that hand a handler the decoded value) reads it as two."""
    for item in texts:
        held = next((d for d in delimiters if d in item), None)
        if held is not None:
            raise Unsendable(
                f"{what} holds {item!r}, whose {held!r} a server reads as its style's "
                "delimiter between values"
            )
    return texts


def spread_object(
    api: ir.Api, what: str, value: Any, t: ir.TypeRef, *, style: str, explode: bool
) -> None:
    """Refuse an object that exploded ``form`` style spreads into pairs of its own names
    where its type ``t`` is no object type: a server is not sure to read them back as
    ``what``'s value (:func:`~generator.facts.styles.spread_unread`)."""
    if isinstance(value, dict) and value and spread_unread(api, t, style, explode):
        raise Unsendable(
            f"{what} holds an object, which exploded form style spreads into pairs of its "
            "own names; a server gathers them back by the properties an object schema "
            "declares, and this schema (of no type, or a union) is no object schema"
        )


def _deep_pairs(what: str, name: str, value: dict[Any, Any]) -> Pairs:
    """An object in ``deepObject`` style, a property that is an object in turn nested as
    ``name[k][k2]=v`` (OpenAPI leaves it undefined; qs, Rails and PHP read it so), not
    percent-encoded yet. An empty object inside has no text."""
    pairs: Pairs = []
    for k, v in value.items():
        key = f"{name}[{k}]"
        if isinstance(v, dict) and v:
            pairs.extend(_deep_pairs(what, key, v))
        else:
            pairs.append((key, item_text(what, v)))
    return pairs


def styled_pairs(what: str, name: str, value: Any, style: str, explode: bool) -> Pairs:
    """The percent-encoded pairs of one value in ``form``, ``spaceDelimited``,
    ``pipeDelimited`` or ``deepObject`` style (which writes objects only)."""
    if style == "deepObject":
        if not isinstance(value, dict):
            shown = text(value) or "null"
            raise Unsendable(f"{what} holds {shown}, no object, and deepObject writes only objects")
        return [(_q(k), _q(v)) for k, v in _deep_pairs(what, name, value)]
    if isinstance(value, list):
        if explode and style == "form":
            return [(_q(name), _q(item_text(what, v))) for v in value]
        items = [_q(v) for v in joined_texts(what, value, _DELIMITERS.get(style, ","))]
        return [(_q(name), _JOINERS.get(style, ",").join(items))]
    if isinstance(value, dict):
        texts = [(str(k), item_text(what, v)) for k, v in value.items()]
        if explode and style == "form":
            return [(_q(k), _q(v)) for k, v in texts]
        unsplit(what, [part for pair in texts for part in pair], ",")
        return [(_q(name), ",".join(f"{_q(k)},{_q(v)}" for k, v in texts))]
    return [(_q(name), _q(text(value)))]


def query_string(pairs: Pairs) -> str:
    """Percent-encoded pairs joined as a query string or a urlencoded body."""
    return "&".join(f"{k}={v}" for k, v in pairs)


def _written(required: set[str], name: str, written: list[Any]) -> list[Any]:
    if not written and name in required:
        raise Unsendable(f"form field {name!r} writes nothing: a server reads it as missing")
    return written


def form_body(spec: ir.Body, fields: dict[str, Any], required: set[str]) -> bytes:
    """An ``application/x-www-form-urlencoded`` body, each field as its encoding says."""
    pairs: Pairs = []
    for name, value in fields.items():
        enc = spec.encoding_of(name)
        what = f"form field {name!r}"
        if is_json(enc.content_type):
            found = [(_q(name), _q(json.dumps(value, separators=(",", ":"))))]
        else:
            found = styled_pairs(what, name, value, enc.style, enc.explode)
        pairs.extend(_written(required, name, found))
    return query_string(pairs).encode("ascii")


def _disposition(name: str, filename: str | None) -> str:
    # RFC 7578 4.2, as browsers write it: a quote or a line break in a name percent-encoded
    def esc(s: str) -> str:
        return s.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")

    out = f'Content-Disposition: form-data; name="{esc(name)}"'
    return out if filename is None else f'{out}; filename="{esc(filename)}"'


def _part(enc: ir.Encoding, what: str, name: str, item: Any) -> bytes:
    if item is None:
        raise Unsendable(f"{what} holds null, which a multipart part cannot write")
    if isinstance(item, bytes):
        content = item
    elif not enc.file and is_json(enc.content_type):
        content = json.dumps(item, separators=(",", ":"), ensure_ascii=False).encode()
    else:
        content = text(item).encode()
    lines = [_disposition(name, name if enc.file else None)]
    if enc.content_type:
        lines.append(f"Content-Type: {enc.content_type}")
    head = "\r\n".join([f"--{BOUNDARY}", *lines, "", ""]).encode()
    return head + content + b"\r\n"


def multipart_body(spec: ir.Body, fields: dict[str, Any], required: set[str]) -> tuple[bytes, str]:
    """A ``multipart/form-data`` body and its Content-Type: one part per value (an array's
    items a part each), files with a file name, each part with its encoding's Content-Type
    (none for text/plain, RFC 7578's default)."""
    parts: list[bytes] = []
    for name, value in fields.items():
        enc = spec.encoding_of(name)
        items = value if isinstance(value, list) else [value]
        what = f"multipart field {name!r}"
        parts.extend(_written(required, name, [_part(enc, what, name, i) for i in items]))
    if not parts:
        raise Unsendable("a multipart body needs a part (RFC 2046) and this one has none")
    body = b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()
    return body, f"{spec.content_type}; boundary={BOUNDARY}"
