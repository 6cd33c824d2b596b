"""Fast check of the forms of schema keywords: those every later stage reads as a list, a
mapping, a number or a text, and the ones OpenAPI 3.0 forbids in a form 3.1 allows.

In either version ``allOf``, ``anyOf`` and ``oneOf`` are lists, ``properties`` and
``patternProperties`` mappings, ``required`` and ``enum`` lists, a keyword holding one schema a
schema, and a Media Type Object a mapping: the models, the mock and the validators read them
so; the counts and bounds (``minLength``, ``maximum``, ``multipleOf``) numbers and a
``pattern`` a text, which every validator compares a value with. A 3.1 schema's ``type`` is
one of seven type names or a list of them (YAML's ``null`` in a list is no name: ``"null"``
is). A 3.0 schema's ``type`` is one of six type names and its ``items`` one schema; the list
forms (``type: [string, integer]``, ``items: [{...}, {...}]``) and ``type: "null"`` belong to
3.1. Generation reads them the 3.1 way, but the 3.0 validator the generated tests use cannot.
Each is refused before generating, located and phrased as the full validation phrases it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

from generator.errors import Problem
from generator.load import Document
from generator.openapi import pointer_of
from generator.validate.problems import not_one_of, type_message

__all__ = ["check_dialect", "held"]

# values that hold data, not OpenAPI objects: never searched for schemas
_DATA = frozenset({"example", "examples", "default", "enum", "const", "value"})
# keywords whose value is a schema, a list of schemas, or a mapping of names to schemas
_ONE = ("items", "additionalProperties", "not")
_MANY = ("allOf", "anyOf", "oneOf")
_NAMED = ("properties", "patternProperties")
# what a keyword must be: (Python types, the word the validator uses)
_Forms = Mapping[str, tuple[tuple[type, ...], str]]
_LISTS: _Forms = {k: ((list,), "array") for k in (*_MANY, "required", "enum")}
_EITHER: _Forms = {**_LISTS, **{k: ((dict,), "object") for k in _NAMED}}
# a schema is an object in 3.0 (`additionalProperties` may be a boolean), an object or a
# boolean in 3.1 (JSON Schema 2020-12)
_SCHEMA_OR_BOOLEAN = ((dict, bool), "object or boolean")
# the counts and bounds every validator compares a value with: numbers (a count a whole one,
# `5.0` too, as JSON Schema reads it; `exclusiveMinimum`/`exclusiveMaximum` are read in either
# form, a 3.1 document's draft 4 one among them), and a pattern's text
_COUNTS = ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")
_NUMBERS: _Forms = {
    **{k: ((int, float), "integer") for k in _COUNTS},  # a float: a whole one (below)
    **{k: ((int, float), "number") for k in ("minimum", "maximum", "multipleOf")},
    "pattern": ((str,), "string"),
}
_EITHER = {**_EITHER, **_NUMBERS}
_FORMS: dict[int, _Forms] = {
    0: {
        **_EITHER,
        "type": ((str,), "string"),
        "items": ((dict,), "object"),
        "not": ((dict,), "object"),
        "additionalProperties": _SCHEMA_OR_BOOLEAN,
    },
    1: {**_EITHER, **dict.fromkeys(_ONE, _SCHEMA_OR_BOOLEAN)},
}
# 3.0's types: no "null" (3.0 says `nullable: true`); 3.1's, a name or a list of them
_TYPES = ["array", "boolean", "integer", "number", "object", "string"]
_TYPES_31 = sorted([*_TYPES, "null"])


def check_dialect(doc: Document, minor: int) -> list[Problem]:
    """Problems of keyword forms in the schemas (and Media Type Objects) of ``doc``."""
    if type(doc.data) is not dict:
        return []
    forms = _FORMS[min(minor, 1)]
    walk = _Walk(forms, thirty=minor == 0)
    return [doc.problem(message, pointer) for pointer, message in walk.objects(doc.data, [])]


# what an object of a map or list is, by the field holding it (see `held`)
Kind = Literal["schema", "media", "parameter", "header"]
_KINDS: dict[str, Kind] = {
    "content": "media",
    "headers": "header",
    "parameters": "parameter",
    "schemas": "schema",
}
Held = tuple[Kind, tuple[str | int, ...], Any]


def held(node: Any, at: tuple[str | int, ...] = ()) -> Iterator[Held]:
    """What the OpenAPI objects of ``node`` (at ``at``) hold, data (examples, defaults)
    aside: each Schema Object no other holds (a ``schema``, a member of
    ``components/schemas``), each entry of a ``content`` map (a Media Type Object, if it
    is a mapping), each Parameter Object (an item of a ``parameters`` list, a member of
    ``components/parameters``: a Link's ``parameters`` map holds expressions) and each Header
    Object (a member of a ``headers`` map), before what it holds."""
    if type(node) is list:
        for index, item in enumerate(node):
            yield from held(item, (*at, index))
        return
    if type(node) is not dict:
        return
    for key, value in node.items():
        if not isinstance(key, str) or key in _DATA or key.startswith("x-"):
            continue
        here = (*at, key)
        if key == "schema":
            yield "schema", here, value
            continue
        found = _holding(key, value, at)
        if found is not None:
            kind, members = found
            for name, item in members:
                yield kind, (*here, name), item
            if kind == "schema":
                continue
        yield from held(value, here)


def _holding(
    key: str, value: Any, at: tuple[str | int, ...]
) -> tuple[Kind, Iterable[tuple[str | int, Any]]] | None:
    """The kind of OpenAPI object the members of ``value`` (at ``key`` below ``at``) are,
    and the members; None when ``value`` is not a map or list of one kind."""
    if type(value) is list:
        return ("parameter", enumerate(value)) if key == "parameters" else None
    if type(value) is not dict:
        return None
    if key in ("content", "headers"):
        return _KINDS[key], value.items()
    if at == ("components",) and key in ("parameters", "schemas"):
        return _KINDS[key], value.items()
    return None


class _Walk:
    def __init__(self, forms: _Forms, *, thirty: bool) -> None:
        self.forms = forms
        self.thirty = thirty

    def objects(self, node: Any, at: list[str | int]) -> Iterator[tuple[str, str]]:
        """Walk OpenAPI objects (not data) to every schema they hold."""
        for kind, parts, value in held(node, tuple(at)):
            if kind == "schema":
                yield from self.schema(value, list(parts))
            elif kind == "media" and type(value) is not dict:
                yield pointer_of(parts), type_message("object", value)

    def schema(self, schema: Any, at: list[str | int]) -> Iterator[tuple[str, str]]:
        """Check one schema and the schemas inside it."""
        if type(schema) is not dict or "$ref" in schema:
            return  # a ref's target is checked where it is defined
        yield from self.forms_of(schema, at)
        for keyword in _ONE:
            yield from self.schema(schema.get(keyword), [*at, keyword])
        for keyword in _MANY:
            members = schema.get(keyword)
            if type(members) is list:
                for index, member in enumerate(members):
                    yield from self.schema(member, [*at, keyword, index])
        for keyword in _NAMED:
            named = schema.get(keyword)
            if type(named) is dict:
                for name, member in named.items():
                    yield from self.schema(member, [*at, keyword, name])

    def forms_of(self, schema: dict[str, Any], at: list[str | int]) -> Iterator[tuple[str, str]]:
        """What is wrong with the forms of one schema's own keywords."""
        forms = self.forms
        for keyword, value in schema.items():  # a schema has few keywords: read those
            form = forms.get(keyword)
            if form is not None and type(value) not in form[0]:
                yield pointer_of([*at, keyword]), type_message(form[1], value)
            elif type(value) is float and keyword in _COUNTS and not value.is_integer():
                yield pointer_of([*at, keyword]), type_message("integer", value)
        if self.thirty and type(schema.get("type")) is str and schema["type"] not in _TYPES:
            yield pointer_of([*at, "type"]), not_one_of(schema["type"], _TYPES)
        if not self.thirty and "type" in schema:
            yield from _types_31(schema["type"], [*at, "type"])


def _types_31(given: Any, at: list[str | int]) -> Iterator[tuple[str, str]]:
    """What is wrong with a 3.1 schema's ``type``: a name of the seven, or a list of them."""
    if type(given) is str:
        names: list[tuple[list[str | int], Any]] = [(at, given)]
    elif type(given) is list:
        names = [([*at, index], name) for index, name in enumerate(given)]
    else:
        yield pointer_of(at), type_message("string or array", given)
        return
    for where, name in names:
        if type(name) is not str or name not in _TYPES_31:
            yield pointer_of(where), not_one_of(name, _TYPES_31)
