"""lossy(): each lost constraint belongs to the innermost schema holding it, by path;
holding_lossy(): the schemas holding one of those, each told by the nearest."""

from __future__ import annotations

import dataclasses

from generator.facts.typefacts import holding_lossy, lossy
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


def test_the_schemas_holding_a_lossy_one_name_the_nearest() -> None:
    ref = {"$ref": "#/components/schemas/Inner"}
    api = build(
        {},
        {
            "Inner": {"type": "object", "properties": {"y": {"type": "string"}}},
            "Mid": {"type": "object", "properties": {"x": ref}},
            "Top": {"type": "array", "items": {"$ref": "#/components/schemas/Mid"}},
            "Apart": {"type": "object", "properties": {"y": {"type": "string"}}},
        },
    )
    found = {f"{SCHEMAS}/Inner": ["`if` is not enforced"]}
    said = [f"`#{SCHEMAS}/Inner` inside it: `if` is not enforced"]
    assert holding_lossy(api, found) == {f"{SCHEMAS}/Mid": said, f"{SCHEMAS}/Top": said}
    # a lossy holder says what it lost itself, not what it holds
    both = {**found, f"{SCHEMAS}/Mid": ["`not` is not enforced"]}
    assert holding_lossy(api, both) == {
        f"{SCHEMAS}/Top": [f"`#{SCHEMAS}/Mid` inside it: `not` is not enforced"]
    }
