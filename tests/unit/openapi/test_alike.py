"""Schemas written alike accept the same values; the test is only ever sure."""

from __future__ import annotations

from typing import Any

import pytest

from generator.openapi import resolve_local
from generator.openapi.alike import alike, all_twinned

DOC: dict[str, Any] = {
    "components": {
        "schemas": {
            "Cat": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Dog": {
                "type": "object",
                "description": "a dog",
                "properties": {"name": {"type": "string", "title": "Name", "example": "Rex"}},
                "x-kennel": True,
            },
            "Fish": {"type": "object", "properties": {"name": {"type": "integer"}}},
            "Node": {
                "type": "object",
                "properties": {"next": {"$ref": "#/components/schemas/Node"}},
            },
            "Link": {
                "type": "object",
                "properties": {"next": {"$ref": "#/components/schemas/Link"}},
            },
        }
    }
}


def resolve(ref: str) -> Any:
    return resolve_local(DOC, ref)[1]


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (ref("Cat"), ref("Cat")),
        (ref("Cat"), ref("Dog")),  # only words that constrain nothing differ
        (ref("Node"), ref("Link")),  # a cycle that differs nowhere else
        ({"type": "string", "description": "x"}, {"type": "string", "$comment": "y"}),
        # a default is a value a reader may fill in: no validator checks it
        ({"type": "string", "default": "a"}, {"type": "string", "default": "b"}),
        ({"type": "string", "default": "a"}, {"type": "string"}),
        ({"allOf": [ref("Cat")]}, {"allOf": [ref("Dog")]}),
        ({"items": [ref("Cat")]}, {"items": [ref("Dog")]}),
        (True, True),
    ],
)
def test_schemas_written_alike(a: Any, b: Any) -> None:
    assert alike(a, b, resolve)
    assert alike(b, a, resolve)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (ref("Cat"), ref("Fish")),
        (ref("Cat"), DOC["components"]["schemas"]["Cat"]),  # the same, but not sure: not alike
        (ref("Cat"), ref("Missing")),
        # a property named like an annotation is a property
        (
            {"properties": {"description": {"type": "string"}}},
            {"properties": {"description": {"type": "integer"}}},
        ),
        ({"properties": {"a": {}}}, {"properties": {"b": {}}}),
        # JSON's values, not Python's equality: `true` is not 1, and 1 is not 1.0
        ({"enum": [True]}, {"enum": [1]}),
        ({"const": 1}, {"const": 1.0}),
        ({"type": "string", "nullable": True}, {"type": "string"}),
        ({"type": "string", "readOnly": True}, {"type": "string"}),
        ({"type": "string"}, {"type": "string", "pattern": "a"}),
        ({"allOf": [ref("Cat")]}, {"allOf": [ref("Cat"), ref("Cat")]}),
        (True, False),
    ],
)
def test_schemas_not_written_alike(a: Any, b: Any) -> None:
    assert not alike(a, b, resolve)
    assert not alike(b, a, resolve)


def test_every_member_twinned() -> None:
    assert all_twinned([ref("Cat"), ref("Dog")], resolve)
    assert all_twinned([ref("Cat"), ref("Cat"), ref("Dog")], resolve)
    assert not all_twinned([ref("Cat"), ref("Dog"), ref("Fish")], resolve)
    assert not all_twinned([ref("Cat")], resolve)
    assert not all_twinned([], resolve)
