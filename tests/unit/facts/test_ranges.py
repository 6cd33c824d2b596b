"""The range a number's draws keep: its bounds, and what its format holds (a 32-bit float's
range; an integer format's, whose integers 3.0's format checker asserts)."""

from __future__ import annotations

from generator import ir
from generator.facts.typefacts import FLOAT_MAX, float_range


def test_a_number_of_an_integer_format_is_drawn_within_its_range() -> None:
    assert float_range(ir.Bounds(), "int32") == (-(2**31), False, 2**31 - 1, False)
    low, _, high, _ = float_range(ir.Bounds(), "int64")
    assert low == -(2**63)  # a float holds it exactly
    assert isinstance(high, float) and high <= 2**63 - 1 and high > 2**63 - 2048


def test_bounds_inside_the_format_s_range_stay() -> None:
    assert float_range(ir.Bounds(gt=-5, le=7.5), "int32") == (-5, True, 7.5, False)
    assert float_range(ir.Bounds(ge=-1e12, le=1e12), "int32") == (-(2**31), False, 2**31 - 1, False)


def test_other_formats_and_none_leave_the_bounds() -> None:
    assert float_range(ir.Bounds(), "float") == (-FLOAT_MAX, False, FLOAT_MAX, False)
    assert float_range(ir.Bounds(), "double") == (None, False, None, False)
    assert float_range(ir.Bounds(lt=3)) == (None, False, 3, True)
