"""TypeRef -> Hypothesis strategy expression: one handler per kind, spec values only as literals."""

from __future__ import annotations

import ast
import dataclasses
import re
from typing import Any

import pytest

from generator import ir
from generator.facts import exclusion, typefacts
from generator.render import strategies as strat
from generator.render.environment import builtin_templates
from generator.render.suite import operations


def make_api(*items: ir.Model | ir.Enum | ir.Alias, openapi: str = "3.1.0") -> ir.Api:
    return ir.Api(
        spec_file="spec.yaml",
        package="pkg",
        title="T",
        version="1",
        openapi=openapi,
        description=None,
        servers=(),
        base_url=None,
        base_url_env="PKG_BASE_URL",
        models=tuple(i for i in items if isinstance(i, ir.Model)),
        enums=tuple(i for i in items if isinstance(i, ir.Enum)),
        aliases=tuple(i for i in items if isinstance(i, ir.Alias)),
    )


def field(wire: str, t: ir.TypeRef, *, required: bool = True, default: Any = None) -> ir.Field:
    value = ir.Default(default) if default is not None else None
    return ir.Field(name=wire, wire=wire, type=t, required=required, default=value)


M = ir.Model("M", "/components/schemas/M", (field("a", ir.BoolT()),), extra=None)
COLOR = ir.Enum("Color", "/components/schemas/Color", "str", (ir.EnumMember("RED", "red"),))
API = make_api(M, COLOR)


CASES: list[tuple[ir.TypeRef, str]] = [
    (ir.AnyT(), "json_values()"),
    # an enum of arrays or objects: the values listed, each drawn as a copy of its own
    (ir.AnyT(([False], {"a": 1})), "listed([[False], {'a': 1}])"),
    (ir.NullT(), "st.none()"),
    (ir.BoolT(), "st.booleans()"),
    (ir.IntT(), "st.integers()"),
    (ir.IntT(ir.Bounds(ge=1, le=10)), "st.integers(min_value=1, max_value=10)"),
    (ir.IntT(ir.Bounds(gt=0, lt=5.5)), "st.integers(min_value=1, max_value=5)"),
    (ir.IntT(ir.Bounds(ge=0.5)), "st.integers(min_value=1)"),
    (ir.IntT(format="int32"), "st.integers(min_value=-2147483648, max_value=2147483647)"),
    (ir.IntT(ir.Bounds(ge=10, le=1)), "st.nothing()"),
    (ir.IntT(ir.Bounds(ge=-5, lt=100, multiple_of=5)), "multiples(5, low=-5, high=99)"),
    (ir.IntT(ir.Bounds(multiple_of=2.5)), "multiples(5)"),  # the integers among them
    (ir.NumberT(), "numbers()"),
    (ir.NumberT(ir.Bounds(gt=0, le=1)), "numbers(low=0, high=1, exclude_low=True)"),
    (ir.NumberT(ir.Bounds(ge=0, gt=1)), "numbers(low=1, exclude_low=True)"),
    (ir.NumberT(ir.Bounds(multiple_of=0.5, lt=3)), "multiples(0.5, high=3, exclude_high=True)"),
    (ir.StringT(), "st.text()"),
    (ir.StringT(min_length=2, max_length=5), "st.text(min_size=2, max_size=5)"),
    (
        ir.StringT(pattern="^a+$", max_length=3),
        r"pattern('\\Aa+\\Z', max_size=3, plan=[[1, None, [['a', 1, 1, None]]]])",
    ),
    (ir.StringT(format="uuid"), "formats('uuid')"),
    (ir.StringT(format="email", max_length=20), "texts(format='email', max_size=20)"),
    (ir.StringT(format="date", pattern="^2"), r"texts(format='date', regex='\\A2')"),
    (ir.StringT(encoding="base64"), "texts(encoding='base64')"),
    (
        ir.StringT(max_length=8, encoding="base64url", media="application/json"),
        "texts(encoding='base64url', media='application/json', max_size=8)",
    ),
    (ir.StringT(encoding="quoted-printable"), "st.text()"),
    (ir.StringT(format="byte", encoding="base64"), "formats('byte')"),
    (ir.StringT(format="no-such-format"), "st.text()"),
    (ir.ArrayT(ir.BoolT()), "st.lists(st.booleans(), max_size=4)"),
    (
        ir.ArrayT(ir.IntT(), min_items=2, unique_items=True),
        "unique(st.integers(), min_size=2, max_size=6)",
    ),
    (ir.ArrayT(ir.ModelRef("M"), max_items=9), "st.lists(m(), max_size=9)"),
    (ir.ArrayT(ir.ModelRef("M")), "st.lists(m(), max_size=2)"),
    (ir.MapT(ir.StringT(), max_properties=3), "st.dictionaries(st.text(), st.text(), max_size=3)"),
    (ir.ModelRef("M"), "m()"),
    (ir.EnumRef("Color"), "color()"),
    (ir.LiteralT(("a",)), "st.just('a')"),
    (ir.LiteralT(("a", 1, True)), "st.sampled_from(['a', 1, True])"),
    (ir.UnionT((ir.BoolT(), ir.NullT())), "st.sampled_from([False, True, None])"),
    (ir.UnionT((ir.EnumRef("Color"), ir.NullT())), "st.sampled_from(['red', None])"),
    (ir.UnionT((ir.LiteralT(("a", "b")), ir.LiteralT(("b",))), one_of=True), "st.just('a')"),
    (ir.UnionT((ir.LiteralT((1,)), ir.LiteralT((True,)))), "st.sampled_from([1, True])"),
    (ir.UnionT((ir.StringT(), ir.NullT())), "st.one_of(st.text(), st.none())"),
    (ir.UnionT((ir.IntT(), ir.NumberT()), one_of=True), "non_integral(numbers())"),
    # oneOf: "x" matches both members, so only other strings are valid
    (
        ir.UnionT((ir.StringT(), ir.LiteralT(("x",))), one_of=True),
        "excluding(st.text(), ['x'])",
    ),
]


@pytest.mark.parametrize(
    ("t", "expected"), CASES, ids=[f"{t.kind}-{i}" for i, (t, _) in enumerate(CASES)]
)
def test_expression_per_kind(t: ir.TypeRef, expected: str) -> None:
    text = strat.Strategies(API).expr(t)
    assert text == expected
    ast.parse(text, mode="eval")


def test_text_has_its_own_alphabet_in_headers_cookies_and_paths() -> None:
    s = strat.Strategies(API)
    assert (
        s.expr(ir.StringT(max_length=4), strat.Scope(text="header_text"))
        == "header_text(max_size=4)"
    )
    assert s.expr(ir.StringT(), strat.Scope(text="cookie_text")) == "cookie_text()"
    assert s.expr(ir.StringT(), strat.Scope(text="path_text")) == "path_text(min_size=1)"
    listed = ir.AnyT((["on", "off"],))
    assert (
        s.expr(listed, strat.Scope(text="header_text"))
        == "carried([['on', 'off']], within='header')"
    )


HOSTILE = '"""); import os; os.system("x") #\n\\'
# the same text as a valid ECMA-262 pattern (its syntax characters escaped)
HOSTILE_PATTERN = "".join("\\" + c if c in "^$\\.*+?()[]{}|/" else c for c in HOSTILE)


def test_spec_strings_only_ever_become_literals() -> None:
    s = strat.Strategies(API)
    hostile = (
        ir.StringT(pattern=HOSTILE_PATTERN),
        ir.LiteralT((HOSTILE,)),
        ir.StringT(format=HOSTILE),
    )
    for t in hostile:
        tree = ast.parse(s.expr(t), mode="eval")
        calls = {ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        assert calls <= {"pattern", "st.just", "st.text"}
    model = ir.Model(
        "Hostile", "/components/schemas/" + HOSTILE, (field(HOSTILE, ir.BoolT()),), extra=None
    )
    function = strat.Strategies(make_api(model)).function(model)
    ast.parse(function.body, mode="eval")
    keys = [
        k.value
        for n in ast.walk(ast.parse(function.body))
        if isinstance(n, ast.Dict)
        for k in n.keys
        if isinstance(k, ast.Constant)
    ]
    assert HOSTILE in keys


def test_models_are_fixed_dictionaries_with_extras_under_a_free_prefix() -> None:
    model = ir.Model(
        "Thing",
        "/components/schemas/Thing",
        (field("x-a", ir.IntT()), field("note", ir.StringT(), required=False, default="n")),
        extra=ir.StringT(max_length=2),
    )
    function = strat.Strategies(make_api(model)).function(model)
    assert function.name == "thing"
    assert function.returns == "dict[str, Any]"
    assert function.body == (
        "st.fixed_dictionaries({'x-a': st.integers()}, "
        "optional={'note': st.one_of(st.just('n'), st.text()), "
        "'x--extra': st.text(max_size=2)})"
    )
    closed = strat.Strategies(API).function(M)
    assert closed.body == "st.fixed_dictionaries({'a': st.booleans()})"
    open_ = ir.Model("Open", "/o", (field("a", ir.BoolT()),))
    body = strat.Strategies(make_api(open_)).function(open_).body
    assert (
        body == "st.fixed_dictionaries({'a': st.booleans()}, optional={'x-extra': json_scalars()})"
    )


def test_defaults_come_first_among_few_values() -> None:
    model = ir.Model(
        "D", "/d", (field("level", ir.LiteralT(("low", "high")), required=False, default="high"),)
    )
    body = strat.Strategies(make_api(model)).function(model).body
    assert "'level': st.sampled_from(['high', 'low'])" in body


def test_a_default_that_does_not_fit_its_type_is_left_out() -> None:
    model = ir.Model("D", "/d", (field("n", ir.IntT(ir.Bounds(le=3)), required=False, default=10),))
    body = strat.Strategies(make_api(model)).function(model).body
    assert "just(10)" not in body


def test_recursion_goes_one_level_down_and_ends_in_nothing() -> None:
    node = ir.Model(
        "Node",
        "/components/schemas/Node",
        (
            field("children", ir.ArrayT(ir.ModelRef("Node")), required=False),
            field("parent", ir.UnionT((ir.ModelRef("Node"), ir.NullT())), required=False),
        ),
        extra=None,
    )
    leaf = ir.Model(
        "Leaf", "/components/schemas/Leaf", (field("node", ir.ModelRef("Node")),), extra=None
    )
    s = strat.Strategies(make_api(node, leaf))
    function = s.function(node)
    assert function.recursive
    assert "(node(depth - 1) if depth else st.nothing())" in function.body
    # no list of nothing at the bottom, nor of items that draw nothing there
    assert (
        "if depth and draws((node(depth - 1) if depth else st.nothing())) else st.just([]))"
        in function.body
    )
    outside = s.function(leaf)
    assert not outside.recursive
    assert outside.body == "st.fixed_dictionaries({'node': node()})"


def test_discriminated_members_carry_their_tags() -> None:
    cat = ir.Model("Cat", "/c", (field("kind", ir.StringT()),), extra=None)
    dog = ir.Model("Dog", "/d", (field("kind", ir.LiteralT(("dog",))),), extra=None)
    union = ir.UnionT(
        (ir.ModelRef("Cat"), ir.ModelRef("Dog"), ir.NullT()),
        ir.Discriminator("kind", (("cat", 0), ("dog", 1), ("kitty", 0))),
        one_of=True,
    )
    text = strat.Strategies(make_api(cat, dog)).expr(union)
    assert text == "st.one_of(tagged(cat(), 'kind', ['cat', 'kitty']), dog(), st.none())"


def test_a_member_is_tagged_only_with_tags_its_own_schema_takes() -> None:
    # the mapping's value and the component's name both select it; its enum takes one
    cat = ir.Model("Cat", "/c", (field("kind", ir.LiteralT(("cat",)), required=False),))
    bird = ir.Model("Bird", "/b", (field("kind", ir.LiteralT(("bird",)), required=False),))
    closed = ir.Model("Fish", "/f", (), extra=None)  # no tag can be set: never drawn
    union = ir.UnionT(
        (ir.ModelRef("Cat"), ir.ModelRef("Bird"), ir.ModelRef("Fish")),
        ir.Discriminator("kind", (("Bird", 1), ("Cat", 0), ("Fish", 2), ("bird", 1), ("cat", 0))),
        one_of=True,
    )
    text = strat.Strategies(make_api(cat, bird, closed)).expr(union)
    assert text == ("st.one_of(tagged(cat(), 'kind', ['cat']), tagged(bird(), 'kind', ['bird']))")


def test_overlapping_named_members_of_a_one_of_are_kept_apart_by_the_validator() -> None:
    a = ir.Model("A", "/components/schemas/A", (ir.Field("a", "a", ir.StringT(), True),))
    b = ir.Model("B", "/components/schemas/B", (ir.Field("b", "b", ir.StringT(), True),))
    union = ir.UnionT((ir.ModelRef("A"), ir.ModelRef("B")), one_of=True)
    # a pointer the spec does not have (a schema merged from allOf) cannot be checked
    assert strat.Strategies(make_api(a, b)).expr(union) == "st.one_of(a(), b())"
    schemas = {
        name: {"type": "object", "required": [name.lower()], "properties": {name.lower(): {}}}
        for name in ("A", "B")
    }
    api = dataclasses.replace(make_api(a, b), schema_document={"components": {"schemas": schemas}})
    text = strat.Strategies(api).expr(union)
    assert text == (
        "st.one_of(exclusive(a(), ['/components/schemas/B'], own='/components/schemas/A'), "
        "exclusive(b(), ['/components/schemas/A'], own='/components/schemas/B'))"
    )
    # written alike, the two accept the same values: neither is ever valid, none is drawn
    twins = {"A": schemas["A"], "B": {**schemas["A"], "description": "another name for A"}}
    api = dataclasses.replace(make_api(a, b), schema_document={"components": {"schemas": twins}})
    assert strat.Strategies(api).expr(union) == "st.nothing()"


def test_one_of_members_another_member_accepts_whole_are_not_drawn() -> None:
    # every object matches `Wide`: an object of another member matches twice
    named = ir.Model("A", "/components/schemas/A", (ir.Field("a", "a", ir.StringT(), True),))
    wide = ir.Model("Wide", "/components/schemas/Wide", ())
    union = ir.UnionT((ir.ModelRef("A"), ir.ModelRef("Wide")), one_of=True)
    assert strat.Strategies(make_api(named, wide)).expr(union) == "wide()"


def test_open_one_of_members_get_a_property_the_other_member_refuses() -> None:
    # optional properties only: each accepts the other's values unless one is drawn apart
    a = ir.Model("A", "/components/schemas/A", (ir.Field("url", "url", ir.StringT(), False),))
    b = ir.Model("B", "/components/schemas/B", (ir.Field("size", "size", ir.IntT(), False),))
    union = ir.UnionT((ir.ModelRef("A"), ir.ModelRef("B")), one_of=True)
    text = strat.Strategies(make_api(a, b)).expr(union)
    assert text == "st.one_of(apart(a(), {'size': ''}), apart(b(), {'url': 0}))"


def breakers_of(api: ir.Api) -> dict[str, Any]:
    return exclusion.breakers(api, ir.ModelRef("Mine"), [ir.ModelRef("Rival")])


@pytest.mark.parametrize(
    ("mine", "rival", "expected"),
    [
        # a property the rival declares and mine does not, set to a type the rival refuses
        ((), (field("n", ir.UnionT((ir.NullT(), ir.IntT())), required=False),), {"n": ""}),
        # the rival requires a property mine lacks: no value of mine matches it anyway
        ((), (field("n", ir.IntT()), field("m", ir.IntT(), required=False)), {}),
        # the rival's property takes any value: nothing it refuses
        ((), (field("n", ir.AnyT(), required=False),), {}),
        # both declare it: setting it could make a value of mine invalid
        ((field("n", ir.StringT(), required=False),), (field("n", ir.IntT(), required=False),), {}),
    ],
)
def test_breakers(
    mine: tuple[ir.Field, ...], rival: tuple[ir.Field, ...], expected: dict[str, Any]
) -> None:
    api = make_api(ir.Model("Mine", "/m", mine), ir.Model("Rival", "/r", rival))
    assert breakers_of(api) == expected


def test_no_breaker_where_mine_takes_no_other_property() -> None:
    rival = ir.Model("Rival", "/r", (field("n", ir.IntT(), required=False),))
    closed = ir.Model("Mine", "/m", (), extra=None)
    assert breakers_of(make_api(closed, rival)) == {}
    texts = ir.Model("Mine", "/m", (), extra=ir.StringT())
    assert breakers_of(make_api(texts, rival)) == {"n": ""}


def test_a_map_member_gets_a_property_the_other_member_refuses() -> None:
    # `{type: object}` beside a model of optional properties: an empty object matches both
    rival = ir.Model("Rival", "/r", (field("n", ir.IntT(), required=False),))
    api = make_api(ir.Alias("Free", "/f", ir.MapT(ir.AnyT())), rival)
    assert exclusion.breakers(api, ir.AliasRef("Free"), [ir.ModelRef("Rival")]) == {"n": ""}
    bounded = make_api(ir.Alias("Free", "/f", ir.MapT(ir.AnyT(), max_properties=1)), rival)
    assert exclusion.breakers(bounded, ir.AliasRef("Free"), [ir.ModelRef("Rival")]) == {}


def test_schemas_whose_constraints_the_ir_dropped_are_checked_by_the_validator() -> None:
    alias = ir.Alias("Odd", "/components/schemas/Odd", ir.IntT())
    api = make_api(alias)
    skipped = (ir.Skip("/components/schemas/Odd/not", "`not`"),)
    doc = {"components": {"schemas": {"Odd": {"type": "integer", "not": {"const": 1}}}}}
    # only a schema the spec has at that pointer can be checked there
    assert strat.Strategies(dataclasses.replace(api, skipped=skipped)).function(alias).body == (
        "st.integers()"
    )
    api = dataclasses.replace(api, skipped=skipped, schema_document=doc)
    body = strat.Strategies(api).function(alias).body
    assert body == "checked(st.integers(), '/components/schemas/Odd')"


def test_function_names_never_shadow_what_the_module_uses() -> None:
    models = [
        ir.Model(name, f"/components/schemas/{name}", ())
        for name in ("St", "Cache", "Any", "Schemas", "List")
    ]
    s = strat.Strategies(make_api(*models))
    names = set(s.functions.values())
    assert names.isdisjoint({"st", "cache", "list", "any", "SCHEMAS"})
    assert len(names) == len(models)


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        (ir.Bounds(), (None, None)),
        (ir.Bounds(ge=1, gt=1), (2, None)),
        (ir.Bounds(le=2.5, lt=2), (None, 1)),
        (ir.Bounds(gt=-0.5, lt=0.5), (0, 0)),
    ],
)
def test_int_range(bounds: ir.Bounds, expected: tuple[int | None, int | None]) -> None:
    assert typefacts.int_range(bounds) == expected


@pytest.mark.parametrize(
    ("t", "value", "ok"),
    [
        (ir.IntT(ir.Bounds(ge=0)), 0, True),
        (ir.IntT(ir.Bounds(gt=0)), 0, False),
        (ir.IntT(), 2.0, True),
        (ir.IntT(), 2.5, False),
        (ir.IntT(), True, False),
        (ir.NumberT(ir.Bounds(lt=1)), 0.5, True),
        (ir.StringT(max_length=0), "", True),
        (ir.StringT(max_length=1), "ab", False),
        (ir.LiteralT((1,)), True, False),
        (ir.EnumRef("Color"), "red", True),
        (ir.UnionT((ir.StringT(), ir.NullT())), None, True),
        (ir.BoolT(), "true", False),
        (ir.ArrayT(ir.IntT()), [], True),
        (ir.AnyT(), {"a": 1}, True),
    ],
)
def test_defaults_are_checked_against_their_type(t: ir.TypeRef, value: Any, ok: bool) -> None:
    assert typefacts.accepts(API, t, value) is ok


def test_known_formats_are_the_ones_the_support_module_draws() -> None:
    text = (builtin_templates() / "tests" / "static" / "_support.py").read_text(encoding="utf-8")
    body = text[text.index("def _formats(") : text.index("def formats(")]
    assert set(re.findall(r'^\s+"([a-z0-9-]+)": ', body, flags=re.MULTILINE)) == strat.FORMATS


def test_a_plain_text_longer_than_hypothesis_draws_is_drawn_by_the_runtime() -> None:
    """Hypothesis's own text() holds a few thousand characters; past the runtime's
    DRAWN_RUN, texts() draws a run and repeats it."""
    s = strat.Strategies(API)
    assert s.expr(ir.StringT(min_length=strat.DRAWN_RUN)) == f"st.text(min_size={strat.DRAWN_RUN})"
    longer = strat.DRAWN_RUN + 1
    assert s.expr(ir.StringT(min_length=longer)) == f"texts(min_size={longer})"
    text = (builtin_templates() / "tests" / "static" / "_support.py").read_text(encoding="utf-8")
    assert f"\nDRAWN_RUN = {strat.DRAWN_RUN}\n" in text  # the two homes of the rule agree


def test_an_array_or_map_longer_than_hypothesis_draws_is_drawn_by_the_runtime() -> None:
    """Past DRAWN_ITEMS items at the least, an array (not unique) or a map is drawn by the
    runtime, a drawn run repeated; an array of distinct items stays with unique(), which
    skips where no example can hold it."""
    s = strat.Strategies(API)
    most = strat.DRAWN_ITEMS
    ints = ir.IntT()
    assert (
        s.expr(ir.ArrayT(ints, most))
        == f"st.lists(st.integers(), min_size={most}, max_size={most + 4})"
    )
    assert s.expr(ir.ArrayT(ints, most + 1, most + 9)) == (
        f"long_lists(st.integers(), min_size={most + 1}, max_size={most + 9})"
    )
    assert s.expr(ir.ArrayT(ints, most + 1, unique_items=True)).startswith("unique(")
    assert s.expr(ir.MapT(ints, most + 1)) == (
        f"long_maps(st.integers(), min_size={most + 1}, max_size={most + 5})"
    )
    text = (builtin_templates() / "tests" / "static" / "_support.py").read_text(encoding="utf-8")
    assert f"\nDRAWN_ITEMS = {most}\n" in text  # the two homes of the rule agree


def test_status_codes_to_serve() -> None:
    assert operations.status_code("201", ["201"]) == 201
    assert operations.status_code("4XX", ["400", "4XX"]) == 401
    assert operations.status_code("default", ["200", "default"]) == 599


def test_a_list_of_a_union_no_member_of_which_is_drawn_is_empty() -> None:
    # tags by component name that the members' own enums refuse: no member is drawn, and
    # Hypothesis refuses a list of `st.nothing()`, so the list is empty (or none, when it
    # may not be)
    track = ir.Model("Track", "/t", (field("type", ir.LiteralT(("track",))),))
    episode = ir.Model("Episode", "/e", (field("type", ir.LiteralT(("episode",))),))
    union = ir.UnionT(
        (ir.ModelRef("Track"), ir.ModelRef("Episode")),
        ir.Discriminator("type", (("Episode", 1), ("Track", 0))),
        one_of=True,
    )
    s = strat.Strategies(make_api(track, episode))
    assert s.expr(union) == "st.nothing()"
    assert s.expr(ir.ArrayT(union, max_items=2)) == "st.just([])"
    assert s.expr(ir.ArrayT(union, min_items=1)) == "st.nothing()"
    assert s.expr(ir.MapT(union)) == "st.just({})"
