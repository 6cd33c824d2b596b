"""Which types admit no value at all: what the strategies, the mock and conformance skip."""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from generator.facts.exclusion import admits_nothing, twinned
from tests.unit.parse.spec import build

SCHEMAS: dict[str, Any] = {
    "Cat": {"type": "object", "properties": {"name": {"type": "string"}}},
    "Dog": {"type": "object", "properties": {"name": {"type": "string", "title": "Name"}}},
    "Bird": {"type": "object", "required": ["wings"], "properties": {"wings": {"type": "integer"}}},
    "Never": {"type": "object", "required": ["x"], "additionalProperties": False},
    "Tagged": {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {"propertyName": "name"},
    },
    "Partly": {
        "oneOf": [
            {"$ref": "#/components/schemas/Cat"},
            {"$ref": "#/components/schemas/Dog"},
            {"$ref": "#/components/schemas/Bird"},
        ]
    },
    "NeedsNever": {
        "type": "object",
        "required": ["a"],
        "properties": {"a": {"$ref": "#/components/schemas/Never"}},
    },
    "MayHaveNever": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/Never"}}},
    "SomeNever": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Never"}},
    "NoNever": {"type": "array", "items": {"$ref": "#/components/schemas/Never"}},
    "NullOrNever": {"oneOf": [{"$ref": "#/components/schemas/Never"}, {"type": "null"}]},
    "Loop": {
        "type": "object",
        "required": ["next"],
        "properties": {"next": {"$ref": "#/components/schemas/Loop"}},
    },
}
API = build(schemas=SCHEMAS)


def _type(name: str) -> ir.TypeRef:
    item = API.named[name]
    return item.type if isinstance(item, ir.Alias) else ir.ModelRef(name)


@pytest.mark.parametrize("name", ["Never", "Tagged", "NeedsNever", "SomeNever"])
def test_admits_nothing(name: str) -> None:
    assert admits_nothing(API, _type(name))


@pytest.mark.parametrize(
    # Loop admits no finite value, but the answer is only ever sure: a schema met again
    # inside itself is taken to admit one
    "name",
    ["Cat", "Bird", "Partly", "MayHaveNever", "NoNever", "NullOrNever", "Loop"],
)
def test_admits_a_value(name: str) -> None:
    assert not admits_nothing(API, _type(name))


def test_the_twins_of_a_one_of_are_its_members_written_alike() -> None:
    partly = _type("Partly")
    assert isinstance(partly, ir.UnionT)
    assert twinned(API, partly) == [True, True, False]
    # anyOf: a value may match both
    any_of = ir.UnionT(partly.members)
    assert twinned(API, any_of) == [False, False, False]


def test_members_told_apart_by_a_tag_have_no_twins() -> None:
    # 3.0's validator matches a value to the member its tag names alone; 3.1's reads no
    # tag, so there the twins admit no value (Tagged above)
    api = build(schemas=SCHEMAS, openapi="3.0.3")
    tagged = api.alias("Tagged").type
    assert isinstance(tagged, ir.UnionT) and tagged.discriminator is not None
    assert twinned(api, tagged) == [False, False]
    assert not admits_nothing(api, tagged)
