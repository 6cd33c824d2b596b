"""Fast check of the schema keywords OpenAPI 3.0 forbids in a form 3.1 allows.

A 3.0 schema's ``type`` is one of six type names and its ``items`` one schema; the list forms
(``type: [string, integer]``, ``items: [{...}, {...}]``) and ``type: "null"`` belong to 3.1.
Generation reads them the 3.1 way, but the 3.0 validator the generated tests use cannot, so
they are refused before generating, located and phrased as the full validation phrases them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.errors import Problem
from generator.load import Document
from generator.openapi import pointer_of
from generator.validate.problems import not_one_of, type_message

__all__ = ["check_dialect"]

# values that hold data, not OpenAPI objects: never searched for schemas
_DATA = frozenset({"example", "examples", "default", "enum", "const", "value"})
# keywords whose value is a schema, a list of schemas, or a mapping of names to schemas
_ONE = ("items", "additionalProperties", "not")
_MANY = ("allOf", "anyOf", "oneOf")
_NAMED = ("properties",)
# what each keyword must be in 3.0: (Python type, the word the validator uses)
_FORM: dict[str, tuple[type, str]] = {"type": (str, "string"), "items": (dict, "object")}
# 3.0's types: no "null" (3.0 says `nullable: true`)
_TYPES = ["array", "boolean", "integer", "number", "object", "string"]


def check_dialect(doc: Document, minor: int) -> list[Problem]:
    """Problems of 3.1-only keyword forms in the schemas of a 3.0 document."""
    if minor != 0 or type(doc.data) is not dict:
        return []
    return [doc.problem(message, pointer) for pointer, message in _objects(doc.data, [])]


def _objects(node: Any, at: list[str | int]) -> Iterator[tuple[str, str]]:
    """Walk OpenAPI objects (not data) to every schema they hold."""
    if type(node) is list:
        for index, item in enumerate(node):
            yield from _objects(item, [*at, index])
        return
    if type(node) is not dict:
        return
    for key, value in node.items():
        if not isinstance(key, str) or key in _DATA or key.startswith("x-"):
            continue
        here: list[str | int] = [*at, key]
        if key == "schema":
            yield from _schema(value, here)
        elif key == "schemas" and at == ["components"] and type(value) is dict:
            for name, schema in value.items():
                yield from _schema(schema, [*here, name])
        else:
            yield from _objects(value, here)


def _schema(schema: Any, at: list[str | int]) -> Iterator[tuple[str, str]]:
    """Check one schema and the schemas inside it."""
    if type(schema) is not dict or "$ref" in schema:
        return  # a ref's target is checked where it is defined
    for keyword, (kind, word) in _FORM.items():
        if keyword in schema and type(schema[keyword]) is not kind:
            yield pointer_of([*at, keyword]), type_message(word, schema[keyword])
    if type(schema.get("type")) is str and schema["type"] not in _TYPES:
        yield pointer_of([*at, "type"]), not_one_of(schema["type"], _TYPES)
    for keyword in _ONE:
        yield from _schema(schema.get(keyword), [*at, keyword])
    for keyword in _MANY:
        members = schema.get(keyword)
        if type(members) is list:
            for index, member in enumerate(members):
                yield from _schema(member, [*at, keyword, index])
    for keyword in _NAMED:
        named = schema.get(keyword)
        if type(named) is dict:
            for name, member in named.items():
                yield from _schema(member, [*at, keyword, name])
