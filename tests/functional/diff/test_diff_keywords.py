"""`apiforge diff` on the keywords that narrow a value beyond its type: ``uniqueItems``,
``multipleOf``, the assertions no rule reads into values (``not``, ``contains``...), a
``required`` name no property declares, the empty pattern."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diff import Change, diff_documents
from tests.functional.diff.test_diff import (
    BODY,
    I,
    S,
    body,
    meaningful,
    obj,
    params,
    query,
    response,
)

ARRAY = {"type": "array", "items": S}


def rules(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.rule, c.level) for c in meaningful(changes)]


def both(old: Any, new: Any) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The rules of one change in a request body and in a response body."""
    return (
        rules(diff_documents(body(old), body(new))),
        rules(diff_documents(response(old), response(new))),
    )


def test_unique_items_added_narrows() -> None:
    unique = {**ARRAY, "uniqueItems": True}
    assert both(ARRAY, unique) == (
        [("request-body-unique-items-added", "breaking")],
        [("response-body-unique-items-added", "info")],
    )
    assert both(unique, ARRAY) == (
        [("request-body-unique-items-removed", "info")],
        [("response-body-unique-items-removed", "warning")],
    )
    assert both(unique, {**ARRAY, "uniqueItems": False}) == both(unique, ARRAY)


@pytest.mark.parametrize(
    ("old", "new", "kind", "levels"),
    [
        (None, 5, "narrowed", ("breaking", "info")),
        (2, 4, "narrowed", ("breaking", "info")),
        (4, 2, "widened", ("info", "warning")),
        (5, None, "widened", ("info", "warning")),
        (2, 3, "changed", ("warning", "warning")),
        (0.5, 0.25, "widened", ("info", "warning")),
    ],
)
def test_multiple_of_is_judged_by_the_multiples_it_keeps(
    old: float | None, new: float | None, kind: str, levels: tuple[str, str]
) -> None:
    def number(step: float | None) -> dict[str, Any]:
        return {"type": "number"} if step is None else {"type": "number", "multipleOf": step}

    assert both(number(old), number(new)) == (
        [(f"request-body-multiple-of-{kind}", levels[0])],
        [(f"response-body-multiple-of-{kind}", levels[1])],
    )


def test_multiple_of_one_on_integers_is_no_constraint() -> None:
    assert both(I, {"type": "integer", "multipleOf": 1}) == ([], [])


UNREAD = {
    "not": {"enum": ["x"]},
    "patternProperties": {"^x-": S},
    "propertyNames": {"maxLength": 3},
    "contains": {"const": "a"},
    "dependentRequired": {"a": ["b"]},
    "dependentSchemas": {"a": {"required": ["b"]}},
    "if": {"required": ["a"]},
    "prefixItems": [S],
    "unevaluatedProperties": False,
    "unevaluatedItems": False,
}


@pytest.mark.parametrize(("keyword", "value"), sorted(UNREAD.items()), ids=sorted(UNREAD))
def test_an_assertion_no_rule_reads_is_never_silent(keyword: str, value: Any) -> None:
    plain: dict[str, Any] = {}
    constrained = {keyword: value}
    assert both(plain, constrained) == (
        [("request-body-assertion-added", "breaking")],
        [("response-body-assertion-added", "info")],
    )
    assert both(constrained, plain) == (
        [("request-body-assertion-removed", "info")],
        [("response-body-assertion-removed", "warning")],
    )


@pytest.mark.parametrize("keyword", ["not", "if", "dependencies"])
def test_an_assertion_changed_whose_effect_is_not_read_is_a_warning(keyword: str) -> None:
    assert both({keyword: {"required": ["a"]}}, {keyword: {"required": ["b"]}}) == (
        [("request-body-assertion-changed", "warning")],
        [("response-body-assertion-changed", "warning")],
    )


def test_a_not_that_lists_values_is_read_value_by_value() -> None:
    reserved = {"type": "string", "not": {"enum": ["admin"]}}
    more = {"type": "string", "not": {"enum": ["admin", "root"]}}
    changes = meaningful(diff_documents(body(obj({"user": reserved})), body(obj({"user": more}))))
    assert [(c.rule, c.level, c.message) for c in changes] == [
        (
            "request-property-assertion-added",
            "breaking",
            'request body field `user` now refuses "root" (`not`)',
        )
    ]
    assert both(more, reserved) == (
        [("request-body-assertion-removed", "info")],
        [("response-body-assertion-removed", "warning")],
    )
    one = {"not": {"const": "admin"}}
    assert both(one, {"not": {"enum": ["root"]}}) == (
        [("request-body-assertion-added", "breaking"), ("request-body-assertion-removed", "info")],
        [("response-body-assertion-removed", "warning"), ("response-body-assertion-added", "info")],
    )


SHORT, SHORTER = {"maxLength": 5}, {"maxLength": 3}
# a keyword holding a schema a part of the value must match, with that schema; the field
# a message names it by
INSIDE = [
    ("contains", lambda s: {"contains": s}, "(contains)"),
    ("propertyNames", lambda s: {"propertyNames": s}, "(propertyNames)"),
    ("unevaluatedItems", lambda s: {"unevaluatedItems": s}, "(unevaluatedItems)"),
    ("unevaluatedProperties", lambda s: {"unevaluatedProperties": s}, "(unevaluatedProperties)"),
    ("additionalItems", lambda s: {"additionalItems": s}, "(additionalItems)"),
    ("prefixItems", lambda s: {"prefixItems": [S, s]}, "(prefixItems 1)"),
    ("patternProperties", lambda s: {"patternProperties": {"^x-": s}}, "(patternProperties ^x-)"),
    (
        "dependentSchemas",
        lambda s: {"dependentSchemas": {"a": {"properties": {"b": s}}}},
        "(dependentSchemas a).b",
    ),
    ("then", lambda s: {"if": {"required": ["a"]}, "then": s}, "(then)"),
    ("else", lambda s: {"if": {"required": ["a"]}, "else": s}, "(else)"),
]


@pytest.mark.parametrize(("keyword", "make", "field"), INSIDE, ids=[k for k, _, _ in INSIDE])
def test_a_schema_an_assertion_holds_is_compared_in_place(
    keyword: str, make: Any, field: str
) -> None:
    shorter = {"type": "string", **SHORTER}
    shorter_ = {"type": "string", **SHORT}
    request, response = both(make(shorter_), make(shorter))
    # a field inside is a property; the schema itself, the body
    assert [(r.split("-", 2)[2], level) for r, level in request] == [
        ("max-length-decreased", "breaking")
    ]
    assert [(r.split("-", 2)[2], level) for r, level in response] == [
        ("max-length-decreased", "info")
    ]
    changes = meaningful(diff_documents(body(make(shorter)), body(make(shorter_))))
    assert [(c.level, c.message) for c in changes] == [
        ("info", f"request body field `{field}` maxLength changed from 3 to 5")
    ]


def test_a_component_an_assertion_names_is_read_where_it_changed() -> None:
    def spec(limit: int) -> dict[str, Any]:
        tag = {"type": "string", "maxLength": limit}
        return body(
            {"type": "array", "contains": {"$ref": "#/components/schemas/Tag"}},
            schemas={"Tag": tag},
        )

    changes = meaningful(diff_documents(spec(5), spec(3)))
    assert [(c.rule, c.level, c.message) for c in changes] == [
        (
            "request-body-max-length-decreased",
            "breaking",
            "request body field `(contains)` maxLength changed from 5 to 3",
        )
    ]


def test_contains_under_a_max_contains_is_not_read_in_place() -> None:
    # fewer items matching may no longer exceed maxContains: either way
    old = {"contains": {"type": "string", **SHORT}, "maxContains": 2}
    new = {"contains": {"type": "string", **SHORTER}, "maxContains": 2}
    assert both(old, new) == (
        [("request-body-assertion-changed", "warning")],
        [("response-body-assertion-changed", "warning")],
    )


def test_then_and_else_are_read_in_place_only_while_if_is_unchanged() -> None:
    old = {"if": {"required": ["a"]}, "then": {"required": ["b"]}}
    new = {"if": {"required": ["c"]}, "then": {"required": ["b", "d"]}}
    assert both(old, new) == (
        [("request-body-assertion-changed", "warning")] * 2,
        [("response-body-assertion-changed", "warning")] * 2,
    )
    # a required name added inside `then` refuses what it took
    same_if = {**new, "if": old["if"]}
    assert rules(diff_documents(body(old), body(same_if))) == [
        ("request-property-became-required", "breaking")
    ]


def test_dependent_required_is_each_name_asked_for() -> None:
    asks = {"dependentRequired": {"street": ["city"]}}
    more = {"dependentRequired": {"street": ["city", "zip"]}}
    assert both(asks, more) == (
        [("request-body-assertion-added", "breaking")],
        [("response-body-assertion-added", "info")],
    )
    assert both(more, asks) == (
        [("request-body-assertion-removed", "info")],
        [("response-body-assertion-removed", "warning")],
    )
    other = {"dependentRequired": {"street": ["zip"], "city": ["street"]}}
    changes = meaningful(diff_documents(body(asks), body(other)))
    assert [(c.rule, c.message, c.new_pointer) for c in changes] == [
        (
            "request-body-assertion-added",
            "request body now asks for `street` when `city` is present (dependentRequired)",
            BODY + "/dependentRequired/city",
        ),
        (
            "request-body-assertion-added",
            "request body now asks for `zip` when `street` is present (dependentRequired)",
            BODY + "/dependentRequired/street",
        ),
        (
            "request-body-assertion-removed",
            "request body no longer asks for `city` when `street` is present (dependentRequired)",
            BODY + "/dependentRequired/street",
        ),
    ]


def test_a_pattern_moves_the_names_it_matches_from_the_extra_fields() -> None:
    closed = obj({"name": S}, additionalProperties=False)
    pattern = {"patternProperties": {"^x-": S}}
    # names refused as extra fields now pass when they match
    assert both(closed, {**closed, **pattern}) == (
        [("request-body-additional-properties-allowed", "info")],
        [("response-body-additional-properties-allowed", "warning")],
    )
    assert both({**closed, **pattern}, closed) == (
        [("request-body-additional-properties-disallowed", "breaking")],
        [("response-body-additional-properties-disallowed", "info")],
    )
    for rest in ({"unevaluatedProperties": False}, {}):
        sealed = {**obj({"name": S}), **rest}
        changes = meaningful(diff_documents(body(sealed), body({**sealed, **pattern})))
        kind = "additional-properties-allowed" if rest else "assertion-added"
        assert [c.rule for c in changes] == [f"request-body-{kind}"]
    # a declared property the pattern matches is asked both; extra fields of a schema are
    # judged by the pattern's instead
    for old in (obj({"x-id": I}, additionalProperties=False), obj({}, additionalProperties=I)):
        assert both(old, {**old, **pattern}) == (
            [("request-body-assertion-changed", "warning")],
            [("response-body-assertion-changed", "warning")],
        )
    # a pattern that asks nothing of a name changes nothing while extra fields may be anything
    anything = {**obj({}), "patternProperties": {"^x-": {}}}
    assert both(obj({}), anything) == ([], [])
    assert both(anything, obj({})) == ([], [])


def test_the_false_schema_admits_no_value() -> None:
    assert both(True, False) == (
        [("request-body-no-value-valid", "breaking")],
        [("response-body-no-value-valid", "info")],
    )
    assert both(False, True) == (
        [("request-body-values-valid", "info")],
        [("response-body-values-valid", "breaking")],
    )
    tuple_ = {"type": "array", "prefixItems": [S]}
    changes = meaningful(diff_documents(body(tuple_), body({**tuple_, "items": False})))
    assert [(c.rule, c.level, c.message, c.new_pointer) for c in changes] == [
        (
            "request-body-no-value-valid",
            "breaking",
            "request body field `[]` admits no value any more",
            BODY + "/items",
        )
    ]


def test_assertion_message_names_the_keyword_and_its_place() -> None:
    changes = meaningful(
        diff_documents(body(obj({"s": S})), body(obj({"s": {**S, "not": {"enum": ["x"]}}})))
    )
    assert [(c.message, c.new_pointer) for c in changes] == [
        ('request body field `s` now has `not` {"enum": ["x"]}', BODY + "/properties/s/not")
    ]


def test_contains_counts_are_limits() -> None:
    contains = {"type": "array", "contains": S}
    assert both(contains, {**contains, "minContains": 2}) == (
        [("request-body-min-contains-increased", "breaking")],
        [("response-body-min-contains-increased", "info")],
    )
    assert both({**contains, "maxContains": 5}, {**contains, "maxContains": 6}) == (
        [("request-body-max-contains-increased", "info")],
        [("response-body-max-contains-increased", "warning")],
    )
    # 1 is what minContains is when it is not written
    assert both(contains, {**contains, "minContains": 1}) == ([], [])


def test_allow_empty_value_withdrawn_refuses_the_empty_value() -> None:
    old, new = params(query("p", allowEmptyValue=True)), params(query("p"))
    assert rules(diff_documents(old, new)) == [
        ("request-parameter-empty-value-disallowed", "breaking")
    ]
    assert rules(diff_documents(new, old)) == [("request-parameter-empty-value-allowed", "info")]


# ---------------------------------------------------------------------------- required


def test_a_new_required_name_with_no_property_is_required_all_the_same() -> None:
    old = body(obj({"a": S}))
    new = body(obj({"a": S}, ("b",)))
    changes = meaningful(diff_documents(old, new))
    assert [(c.rule, c.level, c.message) for c in changes] == [
        ("request-property-became-required", "breaking", "request body field `b` is now required")
    ]
    assert rules(diff_documents(new, old)) == [("request-property-became-optional", "info")]
    assert rules(diff_documents(response(obj({"a": S})), response(obj({"a": S}, ("b",))))) == [
        ("response-property-became-required", "info")
    ]


def test_a_property_removed_but_still_required_is_required_now() -> None:
    old = body(obj({"a": S, "b": S}))
    new = body(obj({"a": S}, ("b",)))
    assert rules(diff_documents(old, new)) == [
        ("request-property-became-required", "breaking"),
        ("request-property-removed", "warning"),
    ]


# ---------------------------------------------------------------------------- patterns


def test_the_empty_pattern_is_no_pattern() -> None:
    empty, some = {"type": "string", "pattern": ""}, {"type": "string", "pattern": "^[a-z]+$"}
    assert both(empty, some) == (
        [("request-body-pattern-added", "breaking")],
        [("response-body-pattern-added", "info")],
    )
    assert both(some, empty) == (
        [("request-body-pattern-removed", "info")],
        [("response-body-pattern-removed", "warning")],
    )
    assert both(S, empty) == ([], [])


ENCODED = {"type": "string", "contentEncoding": "base64"}


@pytest.mark.parametrize(
    ("old", "new", "rule"),
    [
        (S, ENCODED, "content-encoding-added"),
        (ENCODED, {**ENCODED, "contentEncoding": "base32"}, "content-encoding-changed"),
        (ENCODED, S, "content-encoding-removed"),
    ],
)
def test_a_changed_encoding_is_a_warning_both_ways(old: Any, new: Any, rule: str) -> None:
    """A value written in another encoding is read as another value by a client encoding or
    decoding it as before, whichever way it travels."""
    sent, answered = both(old, new)
    assert sent == [(f"request-body-{rule}", "warning")], sent
    assert answered == [(f"response-body-{rule}", "warning")], answered


def test_a_named_media_type_of_the_text_narrows_what_is_sent() -> None:
    named = {"type": "string", "contentMediaType": "application/json"}
    sent, answered = both(S, named)
    assert sent == [("request-body-content-media-type-added", "warning")], sent
    assert answered == [("response-body-content-media-type-added", "info")], answered
    sent, answered = both(named, {**named, "contentMediaType": "text/csv"})
    assert sent == [("request-body-content-media-type-changed", "warning")], sent
    assert answered == [("response-body-content-media-type-changed", "warning")], answered
