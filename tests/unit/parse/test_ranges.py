"""empty_range(): bounds that leave no value of their type, each read alone."""

from __future__ import annotations

import pytest

from generator import ir
from generator.parse.ranges import empty_range


@pytest.mark.parametrize(
    ("kind", "schema", "t", "empty"),
    [
        ("string", {"minLength": 3, "maxLength": 2}, ir.StringT(3, 2), True),
        ("string", {"minLength": 2, "maxLength": 2}, ir.StringT(2, 2), False),
        ("array", {"minItems": 1, "maxItems": 0}, ir.AnyT(), True),
        ("object", {"minProperties": 2, "maxProperties": 1}, ir.AnyT(), True),
        ("integer", {}, ir.IntT(ir.Bounds(ge=10, le=5)), True),
        ("integer", {}, ir.IntT(ir.Bounds(ge=1.2, le=1.8)), True),
        ("integer", {}, ir.IntT(ir.Bounds(ge=1.2, le=2)), False),
        ("integer", {}, ir.IntT(ir.Bounds(gt=1, lt=2)), True),
        ("number", {}, ir.NumberT(ir.Bounds(ge=1, lt=1)), True),
        ("number", {}, ir.NumberT(ir.Bounds(ge=1, le=1)), False),
        ("number", {}, ir.NumberT(ir.Bounds(gt=1, lt=1.0001)), False),
        ("number", {}, ir.NumberT(ir.Bounds(ge=5)), False),
        ("string", {}, ir.StringT(24, 24, None, "uuid"), True),
        ("string", {}, ir.StringT(None, 36, None, "uuid"), False),
        ("string", {}, ir.StringT(11, None, None, "date"), True),
        ("string", {}, ir.StringT(1, 30, None, "email"), False),
        # a pattern whose every string is shorter, or longer, than the bounds allow
        ("string", {}, ir.StringT(5, None, "^ab$"), True),
        ("string", {}, ir.StringT(2, 2, "^ab$"), False),
        ("string", {}, ir.StringT(None, 2, "[a-z]{3}"), True),
        ("string", {}, ir.StringT(200, None, "[a-z]{3}"), False),
        ("string", {}, ir.StringT(3, 4, "^(?:x|[0-9]{5})$"), True),
        ("string", {}, ir.StringT(5, None, "a", more_patterns=("^ab$",)), True),
        ("string", {}, ir.StringT(None, None, "^ab$"), False),
        # a pattern that matches nothing, whatever the bounds
        ("string", {}, ir.StringT(None, None, "/^ab$/"), True),
        ("string", {}, ir.StringT(None, None, "a", more_patterns=("x$y",)), True),
        ("string", {}, ir.StringT(None, None, "^a$|/^b$/"), False),
    ],
)
def test_a_range_is_empty_only_where_no_value_fits(
    kind: str, schema: dict[str, int], t: ir.TypeRef, empty: bool
) -> None:
    assert (empty_range(kind, schema, t) is not None) is empty


def test_a_pattern_and_lengths_that_cannot_both_hold_are_said_so() -> None:
    said = empty_range("string", {}, ir.StringT(5, 9, "^[0-9]{4}$"))
    assert said == (
        "the pattern '^[0-9]{4}$' matches no string the length bounds allow (5 to 9 "
        "characters): no string is valid"
    )


def test_a_pattern_that_matches_nothing_is_said_so() -> None:
    said = empty_range("string", {}, ir.StringT(None, None, "/^[a-z]{1,15}$/"))
    assert said == (
        "the pattern '/^[a-z]{1,15}$/' matches no string (a `^` after a character, or a `$` "
        "before one, in every alternative): no string is valid"
    )
