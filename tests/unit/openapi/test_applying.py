"""The schemas applying with one schema, and the annotations any of them gives the value."""

from __future__ import annotations

from typing import Any

import pytest

from generator.openapi import applying, marks

MARKS = ("readOnly", "writeOnly")
DOC: dict[str, Any] = {
    "components": {
        "schemas": {
            "Id": {"type": "string", "readOnly": True},
            "Alias": {"$ref": "#/components/schemas/Id", "description": "an id"},
            "Secret": {"allOf": [{"type": "string"}, {"writeOnly": True}]},
            "Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}]},
        }
    }
}


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "string"}, set()),
        ({"type": "string", "readOnly": True}, {"readOnly"}),
        ({"type": "string", "readOnly": False}, set()),
        # through a chain of `$ref`s, and beside one
        ({"$ref": "#/components/schemas/Alias"}, {"readOnly"}),
        ({"$ref": "#/components/schemas/Secret", "readOnly": True}, MARKS),
        # in any member of an `allOf`, though another says false
        ({"allOf": [{"readOnly": False}, {"$ref": "#/components/schemas/Id"}]}, {"readOnly"}),
        ({"allOf": [{"allOf": [{"writeOnly": True}]}]}, {"writeOnly"}),
        # neither a `oneOf` member (it may not apply) nor a ref that leads nowhere counts
        ({"oneOf": [{"readOnly": True}, {"type": "string"}]}, set()),
        ({"$ref": "#/components/schemas/Missing"}, set()),
        ({"$ref": "#/components/schemas/Loop"}, set()),
        (None, set()),
    ],
)
def test_an_annotation_holds_when_any_applying_schema_says_so(
    schema: Any, expected: set[str]
) -> None:
    assert marks(DOC, schema, MARKS) == frozenset(expected)


def test_each_applying_schema_comes_once_in_order() -> None:
    loop = DOC["components"]["schemas"]["Loop"]
    assert list(applying(DOC, loop)) == [loop, loop["allOf"][0]]
    alias = {"$ref": "#/components/schemas/Alias"}
    schemas = DOC["components"]["schemas"]
    assert list(applying(DOC, alias)) == [alias, schemas["Alias"], schemas["Id"]]
