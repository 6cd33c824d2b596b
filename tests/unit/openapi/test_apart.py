"""Two object schemas that surely share no value, read from their own keywords."""

from __future__ import annotations

from typing import Any

import pytest

from generator.openapi.apart import apart, object_shape

DOC: dict[str, Any] = {"Kind": {"type": "string", "enum": ["bot"]}}


def _resolve(schema: Any) -> Any:
    if isinstance(schema, dict) and "$ref" in schema:
        return DOC.get(schema["$ref"].rsplit("/", 1)[-1])
    return schema


def _apart(a: dict[str, Any], b: dict[str, Any], *, const: bool = True) -> bool:
    one, other = object_shape(a, _resolve, const=const), object_shape(b, _resolve, const=const)
    assert one is not None and other is not None
    return apart(one, other) and apart(other, one)


def _kind(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": ["kind"], "properties": {"kind": schema}}


EMPTY = {"type": "object", "properties": {}, "additionalProperties": False}
USER = {"type": "object", "required": ["login"], "properties": {"login": {"type": "string"}}}
TEAM = {"type": "object", "required": ["slug"], "properties": {"slug": {"type": "string"}}}


def test_a_closed_object_shares_nothing_with_one_requiring_a_name_it_does_not_declare() -> None:
    assert _apart(EMPTY, USER)
    declaring = {**EMPTY, "properties": {"login": {"type": "string"}}}
    assert not _apart(declaring, USER)  # {"login": "x"} is valid under both
    assert not _apart(USER, TEAM)  # open objects: {"login", "slug"} is valid under both


def test_names_let_through_beside_a_closed_object_keep_it_open() -> None:
    patterned = {**EMPTY, "patternProperties": {"^l": {}}}
    assert not _apart(patterned, USER)


def test_a_required_name_limited_to_strings_each_lists_apart() -> None:
    human, bot = _kind({"enum": ["human"]}), _kind({"$ref": "#/Kind"})
    assert _apart(human, bot)
    assert not _apart(human, _kind({"enum": ["human", "bot"]}))
    const = _kind({"const": "bot"})
    assert _apart(human, const)
    assert not _apart(human, const, const=False)  # OpenAPI 3.0 has no `const`: any string


@pytest.mark.parametrize(
    "kind",
    [
        {"enum": ["bot"], "nullable": True},
        {"enum": ["bot"], "type": ["string", "null"]},
        {"enum": ["bot", 1]},
        {"enum": ["bot"], "readOnly": True},
    ],
)
def test_a_name_that_may_be_null_other_than_a_string_or_left_out_tells_nothing(
    kind: dict[str, Any],
) -> None:
    assert not _apart(_kind({"enum": ["human"]}), _kind(kind))


def test_a_name_required_but_not_declared_or_not_required_is_not_read() -> None:
    undeclared = {"type": "object", "required": ["login"], "properties": {}}
    optional = {"type": "object", "properties": {"login": {"type": "string"}}}
    assert not _apart(EMPTY, undeclared)  # the models do not hold it as a field
    assert not _apart(EMPTY, optional)  # {} is valid under both


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string"},
        {"type": ["object", "null"], "properties": {}},
        {"type": "object", "oneOf": [USER, TEAM]},
        {"type": "object", "allOf": [USER]},  # not merged
        {"$ref": "#/User"},
        {"type": "object", "properties": {}, "discriminator": {"propertyName": "kind"}},
    ],
)
def test_what_is_not_one_plain_object_has_no_shape(schema: dict[str, Any]) -> None:
    assert object_shape(schema, _resolve, const=True) is None
