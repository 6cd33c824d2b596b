"""The ECMA-262 engine ``regress``: the last word on validity, and searches Python cannot run."""

from __future__ import annotations

import re
from typing import Any

from generator.patterns.errors import PatternError

__all__ = ["engine", "engine_search"]


def engine(pattern: str) -> Any:
    """``pattern`` compiled by the ECMA engine; :class:`PatternError` when it refuses it.

    With the ``u`` flag, or without it for Annex B's readings accepted here.
    """
    import regress

    # without the u flag `\\u{12}` and `\\p{..}` read differently: no second reading then
    readings = ("u", "") if re.search(r"\\[pPu]\{", pattern) is None else ("u",)
    for flags in readings:
        try:
            return regress.Regex(pattern, flags)
        except regress.RegressError as exc:
            error = exc
    raise PatternError(str(error).rstrip(".").lower(), 0)


def engine_search(regex: Any, text: str) -> bool:
    """Whether ``regex``, compiled by :func:`engine`, matches somewhere in ``text``."""
    try:
        return regex.find(text) is not None
    except (UnicodeError, ValueError, TypeError):
        return False  # a lone surrogate: the engine reads only whole code points
