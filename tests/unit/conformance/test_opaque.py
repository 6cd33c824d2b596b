"""Which values of a request a schema cannot constrain: the optional ones whose schema, read
through ``$ref`` and ``allOf``, admits any string."""

from __future__ import annotations

from typing import Any

import pytest

from generator.conformance.opaque import Opaque, admits_any_string, named, opaque_values, without
from tests.functional.conformance.test_conformance_trust import build
from tests.support import SPECS

_DOC: dict[str, Any] = {
    "components": {
        "schemas": {
            "Cursor": {"type": "string", "description": "where a page starts"},
            "Code": {"type": "string", "pattern": "^[A-Z]{3}$"},
        }
    }
}


@pytest.mark.parametrize(
    ("schema", "free"),
    [
        ({"type": "string"}, True),
        ({}, True),  # no type: any value, any string among them
        ({"type": ["string", "null"]}, True),
        ({"type": "string", "nullable": True, "x-internal": 1}, True),
        ({"type": "string", "minLength": 1}, True),
        ({"$ref": "#/components/schemas/Cursor"}, True),
        ({"allOf": [{"$ref": "#/components/schemas/Cursor"}], "description": "d"}, True),
        ({"type": "string", "minLength": 2}, False),
        ({"type": "string", "maxLength": 64}, False),
        ({"type": "string", "enum": ["asc", "desc"]}, False),
        ({"const": "x"}, False),
        ({"type": "string", "pattern": "^c"}, False),
        ({"type": "string", "format": "uuid"}, False),
        ({"type": "integer"}, False),
        ({"type": ["integer", "null"]}, False),
        ({"allOf": [{"$ref": "#/components/schemas/Code"}]}, False),
        ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, False),  # not read: not free
        ({"type": "string", "not": {"const": ""}}, False),
        ({"type": "string", "minLength": True}, False),
    ],
)
def test_a_schema_admits_any_string_only_without_a_bound(schema: Any, free: bool) -> None:
    assert admits_any_string(_DOC, schema) is free


def test_only_optional_free_values_the_request_carries_are_opaque() -> None:
    api = build(SPECS / "opaque_values_30.yaml")
    (op,) = api.operations
    request = {
        "path": {},
        "query": {"cursor": "c9", "limit": 5},
        "headers": {},
        "cookies": {},
        "body": {"text": "free but required", "order": "asc", "after": "c8"},
    }
    found = opaque_values(api, op, request)
    assert found == (Opaque("query", "cursor", "c9"), Opaque("body", "after", "c8"))
    assert without(request, found) == {
        **request,
        "query": {"limit": 5},
        "body": {"text": "free but required", "order": "asc"},
    }
    assert request["query"] == {"cursor": "c9", "limit": 5}  # left as it was
    assert opaque_values(api, op, {**request, "query": {}, "body": {"text": "t"}}) == ()


def test_values_are_named_short_and_escaped() -> None:
    values = (
        Opaque("query", "cursor", "x" * 30),
        Opaque("headers", "X-\x1b[31mPage", "\u202e\x07"),
        Opaque("body", "after", {"k": "\x00" * 40}),
    )
    text = named(values)
    assert text.startswith(f"query cursor='{'x' * 20}…', header X-\\x1b[31mPage='\\u202e\\x07', ")
    assert "\x1b" not in text and "\u202e" not in text and "\x00" not in text
    assert text.endswith("…")
