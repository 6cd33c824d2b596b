"""An ``application/x-www-form-urlencoded`` body read back as the object it writes.

Each declared property is read as its Encoding Object says (``ir.Encoding``: JSON text, or a
``form``, ``spaceDelimited``, ``pipeDelimited`` or ``deepObject`` style, as a query parameter
of that style is read), its text turned into the JSON value its type most plausibly means.
Where the text reads more than one way, each reading is tried until the schema takes one: an
empty value (``name=``) is how a form writes null as well as the empty string, and ``12`` is a
number or a string where the property may be either.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from generator import ir
from generator.exchange.params import coerce, query_readings, readings_of_text
from generator.exchange.styles import extra_type, object_fields
from generator.exchange.validate import Issue, SchemaValidator
from generator.openapi import is_json

__all__ = ["read_form"]

_TRIES = 64  # readings tried at most, one property after another


def read_form(
    api: ir.Api, body: ir.Body, raw: bytes, validator: SchemaValidator, pointer: str
) -> tuple[Any, list[Issue]]:
    """The object ``raw`` writes, and how it breaks the body's schema at ``pointer``."""
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True)
    except (UnicodeDecodeError, ValueError):
        return None, [Issue(("body",), "the body is not a urlencoded form", "form")]
    fields = object_fields(api, body.type) or {}
    choices: dict[str, list[Any]] = {}
    exploded = False
    for wire, field_type in fields.items():
        enc = body.encoding_of(wire)
        if is_json(enc.content_type):
            sent = [v for k, v in pairs if k == wire]
            if sent:
                choices[wire] = [_json(sent[-1])]
            continue
        exploded |= (
            enc.style == "form" and enc.explode and object_fields(api, field_type) is not None
        )
        param = ir.Param(wire, wire, "query", field_type, False, enc.style, enc.explode)
        taken = frozenset(fields) - {wire}
        readings = query_readings(api, param, pairs, taken)
        if readings:
            choices[wire] = _readings(api, field_type, pairs, wire, readings)
    if not exploded:  # the other fields: undeclared properties, which the schema judges
        extra = extra_type(api, body.type)
        deep = tuple(f"{w}[" for w in fields if body.encoding_of(w).style == "deepObject")
        for key, text in pairs:
            if key not in fields and not key.startswith(deep):
                choices[key] = [text if extra is None else coerce(api, text, extra)]
    return _first_taken(choices, validator, pointer)


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text  # not JSON: the schema says what is wrong with it


def _readings(
    api: ir.Api, t: ir.TypeRef, pairs: list[tuple[str, str]], wire: str, readings: list[Any]
) -> list[Any]:
    """The field's readings, then the other values its one text may mean (an empty one is
    null too, as a form writes it) where the first is no object."""
    sent = [v for k, v in pairs if k == wire]
    found = list(readings)
    if len(sent) == 1 and not isinstance(readings[0], dict):
        found.extend(
            r
            for r in readings_of_text(api, t, sent[0])
            if not any(type(r) is type(seen) and r == seen for seen in found)
        )
    return found


def _first_taken(
    choices: dict[str, list[Any]], validator: SchemaValidator, pointer: str
) -> tuple[Any, list[Issue]]:
    """The object of each property's first reading the schema takes (its first where none)."""
    picked = {wire: 0 for wire in choices}
    obj = {wire: options[0] for wire, options in choices.items()}
    issues = validator.issues(pointer, obj, ("body",))
    for _ in range(_TRIES):
        wrong = {i.loc[1] for i in issues if len(i.loc) > 1 and i.loc[1] in choices}
        movable = [w for w in wrong if picked[w] + 1 < len(choices[w])]
        if not movable:
            break
        for wire in movable:
            picked[wire] += 1
            obj[wire] = choices[wire][picked[wire]]
        issues = validator.issues(pointer, obj, ("body",))
    return obj, issues
