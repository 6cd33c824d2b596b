"""A quick word on the patterns most specs hold: their syntax is plain, the parser would take them.

Checking a pattern (:func:`generator.patterns.ecma.check`) parses it and writes its Python
translation, character by character: most of the time of validating a spec with many
patterns. Most patterns are made of a few plain pieces (letters and digits, ``.``, classes of
characters and ranges, ``^`` ``$``, groups, alternatives and quantifiers, the escapes of
syntax characters and of ``\\d \\w \\s``): :func:`is_plain` recognises such a pattern in one
regular-expression match and a few comparisons, and answers True only when the parser
(:mod:`generator.patterns.parser`) certainly reads it without a fault and without a
backreference to resolve. Validity still takes the ECMA engine's word, as after the parser;
anything else (named groups, lookarounds, ``\\u`` escapes, braces alone, a quantifier where
none may be, a range whose ends are out of order) answers False, and the parser decides.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["is_plain"]

# the characters a class may hold as themselves here: printable ASCII but `[`, `\` and `]`
_CLASS_CHAR = r"[ -Z^-~]"
_CLASS_ITEM = rf"\\[dDwWsS]|\\[-nrtfv.\\^$*+?()\[\]{{}}|/]|{_CLASS_CHAR}"
_TOKEN = re.compile(
    r"""
    (?P<atom>[0-9A-Za-z_ ,:;=!@#%&'"<>~/-]+|\.|\\[dDwWsS]|\\[nrtfv.\\/^$*+?()\[\]{}|])
  | (?P<cls>\[\^?(?:"""
    + _CLASS_ITEM
    + r""")+\])
  | (?P<quantifier>[*+?]\??|\{(?P<low>[0-9]{1,9})(?:,(?P<high>[0-9]{0,9}))?\}\??)
  | (?P<open>\(\?:|\()
  | (?P<close>\))
  | (?P<edge>[\^$|])
    """,
    re.VERBOSE,
)
_ITEM = re.compile(_CLASS_ITEM)
_CLASS_ESCAPES = frozenset("dDwWsS")
_DEPTH = 32  # groups in groups: deeper nesting is left to the parser (and its limit)
_CONTROL = {"n": 0x0A, "r": 0x0D, "t": 0x09, "f": 0x0C, "v": 0x0B}


def is_plain(pattern: Any) -> bool:
    """True only when ``pattern`` is made of plain pieces the parser reads without a fault."""
    if type(pattern) is not str:
        return False
    depth, repeatable = 0, False  # groups open; whether a quantifier may follow the last piece
    at = 0
    while at < len(pattern):
        token = _TOKEN.match(pattern, at)
        step = None if token is None else _step(token, depth, repeatable)
        if token is None or step is None:
            return False
        depth, repeatable = step
        at = token.end()
    return depth == 0


def _step(token: re.Match[str], depth: int, repeatable: bool) -> tuple[int, bool] | None:
    """(groups open, repeatable) after ``token``; None where the parser could find a fault."""
    kind = token.lastgroup
    if kind == "quantifier":
        high = token.group("high")
        if not repeatable or (high and int(high) < int(token.group("low"))):
            return None
        return depth, False
    if kind == "cls" and not _ranges_in_order(token.group()):
        return None
    if kind in ("atom", "cls"):
        return depth, True
    if kind == "open":
        return (depth + 1, False) if depth < _DEPTH else None
    if kind == "close":
        return (depth - 1, True) if depth > 0 else None
    return depth, False  # ^ $ |: nothing may repeat them


def _ranges_in_order(text: str) -> bool:
    """Whether each range of the class ``text`` (``[...]``) runs from a lower end to a higher
    one, as the parser reads its ranges (a class escape at an end makes no range)."""
    body = text[2:-1] if text.startswith("[^") else text[1:-1]
    items = [match.group() for match in _ITEM.finditer(body)]
    i = 0
    while i < len(items):
        if i + 2 < len(items) and items[i + 1] == "-":
            low, high = _code(items[i]), _code(items[i + 2])
            if low is not None and high is not None and high < low:
                return False
            i += 3
        else:
            i += 1
    return True


def _code(item: str) -> int | None:
    """The code point a class item stands for; None for a class escape (``\\d``)."""
    if len(item) == 1:
        return ord(item)
    char = item[1]
    if char in _CLASS_ESCAPES:
        return None
    return _CONTROL.get(char, ord(char))
