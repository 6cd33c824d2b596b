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
    ],
)
def test_a_range_is_empty_only_where_no_value_fits(
    kind: str, schema: dict[str, int], t: ir.TypeRef, empty: bool
) -> None:
    assert (empty_range(kind, schema, t) is not None) is empty
