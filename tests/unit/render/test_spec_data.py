"""schema.json's subset: the references under a node, in document order, each node walked once."""

from __future__ import annotations

from typing import Any

from generator.render.suite.spec_data import _refs


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
