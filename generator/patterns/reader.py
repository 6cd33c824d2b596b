"""Reading a pattern's characters: the cursor, character escapes and classes, as code points."""

from __future__ import annotations

import re

from generator.patterns.codepoints import DIGITS, MAX, SPACE, WORD, Ranges, complement, normal
from generator.patterns.errors import PatternError
from generator.patterns.properties import property_ranges

__all__ = ["Reader"]

_CONTROL = {"t": 0x09, "n": 0x0A, "v": 0x0B, "f": 0x0C, "r": 0x0D}
_SYNTAX = frozenset("^$\\.*+?()[]{}|/")


class Reader:
    """A position in a pattern's text, and the reading of what stands for code points there."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def peek(self, ahead: int = 0) -> str:
        at = self.pos + ahead
        return self.text[at] if at < len(self.text) else ""

    def take(self, prefix: str) -> bool:
        if self.text.startswith(prefix, self.pos):
            self.pos += len(prefix)
            return True
        return False

    def fail(self, message: str, offset: int | None = None) -> PatternError:
        return PatternError(message, self.pos if offset is None else offset)

    # -- escapes -----------------------------------------------------------------------------

    def class_escape(self) -> tuple[Ranges, bool] | None:
        """``\\d \\D \\s \\S \\w \\W \\p{..} \\P{..}`` (after the backslash): ranges, negated."""
        char = self.peek()
        simple = {"d": DIGITS, "s": SPACE, "w": WORD}
        if char.lower() in simple:
            self.pos += 1
            return simple[char.lower()], char.isupper()
        if char in ("p", "P"):
            start = self.pos - 1
            self.pos += 1
            end = self.text.find("}", self.pos)
            if self.peek() != "{" or end < 0:
                raise self.fail(f"\\{char} must name a property, as \\{char}{{Lu}}", start)
            body = self.text[self.pos + 1 : end]
            self.pos = end + 1
            return property_ranges(body, start), char == "P"
        return None

    def char_escape(self, start: int, *, in_class: bool) -> int:
        """The code point of a character escape (after the backslash)."""
        char = self.peek()
        self.pos += 1
        if char in _CONTROL:
            return _CONTROL[char]
        if char == "c":
            letter = self.peek()
            if not (letter.isascii() and letter.isalpha()):
                raise self.fail("\\c must be followed by a letter", start)
            self.pos += 1
            return ord(letter) % 32
        if char == "0":
            if self.peek().isdigit():
                raise self.fail("octal escapes are not allowed", start)
            return 0
        if char == "x":
            return self.hex_digits(2, start)
        if char == "u":
            return self.unicode_escape(start)
        if char == "b" and in_class:
            return 0x08
        if char == "-" and in_class:
            return ord("-")
        if char == "":
            raise self.fail("\\ at the end of the pattern", start)
        if char in _SYNTAX or not (char.isascii() and (char.isalnum() or char == "_")):
            return ord(char)  # identity escape (Annex B for punctuation other than syntax)
        if char == "_":
            return ord(char)
        raise self.fail(f"\\{char} is not an escape in ECMA-262", start)

    def hex_digits(self, count: int, start: int) -> int:
        digits = self.text[self.pos : self.pos + count]
        if len(digits) != count or not all(c in "0123456789abcdefABCDEF" for c in digits):
            raise self.fail(f"\\{self.text[start + 1]} needs {count} hexadecimal digits", start)
        self.pos += count
        return int(digits, 16)

    def unicode_escape(self, start: int) -> int:
        if self.take("{"):
            end = self.text.find("}", self.pos)
            digits = self.text[self.pos : end] if end >= 0 else ""
            if not digits or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise self.fail("\\u{...} needs hexadecimal digits", start)
            value = int(digits, 16)
            if value > MAX:
                raise self.fail("\\u{...} beyond U+10FFFF", start)
            self.pos = end + 1
            return value
        value = self.hex_digits(4, start)
        if 0xD800 <= value <= 0xDBFF and re.match(
            r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", self.text[self.pos :]
        ):
            low = int(self.text[self.pos + 2 : self.pos + 6], 16)
            self.pos += 6
            return 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        return value

    # -- classes -----------------------------------------------------------------------------

    def char_class(self) -> tuple[Ranges, bool]:
        """A ``[...]`` class (at its ``[``): its ranges, and whether it is negated."""
        start = self.pos
        self.pos += 1
        negated = self.take("^")
        ranges: list[tuple[int, int]] = []
        while not self.take("]"):
            if self.pos >= len(self.text):
                raise self.fail("character class is not closed", start)
            low = self.class_atom()
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                dash = self.pos
                self.pos += 1
                high = self.class_atom()
                if isinstance(low, tuple) or isinstance(high, tuple):
                    # Annex B: `[\\w-.]` is `\\w`, `-` and `.`, not a range
                    for atom in (low, ord("-"), high):
                        ranges += atom if isinstance(atom, tuple) else ((atom, atom),)
                    continue
                if high < low:
                    raise self.fail("range out of order in character class", dash)
                ranges.append((low, high))
            elif isinstance(low, tuple):
                ranges += low
            else:
                ranges.append((low, low))
        return normal(ranges), negated

    def class_atom(self) -> int | Ranges:
        char = self.peek()
        if char != "\\":
            self.pos += 1
            return ord(char)
        start = self.pos
        self.pos += 1
        found = self.class_escape()
        if found is not None:
            ranges, negated = found
            return complement(ranges) if negated else ranges
        return self.char_escape(start, in_class=True)
