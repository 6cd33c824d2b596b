"""Numbers as a spec writes them: JSON's decimals, read exactly.

``multipleOf: 0.01`` takes ``0.07``: 7 hundredths. Floating point divides 0.07 by 0.01 into
7.000000000000001 and denies it; read as the decimals they are written as, the quotient is
the whole number 7. A float's shortest ``repr`` is the decimal JSON wrote; an int is exact.
"""

from __future__ import annotations

from math import gcd, lcm
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fractions import Fraction

__all__ = ["common_multiple", "exact", "integral_step", "is_multiple"]


def exact(number: int | float) -> Fraction:
    """``number`` as the decimal it was written as."""
    from fractions import Fraction  # only where a step is read: 2 ms of imports otherwise

    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)


def is_multiple(value: int | float, step: int | float) -> bool:
    """Whether ``value`` is a whole multiple of ``step`` (above 0), read exactly."""
    return (exact(value) / exact(step)).denominator == 1


def integral_step(step: int | float) -> int:
    """The step of the integers that are multiples of ``step`` (above 0): its numerator, in
    lowest terms (the integers that are multiples of 2.5 are those of 5; of 0.5, all of them)."""
    return exact(step).numerator


def common_multiple(old: int | float, new: int | float) -> int | float:
    """The least number both steps divide, read as the decimals they are written as (the
    multiples of both are the multiples of it: two ``multipleOf`` an ``allOf`` holds); a step
    not above 0 is left as it was."""
    if old <= 0:
        return new
    if isinstance(old, int) and isinstance(new, int):
        return lcm(old, new)
    a, b = exact(old), exact(new)
    return float(type(a)(lcm(a.numerator, b.numerator), gcd(a.denominator, b.denominator)))
