"""Strings that match a ``pattern``, drawn from its parsed form with a seeded Random.

JSON Schema patterns are ECMA-262 regular expressions, searched, not anchored. The validators
here run them as the equal Python patterns :mod:`generator.patterns.ecma` writes, so the generator
walks the parse tree :mod:`re` builds for that translation. Lookarounds
are skipped while drawing and enforced by checking the result; a pattern no draw satisfies
raises :class:`~generator.exchange.errors.GenerationError`.
"""

from __future__ import annotations

import re
import string
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as parser  # type: ignore[attr-defined]
from typing import Any

from generator.exchange.errors import GenerationError
from generator.patterns import ecma

__all__ = ["generate"]

_ATTEMPTS = 20
_OPEN_REPEAT = 3  # extra repetitions drawn for `*`, `+` and `{n,}`
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
    pattern: str, rng: Any, *, min_length: int | None = None, max_length: int | None = None
) -> str:
    """A string in which the ECMA-262 ``pattern`` matches, within the length bounds."""
    try:
        compiled = ecma.compiled(pattern)
        tree = parser.parse(ecma.translate(pattern))
    except (ecma.PatternError, ecma.Untranslatable, re.error, RecursionError) as exc:
        raise GenerationError(f"pattern {pattern!r} cannot be used: {exc}") from None
    low, high = min_length or 0, max_length
    for _ in range(_ATTEMPTS):
        groups: dict[int, str] = {}
        text = _walk(tree, rng, groups)
        if len(text) < low:
            text += "".join(rng.choice(string.ascii_lowercase) for _ in range(low - len(text)))
        if (high is None or len(text) <= high) and compiled.search(text):
            return text
    raise GenerationError(f"no string of the allowed length matches pattern {pattern!r}")


def _walk(tree: Any, rng: Any, groups: dict[int, str]) -> str:
    return "".join(_node(op, arg, rng, groups) for op, arg in tree)


def _node(op: Any, arg: Any, rng: Any, groups: dict[int, str]) -> str:
    if op is c.LITERAL:
        return chr(arg)
    if op is c.NOT_LITERAL:
        return str(rng.choice([ch for ch in _PRINTABLE if ord(ch) != arg]))
    if op is c.ANY:
        return str(rng.choice(string.ascii_letters))
    if op is c.IN:
        return _in(arg, rng)
    if op is c.BRANCH:
        return _walk(rng.choice(arg[1]), rng, groups)
    if op is c.SUBPATTERN:
        group, _add, _del, sub = arg
        text = _walk(sub, rng, groups)
        if group is not None:
            groups[group] = text
        return text
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, high, sub = arg
        high = low + _OPEN_REPEAT if high is c.MAXREPEAT else min(high, low + _OPEN_REPEAT)
        return "".join(_walk(sub, rng, groups) for _ in range(rng.randint(low, high)))
    if op is c.GROUPREF:
        return groups.get(arg, "")
    if op is c.GROUPREF_EXISTS:  # a backreference that is empty until its group has matched
        group, yes, no = arg
        return _walk(yes, rng, groups) if group in groups else _walk(no or [], rng, groups)
    if op is c.CATEGORY:
        return str(rng.choice(_CATEGORIES.get(arg, string.ascii_letters)))
    if op is c.ATOMIC_GROUP:
        return _walk(arg, rng, groups)
    return ""  # anchors, lookarounds and conditionals: the final search checks them


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
