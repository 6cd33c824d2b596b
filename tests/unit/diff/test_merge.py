"""``generator.diff.merge``: schemas that all apply, read as one (``allOf`` as an intersection)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diff.merge import Conjunction, Part, conjunction, merge

S = {"type": "string"}


def parts(*schemas: dict[str, Any]) -> list[Part]:
    return [Part(schema, f"/s/allOf/{index}") for index, schema in enumerate(schemas)]


@pytest.mark.parametrize(
    ("schemas", "expected"),
    [
        (({"maxLength": 50}, {"maxLength": 5}), {"maxLength": 5}),
        (({"minItems": 1}, {"minItems": 3}), {"minItems": 3}),
        (({"maximum": 10}, {"exclusiveMaximum": 10}), {"exclusiveMaximum": 10}),
        (({"minimum": 2}, {"minimum": 0, "exclusiveMinimum": True}), {"minimum": 2}),
        (({"type": "number"}, {"type": ["integer", "string"]}), {"type": "integer"}),
        (({"enum": ["a", "b"]}, {"const": "b"}), {"enum": ["b"]}),
        (({"const": "b"}, {"const": "b"}), {"const": "b"}),
        (({"multipleOf": 4}, {"multipleOf": 6}), {"multipleOf": 12}),
        (({"uniqueItems": False}, {"uniqueItems": True}), {"uniqueItems": True}),
        (({"pattern": "^a"}, {"pattern": "z$"}), {"pattern": ("^a", "z$")}),
        (({"pattern": ""}, {"pattern": "^a"}), {"pattern": "^a"}),
        (({"not": {"const": 1}}, {"not": {"const": 1}}), {"not": {"const": 1}}),
        (({"not": {"const": 1}}, {"not": {"const": 2}}), {"not": ({"const": 1}, {"const": 2})}),
        (({"description": "first"}, {"description": "second"}), {"description": "first"}),
        (
            ({"additionalProperties": S}, {"additionalProperties": False}),
            {"additionalProperties": False},
        ),
    ],
)
def test_a_keyword_two_members_set_holds_twice(
    schemas: tuple[dict[str, Any], ...], expected: dict[str, Any]
) -> None:
    merged = merge(parts(*schemas))
    assert dict(merged.schema) == expected
    assert not merged.empty


def test_each_keyword_keeps_the_place_of_the_member_that_wrote_it() -> None:
    merged = merge(parts({"type": "string", "maxLength": 50}, {"maxLength": 5, "pattern": "^a"}))
    assert merged.origins == {
        "type": "/s/allOf/0",
        "maxLength": "/s/allOf/1",
        "pattern": "/s/allOf/1",
    }


@pytest.mark.parametrize(
    "schemas",
    [({"type": "string"}, {"type": "integer"}), ({"enum": ["a"]}, {"enum": ["b"]})],
    ids=["types", "enums"],
)
def test_members_that_share_no_value_admit_none(schemas: tuple[dict[str, Any], ...]) -> None:
    assert merge(parts(*schemas)).empty


def test_a_property_two_members_declare_is_both_declarations() -> None:
    first = Part({}, "/a", {"name": (S, "/a/properties/name")}, frozenset({"name"}))
    second = Part({}, "/b", {"name": ({"maxLength": 3}, "/b/properties/name")})
    merged = merge([first, second])
    node, pointer = merged.properties["name"]
    assert isinstance(node, Conjunction)
    assert node == {"allOf": [S, {"maxLength": 3}]}
    assert (node.pointers, pointer) == (
        ("/a/properties/name", "/b/properties/name"),
        "/a/properties/name",
    )
    assert merged.required == frozenset({"name"})


def test_conjunctions_flatten_and_keep_one_declaration_once() -> None:
    inner = Conjunction([S, {"maxLength": 3}], ["/a", "/b"])
    node, pointer = conjunction([(inner, "/a"), ({"pattern": "x"}, "/c"), (S, "/a")])
    assert isinstance(node, Conjunction)
    assert node.pointers == ("/a", "/b", "/c")
    assert pointer == "/a"
    assert conjunction([(S, "/a")]) == (S, "/a")


def test_two_groups_of_alternatives_are_the_pairs_of_their_members() -> None:
    merged = merge(parts({"oneOf": [S, {"type": "integer"}]}, {"anyOf": [{"minimum": 0}]}))
    assert merged.members is not None
    assert [pointer for _, pointer in merged.members] == [
        "/s/allOf/0/oneOf/0",
        "/s/allOf/0/oneOf/1",
    ]
    assert [node.pointers for node, _ in merged.members if isinstance(node, Conjunction)] == [
        ("/s/allOf/0/oneOf/0", "/s/allOf/1/anyOf/0"),
        ("/s/allOf/0/oneOf/1", "/s/allOf/1/anyOf/0"),
    ]


def test_one_schema_is_read_as_it_is() -> None:
    schema = {"type": "string", "pattern": ""}
    merged = merge([Part(schema, "/s")])
    assert merged.schema is schema
    assert merged.members is None
