"""schema.json's subset: the references under a node, in document order, each node walked once,
and the schemas a discriminator's mapping refers to, which OpenAPI 3.0's validator resolves."""

from __future__ import annotations

from typing import Any

from generator.render.suite.spec_data import _refs, spec_subset
from tests.support import bare_api


def test_references_come_in_document_order_and_once() -> None:
    shared: dict[str, Any] = {"$ref": "#/components/schemas/Shared"}
    node = {
        "$ref": "#/a",
        "allOf": [{"$ref": "#/b"}, {"properties": {"x": {"$ref": "#/c"}, "y": shared}}],
        "items": {"$ref": "http://elsewhere/d"},
        "not": shared,
    }
    walked: set[int] = set()
    assert _refs(node, walked) == ["/a", "/b", "/c", "/components/schemas/Shared"]
    assert _refs(node, walked) == []  # walked already


def test_a_schema_nested_deeper_than_the_recursion_limit_is_read() -> None:
    node: dict[str, Any] = {"$ref": "#/leaf"}
    for _ in range(5_000):
        node = {"items": [node]}
    assert _refs(node, set()) == ["/leaf"]


def test_a_discriminators_mapping_values_are_references() -> None:
    node = {
        "oneOf": [{"$ref": "#/a"}],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {"a": "#/a", "b": "B", "c": "other.yaml#/C", "d": 4},
        },
    }
    assert _refs(node, set()) == ["/a", "/components/schemas/B", "/a"]


def test_a_schema_only_a_mapping_refers_to_is_in_the_subset() -> None:
    # the tag `held` selects a schema written where no `$ref` leads: 3.0's validator
    # resolves it when a value carries that tag
    held = {"type": "object", "properties": {"kind": {"type": "string"}}}
    union = {
        "oneOf": [{"type": "object"}],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {"held": "#/components/responses/Held/content/application~1json/schema"},
        },
    }
    document = {
        "components": {
            "schemas": {"Union": union},
            "responses": {"Held": {"content": {"application/json": {"schema": held}}}},
        }
    }
    api = bare_api(openapi="3.0.3", schema_document=document)
    subset = spec_subset(api, ["/components/schemas/Union"])
    response = subset["components"]["responses"]["Held"]
    assert response["content"]["application/json"]["schema"] == held
