"""lossy(): each lost constraint belongs to the innermost schema holding it, by path."""

from __future__ import annotations

import dataclasses

from generator.facts.typefacts import lossy
from tests.unit.parse.spec import build

SCHEMAS = "/components/schemas"


def test_a_constraint_belongs_to_the_innermost_schema_above_it() -> None:
    api = build(
        {},
        {
            "Outer": {
                "type": "object",
                "properties": {"x": {"$ref": "#/components/schemas/Inner"}},
            },
            "Inner": {"type": "object", "properties": {"y": {"type": "string"}}},
        },
    )
    counted = {
        f"{SCHEMAS}/Outer/properties/x/oneOf",
        f"{SCHEMAS}/Inner",
        f"{SCHEMAS}/OuterMost/oneOf",  # a name that starts as another's is not under it
        "/elsewhere/oneOf",
    }
    api = dataclasses.replace(api, counted=frozenset(counted))
    assert set(lossy(api, lambda p: True)) == {f"{SCHEMAS}/Outer", f"{SCHEMAS}/Inner"}
    assert lossy(api, lambda p: not p.endswith("Inner")) == {
        f"{SCHEMAS}/Outer": ["a `oneOf` whose members may share a value"]
    }
