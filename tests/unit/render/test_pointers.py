"""render/pointers.py finds a node by pointer as walk_refs does, each path walked once."""

from __future__ import annotations

from typing import Any

import pytest

from generator.openapi import pointer_parts, walk_refs
from generator.render.pointers import Nodes, resolving

DOC: dict[str, Any] = {
    "paths": {
        "/pets/{id}": {
            "get": {"responses": {"200": {"$ref": "#/components/responses/Pet"}}},
        },
    },
    "components": {
        "responses": {
            "Pet": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}
            }
        },
        "schemas": {
            "Pet": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "a/b~c": {"$ref": "#/components/schemas/Tag"},
                },
            },
            "Tag": {"type": "array", "items": [{"type": "string"}, {"$ref": "#/nowhere"}]},
            "Sibling": {"$ref": "#/components/schemas/Pet", "description": "kept"},
            "Loop": {"$ref": "#/components/schemas/Loop"},
        },
    },
}

POINTERS = [
    "",
    "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/properties/id",
    "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/type",
    "/components/schemas/Pet/properties/a~1b~0c/items/0",
    "/components/schemas/Pet/properties/a~1b~0c/items/1",
    "/components/schemas/Pet/properties/a~1b~0c/items/2",
    "/components/schemas/Pet/properties/a~1b~0c/items/x",
    "/components/schemas/Sibling/description",
    "/components/schemas/Sibling/type",
    "/components/schemas/Loop/type",
    "/components/schemas/Missing",
    "/components/schemas/Tag/items/1/type",
]


@pytest.mark.parametrize("pointer", POINTERS)
def test_a_node_is_the_one_walk_refs_finds(pointer: str) -> None:
    found, expected, _ = walk_refs(DOC, pointer_parts(pointer))
    nodes = Nodes(DOC)
    for _ in range(2):  # found the first time, then remembered
        if found:
            assert nodes.lookup(pointer) is expected
        else:
            with pytest.raises(KeyError):
                nodes.lookup(pointer)
    assert resolving(DOC)(pointer) is found


def test_paths_below_one_found_before_start_where_it_was_found() -> None:
    nodes = Nodes(DOC)
    nodes.lookup("/components/schemas/Sibling/properties")
    nodes.doc = {}  # a walk from the root would now find nothing
    assert nodes.lookup("/components/schemas/Sibling/properties/id") == {"type": "integer"}
