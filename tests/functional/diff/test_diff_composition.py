"""`apiforge diff` on composed schemas: unions beside other keywords, ``allOf`` merged as JSON
Schema reads it (every member holds), members written alike, discriminators."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diff import Change, diff_documents
from tests.functional.diff.test_diff import BODY, I, N, S, body, meaningful, obj, response

B = {"type": "boolean"}
DOG = obj({"bark": B}, ("bark",))
CAT = obj({"purr": B}, ("purr",))
PETS = {"Dog": DOG, "Cat": CAT}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def rules(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.rule, c.level) for c in meaningful(changes)]


# ------------------------------------------------------------------- unions beside keywords


def pets(*names: str, **own: Any) -> dict[str, Any]:
    return {"type": "object", **own, "oneOf": [ref(n) for n in names]}


@pytest.mark.parametrize(
    "own", [{}, {"properties": {"name": S}}], ids=["type-beside", "properties-beside"]
)
def test_union_beside_type_or_properties_compares_its_members(own: dict[str, Any]) -> None:
    old = body(pets("Dog", "Cat", **own), schemas=PETS)
    new = body(pets("Dog", **own), schemas=PETS)
    assert rules(diff_documents(old, new)) == [("request-body-union-member-removed", "breaking")]
    old, new = (
        response(pets("Dog", **own), schemas=PETS),
        response(pets("Dog", "Cat", **own), schemas=PETS),
    )
    assert rules(diff_documents(old, new)) == [("response-body-union-member-added", "breaking")]


def test_member_changed_inside_a_union_beside_properties() -> None:
    def spec(name: dict[str, Any]) -> dict[str, Any]:
        w = obj({"kind": S, "name": name}, ("kind", "name"))
        p = {"type": "object", "properties": {"z": S}, "anyOf": [ref("W")]}
        return body(ref("P"), schemas={"P": p, "W": w})

    changes = meaningful(diff_documents(spec(S), spec(I)))
    assert [(c.rule, c.level, c.new_pointer) for c in changes] == [
        ("request-property-type-changed", "breaking", "/components/schemas/W/properties/name")
    ]


def test_keywords_beside_a_union_hold_for_every_member() -> None:
    old = body(
        {"type": "object", "properties": {"z": S}, "oneOf": [ref("Dog"), ref("Cat")]}, schemas=PETS
    )
    new = body(
        {"type": "object", "properties": {"z": I}, "oneOf": [ref("Dog"), ref("Cat")]}, schemas=PETS
    )
    changes = meaningful(diff_documents(old, new))
    assert [(c.rule, c.new_pointer) for c in changes] == [
        ("request-property-type-changed", BODY + "/properties/z")
    ]


def test_a_union_with_only_a_discriminator_beside_is_a_bare_union() -> None:
    tagged = {"oneOf": [ref("Dog"), ref("Cat")], "discriminator": {"propertyName": "kind"}}
    assert meaningful(diff_documents(body(tagged, schemas=PETS), body(tagged, schemas=PETS))) == []


# ---------------------------------------------------------------------------- allOf


def test_all_of_member_constraint_on_a_property_a_ref_declares_applies() -> None:
    schemas = {"Base": obj({"a": S})}
    old = body({"allOf": [ref("Base")]}, schemas=schemas)
    new = body({"allOf": [ref("Base"), {"properties": {"a": {"maxLength": 3}}}]}, schemas=schemas)
    changes = meaningful(diff_documents(old, new))
    assert [(c.rule, c.level, c.new_pointer) for c in changes] == [
        (
            "request-property-max-length-decreased",
            "breaking",
            BODY + "/allOf/1/properties/a",
        )
    ]
    assert changes[0].message == "request body field `a` maxLength changed from none to 3"
    # removing it again widens the request and narrows nothing a response reads
    assert rules(diff_documents(new, old)) == [("request-property-max-length-increased", "info")]


def test_all_of_takes_the_stricter_bound() -> None:
    schemas = {"Name": {"type": "string", "maxLength": 50}}
    old = body({"allOf": [ref("Name")]}, schemas=schemas)
    tighter = body({"allOf": [ref("Name"), {"maxLength": 5}]}, schemas=schemas)
    looser = body({"allOf": [ref("Name"), {"maxLength": 80}]}, schemas=schemas)
    assert rules(diff_documents(old, tighter)) == [
        ("request-body-max-length-decreased", "breaking")
    ]
    assert rules(diff_documents(old, looser)) == []  # 50 still holds


@pytest.mark.parametrize(
    ("merged", "plain"),
    [
        ({"allOf": [N, I]}, I),
        ({"allOf": [{"enum": ["a", "b", "c"]}, {"enum": ["b", "c", "d"]}]}, {"enum": ["b", "c"]}),
        ({"allOf": [{"multipleOf": 2}, {"multipleOf": 3}]}, {"multipleOf": 6}),
        ({"allOf": [{"minimum": 1}, {"exclusiveMinimum": 1}]}, {"exclusiveMinimum": 1}),
        (
            {"allOf": [{"maxItems": 3}, {"maxItems": 2}, {"uniqueItems": True}]},
            {"maxItems": 2, "uniqueItems": True},
        ),
    ],
    ids=["types", "enums", "steps", "bounds", "counts"],
)
def test_all_of_intersects_what_its_members_allow(
    merged: dict[str, Any], plain: dict[str, Any]
) -> None:
    for build in (body, response):
        assert meaningful(diff_documents(build(obj({"f": merged})), build(obj({"f": plain})))) == []


def test_all_of_keeps_every_pattern() -> None:
    old = body({"allOf": [{"type": "string", "pattern": "^a"}]})
    new = body({"allOf": [{"type": "string", "pattern": "^a"}, {"pattern": "z$"}]})
    assert rules(diff_documents(old, new)) == [("request-body-pattern-added", "breaking")]
    assert rules(diff_documents(new, old)) == [("request-body-pattern-removed", "info")]


def test_all_of_whose_types_share_nothing_admits_no_value() -> None:
    old = body(obj({"f": S}))
    new = body(obj({"f": {"allOf": [S, I]}}))
    assert rules(diff_documents(old, new)) == [("request-property-no-value-valid", "breaking")]


# ---------------------------------------------------------------------------- members alike


def test_a_response_member_written_alike_an_existing_one_admits_nothing_new() -> None:
    schemas = {"Cat": obj({"name": S}), "Rabbit": obj({"name": S}), "Dog": DOG}
    old = response({"anyOf": [ref("Cat")]}, schemas=schemas)
    twin = response({"anyOf": [ref("Cat"), ref("Rabbit")]}, schemas=schemas)
    assert rules(diff_documents(old, twin)) == [("response-body-any-of-twin-added", "info")]
    other = response({"anyOf": [ref("Cat"), ref("Dog")]}, schemas=schemas)
    assert rules(diff_documents(old, other)) == [("response-body-union-member-added", "breaking")]


def test_a_one_of_twin_in_a_request_refuses_what_both_accept() -> None:
    old = body({"oneOf": [S, I]})
    new = body({"oneOf": [S, I, {"type": "string", "description": "again"}]})
    assert rules(diff_documents(old, new)) == [("request-body-one-of-twin-added", "breaking")]
    answered = diff_documents(response({"oneOf": [S, I]}), response({"oneOf": [S, I, S]}))
    assert rules(answered) == [("response-body-one-of-twin-added", "info")]


def test_a_one_of_twin_of_members_already_alike_refuses_nothing_more() -> None:
    # every value the twins accept matched two members already: none was valid
    schemas = {"A": obj({"name": S}), "B": obj({"name": S}), "C": obj({"name": S})}
    old = body({"oneOf": [I, ref("A"), ref("B")]}, schemas=schemas)
    new = body({"oneOf": [I, ref("A"), ref("B"), ref("C")]}, schemas=schemas)
    changes = meaningful(diff_documents(old, new))
    assert [(c.rule, c.level, c.message) for c in changes] == [
        (
            "request-body-one-of-twin-of-twins-added",
            "info",
            "request body now also allows C, written alike A and another member",
        )
    ]
    # a twin of a member without one still refuses what both accept
    lone = body({"oneOf": [I, ref("A")]}, schemas=schemas)
    assert rules(
        diff_documents(lone, body({"oneOf": [I, ref("A"), ref("C")]}, schemas=schemas))
    ) == [("request-body-one-of-twin-added", "breaking")]


# ---------------------------------------------------------------------------- members within


SHORT = {"type": "string", "maxLength": 5}


def test_a_one_of_member_within_a_kept_one_refuses_what_both_accept() -> None:
    # a short string matched the string member alone; now it matches two
    old, new = {"oneOf": [S, I]}, {"oneOf": [S, I, SHORT]}
    changes = meaningful(diff_documents(body(old), body(new)))
    assert [(c.rule, c.level, c.message) for c in changes] == [
        (
            "request-body-one-of-subset-added",
            "breaking",
            "request body now also allows string, within string",
        )
    ]
    # answered, it admits no value that was not admitted
    assert rules(diff_documents(response(old), response(new))) == [
        ("response-body-one-of-subset-added", "info")
    ]
    # in an anyOf, it admits nothing new either way
    assert rules(
        diff_documents(response({"anyOf": [S, I]}), response({"anyOf": [S, I, SHORT]}))
    ) == [("response-body-subset-member-added", "info")]
    tagged = {"type": "object", "properties": {"id": I}, "required": ["id"]}
    more = {**tagged, "required": ["id", "name"], "additionalProperties": False}
    assert rules(
        diff_documents(body({"oneOf": [tagged, S]}), body({"oneOf": [tagged, S, more]}))
    ) == [("request-body-one-of-subset-added", "breaking")]


def test_a_one_of_member_a_kept_one_is_within_refuses_what_that_one_accepted() -> None:
    old, new = {"oneOf": [SHORT, I]}, {"oneOf": [SHORT, I, S]}
    changes = meaningful(diff_documents(body(old), body(new)))
    assert [(c.rule, c.level, c.message) for c in changes] == [
        (
            "request-body-one-of-superset-added",
            "breaking",
            "request body now also allows string, which takes all string takes",
        )
    ]
    # in an anyOf it is a member with new values
    assert rules(diff_documents(body({"anyOf": [SHORT, I]}), body({"anyOf": [SHORT, I, S]}))) == [
        ("request-body-union-member-added", "info")
    ]


def test_a_member_that_may_admit_more_is_a_new_member() -> None:
    # another type, a keyword the kept one has not read alike, or more declared beside
    # extra fields a kept member refuses
    closed = {"type": "object", "additionalProperties": False}
    for old, added in [
        ({"oneOf": [S, I]}, {"type": "boolean"}),
        ({"oneOf": [SHORT, I]}, {"type": "string", "maxLength": 3, "pattern": "a"}),
        ({"oneOf": [closed, I]}, {**closed, "properties": {"a": S}}),
        (
            {"oneOf": [{"type": "array", "contains": S}, I]},
            {"type": "array", "contains": S, "minContains": 0},
        ),
    ]:
        new = {"oneOf": [*old["oneOf"], added]}
        assert rules(diff_documents(body(old), body(new))) == [
            ("request-body-union-member-added", "info")
        ], added


def test_a_one_of_member_within_one_that_another_may_share_is_not_sure() -> None:
    # a short string may have matched both kept members already
    old = {"oneOf": [S, {"type": "string", "maxLength": 10}]}
    new = {"oneOf": [*old["oneOf"], SHORT]}
    assert rules(diff_documents(body(old), body(new))) == [
        ("request-body-subset-member-added", "info")
    ]


def test_any_of_made_one_of_refuses_what_two_members_share() -> None:
    shared, apart = [S, SHORT], [S, I]
    assert both_ways({"anyOf": shared}, {"oneOf": shared}) == (
        [("request-body-union-became-exclusive", "breaking")],
        [("response-body-union-became-exclusive", "info")],
    )
    assert both_ways({"oneOf": shared}, {"anyOf": shared}) == (
        [("request-body-union-became-inclusive", "info")],
        [("response-body-union-became-inclusive", "breaking")],
    )
    # members whose types never meet: the same values either way
    assert both_ways({"anyOf": apart}, {"oneOf": apart}) == ([], [])
    # members that may share a value
    maybe = [obj({"a": S}), obj({"b": S})]
    assert both_ways({"anyOf": maybe}, {"oneOf": maybe}) == (
        [("request-body-union-exclusivity-changed", "warning")],
        [("response-body-union-exclusivity-changed", "warning")],
    )
    changes = meaningful(diff_documents(body({"anyOf": shared}), body({"oneOf": shared})))
    assert changes[0].message == (
        "request body is now oneOf rather than anyOf, and two of its members accept a value both"
    )


def both_ways(old: Any, new: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    return rules(diff_documents(body(old), body(new))), rules(
        diff_documents(response(old), response(new))
    )


# ---------------------------------------------------------------------------- discriminators


def tagged(mapping: dict[str, str] | None, prop: str = "kind") -> dict[str, Any]:
    discriminator: dict[str, Any] = {"propertyName": prop}
    if mapping is not None:
        discriminator["mapping"] = {k: f"#/components/schemas/{v}" for k, v in mapping.items()}
    return {"oneOf": [ref("Dog"), ref("Cat")], "discriminator": discriminator}


KINDS = {
    "Dog": obj({"kind": S, "bark": B}, ("kind",)),
    "Cat": obj({"kind": S, "purr": B}, ("kind",)),
}


def test_a_mapping_value_renamed_for_an_existing_target() -> None:
    old = tagged({"dog": "Dog", "cat": "Cat"})
    new = tagged({"canine": "Dog", "cat": "Cat"})
    answered = meaningful(
        diff_documents(response(old, schemas=KINDS), response(new, schemas=KINDS))
    )
    assert [(c.rule, c.level, c.message) for c in answered] == [
        (
            "response-body-discriminator-value-added",
            "breaking",
            'response 200 body discriminator value "canine" now selects Dog',
        ),
        (
            "response-body-discriminator-value-removed",
            "info",
            'response 200 body discriminator value "dog" no longer selects Dog',
        ),
    ]
    sent = rules(diff_documents(body(old, schemas=KINDS), body(new, schemas=KINDS)))
    assert sent == [
        ("request-body-discriminator-value-removed", "breaking"),
        ("request-body-discriminator-value-added", "info"),
    ]


def test_an_implicit_mapping_written_out_is_no_change() -> None:
    implicit, explicit = tagged(None), tagged({"Dog": "Dog", "Cat": "Cat"})
    for build in (body, response):
        old, new = build(implicit, schemas=KINDS), build(explicit, schemas=KINDS)
        assert meaningful(diff_documents(old, new)) == []


def test_discriminator_property_changed() -> None:
    old, new = tagged(None), tagged(None, prop="type")
    assert rules(diff_documents(body(old, schemas=KINDS), body(new, schemas=KINDS))) == [
        ("request-body-discriminator-property-changed", "breaking")
    ]
    assert rules(diff_documents(response(old, schemas=KINDS), response(new, schemas=KINDS))) == [
        ("response-body-discriminator-property-changed", "breaking")
    ]
