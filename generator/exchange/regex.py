"""Strings that match a ``pattern``, drawn from its parsed form with a seeded Random.

JSON Schema patterns are ECMA-262 regular expressions, searched, not anchored. The validators
here run them as the equal Python patterns :mod:`generator.patterns.ecma` writes, so the generator
walks the parse tree :mod:`re` builds for that translation. Lookarounds
are skipped while drawing and enforced by checking the result; a pattern no draw satisfies
raises :class:`~generator.exchange.errors.GenerationError`. Beside length bounds, a string is
first drawn at a length by the pattern's plan (:mod:`generator.patterns.lengths`), as the
generated tests draw one: its parts of one count first, the length left spread over its
repeats.
"""

from __future__ import annotations

import re
import string
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

from generator.exchange.errors import GenerationError
from generator.patterns import ecma, lengths

__all__ = ["generate"]

_ATTEMPTS = 20
_OPEN_REPEAT = 3  # extra repetitions drawn for `*`, `+` and `{n,}`
_SPREAD = 12  # characters a plan's string is drawn beyond minLength, at most
_PRINTABLE = string.ascii_letters + string.digits + " -_.,:;!?"
_CATEGORIES = {
    c.CATEGORY_DIGIT: string.digits,
    c.CATEGORY_NOT_DIGIT: string.ascii_letters + "-_",
    c.CATEGORY_SPACE: " ",
    c.CATEGORY_NOT_SPACE: string.ascii_letters + string.digits,
    c.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    c.CATEGORY_NOT_WORD: " -.,:;!?",
}


def generate(
    pattern: str,
    rng: Any,
    *,
    min_length: int | None = None,
    max_length: int | None = None,
    also: tuple[str, ...] = (),
) -> str:
    """A string in which the ECMA-262 ``pattern`` matches, within the length bounds, drawn
    for ``pattern`` and kept where each pattern of ``also`` matches too."""
    try:
        compiled = [ecma.compiled(each) for each in (pattern, *also)]
        tree = parser.parse(ecma.translate(pattern))
    except (ecma.PatternError, ecma.Untranslatable, re.error, RecursionError) as exc:
        raise GenerationError(f"pattern {pattern!r} cannot be used: {exc}") from None
    low, high = min_length or 0, max_length
    ways = lengths.plan(pattern, min_length, max_length) if low or high is not None else None
    for _ in range(_ATTEMPTS if ways else 0):
        text = _planned(ways or (), rng, low, high)
        if low <= len(text) <= (len(text) if high is None else high) and all(
            c.search(text) for c in compiled
        ):
            return text
    short = 0  # characters the last draw lacked: open repeats stretch by as many, then
    for attempt in range(_ATTEMPTS):
        walk = _Walk(rng, short if attempt >= _ATTEMPTS // 2 else 0)
        text = walk.walk(tree)
        short = max(short, low - len(text))
        if len(text) < low:
            text += "".join(rng.choice(string.ascii_lowercase) for _ in range(low - len(text)))
        if (high is None or len(text) <= high) and all(c.search(text) for c in compiled):
            return text
    named = " and ".join(repr(each) for each in (pattern, *also))
    raise GenerationError(f"no string of the allowed length matches pattern {named}")


def _planned(ways: tuple[Any, ...], rng: Any, low: int, high: int | None) -> str:
    """A string drawn by a pattern's plan (:func:`generator.patterns.lengths.plan`) at a
    length the bounds allow: one way, a length it allows, its parts of one count drawn, and
    the length left spread over the repeats, those of units of one length last (they fill
    what is left exactly). The caller checks the string whole."""
    fewest, most, parts = rng.choice(list(ways))
    top = low + _SPREAD if high is None else min(high, low + _SPREAD)
    start, end = max(low, fewest), top if most is None else min(top, most)
    left = rng.randint(start, max(start, end))
    drawn: dict[int, str] = {}
    counts: dict[int, int] = {}
    for at, (unit, width, count, most_count) in enumerate(parts):
        if width is not None:
            counts[at] = count
            left -= count * width
        elif count == most_count:
            drawn[at] = "".join(_unit(unit, rng) for _ in range(count))
            left -= len(drawn[at])
    growing = [at for at, part in enumerate(parts) if part[2] != part[3]]
    growing.sort(key=lambda at: parts[at][1] is not None)
    for turn, at in enumerate(growing):
        unit, width, count, most_count = parts[at]
        share = left if turn == len(growing) - 1 else rng.randint(0, max(0, left))
        if width is None:
            drawn[at] = _filled(unit, rng, count, most_count, share)
            left -= len(drawn[at])
            continue
        more = max(0, share // width)
        counts[at] += more if most_count is None else min(more, most_count - count)
        left -= (counts[at] - count) * width
    for at, count in counts.items():
        drawn[at] = "".join(_unit(parts[at][0], rng) for _ in range(count))
    return "".join(drawn[at] for at in range(len(parts)))


def _unit(unit: str | None, rng: Any) -> str:
    """One match of a plan's unit (None: a filler character)."""
    if unit is None:
        return str(rng.choice(_PRINTABLE))
    return _Walk(rng, 0).walk(parser.parse(unit))


def _filled(unit: str, rng: Any, low: int, high: int | None, share: int) -> str:
    """Matches of ``unit`` (never empty), ``low`` to ``high`` of them, while they are fewer
    than ``share`` characters long (a match that would make them longer ends them)."""
    units: list[str] = []
    size = 0
    while len(units) < low or (size < share and (high is None or len(units) < high)):
        text = _unit(unit, rng)
        if (len(units) >= low and size + len(text) > share) or not text:
            break
        units.append(text)
        size += len(text)
    return "".join(units)


class _Walk:
    """One draw down the parse tree; an open repeat (``*``, ``+``, ``{n,}``) draws up to
    ``stretch`` more, most of them, where an earlier draw fell short of the minimum length
    (padding after a match breaks an anchored pattern; a longer repeat does not)."""

    def __init__(self, rng: Any, stretch: int):
        self.rng = rng
        self.stretch = stretch
        self.groups: dict[int, str] = {}

    def walk(self, tree: Any) -> str:
        return "".join(self.node(op, arg) for op, arg in tree)

    def node(self, op: Any, arg: Any) -> str:
        rng = self.rng
        if op is c.LITERAL:
            return chr(arg)
        if op is c.NOT_LITERAL:
            return str(rng.choice([ch for ch in _PRINTABLE if ord(ch) != arg]))
        if op is c.ANY:
            return str(rng.choice(string.ascii_letters))
        if op is c.IN:
            return _in(arg, rng)
        if op is c.BRANCH:
            return self.walk(rng.choice(arg[1]))
        if op is c.SUBPATTERN:
            group, _add, _del, sub = arg
            text = self.walk(sub)
            if group is not None:
                self.groups[group] = text
            return text
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            return self.repeat(*arg)
        if op is c.GROUPREF:
            return self.groups.get(arg, "")
        if op is c.GROUPREF_EXISTS:  # a backreference that is empty until its group has matched
            group, yes, no = arg
            return self.walk(yes) if group in self.groups else self.walk(no or [])
        if op is c.CATEGORY:
            return str(rng.choice(_CATEGORIES.get(arg, string.ascii_letters)))
        if op is c.ATOMIC_GROUP:
            return self.walk(arg)
        return ""  # anchors, lookarounds and conditionals: the final search checks them

    def repeat(self, low: int, high: Any, sub: Any) -> str:
        top = low + _OPEN_REPEAT + self.stretch
        fewest = low + self.stretch // 2 if high is c.MAXREPEAT else low
        top = top if high is c.MAXREPEAT else min(high, low + _OPEN_REPEAT)
        count = self.rng.randint(min(fewest, top), top)
        return "".join(self.walk(sub) for _ in range(count))


def _in(items: Any, rng: Any) -> str:
    allowed: list[str] = []
    negate = False
    for op, arg in items:
        if op is c.NEGATE:
            negate = True
        elif op is c.LITERAL:
            allowed.append(chr(arg))
        elif op is c.RANGE:
            low, high = arg
            allowed.extend(chr(code) for code in range(low, min(high, low + 95) + 1))
        elif op is c.CATEGORY:
            allowed.extend(_CATEGORIES.get(arg, ""))
    if negate:
        excluded = set(allowed)
        allowed = [ch for ch in _PRINTABLE if ch not in excluded]
    return str(rng.choice(allowed)) if allowed else ""
