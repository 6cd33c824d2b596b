"""An object exploded form style spreads is read back only by the properties its type declares."""

from __future__ import annotations

from typing import Any

import pytest

from generator.facts.styles import spread_unread
from tests.unit.parse.spec import build

_OBJECT = {"type": "object", "properties": {"k": {"type": "string"}}}


@pytest.mark.parametrize(
    ("schema", "style", "explode", "unread"),
    [
        ({}, "form", True, True),  # no type: any value, an object too
        ({"oneOf": [{"type": "string"}, _OBJECT]}, "form", True, True),
        ({"minItems": 2}, "form", True, True),  # an untyped constraint: still any type
        ({}, "form", False, False),  # written under its own name
        ({}, "deepObject", True, False),  # `name[k]=v`: its own name again
        (_OBJECT, "form", True, False),  # its properties name the pairs
        ({"type": "object", "additionalProperties": True}, "form", True, False),  # a map
        ({"type": "string"}, "form", True, False),  # no object at all
        ({"type": "array", "items": {}}, "form", True, False),
    ],
)
def test_an_object_is_read_back_by_its_declared_properties(
    schema: dict[str, Any], style: str, explode: bool, unread: bool
) -> None:
    api = build(schemas={"Holder": {"type": "object", "properties": {"field": schema}}})
    (field,) = api.model("Holder").fields
    assert spread_unread(api, field.type, style, explode) is unread
