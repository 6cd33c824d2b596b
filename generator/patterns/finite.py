"""The few strings a pattern admits, when it admits only a few: ``^(basic|gold)$``.

Such a pattern is an enum in all but name, and what is true of an enum is true of it: each of
its values may reach code the others do not. Only the plain shape is read (anchored at both
ends; characters, groups, alternatives and ``?``); anything else answers None, and every word
read is checked against the pattern itself before it is given.
"""

from __future__ import annotations

import functools

from generator.patterns.ecma import searcher
from generator.patterns.errors import PatternError, Untranslatable

__all__ = ["words"]

_PLAIN = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-,:;/@#%&=~'\"!<>"
)
_ESCAPED = frozenset(".-/\\()[]{}|?*+^$ ")


class _TooMany(Exception):
    """More words than asked for, or a shape not read here."""


class _Reader:
    def __init__(self, text: str, limit: int) -> None:
        self.text = text
        self.pos = 0
        self.limit = limit

    def peek(self) -> str:
        return self.text[self.pos : self.pos + 1]

    def disjunction(self) -> set[str]:
        found = self.alternative()
        while self.peek() == "|":
            self.pos += 1
            found |= self.alternative()
            self._bounded(found)
        return found

    def alternative(self) -> set[str]:
        found = {""}
        while self.peek() not in ("", "|", ")"):
            atom = self.atom()
            if self.peek() == "?":
                self.pos += 1
                atom = atom | {""}
            found = {a + b for a in found for b in atom}
            self._bounded(found)
        return found

    def atom(self) -> set[str]:
        char = self.peek()
        self.pos += 1
        if char == "(":
            if self.text.startswith("?:", self.pos):
                self.pos += 2
            elif self.peek() == "?":
                raise _TooMany  # a lookaround or a named group
            inner = self.disjunction()
            if self.peek() != ")":
                raise _TooMany
            self.pos += 1
            return inner
        if char == "\\" and self.peek() in _ESCAPED and self.peek():
            self.pos += 1
            return {self.text[self.pos - 1]}
        if char in _PLAIN and char:
            return {char}
        raise _TooMany

    def _bounded(self, found: set[str]) -> None:
        if len(found) > self.limit:
            raise _TooMany


@functools.cache  # read once per pattern: the first pass asks for each body it completes
def words(pattern: str, limit: int = 8) -> tuple[str, ...] | None:
    """Every string ``pattern`` (ECMA-262) matches, sorted, when it is anchored at both ends,
    built only of characters, groups, alternatives and ``?``, and matches at most ``limit``
    strings; None otherwise."""
    if not (pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")):
        return None
    reader = _Reader(pattern[1:-1], limit)
    try:
        found = reader.alternative()  # `^a|b$` is `(^a)|(b$)`: no word list
        if reader.pos != len(reader.text):
            return None
        matches = searcher(pattern)
    except (_TooMany, PatternError, Untranslatable):
        return None
    if not all(matches(word) for word in found):
        return None
    return tuple(sorted(found))
