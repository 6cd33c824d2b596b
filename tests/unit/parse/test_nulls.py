"""Whether a schema accepts ``null``: each verdict is the spec's validator's, checked."""

from __future__ import annotations

from typing import Any

import pytest

from generator.exchange import SchemaValidator
from generator.parse.nulls import accepts_null
from tests.unit.parse.spec import build

AT = "/components/schemas/"
REF = {"$ref": "#/components/schemas/Box"}
NULLABLE_REF = {"$ref": "#/components/schemas/MaybeBox"}
BASES = {
    "Box": {"type": "object", "properties": {"n": {"type": "integer"}}},
    "MaybeBox": {"type": "object", "nullable": True},
}

CASES_30: list[tuple[str, Any, bool]] = [
    ("typed", {"type": "string"}, False),
    ("typed, nullable", {"type": "string", "nullable": True}, True),
    ("untyped", {"minLength": 1}, True),
    ("an enum without null", {"enum": ["a"]}, False),
    ("an enum with null", {"enum": ["a", None]}, True),
    ("nullable beside an enum", {"enum": ["a"], "nullable": True}, True),
    ("nullable in the base only", {"allOf": [NULLABLE_REF, {"properties": {}}]}, True),
    ("a typed member", {"allOf": [NULLABLE_REF, {"type": "object"}]}, False),
    ("nullable beside allOf", {"nullable": True, "allOf": [REF]}, True),
    ("a nested allOf", {"allOf": [{"allOf": [NULLABLE_REF]}, {"required": ["n"]}]}, True),
    ("nullable beside $ref", {"$ref": "#/components/schemas/Box", "nullable": True}, True),
    ("a type beside $ref", {"$ref": "#/components/schemas/MaybeBox", "type": "object"}, False),
    ("oneOf, one takes null", {"oneOf": [{"minLength": 1}, {"type": "integer"}]}, True),
    ("oneOf, both take null", {"oneOf": [{"minLength": 1}, {"maxLength": 3}]}, False),
    ("anyOf, none takes null", {"anyOf": [{"type": "string"}, {"type": "integer"}]}, False),
    ("anyOf, one takes null", {"anyOf": [{"type": "string"}, {"maxLength": 3}]}, True),
    ("not, taking null", {"not": {"minLength": 2}}, False),
    ("not, refusing null", {"not": {"type": "string"}}, True),
    ("a tag beside oneOf", {"oneOf": [{}], "discriminator": {"propertyName": "k"}}, False),
]
CASES_31: list[tuple[str, Any, bool]] = [
    ("nullable is no keyword", {"type": "string", "nullable": True}, False),
    ("null among the types", {"type": ["string", "null"]}, True),
    ("const", {"const": "a"}, False),
    ("a tag is a hint", {"oneOf": [{}], "discriminator": {"propertyName": "k"}}, True),
]


@pytest.mark.parametrize(
    ("openapi", "schema", "expected"),
    [("3.0.3", s, e) for _, s, e in CASES_30] + [("3.1.0", s, e) for _, s, e in CASES_31],
    ids=[c[0] for c in CASES_30 + CASES_31],
)
def test_accepts_null_as_the_validator_does(openapi: str, schema: Any, expected: bool) -> None:
    api = build(schemas={**BASES, "Probe": schema}, openapi=openapi)
    assert SchemaValidator(api).is_valid(AT + "Probe", None) is expected
    doc = {"openapi": openapi, "components": {"schemas": BASES}}
    assert accepts_null(schema, doc) is expected
