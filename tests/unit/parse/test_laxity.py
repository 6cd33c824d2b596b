"""Which schemas the models read more loosely than their validator, through every ``$ref``."""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.parse.laxity import Laxity
from tests.unit.parse.spec import build

AT = "#/components/schemas/"


def _doc(schemas: dict[str, Any]) -> dict[str, Any]:
    return {"openapi": "3.1.0", "components": {"schemas": schemas}}


def test_an_unenforced_keyword_is_found_itself_and_through_refs_and_loops() -> None:
    laxity = Laxity(
        _doc(
            {
                "Loose": {"not": {"required": ["a"]}},
                "Holder": {"properties": {"x": {"$ref": AT + "Loose"}}},
                "Deep": {"items": {"$ref": AT + "Holder"}},
                "Tree": {"properties": {"kids": {"items": {"$ref": AT + "Tree"}}}},
                "Branch": {"properties": {"up": {"$ref": AT + "Tree"}}},
                "Example": {"example": {"not": 1, "$ref": AT + "Loose"}, "type": "object"},
            }
        )
    )
    assert laxity.lax({"$ref": AT + "Deep"})
    assert laxity.lax({"if": {}})
    assert not laxity.lax({"$ref": AT + "Branch"})  # a loop with nothing loose in it
    assert not laxity.lax({"$ref": AT + "Tree"})  # known strict from the search before
    assert not laxity.lax({"$ref": AT + "Example"})  # an example's keys are data
    assert not laxity.lax({"$ref": AT + "Missing"})


def test_a_one_of_with_a_loose_member_is_not_counted_by_the_models() -> None:
    api = build(
        schemas={
            "R": {
                "type": "object",
                "properties": {"kind": {"type": "string"}, "areas": {"type": "array"}},
                "oneOf": [{"not": {"required": ["kind"]}}, {"required": ["areas"]}],
            }
        }
    )
    union = api.alias("R").type
    assert isinstance(union, ir.UnionT) and union.one_of and union.choices == ()
    assert "/components/schemas/R" in api.counted  # the tests' validator counts
    assert any(s.pointer == "/components/schemas/R/oneOf" for s in api.skipped)


def test_a_format_the_models_give_no_typed_view_is_read_loosely() -> None:
    laxity = Laxity(
        _doc(
            {
                "Address": {"type": "string", "format": "ipv4"},
                "Holder": {"properties": {"at": {"$ref": AT + "Address"}}},
                "Named": {"properties": {"format": {"type": "string"}}},
            }
        )
    )
    assert laxity.lax({"$ref": AT + "Holder"})
    assert laxity.lax({"type": "string", "format": "email"})
    for typed in ir.TYPED_FORMATS:  # a typed view tells its members apart by itself
        assert not laxity.lax({"type": "string", "format": typed})
    assert not laxity.lax({"$ref": AT + "Named"})  # a property named format is no format


def test_the_typed_formats_are_those_the_models_have_classes_for() -> None:
    from generator.render.types import FORMAT_INPUTS, FORMAT_TYPES

    assert FORMAT_TYPES.keys() == FORMAT_INPUTS.keys() == ir.TYPED_FORMATS


def test_loose_members_no_value_of_which_another_accepts_are_counted_by_the_models() -> None:
    user = {
        "type": "object",
        "required": ["login"],
        "properties": {"login": {"type": "string"}, "email": {"type": "string", "format": "email"}},
    }
    team = {"type": "object", "required": ["slug"], "properties": {"slug": {"type": "string"}}}
    api = build(
        schemas={
            "User": user,
            "Team": team,
            "Empty": {"type": "object", "properties": {}, "additionalProperties": False},
            # the models cannot check an email: a value of both could match one in the spec
            "Open": {"oneOf": [{"$ref": AT + "User"}, {"$ref": AT + "Team"}]},
            # an object with `login` is refused by Empty, as the models read it too
            "Closed": {"oneOf": [{"$ref": AT + "User"}, {"$ref": AT + "Empty"}]},
        }
    )
    opened, closed = api.alias("Open").type, api.alias("Closed").type
    assert isinstance(opened, ir.UnionT) and opened.choices == ()
    assert isinstance(closed, ir.UnionT) and closed.choices
    told = {s.pointer for s in api.skipped}
    assert "/components/schemas/Open/oneOf" in told
    assert "/components/schemas/Closed/oneOf" not in told
