"""Python :mod:`re` syntax for ECMA-262's meanings: a code point, a set of them, a word boundary."""

from __future__ import annotations

import re

from generator.patterns.codepoints import MAX, Ranges, complement, normal

__all__ = ["BOUNDARY", "NOT_BOUNDARY", "SINGLE", "literal", "one_of"]

# one character or one class as this module writes them: quantified without a group
SINGLE = re.compile(r"[^\\]|\\[^xuU]|\\x..|\\u....|\\U........|\[(?:\\.|[^\\\]])*\]", re.S)
# ECMA-262's word boundary is an ASCII one: Python's under the ASCII flag, scoped to it. Written
# so rather than as lookarounds, Hypothesis draws text for it (a lookaround it can only
# filter for); Python's `\B` never matches the empty text (before 3.14), ECMA-262's does
BOUNDARY = r"(?a:\b)"
NOT_BOUNDARY = r"(?:(?a:\B)|\A\Z)"


def literal(code: int) -> str:
    """The code point ``code`` as a Python pattern that matches only it."""
    char = chr(code)
    if char.isascii() and (char.isalnum() or char == "_"):
        return char
    if char.isascii() and char.isprintable():
        return "\\" + char
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def one_of(ranges: Ranges, *, negated: bool = False) -> str:
    """A Python pattern that matches one code point in ``ranges`` (or not in them, ``negated``)."""
    ranges = normal(ranges)
    if negated:
        ranges = complement(ranges)
    if not ranges:
        return "(?!)"
    if ranges == ((0, MAX),):
        return "[\\x00-\\U0010ffff]"
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return literal(ranges[0][0])
    outside = complement(ranges)
    if len(outside) < len(ranges):
        return "[^" + _items(outside) + "]"
    return "[" + _items(ranges) + "]"


def _items(ranges: Ranges) -> str:
    parts = []
    for low, high in ranges:
        if low == high:
            parts.append(literal(low))
        elif high == low + 1:
            parts.append(literal(low) + literal(high))
        else:
            parts.append(f"{literal(low)}-{literal(high)}")
    return "".join(parts)
