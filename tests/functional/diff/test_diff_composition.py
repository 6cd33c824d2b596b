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
