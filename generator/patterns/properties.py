"""``\\p{..}``: the code points with a Unicode property, as the ECMA engine ``regress`` lists."""

from __future__ import annotations

from functools import cache

from generator.patterns.codepoints import MAX, Ranges, normal
from generator.patterns.errors import PatternError

__all__ = ["property_ranges"]

# the properties (by ECMA-262's names and aliases) that lone surrogates have: general category
# Cs, and Script=Unknown; the engine cannot be asked, as it reads only whole code points
_SURROGATE_PROPERTIES = frozenset(
    {
        "Cs", "Surrogate", "C", "Other", "Any", "Assigned",
        *(f"{k}={v}" for k in ("General_Category", "gc") for v in ("Cs", "Surrogate", "C")),
        *(f"{k}=Other" for k in ("General_Category", "gc")),
        *(f"{k}={v}" for k in ("Script", "sc", "Script_Extensions", "scx") for v in ("Unknown",)),
        *(f"{k}=Zzzz" for k in ("Script", "sc", "Script_Extensions", "scx")),
    }
)  # fmt: skip

# UTF-8 offsets in the string of every code point but the surrogates, in order: where each
# run of equal-length encodings starts (offset, first code point, bytes per code point)
_RUNS = ((188288, 0x10000, 4), (163712, 0xE000, 3), (3968, 0x800, 3), (128, 0x80, 2), (0, 0, 1))


def property_ranges(body: str, offset: int) -> Ranges:
    """The code points with Unicode property ``body`` (``Lu``, ``Script=Greek``).

    Raises :class:`PatternError` at ``offset`` when ECMA-262 knows no such property.
    """
    import regress

    try:
        regress.Regex(f"\\p{{{body}}}", "u")
    except regress.RegressError:
        raise PatternError(f"unknown Unicode property \\p{{{body}}}", offset) from None
    return _listed(body)


@cache
def _listed(body: str) -> Ranges:
    # the code points the ECMA engine finds with the property, so that one Unicode version
    # (the engine's) decides every property
    import regress

    found = regress.Regex(f"\\p{{{body}}}+", "u").find_iter(_every_code_point()) or ()
    ranges = [(_code_point_at(m.range().start), _code_point_at(m.range().stop - 1)) for m in found]
    if body in _SURROGATE_PROPERTIES:
        ranges.append((0xD800, 0xDFFF))
    return normal(ranges)


def _code_point_at(offset: int) -> int:
    """The code point at UTF-8 ``offset`` of :func:`_every_code_point` (or just past the end)."""
    for start, first, width in _RUNS:
        if offset >= start:
            return first + (offset - start) // width
    raise AssertionError(offset)


@cache
def _every_code_point() -> str:
    return "".join(map(chr, [*range(0xD800), *range(0xE000, MAX + 1)]))
