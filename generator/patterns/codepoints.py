"""Sets of code points as sorted, merged ranges; ECMA-262's sets (``\\d \\w \\s``, ``.``)."""

from __future__ import annotations

__all__ = [
    "DIGITS",
    "LINE_ENDS",
    "MAX",
    "SPACE",
    "WORD",
    "Ranges",
    "complement",
    "normal",
]

MAX = 0x10FFFF
Ranges = tuple[tuple[int, int], ...]

DIGITS: Ranges = ((0x30, 0x39),)
WORD: Ranges = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
SPACE: Ranges = (
    (0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
    (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
)  # fmt: skip
LINE_ENDS: Ranges = ((0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029))


def normal(ranges: list[tuple[int, int]] | Ranges) -> Ranges:
    """``ranges`` sorted, with overlapping and adjacent ranges merged."""
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def complement(ranges: Ranges) -> Ranges:
    """The code points (up to U+10FFFF) that are not in ``ranges``."""
    out: list[tuple[int, int]] = []
    at = 0
    for low, high in normal(ranges):
        if low > at:
            out.append((at, low - 1))
        at = high + 1
    if at <= MAX:
        out.append((at, MAX))
    return tuple(out)
