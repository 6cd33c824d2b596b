"""Walking IR types: every type inside a type is reached, and rewritten, once per place."""

from __future__ import annotations

from generator import ir

THING = ir.ModelRef("Thing")
OTHER = ir.ModelRef("Other")
TAG = ir.EnumRef("Tag")
NAME = ir.AliasRef("Name")


def test_children_of_an_array_include_its_positions_and_the_rest() -> None:
    t = ir.ArrayT(ir.UnionT((THING, TAG)), prefix=(THING,), rest=TAG)
    assert ir.children(t) == (ir.UnionT((THING, TAG)), THING, TAG)
    assert ir.children(ir.ArrayT(NAME)) == (NAME,)


def test_children_of_a_union_include_its_choices() -> None:
    t = ir.UnionT((THING, OTHER), one_of=True, choices=(ir.UnionT((THING, OTHER)), TAG))
    assert ir.children(t) == (THING, OTHER, ir.UnionT((THING, OTHER)), TAG)


def test_named_schemas_and_scalars_have_no_children() -> None:
    leaves = [ir.AnyT(), ir.NullT(), ir.BoolT(), ir.IntT(), ir.NumberT(), ir.StringT()]
    leaves += [ir.LiteralT((1,)), THING, TAG, NAME]
    assert all(ir.children(t) == () for t in leaves)
    assert ir.children(ir.MapT(NAME)) == (NAME,)


def test_walk_goes_depth_first_and_does_not_enter_names() -> None:
    inner = ir.MapT(ir.ArrayT(NAME))
    t = ir.UnionT((inner, ir.NullT()))
    assert list(ir.walk(t)) == [t, inner, ir.ArrayT(NAME), NAME, ir.NullT()]
    assert [r.name for r in ir.named_refs(t)] == ["Name"]


def test_named_refs_reach_every_position_of_an_array() -> None:
    t = ir.ArrayT(ir.AnyT(), prefix=(THING,), rest=OTHER)
    assert [r.name for r in ir.named_refs(t)] == ["Thing", "Other"]


def test_map_children_rewrites_every_place_a_type_sits() -> None:
    def rename(t: ir.TypeRef) -> ir.TypeRef:
        return ir.ModelRef(t.name + "Input") if isinstance(t, ir.ModelRef) else t

    array = ir.ArrayT(THING, min_items=1, prefix=(THING, TAG), rest=THING)
    assert ir.map_children(array, rename) == ir.ArrayT(
        ir.ModelRef("ThingInput"),
        min_items=1,
        prefix=(ir.ModelRef("ThingInput"), TAG),
        rest=ir.ModelRef("ThingInput"),
    )
    union = ir.UnionT((THING, OTHER), one_of=True, choices=(THING, OTHER), required=("a",))
    assert ir.map_children(union, rename) == ir.UnionT(
        (ir.ModelRef("ThingInput"), ir.ModelRef("OtherInput")),
        one_of=True,
        choices=(ir.ModelRef("ThingInput"), ir.ModelRef("OtherInput")),
        required=("a",),
    )
    assert ir.map_children(ir.MapT(THING), rename) == ir.MapT(ir.ModelRef("ThingInput"))
    assert ir.map_children(THING, rename) is THING  # a name is not entered
