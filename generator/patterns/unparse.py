"""A tree Python's :mod:`re` parses a pattern into, written back as pattern text.

Parts of a pattern's tree (an alternative, a repeated unit) are drawn apart from the rest
(:mod:`.lengths`); each is written back here as a Python pattern that matches the same
strings. Groups are written as non-capturing ones: a part is drawn on its own, and a pattern
with a backreference is never cut into parts. What this writer does not know raises
:class:`Unwritten`, and the caller draws the pattern whole instead.
"""

from __future__ import annotations

from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as sre  # type: ignore[attr-defined]
from typing import Any

from generator.patterns.pysyntax import literal

__all__ = ["Unwritten", "written"]

_AT = {
    c.AT_BEGINNING_STRING: "\\A",
    c.AT_END_STRING: "\\Z",
    c.AT_BOUNDARY: "\\b",
    c.AT_NON_BOUNDARY: "\\B",
    c.AT_BEGINNING: "^",
    c.AT_END: "$",
}
_CATEGORIES = {
    c.CATEGORY_DIGIT: "\\d",
    c.CATEGORY_NOT_DIGIT: "\\D",
    c.CATEGORY_SPACE: "\\s",
    c.CATEGORY_NOT_SPACE: "\\S",
    c.CATEGORY_WORD: "\\w",
    c.CATEGORY_NOT_WORD: "\\W",
}
_FLAGS = {bit: letter for letter, bit in sre.FLAGS.items() if letter in "aimsx"}
_UNITS = frozenset({c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN})  # one character, no group needed
_REPEATS = {c.MAX_REPEAT: "", c.MIN_REPEAT: "?", c.POSSESSIVE_REPEAT: "+"}


class Unwritten(Exception):
    """A node this writer does not know."""


def written(items: Any) -> str:
    """The pattern text of ``items``, a sequence of ``(op, argument)`` nodes of a tree."""
    return "".join(_node(op, arg) for op, arg in items)


def _node(op: Any, arg: Any) -> str:
    if op is c.LITERAL:
        return literal(arg)
    if op is c.NOT_LITERAL:
        return f"[^{literal(arg)}]"
    if op is c.ANY:
        return "."
    if op is c.IN:
        return _class(arg)
    if op is c.AT and arg in _AT:
        return _AT[arg]
    if op is c.BRANCH:
        return "(?:" + "|".join(written(branch) for branch in arg[1]) + ")"
    if op is c.SUBPATTERN:
        _group, add, remove, inner = arg
        return f"(?{_flags(add, remove)}:{written(inner)})"
    if op in _REPEATS:
        low, high, inner = arg
        body = written(inner)
        if not (len(inner) == 1 and inner[0][0] in _UNITS):
            body = f"(?:{body})"
        top = "" if high is c.MAXREPEAT else str(high)
        return f"{body}{{{low},{top}}}{_REPEATS[op]}"
    if op in (c.ASSERT, c.ASSERT_NOT):
        direction, inner = arg
        kind = "=" if op is c.ASSERT else "!"
        return f"(?{'' if direction == 1 else '<'}{kind}{written(inner)})"
    if op is c.ATOMIC_GROUP:
        return f"(?>{written(arg)})"
    raise Unwritten(f"{op} {arg!r}")


def _class(items: Any) -> str:
    out = []
    for op, arg in items:
        if op is c.NEGATE:
            out.append("^")
        elif op is c.LITERAL:
            out.append(literal(arg))
        elif op is c.RANGE:
            out.append(f"{literal(arg[0])}-{literal(arg[1])}")
        elif op is c.CATEGORY and arg in _CATEGORIES:
            out.append(_CATEGORIES[arg])
        else:
            raise Unwritten(f"{op} {arg!r} in a class")
    return "[" + "".join(out) + "]"


def _flags(add: int, remove: int) -> str:
    def letters(bits: int) -> str:
        if bits & ~sum(_FLAGS):
            raise Unwritten(f"flags {bits}")
        return "".join(letter for bit, letter in _FLAGS.items() if bits & bit)

    return letters(add) + ("-" + letters(remove) if remove else "")
