"""An ECMA-262 pattern to its Python :mod:`re` text: parse, write backreferences, check, compile."""

from __future__ import annotations

import re
from functools import cache

from generator.patterns.captures import Captures, Ref, resolve
from generator.patterns.engine import engine
from generator.patterns.errors import PatternError, Untranslatable
from generator.patterns.parser import Parser

__all__ = ["translate", "written"]


@cache
def translate(pattern: str) -> str:
    """The Python :mod:`re` pattern whose ``search`` agrees with ECMA-262 on every string."""
    text = written(pattern)
    try:
        re.compile(text)
    except re.error as exc:
        if "look-behind" in str(exc):
            raise Untranslatable("a lookbehind whose length varies") from None
        raise Untranslatable(f"Python cannot compile it ({exc})") from None
    except (OverflowError, RecursionError) as exc:
        raise Untranslatable(f"Python cannot compile it ({exc})") from None
    return text


def written(pattern: str) -> str:
    """``pattern`` parsed, judged valid ECMA-262 and written in :mod:`re` syntax, not yet
    compiled: what says whether a pattern is valid (:class:`PatternError` when it is not)."""
    if not isinstance(pattern, str):
        raise PatternError("a pattern must be a string", 0)
    captures = Captures()
    parser = Parser(pattern, captures)
    pieces = parser.disjunction(repeated=False, behind=False)
    if parser.pos < len(pattern):
        raise PatternError(f"unmatched {pattern[parser.pos]!r}", parser.pos)
    try:
        text = "".join(resolve(p, captures) if isinstance(p, Ref) else p for p in pieces)
    except Untranslatable:
        engine(pattern)  # invalid is said before untranslatable
        raise
    # the ECMA engine has the last word on validity (with the u flag, or without it for
    # Annex B's readings accepted here), for faults the parser does not look for
    engine(pattern)
    return text
