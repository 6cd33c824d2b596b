"""Bounds that leave no value: ``minLength: 30`` beside ``maxLength: 20``, ``minimum: 10``
beside ``maximum: 5``, an integer between 1.2 and 1.8, a ``uuid`` of 24 characters, a
``pattern: ^[a-f]{4}$`` of at least 5, a pattern that matches nothing (``/^a$/``:
:func:`generator.patterns.lengths.admits`). Such a schema admits nothing of its type (JSON
Schema reads each bound alone), so it is built as :data:`ir.NEVER`, and said."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.patterns import lengths

__all__ = ["empty_range"]

# the bounds of sizes, by the type they count
_SIZES = {
    "string": ("minLength", "maxLength", "string"),
    "array": ("minItems", "maxItems", "array"),
    "object": ("minProperties", "maxProperties", "object"),
}


def empty_range(kind: str, schema: Mapping[str, Any], t: ir.TypeRef) -> str | None:
    """Why no value of ``kind`` fits ``schema``'s bounds (``t`` its type as built), or None."""
    if kind in _SIZES:
        low_key, high_key, what = _SIZES[kind]
        low, high = schema.get(low_key), schema.get(high_key)
        if type(low) is int and type(high) is int and low > high:  # counts, not booleans
            return f"`{low_key}` {low} above `{high_key}` {high}: no {what} is valid"
        if kind == "string" and isinstance(t, ir.StringT):
            return _format_length(t) or _pattern_length(t)
        return None
    if isinstance(t, ir.IntT | ir.NumberT) and _empty(t.bounds, integral=isinstance(t, ir.IntT)):
        what = "integer" if isinstance(t, ir.IntT) else "number"
        return f"no {what} is within the bounds: none is valid"
    return None


# formats whose every value has one length (both dialects' format checkers check them)
_FIXED_LENGTH = {"uuid": 36, "date": 10}


def _format_length(t: ir.StringT) -> str | None:
    length = _FIXED_LENGTH.get(t.format or "")
    if length is None:
        return None
    if (t.min_length or 0) > length or (t.max_length is not None and t.max_length < length):
        return f"every `{t.format}` has {length} characters, which the length bounds refuse"
    return None


def _pattern_length(t: ir.StringT) -> str | None:
    for pattern in t.patterns:
        if not lengths.admits(pattern, None, None):
            return (
                f"the pattern {pattern!r} matches no string (a `^` after a character, or a "
                "`$` before one, in every alternative): no string is valid"
            )
    if t.min_length is None and t.max_length is None:
        return None
    for pattern in t.patterns:
        if not lengths.admits(pattern, t.min_length, t.max_length):
            low, high = t.min_length or 0, t.max_length
            size = f"at least {low}" if high is None else f"{low} to {high}"
            return (
                f"the pattern {pattern!r} matches no string the length bounds allow "
                f"({size} characters): no string is valid"
            )
    return None


def _empty(b: ir.Bounds, *, integral: bool) -> bool:
    lows = [(b.ge, False), (b.gt, True)]
    highs = [(b.le, False), (b.lt, True)]
    low = max(((v, x) for v, x in lows if v is not None), default=None, key=lambda p: p[0])
    high = min(((v, x) for v, x in highs if v is not None), default=None, key=lambda p: p[0])
    if low is None or high is None:
        return False
    (lo, lo_open), (hi, hi_open) = low, high
    if integral:
        first = math.floor(lo) + 1 if lo_open else math.ceil(lo)
        last = math.ceil(hi) - 1 if hi_open else math.floor(hi)
        return first > last
    return lo > hi or (lo == hi and (lo_open or hi_open))
