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
_ATOM = r"""[0-9A-Za-z_ ,:;=!@#%&'"<>~/-]|\.|\\[dDwWsS]|\\[nrtfv.\\/^$*+?()\[\]{}|]"""
_CLASS = rf"\[\^?(?:{_CLASS_ITEM})+\]"
_QUANTIFIER = r"(?:(?:[*+?]|\{[0-9]{1,9}(?:,[0-9]{0,9})?\})\??)"
_PIECE = rf"(?:{_ATOM}|{_CLASS}){_QUANTIFIER}?|[\^$|]"  # what may not repeat has no quantifier


def _nested(inner: str) -> str:
    """Pieces, and groups (plain or ``(?:``) of ``inner``, which a quantifier may follow."""
    return rf"(?:{_PIECE}|\((?:\?:)?{inner}\){_QUANTIFIER}?)*"


# one character a piece: no two ways to read a text, so a match takes time linear in its length;
# groups up to two deep (deeper ones are left to the parser)
_PLAIN = re.compile(_nested(_nested(rf"(?:{_PIECE})*")))
_BOUNDS = re.compile(r"\{([0-9]+),([0-9]+)\}")  # every {n,m} (a class holding one too)
_CLASSES = re.compile(rf"\[\^?((?:{_CLASS_ITEM})+)\]")  # every class (maybe a few more texts)
_ITEM = re.compile(_CLASS_ITEM)
_CLASS_ESCAPES = frozenset("dDwWsS")
_CONTROL = {"n": 0x0A, "r": 0x0D, "t": 0x09, "f": 0x0C, "v": 0x0B}
_LONGEST = 1_000  # a longer pattern is left to the parser


def is_plain(pattern: Any) -> bool:
    """True only when ``pattern`` is made of plain pieces the parser reads without a fault."""
    if type(pattern) is not str or len(pattern) > _LONGEST or _PLAIN.fullmatch(pattern) is None:
        return False
    if "{" in pattern:
        for low, high in _BOUNDS.findall(pattern):
            if int(high) < int(low):
                return False  # numbers out of order (or only a class's text: said either way)
    if "-" in pattern and "[" in pattern:
        return all(_ranges_in_order(body) for body in _CLASSES.findall(pattern))
    return True


def _ranges_in_order(body: str) -> bool:
    """Whether each range of a class whose items are ``body`` runs from a lower end to a
    higher one, as the parser reads its ranges (a class escape at an end makes no range)."""
    items = _ITEM.findall(body)
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
