"""Schemas: objects, arrays, maps, enums, nullability, ``allOf`` merges, unions, recursion."""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from tests.unit.parse.spec import build

AT = "/components/schemas/"
INT = ir.IntT()


def test_object_with_required_optional_renamed_and_closed_fields() -> None:
    api = build(
        schemas={
            "Item": {
                "type": "object",
                "description": "One item.",
                "required": ["id", "class"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "integer", "minimum": 1, "readOnly": True},
                    "class": {"type": "string", "maxLength": 3, "default": "abc"},
                    "createdAt": {"type": "string", "format": "date-time", "writeOnly": True},
                    "price": {
                        "type": "number",
                        "exclusiveMinimum": 0,
                        "multipleOf": 0.5,
                        "default": 1.5,
                    },
                },
            }
        }
    )
    assert api.models == (
        ir.Model(
            name="Item",
            pointer=AT + "Item",
            description="One item.",
            extra=None,
            fields=(
                ir.Field(
                    name="id",
                    wire="id",
                    type=ir.IntT(ir.Bounds(ge=1)),
                    required=True,
                    read_only=True,
                ),
                ir.Field(
                    name="class_",
                    wire="class",
                    type=ir.StringT(max_length=3),
                    required=True,  # a value must be sent: the default has no use
                ),
                ir.Field(
                    name="created_at",
                    wire="createdAt",
                    type=ir.StringT(format="date-time"),
                    required=False,
                    write_only=True,
                ),
                ir.Field(
                    name="price",
                    wire="price",
                    type=ir.NumberT(ir.Bounds(gt=0, multiple_of=0.5)),
                    required=False,
                    default=ir.Default(1.5),
                ),
            ),
        ),
        # the request shape: no readOnly field (a required writeOnly one would stay required)
        ir.Model(
            name="ItemInput",
            pointer=AT + "Item",
            description="One item.",
            extra=None,
            fields=(
                ir.Field(
                    name="class_",
                    wire="class",
                    type=ir.StringT(max_length=3),
                    required=True,  # a value must be sent: the default has no use
                ),
                ir.Field(
                    name="created_at",
                    wire="createdAt",
                    type=ir.StringT(format="date-time"),
                    required=False,
                    write_only=True,
                ),
                ir.Field(
                    name="price",
                    wire="price",
                    type=ir.NumberT(ir.Bounds(gt=0, multiple_of=0.5)),
                    required=False,
                    default=ir.Default(1.5),
                ),
            ),
        ),
    )


def test_arrays_maps_and_enums() -> None:
    api = build(
        schemas={
            "Ids": {
                "type": "array",
                "items": {"type": "integer"},
                "minItems": 1,
                "uniqueItems": True,
            },
            "Tags": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "maxProperties": 3,
            },
            "Color": {"type": "string", "enum": ["red", "dark blue"]},
            "Level": {"type": "integer", "enum": [1, 2]},
            "Pair": {
                "type": "array",
                "prefixItems": [{"type": "string"}, {"type": "integer"}],
                "items": False,
            },
        }
    )
    assert api.aliases == (
        ir.Alias("Ids", AT + "Ids", ir.ArrayT(INT, min_items=1, unique_items=True)),
        ir.Alias(
            "Pair",
            AT + "Pair",
            # `items: false`: nothing after the prefix
            ir.ArrayT(
                ir.UnionT((ir.StringT(), INT)), max_items=2, prefix=(ir.StringT(), INT), rest=None
            ),
        ),
        ir.Alias("Tags", AT + "Tags", ir.MapT(ir.StringT(), max_properties=3)),
    )
    assert api.enums == (
        ir.Enum(
            "Color",
            AT + "Color",
            "str",
            (ir.EnumMember("RED", "red"), ir.EnumMember("DARK_BLUE", "dark blue")),
        ),
        ir.Enum("Level", AT + "Level", "int", (ir.EnumMember("V1", 1), ir.EnumMember("V2", 2))),
    )


def test_nullable_in_3_1_and_in_3_0() -> None:
    expected = ir.UnionT((ir.StringT(), ir.NullT()))
    api = build(schemas={"Maybe": {"type": ["string", "null"]}})
    assert api.aliases == (ir.Alias("Maybe", AT + "Maybe", expected),)
    old = {
        "Maybe": {"type": "string", "nullable": True},
        "Box": {"type": "object", "nullable": True, "properties": {"n": {"type": "integer"}}},
    }
    api = build(schemas=old, openapi="3.0.3")
    assert api.aliases == (ir.Alias("Maybe", AT + "Maybe", expected),)
    # a nullable object is its model, and its pointer accepts null too
    assert api.models == (
        ir.Model("Box", AT + "Box", (ir.Field(name="n", wire="n", type=INT, required=False),)),
    )
    assert api.wider == {AT + "Box": ir.UnionT((ir.ModelRef("Box"), ir.NullT()))}


def test_all_of_admits_null_where_every_member_does_in_3_0() -> None:
    base = {"type": "object", "nullable": True, "properties": {"n": {"type": "integer"}}}
    plain = {"type": "object", "properties": {"m": {"type": "integer"}}}
    old = {
        "Base": base,
        "Plain": plain,
        "Mini": {"allOf": [{"$ref": "#" + AT + "Base"}, {"properties": {"s": {}}}]},
        "Chain": {"allOf": [{"$ref": "#" + AT + "Mini"}, {"properties": {"t": {}}}]},
        "Typed": {"allOf": [{"$ref": "#" + AT + "Base"}, {"type": "object"}]},
        "Own": {"nullable": True, "type": "object", "allOf": [{"$ref": "#" + AT + "Plain"}]},
    }
    api = build(schemas=old, openapi="3.0.3")
    for name in ("Base", "Mini", "Chain", "Own"):
        assert api.wider[AT + name] == ir.UnionT((ir.ModelRef(name), ir.NullT()))
    assert AT + "Typed" not in api.wider  # its typed member refuses null


def test_all_of_merges_members_into_one_model() -> None:
    api = build(
        schemas={
            "Base": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "integer"}},
            },
            "Dog": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {
                        "type": "object",
                        "required": ["name"],
                        "properties": {
                            "name": {"type": "string"},
                            "id": {"minimum": 1},  # a member narrows the inherited property
                        },
                    },
                ]
            },
        }
    )
    assert api.model("Dog") == ir.Model(
        name="Dog",
        pointer=AT + "Dog",
        fields=(
            ir.Field(name="id", wire="id", type=ir.IntT(ir.Bounds(ge=1)), required=True),
            ir.Field(name="name", wire="name", type=ir.StringT(), required=True),
        ),
    )


def test_a_closed_all_of_member_refuses_what_its_siblings_add() -> None:
    closed = {
        "type": "object",
        "properties": {"id": {"type": "integer"}},
        "additionalProperties": False,
    }
    extra = {"type": "object", "properties": {"name": {"type": "string"}}}
    api = build(schemas={"Closed": {"allOf": [closed, extra]}})
    assert api.model("Closed").fields == (
        ir.Field(name="id", wire="id", type=INT, required=False),
        ir.Field(name="name", wire="name", type=ir.NEVER, required=False),
    )
    assert api.model("Closed").extra is None


def test_a_keyword_two_all_of_members_set_keeps_both_constraints() -> None:
    """Each member applies: both patterns must match (the first is drawn from, the others
    checked), a number is a multiple of both steps, items unique under one are unique."""
    api = build(
        schemas={
            "Code": {
                "allOf": [
                    {"type": "string", "pattern": "^[A-Z]", "maxLength": 9},
                    {"pattern": "[0-9]$"},
                    {"pattern": "^[A-Z]"},  # the same pattern again: kept once
                ]
            },
            "Step": {"allOf": [{"type": "integer", "multipleOf": 4}, {"multipleOf": 6}]},
            "Price": {"allOf": [{"type": "number", "multipleOf": 0.25}, {"multipleOf": 0.1}]},
            "Tags": {
                "allOf": [
                    {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                    {"uniqueItems": False},
                ]
            },
        }
    )
    assert api.alias("Code").type == ir.StringT(
        max_length=9, pattern="^[A-Z]", more_patterns=("[0-9]$",)
    )
    assert api.alias("Step").type == ir.IntT(ir.Bounds(multiple_of=12))
    assert api.alias("Price").type == ir.NumberT(ir.Bounds(multiple_of=0.5))
    tags = api.alias("Tags").type
    assert isinstance(tags, ir.ArrayT) and tags.unique_items


def _pets(discriminator: dict[str, object], openapi: str = "3.0.3") -> ir.Api:
    kind = {"type": "string"}
    return build(
        schemas={
            "Pet": {
                "oneOf": [
                    {"$ref": "#/components/schemas/Cat"},
                    {"$ref": "#/components/schemas/Dog"},
                ],
                "discriminator": discriminator,
            },
            "Cat": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": kind, "meows": {"type": "boolean"}},
            },
            "Dog": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": kind, "barks": {"type": "boolean"}},
            },
        },
        openapi=openapi,
    )


def test_one_of_with_a_discriminator_by_component_name_and_by_mapping() -> None:
    members = (ir.ModelRef("Cat"), ir.ModelRef("Dog"))
    api = _pets({"propertyName": "kind"})
    assert api.alias("Pet") == ir.Alias(
        "Pet",
        AT + "Pet",
        ir.UnionT(members, ir.Discriminator("kind", (("Cat", 0), ("Dog", 1))), one_of=True),
    )
    mapping = {"cat": "#/components/schemas/Cat", "dog": "Dog"}  # a pointer, or a name
    api = _pets({"propertyName": "kind", "mapping": mapping})
    tags = (("Cat", 0), ("Dog", 1), ("cat", 0), ("dog", 1))
    # the names select too, yet are drawn nowhere: a reader may take the mapped values only
    told = ir.Discriminator("kind", tags, frozenset({"Cat", "Dog"}))
    assert api.alias("Pet").type == ir.UnionT(members, told, one_of=True)
    assert (told.drawn(0), told.drawn(1)) == (["cat"], ["dog"])
    api = _pets({"propertyName": "kind", "mapping": {"cat": "Cat"}})  # Dog's name, its only
    told = ir.Discriminator("kind", (("Cat", 0), ("Dog", 1), ("cat", 0)), frozenset({"Cat"}))
    assert api.alias("Pet").type == ir.UnionT(members, told, one_of=True)
    assert (told.drawn(0), told.drawn(1)) == (["cat"], ["Dog"])


@pytest.mark.parametrize("mapping", [{}, {"cat": "#/components/schemas/Cat"}])
def test_a_3_1_discriminator_its_members_do_not_fix_is_read_as_plain_one_of(
    mapping: dict[str, str],
) -> None:
    # 3.1's validator reads no tag: `{"kind": "Cat"}` is valid under both members, so under
    # neither; the members share values, so exactly one must accept each
    members = (ir.ModelRef("Cat"), ir.ModelRef("Dog"))
    api = _pets({"propertyName": "kind", "mapping": mapping}, "3.1.0")
    assert api.alias("Pet").type == ir.UnionT(members, one_of=True, choices=members)
    assert api.counted == {AT + "Pet"}


def _kinds(cat: dict[str, object], dog: dict[str, object], **discriminator: object) -> ir.TypeRef:
    def member(kind: dict[str, object]) -> dict[str, object]:
        return {"type": "object", "required": ["kind"], "properties": {"kind": kind}}

    pet = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {"propertyName": "kind", **discriminator},
    }
    schemas = {"Pet": pet, "Cat": member(cat), "Dog": member(dog)}
    return build(schemas=schemas, openapi="3.1.0").alias("Pet").type


def test_a_3_1_discriminator_is_kept_where_each_member_fixes_its_own_tag() -> None:
    cat, dog = {"const": "cat"}, {"type": "string", "enum": ["dog"]}
    found = _kinds(cat, dog)
    assert isinstance(found, ir.UnionT) and found.discriminator is not None
    assert dict(found.discriminator.mapping)["cat"] == 0
    assert dict(found.discriminator.mapping)["dog"] == 1
    # a mapping that sends a member's own tag to another member is not read (`{"kind":
    # "cat"}` is valid under Cat alone): the tags the members fix tell them apart
    crossed = _kinds(cat, dog, mapping={"cat": "#/components/schemas/Dog"})
    assert isinstance(crossed, ir.UnionT) and crossed.discriminator is not None
    assert crossed.discriminator.mapping == (("cat", 0), ("dog", 1))
    # one member takes any tag: it shares them with the other
    loose = _kinds(cat, {"type": "string"})
    assert isinstance(loose, ir.UnionT) and loose.discriminator is None


def _of(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_a_discriminator_beside_all_of_is_read_as_the_version_s_validator_reads_it(
    openapi: str,
) -> None:
    tag = {"propertyName": "kind"}
    ripe = {"type": "object", "properties": {"ripe": {"type": "boolean"}}}
    schemas = {
        "Fruit": _tagged({"type": "string"}),
        "Tagged": {"discriminator": tag, "allOf": [_of("Fruit")]},
        "Built": {"allOf": [_of("Tagged"), ripe]},  # merges a tagged base
        "Both": {"discriminator": tag, "allOf": [_of("Built")], "oneOf": [_of("Fruit")]},
    }
    api = build(schemas=schemas, openapi=openapi)
    if openapi == "3.1.0":  # its validator reads no tag: `allOf` is an intersection
        assert {m.name for m in api.models} >= {"Tagged", "Built"}
        return
    # 3.0's: the value is an object whose tag names the one schema it matches (`Fruit`)
    by_name = ir.Discriminator("kind", (("Fruit", 0),))
    assert api.alias("Tagged").type == ir.UnionT((ir.ModelRef("Fruit"),), by_name)
    built = ir.UnionT((ir.ModelRef("BuiltOption1"),), by_name, one_of=True)
    assert api.alias("Built").type == built
    assert {f.wire for f in api.model("BuiltOption1").fields} == {"kind", "ripe"}
    # beside `oneOf` the `allOf` adds nothing: its members are not applied
    assert api.alias("Both").type == ir.UnionT((ir.ModelRef("Fruit"),), by_name, one_of=True)
    assert api.skipped == ()


def test_validators_read_a_mapping_to_a_schemas_name_as_its_reference() -> None:
    # a validator reads each mapping value as a reference: "Dog" alone would not resolve
    mapping = {"cat": "#/components/schemas/Cat", "dog": "Dog", "cow": "other.yaml#/Cow"}
    api = _pets({"propertyName": "kind", "mapping": mapping})
    read = api.schema_document["components"]["schemas"]["Pet"]["discriminator"]["mapping"]
    assert read == {
        "cat": "#/components/schemas/Cat",
        "dog": "#/components/schemas/Dog",
        "cow": "other.yaml#/Cow",
    }


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_a_mapping_selects_the_member_whose_schema_it_reaches_through_refs(openapi: str) -> None:
    # `round` names a place holding `$ref: Circle`; `disc` is the target of the member's
    # `$ref: Disc`, an alias of Circle: a validator follows the hops on either side (each
    # member fixes its own tag, so 3.1 keeps the discriminator: the tag decides there)
    def fixed(tag: str) -> dict[str, Any]:
        kind = {"type": "string", "enum": [tag]}
        return {"type": "object", "required": ["kind"], "properties": {"kind": kind}}

    schemas = {
        "Circle": fixed("disc"),
        "Square": fixed("box"),
        "Disc": {"$ref": "#/components/schemas/Circle"},
        "Holder": {
            "type": "object",
            "properties": {"inner": {"$ref": "#/components/schemas/Circle"}},
        },
        "Shape": {
            "oneOf": [
                {"$ref": "#/components/schemas/Disc"},
                {"$ref": "#/components/schemas/Square"},
            ],
            "discriminator": {
                "propertyName": "kind",
                "mapping": {
                    "round": "#/components/schemas/Holder/properties/inner",
                    "disc": "Circle",
                    "box": "#/components/schemas/Square",
                },
            },
        },
    }
    shape = build(schemas=schemas, openapi=openapi).alias("Shape").type
    assert isinstance(shape, ir.UnionT) and shape.discriminator is not None
    assert shape.members == (ir.ModelRef("Circle"), ir.ModelRef("Square"))
    tags = dict(shape.discriminator.mapping)
    assert tags == {"Disc": 0, "round": 0, "disc": 0, "Square": 1, "box": 1}


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_a_member_not_a_component_is_tagged_by_name_only_where_its_validator_reads_one(
    openapi: str,
) -> None:
    # 3.0's validator looks an unmapped tag up as a component's name: a member referred to
    # inside another schema has no name to be selected by there, only its mapping (each
    # member fixes its own tag, so 3.1 keeps the discriminator: the tag decides there)
    def fixed(tag: str) -> dict[str, Any]:
        kind = {"type": "string", "enum": [tag]}
        return {"type": "object", "required": ["kind"], "properties": {"kind": kind}}

    schemas = {
        "Bag": {"type": "object", "properties": {"loose": fixed("bag")}},
        "Square": fixed("Square"),
        "Shape": {
            "oneOf": [
                {"$ref": "#/components/schemas/Bag/properties/loose"},
                {"$ref": "#/components/schemas/Square"},
            ],
            "discriminator": {
                "propertyName": "kind",
                "mapping": {"bag": "#/components/schemas/Bag/properties/loose"},
            },
        },
    }
    shape = build(schemas=schemas, openapi=openapi).alias("Shape").type
    assert isinstance(shape, ir.UnionT) and shape.discriminator is not None
    tags = dict(shape.discriminator.mapping)
    if openapi == "3.0.3":
        assert tags == {"bag": 0, "Square": 1}
    else:  # a hint beside a plain `oneOf`: the models select the member by its last token too
        assert tags == {"bag": 0, "loose": 0, "Square": 1}


def test_members_told_apart_by_a_constant_get_an_implied_discriminator() -> None:
    api = build(
        schemas={
            "Shape": {
                "anyOf": [{"$ref": "#/components/schemas/Sq"}, {"$ref": "#/components/schemas/Ci"}]
            },
            "Sq": {"type": "object", "required": ["t"], "properties": {"t": {"const": "sq"}}},
            "Ci": {"type": "object", "required": ["t"], "properties": {"t": {"const": "ci"}}},
        }
    )
    assert api.alias("Shape").type == ir.UnionT(
        (ir.ModelRef("Sq"), ir.ModelRef("Ci")),
        ir.Discriminator("t", (("ci", 1), ("sq", 0))),
    )
    assert api.model("Sq").fields == (
        ir.Field(name="t", wire="t", type=ir.LiteralT(("sq",)), required=True),
    )


def test_recursion_through_a_model_and_through_an_alias() -> None:
    api = build(
        schemas={
            "Tree": {
                "type": "object",
                "properties": {
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}
                },
            },
            "Nested": {"type": "array", "items": {"$ref": "#/components/schemas/Nested"}},
        }
    )
    assert api.models == (
        ir.Model(
            "Tree",
            AT + "Tree",
            (
                ir.Field(
                    name="children",
                    wire="children",
                    type=ir.ArrayT(ir.ModelRef("Tree")),
                    required=False,
                ),
            ),
        ),
    )
    assert api.aliases == (ir.Alias("Nested", AT + "Nested", ir.ArrayT(ir.AliasRef("Nested"))),)
    assert api.skipped == ()


def test_enum_members_the_schemas_own_type_refuses_are_left_out() -> None:
    api = build(
        schemas={
            "Level": {"type": "string", "enum": ["low", 2, {"x": 1}, None]},
            "Count": {"type": ["integer", "null"], "enum": [1, 2.0, 2.5, True, None]},
            "Never": {"type": "boolean", "enum": ["yes"]},
            "Mixed": {"enum": ["a", 1]},
        }
    )
    assert [m.value for m in api.enum("Level").members] == ["low"]
    assert api.alias("Count").type == ir.LiteralT((1, 2.0, None))
    assert api.alias("Never").type == ir.NEVER
    assert api.alias("Mixed").type == ir.LiteralT(("a", 1))


_ALIKE = {
    "Cat": {"type": "object", "properties": {"name": {"type": "string"}}},
    "Dog": {"type": "object", "description": "a dog", "properties": {"name": {"type": "string"}}},
    "Fish": {"type": "object", "required": ["fins"], "properties": {"fins": {"type": "integer"}}},
}


def _union_of(keyword: str, *names: str, openapi: str = "3.1.0", **beside: object) -> ir.Api:
    members = [{"$ref": f"#/components/schemas/{n}"} for n in names]
    return build(schemas={**_ALIKE, "U": {keyword: members, **beside}}, openapi=openapi)


def test_two_any_of_groups_of_all_of_members_are_the_pairs_of_their_members() -> None:
    from generator.parse.merge import merge_all_of

    a, b = {"required": ["a"]}, {"required": ["b"]}
    c, d = {"required": ["c"]}, {"required": ["d"]}
    merged = merge_all_of([{"anyOf": [a, b]}, {"anyOf": [c, d]}], {})
    assert merged["anyOf"] == [
        {"allOf": [a, c]},
        {"allOf": [a, d]},
        {"allOf": [b, c]},
        {"allOf": [b, d]},
    ]
    # a third group pairs with the pairs
    merged = merge_all_of([{"oneOf": [a, b]}, {"oneOf": [c]}, {"oneOf": [d]}], {})
    assert merged["oneOf"] == [{"allOf": [{"allOf": [x, c]}, d]} for x in (a, b)]
    # members reaching further (a `$ref`), or too many pairs: the last group, as before
    ref = {"$ref": "#/components/schemas/X"}
    assert merge_all_of([{"anyOf": [a, ref]}, {"anyOf": [c]}], {})["anyOf"] == [c]
    many = [{"required": [str(n)]} for n in range(9)]
    assert merge_all_of([{"anyOf": many}, {"anyOf": many}], {})["anyOf"] == many


def test_a_group_of_one_all_of_member_dropped_beside_another_s_is_said() -> None:
    """`allOf: [{oneOf: [$ref Small, $ref Big]}, {oneOf: [$ref Cat, $ref Dog]}]`: the models
    keep the last group, so the first one's constraint is listed as skipped, never dropped
    silently; the same group twice loses nothing."""
    ref = {name: {"$ref": "#" + AT + name} for name in ("Small", "Big", "Cat", "Dog")}

    def model(name: str) -> dict[str, Any]:
        return {"type": "object", "required": [name], "properties": {name: {"type": "integer"}}}

    parts = {name: model(name.lower()) for name in ref}
    sizes, kinds = [ref["Small"], ref["Big"]], [ref["Cat"], ref["Dog"]]
    api = build(schemas={**parts, "Combo": {"allOf": [{"oneOf": sizes}, {"oneOf": kinds}]}})
    assert [(s.pointer, s.reason) for s in api.skipped] == [
        (AT + "Combo/allOf", "`oneOf` in two `allOf` members: the models enforce the last only")
    ]
    api = build(schemas={**parts, "Same": {"allOf": [{"anyOf": kinds}, {"anyOf": kinds}]}})
    assert api.skipped == ()


def test_a_3_0_tag_selecting_a_union_of_models_keeps_that_union() -> None:
    """`type: reply` selects Reply, a union told apart by `direction`: its values are valid
    messages, which a tag reading models only would drop (told: the tag is not read)."""
    ref = {name: {"$ref": "#" + AT + name} for name in ("Note", "Reply", "In", "Out")}

    def model(tag: str) -> dict[str, Any]:
        return {"type": "object", "properties": {"type": {"enum": [tag]}}}

    api = build(
        openapi="3.0.3",
        schemas={
            "Message": {
                "oneOf": [ref["Note"], ref["Reply"]],
                "discriminator": {"propertyName": "type"},  # Note and Reply, by name
            },
            "Reply": {"oneOf": [ref["In"], ref["Out"]], "discriminator": {"propertyName": "d"}},
            "Note": model("note"),
            "In": model("reply"),
            "Out": model("reply"),
        },
    )
    members = api.alias("Message").type
    assert isinstance(members, ir.UnionT) and members.discriminator is None
    assert members.members == (ir.ModelRef("Note"), ir.AliasRef("Reply"))
    (skip,) = api.skipped
    assert skip.pointer == AT + "Message/oneOf/1"
    assert "union of models" in skip.reason


@pytest.mark.parametrize("names", [("Cat", "Cat"), ("Cat", "Dog"), ("Cat", "Dog", "Cat")])
@pytest.mark.parametrize("beside", [{}, {"discriminator": {"propertyName": "name"}}])
def test_a_one_of_whose_every_member_has_a_twin_admits_no_value(
    names: tuple[str, ...], beside: dict[str, object]
) -> None:
    # (3.1's validator reads no tag: a discriminator changes nothing)
    api = _union_of("oneOf", *names, **beside)
    assert api.alias("U").type == ir.NEVER
    (skip,) = api.skipped
    assert skip.pointer == "/components/schemas/U/oneOf"
    assert "no value is valid" in skip.reason


def test_twins_that_differ_by_a_default_and_read_loosely_admit_no_value() -> None:
    """Members differing only by a `default` (a value no validator checks) accept the same
    values; that each holds a keyword the models do not enforce (a 3.0 `format` asserted by
    its validator alone) changes nothing: no value is valid, and that is what is said."""

    def error(code: str) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {
                "error": {"type": "string", "default": code},
                "docs": {"type": "string", "format": "url"},
                "count": {"type": "integer", "format": "int32"},
            },
        }

    members = [{"$ref": "#/components/schemas/Empty"}, {"$ref": "#/components/schemas/Unknown"}]
    api = build(
        openapi="3.0.3",
        schemas={"Empty": error("EMPTY"), "Unknown": error("UNKNOWN"), "U": {"oneOf": members}},
    )
    assert api.alias("U").type == ir.NEVER
    (skip,) = api.skipped
    assert skip.pointer == "/components/schemas/U/oneOf"
    assert "accepts the same values as another" in skip.reason


@pytest.mark.parametrize(
    ("keyword", "names", "beside"),
    [
        ("oneOf", ("Cat", "Dog", "Fish"), {}),  # a fish is valid
        ("anyOf", ("Cat", "Dog"), {}),  # any of them may match
        # 3.0's validator matches a value to its tag's member alone
        ("oneOf", ("Cat", "Dog"), {"discriminator": {"propertyName": "name"}, "openapi": "3.0.3"}),
    ],
)
def test_a_union_with_a_member_of_its_own_is_kept(
    keyword: str, names: tuple[str, ...], beside: dict[str, Any]
) -> None:
    api = _union_of(keyword, *names, **beside)
    assert isinstance(api.alias("U").type, ir.UnionT)
    assert api.skipped == ()


BOX = {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}}
AUTO = {"type": "string", "enum": ["auto"]}


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize("keyword", ["oneOf", "anyOf"])
def test_a_type_beside_a_union_applies_to_each_member(openapi: str, keyword: str) -> None:
    mode = {"type": "string", "enum": ["a", "b"]}
    schemas = {
        "Box": BOX,
        "Mode": mode,
        "Chunking": {"type": "object", keyword: [AUTO, {"$ref": "#/components/schemas/Box"}]},
        "Named": {"type": "object", keyword: [{"$ref": "#/components/schemas/Mode"}, BOX]},
        "Count": {"type": "integer", keyword: [{"type": "number", "maximum": 9}, AUTO]},
        "Word": {"type": "string", keyword: [{"$ref": "#/components/schemas/Box"}, BOX]},
    }
    api = build(schemas=schemas, openapi=openapi)
    assert api.alias("Chunking").type == ir.ModelRef("Box")
    assert api.alias("Named").type == ir.ModelRef("NamedOption2")
    assert api.alias("Count").type == ir.IntT(ir.Bounds(le=9))
    assert api.alias("Word").type == ir.NEVER  # no member has a string
    assert sorted(s.pointer.removeprefix(AT) for s in api.skipped) == [
        f"Chunking/{keyword}/0",
        f"Count/{keyword}/1",
        f"Named/{keyword}/0",
        f"Word/{keyword}/0",
        f"Word/{keyword}/1",
    ]
    assert all("`type` beside it" in s.reason for s in api.skipped)


def _tagged(kind: dict[str, object]) -> dict[str, object]:
    return {"type": "object", "required": ["kind"], "properties": {"kind": kind}}


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_const_and_prefix_items_are_read_as_the_document_s_validators_read_them(
    openapi: str,
) -> None:
    schemas = {
        "Word": {"type": "string", "const": "a"},
        "Pair": {
            "type": "array",
            "prefixItems": [{"type": "string"}],
            "items": {"type": "integer"},
        },
        "A": _tagged({"const": "a"}),
        "B": _tagged({"const": "b"}),
        "AorB": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
    }
    api = build(schemas=schemas, openapi=openapi)
    word, pair, either = (api.alias(n).type for n in ("Word", "Pair", "AorB"))
    assert isinstance(either, ir.UnionT)
    if openapi == "3.1.0":
        assert word == ir.LiteralT(("a",))
        assert isinstance(pair, ir.ArrayT) and pair.prefix == (ir.StringT(),)
        assert either.discriminator is not None  # told apart by the constant
        return
    # 3.0 has neither keyword: its validators ignore them, and so do the models
    assert word == ir.StringT()
    assert pair == ir.ArrayT(ir.IntT())
    assert either.discriminator is None
    assert {s.pointer for s in api.skipped} == {
        "/components/schemas/Word/const",
        "/components/schemas/Pair/prefixItems",
        "/components/schemas/A/properties/kind/const",
        "/components/schemas/B/properties/kind/const",
    }
    assert all("not an OpenAPI 3.0 keyword" in s.reason for s in api.skipped)


def test_a_3_0_tag_of_one_enum_value_still_tells_members_apart() -> None:
    schemas = {
        "A": _tagged({"type": "string", "enum": ["a"]}),
        "B": _tagged({"type": "string", "enum": ["b"]}),
        "AorB": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
    }
    either = build(schemas=schemas, openapi="3.0.3").alias("AorB").type
    assert isinstance(either, ir.UnionT) and either.discriminator is not None


@pytest.mark.parametrize(
    ("schema", "constrained"),
    [
        ({"minLength": 2}, ir.StringT(min_length=2)),
        ({"pattern": "^a"}, ir.StringT(pattern="^a")),
        ({"format": "email"}, ir.StringT(format="email")),
        ({"minimum": 3}, ir.NumberT(ir.Bounds(ge=3))),
        ({"format": "int32"}, ir.NumberT(format="int32")),
        ({"minItems": 1}, ir.ArrayT(ir.AnyT(), min_items=1)),
    ],
)
def test_an_untyped_schema_constrains_only_the_values_of_its_keywords_type(
    schema: dict[str, object], constrained: ir.TypeRef
) -> None:
    # JSON Schema: `minLength` acts on strings; a number, a list, null... are valid as they are
    api = build(schemas={"X": {"type": "object", "properties": {"f": schema}}})
    found = api.model("X").fields[0].type
    assert isinstance(found, ir.UnionT)
    assert found.members[0] == constrained
    kinds = {m.kind for m in found.members}
    assert kinds == {"string", "number", "array", "map", "boolean", "null"}


def test_an_untyped_schema_with_keywords_of_two_types_gives_each_its_own() -> None:
    schema = {"format": "email", "minimum": 2}
    found = build(schemas={"X": {"type": "object", "properties": {"f": schema}}}).model("X")
    members = found.fields[0].type.members  # type: ignore[attr-defined]
    assert members[:2] == (ir.NumberT(ir.Bounds(ge=2)), ir.StringT(format="email"))


def test_an_enum_none_of_whose_values_is_of_the_type_admits_no_value_and_says_so() -> None:
    api = build(schemas={"X": {"type": "integer", "enum": ["-1", "1"]}}, openapi="3.0.3")
    assert api.alias("X").type == ir.NEVER
    (skip,) = api.skipped
    assert skip.pointer == "/components/schemas/X/enum"
    assert "no value is valid" in skip.reason
    # one of them fits: the others are left out, nothing to say
    assert build(schemas={"X": {"type": "integer", "enum": ["a", 1]}}).skipped == ()


def test_a_nullable_enum_none_of_whose_values_is_of_the_type_says_null_is_left() -> None:
    schema = {"type": "string", "nullable": True, "enum": [True, False]}
    api = build(schemas={"X": schema}, openapi="3.0.3")
    assert api.alias("X").type == ir.UnionT((ir.NEVER, ir.NullT()))
    (skip,) = api.skipped
    assert skip.reason.endswith("only null is valid"), skip.reason


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_names_a_pattern_matches_are_not_additional_properties(openapi: str) -> None:
    # `additionalProperties: false` refuses only the names no pattern matches; the models
    # cannot tell names by pattern, so they take what any pattern's schema takes (3.0 reads
    # no `patternProperties`: there, any value)
    schema = {
        "type": "object",
        "additionalProperties": False,
        "patternProperties": {"^a": {"type": "string"}, "^b": {"type": "integer"}},
    }
    api = build(schemas={"T": schema}, openapi=openapi)
    extra = api.model("T").extra
    if openapi == "3.0.3":
        assert extra == ir.AnyT()
    else:
        assert extra == ir.UnionT((ir.StringT(), ir.IntT()))
    assert any(s.pointer.endswith("/patternProperties") for s in api.skipped)


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_a_3_1_member_is_selected_by_the_tag_its_own_schema_fixes(openapi: str) -> None:
    # no mapping: the tags are the components' names, which the members' enums refuse; a
    # real payload carries `file_citation`, which 3.1 (a discriminator is a hint) reads as
    # the member's; 3.0's validator reads a tag as a schema's name only
    schemas = {
        "File": _tagged({"type": "string", "enum": ["file_citation"]}),
        "Url": _tagged({"type": "string", "enum": ["url_citation"]}),
        "Note": {
            "oneOf": [{"$ref": "#/components/schemas/File"}, {"$ref": "#/components/schemas/Url"}],
            "discriminator": {"propertyName": "kind"},
        },
    }
    note = build(schemas=schemas, openapi=openapi).alias("Note").type
    assert isinstance(note, ir.UnionT) and note.discriminator is not None
    mapping = dict(note.discriminator.mapping)
    assert {mapping["File"], mapping["Url"]} == {0, 1}
    if openapi == "3.1.0":
        assert (mapping["file_citation"], mapping["url_citation"]) == (0, 1)
    else:
        assert "file_citation" not in mapping


def test_integer_keywords_written_with_a_zero_fraction_are_integers() -> None:
    # JSON Schema counts 2.0 as an integer: `maxLength: 2.0` bounds as `maxLength: 2` does,
    # in the models and in the spec's validator alike
    from generator.exchange import SchemaValidator
    from tests.unit.parse.spec import build as build_snippet

    thing = {
        "type": "object",
        "minProperties": 1.0,
        "properties": {
            "name": {"type": "string", "minLength": 1.0, "maxLength": 2.0},
            "tags": {"type": "array", "maxItems": 2.0, "items": {"type": "string"}},
        },
    }
    api = build_snippet(schemas={"Thing": thing})
    fields = {f.wire: ir.without_null(f.type) for f in api.model("Thing").fields}
    assert fields["name"] == ir.StringT(min_length=1, max_length=2)
    assert isinstance(fields["tags"], ir.ArrayT) and fields["tags"].max_items == 2
    assert api.model("Thing").min_properties == 1
    validator = SchemaValidator(api)
    assert not validator.is_valid("/components/schemas/Thing", {"name": "abc"})
    assert not validator.is_valid("/components/schemas/Thing", {"tags": ["a", "b", "c"]})
    assert not validator.is_valid("/components/schemas/Thing", {})
    assert validator.is_valid("/components/schemas/Thing", {"name": "ab", "tags": ["a"]})


def test_an_untyped_schema_with_properties_holds_other_values_under_their_keywords() -> None:
    # `minimum` applies to numbers, `maxLength` to strings: the values beside the model are
    # read under them, not as any number or any string
    from tests.unit.parse.spec import build as build_snippet

    schema = {"minimum": 30, "maxLength": 3, "properties": {"foo": {"type": "string"}}}
    api = build_snippet(
        schemas={
            "NoRec": schema,
            "Holder": {"properties": {"x": {"$ref": "#/components/schemas/NoRec"}}},
        }
    )
    (field,) = api.model("Holder").fields
    members = ir.without_null(field.type)
    assert isinstance(members, ir.UnionT)
    numbers = [m for m in members.members if isinstance(m, ir.NumberT)]
    strings = [m for m in members.members if isinstance(m, ir.StringT)]
    assert [n.bounds.ge for n in numbers] == [30]
    assert [s.max_length for s in strings] == [3]
    assert ir.ModelRef("NoRec") in members.members


def test_enum_values_the_keywords_beside_them_refuse_are_no_members() -> None:
    """`enum: [hello, goodbye]` beside `maxLength: 5` admits `hello` only: a member the
    schema's own lengths, pattern, bounds or step refuse is never valid, so the models do not
    take it and the strategies never draw it."""
    api = build(
        schemas={
            "Word": {"type": "string", "enum": ["hello", "goodbye", "hi"], "maxLength": 5},
            "Greeting": {"type": "string", "enum": ["hello", "yo"], "pattern": "^h"},
            "Step": {
                "type": "integer",
                "enum": [1, 5, 10, 12, 15],
                "minimum": 2,
                "maximum": 12,
                "multipleOf": 5,
            },
        }
    )
    members = {e.name: [m.value for m in e.members] for e in api.enums}
    assert members == {"Word": ["hello", "hi"], "Greeting": ["hello"], "Step": [5, 10]}


def test_an_all_of_holding_the_false_schema_admits_no_value() -> None:
    """`allOf: [{$ref: Never}, {minLength: 2}]` with `Never: false` (3.1): no value is valid,
    as no value is under `false`; the merge read the boolean as no constraint at all."""
    from generator.parse.merge import merge_all_of

    never = {"$ref": "#/components/schemas/Never"}
    assert (
        merge_all_of([never, {"minLength": 2}], {"components": {"schemas": {"Never": False}}})[
            "not"
        ]
        == {}
    )
    api = build(
        openapi="3.1.0",
        schemas={
            "Never": False,
            "Box": {
                "type": "object",
                "required": ["value"],
                "properties": {"value": {"allOf": [never, {"minLength": 2}]}},
            },
        },
    )
    (field,) = api.model("Box").fields
    assert field.type == ir.NEVER


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
def test_a_default_its_schema_refuses_is_left_out_of_the_ir(openapi: str) -> None:
    # formats asserted, as `validate` judges a default: the models never apply such a
    # default, and the generated tests never draw it
    properties = {
        "day": {"type": "string", "format": "date", "default": "someday"},
        "id": {"type": "string", "format": "uuid", "default": "me"},
        "code": {"type": "string", "maxLength": 3, "default": "toolong"},
        "slug": {"type": "string", "pattern": "^[a-z]+$", "default": "Not a slug"},
        "level": {"type": "string", "enum": ["low", "high"], "default": "medium"},
        "good": {"type": "string", "format": "date", "default": "2024-02-29"},
    }
    paths = {
        "/x": {
            "get": {
                "parameters": [
                    {"name": "since", "in": "query", "schema": properties["day"]},
                    {"name": "on", "in": "query", "schema": properties["good"]},
                ],
                "responses": {"204": {"description": "done"}},
            }
        }
    }
    api = build(paths, {"M": {"type": "object", "properties": properties}}, openapi=openapi)
    defaults = {f.wire: f.default for f in api.model("M").fields}
    assert defaults == {
        "day": None,
        "id": None,
        "code": None,
        "slug": None,
        "level": None,
        "good": ir.Default("2024-02-29"),
    }
    params = {p.wire: p.default for p in api.operations[0].params}
    assert params == {"since": None, "on": ir.Default("2024-02-29")}


def test_enum_members_their_format_refuses_are_left_out() -> None:
    schema = {"type": "string", "format": "date", "enum": ["2024-02-30", "2024-03-01"]}
    api = build(schemas={"Day": schema, "M": {"type": "object", "properties": {"d": schema}}})
    assert [m.value for m in api.enum("Day").members] == ["2024-03-01"]
    assert api.model("M").fields[0].type == ir.LiteralT(("2024-03-01",))


def test_an_enum_of_arrays_or_objects_is_any_value_to_the_models_and_keeps_its_values() -> None:
    api = build(
        schemas={
            "Flag": {"const": [False]},
            "Shape": {"enum": [{"a": 1}, [2], "x"]},
            # the keywords beside the enum leave some of its values, or none
            "Pairs": {"type": "array", "minItems": 2, "enum": [[1], [1, 2]]},
            "Unmet": {"type": "array", "maxItems": 1, "enum": [[1, 2], [3, 4]]},
            # object keywords beside the values: still the values, not a model
            "Point": {"type": "object", "required": ["y"], "enum": [{"x": 0, "y": 0}, {"x": 1}]},
        }
    )
    assert api.alias("Flag").type == ir.AnyT(([False],))
    assert api.alias("Shape").type == ir.AnyT(({"a": 1}, [2], "x"))
    assert api.alias("Pairs").type == ir.AnyT(([1, 2],))
    assert api.alias("Unmet").type == ir.NEVER
    assert api.alias("Point").type == ir.AnyT(({"x": 0, "y": 0},))
    assert not api.models
    said = {s.pointer: s.reason for s in api.skipped}
    assert said[AT + "Flag"] == "an `enum`/`const` of objects or arrays is typed as any value"
    assert said[AT + "Unmet/enum"] == (
        "no value of `enum` is valid under the keywords beside it: no value is valid"
    )


@pytest.mark.parametrize(
    ("members", "const", "no_value"),
    [
        ([{"const": "a"}, {"const": "a"}], "a", False),
        ([{"const": "on"}, {"const": "off"}], "on", True),
        ([{"const": 1}, {"const": 1.0}], 1, False),  # one number
        ([{"const": 1}, {"const": True}], 1, True),  # a boolean is no number
        ([{"enum": ["a", "b"]}, {"const": "a"}], "a", False),
        ([{"const": "a"}, {"enum": ["b", "c"]}], "a", True),
        ([{"const": {"a": [1, 2]}}, {"const": {"a": [1.0, 2]}}], {"a": [1, 2]}, False),
    ],
)
def test_an_all_of_allows_only_the_values_every_member_allows(
    members: list[Any], const: Any, no_value: bool
) -> None:
    from generator.parse.merge import merge_all_of

    merged = merge_all_of(members, {})
    assert merged["const"] == const
    assert (merged.get("not") == {}) is no_value
