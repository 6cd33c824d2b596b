"""How long a string a pattern matches in may be, and a plan to draw one of a chosen length.

JSON Schema searches a pattern: a string it matches in is a match with any text before it
(unless the pattern starts with ``^``) and after it (unless it ends with ``$``). Read from the
tree Python's :mod:`re` parses the pattern's translation into (:func:`.ecma.translate`), each
top-level alternative (the alternatives of a group or an alternation at the top level taken
apart, up to :data:`MOST_ALTERNATIVES`) is a sequence of parts: repeats of a unit of one
length (``[0-9a-f]+``, ``(?:ab){2,5}``, ``x?``), whose counts make a string longer or
shorter; any text before and after an open end (a repeat of any character); and the rest,
drawn whole. A string of a chosen length is drawn by construction from such a plan: the parts
drawn whole first, and the length left spread over the repeats (the generated tests'
``_support.planned``), instead of drawing a match and padding it (which an anchored pattern
refuses) or filtering draws for their length.

Lookarounds, word boundaries and anchors inside an alternative are not drawn: the check of
each drawn value decides them. An alternative whose ``^`` comes after a character, or whose
``$`` before one, matches nothing and is left out. A pattern with a backreference has no plan
(its parts cannot be drawn apart); its lengths are still known.
"""

from __future__ import annotations

from functools import cache
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as sre  # type: ignore[attr-defined]
from typing import Any

from generator.patterns.ecma import translate
from generator.patterns.errors import PatternError, Untranslatable
from generator.records import record

__all__ = ["MOST_ALTERNATIVES", "Alternative", "Part", "admits", "alternatives", "plan"]

# the most alternatives a pattern is taken apart into (`(a|b)(c|d)` is four); past it, an
# alternation is one part drawn whole
MOST_ALTERNATIVES = 16
_REPEATS = frozenset({c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT})
_REFERENCES = frozenset({c.GROUPREF, c.GROUPREF_EXISTS})


@record(slots=True)
class Part:
    """A part of an alternative: ``unit`` (a Python pattern; None: any character) drawn
    ``low`` to ``high`` times (``high`` None: no bound), each ``width`` characters long
    (None: each as long as it is drawn; the nodes between repeats are such a unit, once)."""

    unit: str | None
    width: int | None
    low: int = 1
    high: int | None = 1


@record(slots=True)
class Alternative:
    """One way a pattern matches: the fewest and the most characters of a string it matches
    in that way (``most`` None: no bound), and its parts (None: it cannot be drawn apart)."""

    fewest: int
    most: int | None
    parts: tuple[Part, ...] | None


_OPEN = Part(None, 1, 0, None)  # the text before or after a match that is not anchored


@cache
def alternatives(pattern: str) -> tuple[Alternative, ...] | None:
    """The alternatives of ``pattern`` (ECMA-262); None where it cannot be read (invalid, not
    translatable, or too deep for Python's parser)."""
    try:
        tree = sre.parse(translate(pattern))
    except (PatternError, Untranslatable, RecursionError, OverflowError, ValueError):
        return None
    referring = _refers(tree.data)
    return tuple(
        _alternative(tree.state, sequence, referring)
        for sequence in _expanded(tree.data, MOST_ALTERNATIVES)
        if not _stranded(tree.state, sequence)
    )


def admits(pattern: str, low: int | None, high: int | None) -> bool:
    """Whether a string ``low`` to ``high`` characters long may be one ``pattern`` matches in:
    False only where none can be (``^[a-f]{4}$`` and ``minLength: 5``; ``/^a$/`` whatever the
    length)."""
    found = alternatives(pattern)
    if found is None:
        return True
    return any(_fits(alt, low or 0, high) for alt in found)


def plan(pattern: str, low: int | None, high: int | None) -> tuple[Any, ...] | None:
    """The alternatives of ``pattern`` a string ``low`` to ``high`` characters long may be
    matched by, as plain data for the generated tests: ``(fewest, most, parts)`` each, a part
    ``(unit, width, low, high)``; None where there is no plan to draw by (a backreference,
    no alternative of such a length)."""
    found = alternatives(pattern)
    if found is None or any(alt.parts is None for alt in found):
        return None
    kept = tuple(
        (alt.fewest, alt.most, tuple((p.unit, p.width, p.low, p.high) for p in alt.parts or ()))
        for alt in found
        if _fits(alt, low or 0, high)
    )
    return kept or None


def _fits(alt: Alternative, low: int, high: int | None) -> bool:
    return (high is None or alt.fewest <= high) and (alt.most is None or alt.most >= low)


def _refers(items: Any) -> bool:
    """Whether ``items`` hold a backreference, at any depth."""
    for op, arg in items:
        if op in _REFERENCES:
            return True
        inner = _inside(op, arg)
        if any(_refers(each) for each in inner):
            return True
    return False


def _inside(op: Any, arg: Any) -> list[Any]:
    """The sequences of nodes directly inside a node."""
    if op is c.BRANCH:
        return list(arg[1])
    if op is c.SUBPATTERN:
        return [arg[3]]
    if op in _REPEATS:
        return [arg[2]]
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [arg[1]]
    if op is c.ATOMIC_GROUP:
        return [arg]
    return []


def _expanded(items: Any, budget: int) -> list[list[Any]]:
    """The sequences ``items`` stand for once each plain group is opened and each
    alternation taken apart, as long as they are at most ``budget``."""
    found: list[list[Any]] = [[]]
    for op, arg in items:
        options: list[list[Any]] | None = None
        if op is c.SUBPATTERN and not arg[1] and not arg[2]:  # a group without flags
            options = _expanded(arg[3], budget)
        elif op is c.BRANCH:
            options = [seq for branch in arg[1] for seq in _expanded(branch, budget)]
        if options is None or len(found) * len(options) > budget:
            found = [[*seq, (op, arg)] for seq in found]
        else:
            found = [[*seq, *option] for seq in found for option in options]
    return found


def _anchor(node: Any, at: Any) -> bool:
    return bool(node[0] is c.AT and node[1] is at)


def _stranded(state: Any, sequence: list[Any]) -> bool:
    """Whether an anchor of ``sequence`` stands where no string can be: a ``^`` after a node
    that takes a character at least (``/^a$/``, the slashes written into the pattern), a
    ``$`` before one."""
    for index, node in enumerate(sequence):
        if _anchor(node, c.AT_BEGINNING_STRING) and _widths(state, sequence[:index])[0]:
            return True
        if _anchor(node, c.AT_END_STRING) and _widths(state, sequence[index + 1 :])[0]:
            return True
    return False


def _widths(state: Any, items: list[Any]) -> tuple[int, int | None]:
    low, high = sre.SubPattern(state, items).getwidth()
    return low, None if high >= sre.MAXWIDTH else high


def _alternative(state: Any, sequence: list[Any], referring: bool) -> Alternative:
    """An alternative's lengths and parts (none where the pattern refers to a group)."""
    # imported with the first pattern read, as the translation is (see ecma)
    from generator.patterns.unparse import Unwritten

    closed_start = bool(sequence) and _anchor(sequence[0], c.AT_BEGINNING_STRING)
    closed_end = bool(sequence) and _anchor(sequence[-1], c.AT_END_STRING)
    body = sequence[int(closed_start) : len(sequence) - int(closed_end)]
    fewest, most = _widths(state, body)
    if not (closed_start and closed_end):
        most = None  # text before or after the match
    if referring:
        return Alternative(fewest, most, None)
    try:
        parts = _parts(state, body)
    except Unwritten:
        return Alternative(fewest, most, None)
    before = [_OPEN] if not closed_start else []
    after = [_OPEN] if not closed_end and (parts or closed_start) else []  # one, between none
    return Alternative(fewest, most, (*before, *parts, *after))


def _parts(state: Any, body: list[Any]) -> list[Part]:
    """The parts of an alternative's nodes: each repeat a part of its own (of a unit that is
    never empty), the nodes between them one part drawn whole, those of no width left out."""
    from generator.patterns.unparse import written

    parts: list[Part] = []
    run: list[Any] = []

    def close_run() -> None:
        if run:
            parts.append(Part(written(run), None))
            run.clear()

    for node in body:
        op, arg = node
        if op in _REPEATS:
            low, high, inner = arg
            unit_low, unit_high = _widths(state, inner)
            if unit_low:
                close_run()
                top = None if high is c.MAXREPEAT else high
                width = unit_low if unit_low == unit_high else None
                parts.append(Part(written(inner), width, low, top))
                continue
        if _widths(state, [node]) == (0, 0):
            continue  # an anchor or a lookaround: the check of the whole value decides it
        run.append(node)
    close_run()
    return parts
