"""ECMA-262 regular expressions (JSON Schema's ``pattern``) as equal Python :mod:`re` patterns.

A spec's patterns are ECMA-262 regular expressions, read with the ``u`` flag as JSON Schema
2020-12 recommends, and searched (not anchored). :func:`translate` parses one and writes a
Python pattern that ``re.search`` runs with the same verdict on every string:

- ``^`` and ``$`` match only at the very start and end (``\\A``, ``\\Z``: Python's ``$`` also
  matches before a final newline); ``\\b`` and ``\\B`` use ECMA's ASCII word characters;
- ``\\d``, ``\\w`` are ASCII, ``\\s`` is ECMA's white space and line terminators, ``.`` is
  anything but ``\\n \\r \\u2028 \\u2029``; every class is written out as code point ranges;
- ``\\p{..}`` and ``\\P{..}`` are expanded to the code points that have the property (names
  checked, and their code points listed, by the ECMA engine ``regress``);
- named groups become plain groups, a backreference to a group that has not matched matches
  the empty string (``(?(n)\\n)``), as in ECMA-262.

Annex B's readings of an escaped punctuation character (``\\-``, ``\\_``, ``\\@``) and of a lone
``{``, ``}`` or ``]`` are accepted: they mean the character itself with or without ``u``.
A pattern that is not valid ECMA-262 raises :class:`PatternError` with the offset of the
fault; a valid one that Python cannot run exactly raises :class:`Untranslatable` with the
reason, and is never approximated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

__all__ = ["PatternError", "Untranslatable", "compiled", "problem", "searcher", "translate"]

_MAX = 0x10FFFF
_MAX_DEPTH = 100  # groups in groups: deeper ones are refused before any recursion limit
Ranges = tuple[tuple[int, int], ...]

_DIGITS: Ranges = ((0x30, 0x39),)
_WORD: Ranges = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
_SPACE: Ranges = (
    (0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
    (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
)  # fmt: skip
_LINE_ENDS: Ranges = ((0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029))
_CONTROL = {"t": 0x09, "n": 0x0A, "v": 0x0B, "f": 0x0C, "r": 0x0D}
_SYNTAX = frozenset("^$\\.*+?()[]{}|/")
_QUANTIFIERS = frozenset("*+?{")
_WORD_CLASS = "[0-9A-Z_a-z]"
# one character or one class as this module writes them: quantified without a group
_SINGLE = re.compile(r"[^\\]|\\[^xuU]|\\x..|\\u....|\\U........|\[(?:\\.|[^\\\]])*\]", re.S)
_BOUNDARY = f"(?:(?<={_WORD_CLASS})(?!{_WORD_CLASS})|(?<!{_WORD_CLASS})(?={_WORD_CLASS}))"
_NOT_BOUNDARY = f"(?:(?<={_WORD_CLASS})(?={_WORD_CLASS})|(?<!{_WORD_CLASS})(?!{_WORD_CLASS}))"


class PatternError(ValueError):
    """Not a valid ECMA-262 regular expression: what is wrong, at which offset of the text."""

    def __init__(self, message: str, offset: int):
        super().__init__(f"{message} at offset {offset}")
        self.message = message
        self.offset = offset


class Untranslatable(ValueError):
    """A valid ECMA-262 pattern that Python's :mod:`re` cannot run with the same verdicts."""


@dataclass(slots=True)
class _Group:
    name: str | None
    repeated: bool  # inside a quantifier that may run more than once
    behind: bool  # inside a lookbehind


@dataclass(slots=True)
class _Ref:
    target: int | str
    offset: int
    repeated: bool
    behind: bool


@dataclass(slots=True)
class _State:
    groups: list[_Group] = field(default_factory=list)
    refs: list[_Ref] = field(default_factory=list)


def problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used (invalid, or not translatable), or None when it can."""
    try:
        compiled(pattern)
    except PatternError as exc:
        return f"is not a valid ECMA-262 regular expression: {exc}"
    except Untranslatable as exc:
        return f"cannot be checked exactly: {exc}"
    return None


@cache
def searcher(pattern: str) -> Callable[[str], bool]:
    """A predicate for the toolkit's own checks: ``pattern`` matches somewhere in the string.

    The translation runs when there is one; a valid pattern Python cannot run exactly is run
    by the ECMA engine itself (generated code, which cannot, lists it as skipped instead).
    Raises :class:`PatternError` for a pattern that is not valid ECMA-262.
    """
    try:
        search = compiled(pattern).search
    except Untranslatable:
        return partial(_engine_search, _engine(pattern))
    return lambda text: search(text) is not None


def _engine_search(engine: Any, text: str) -> bool:
    try:
        return engine.find(text) is not None
    except (UnicodeError, ValueError, TypeError):
        return False  # a lone surrogate: the engine reads only whole code points


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """The compiled Python equivalent of ``pattern`` (raises like :func:`translate`)."""
    return re.compile(translate(pattern))


@cache
def translate(pattern: str) -> str:
    """The Python :mod:`re` pattern whose ``search`` agrees with ECMA-262 on every string."""
    if not isinstance(pattern, str):
        raise PatternError("a pattern must be a string", 0)
    state = _State()
    parser = _Parser(pattern, state)
    pieces = parser.disjunction(repeated=False, behind=False)
    if parser.pos < len(pattern):
        raise PatternError(f"unmatched {pattern[parser.pos]!r}", parser.pos)
    try:
        text = "".join(_resolve(p, state) if isinstance(p, _Ref) else p for p in pieces)
    except Untranslatable:
        _engine_check(pattern)  # invalid is said before untranslatable
        raise
    _engine_check(pattern)
    try:
        re.compile(text)
    except re.error as exc:
        if "look-behind" in str(exc):
            raise Untranslatable("a lookbehind whose length varies") from None
        raise Untranslatable(f"Python cannot compile it ({exc})") from None
    except (OverflowError, RecursionError) as exc:
        raise Untranslatable(f"Python cannot compile it ({exc})") from None
    return text


def _engine_check(pattern: str) -> None:
    # the ECMA engine has the last word on validity (with the u flag, or without it for
    # Annex B's readings accepted here), for faults the parser above does not look for
    _engine(pattern)


def _engine(pattern: str) -> Any:
    import regress

    # without the u flag `\\u{12}` and `\\p{..}` read differently: no second reading then
    readings = ("u", "") if re.search(r"\\[pPu]\{", pattern) is None else ("u",)
    for flags in readings:
        try:
            return regress.Regex(pattern, flags)
        except regress.RegressError as exc:
            error = exc
    raise PatternError(str(error).rstrip(".").lower(), 0)


def _resolve(ref: _Ref, state: _State) -> str:
    if isinstance(ref.target, str):
        numbers = [i + 1 for i, g in enumerate(state.groups) if g.name == ref.target]
        if not numbers:
            raise PatternError(f"no group named {ref.target!r}", ref.offset)
        if len(numbers) > 1:
            raise Untranslatable(f"a backreference to the name {ref.target!r} that groups share")
        number = numbers[0]
    else:
        number = ref.target
        if number > len(state.groups):
            raise PatternError(
                f"backreference \\{number} to a group that does not exist", ref.offset
            )
    group = state.groups[number - 1]
    if group.repeated:
        raise Untranslatable("a backreference to a group inside a repetition")
    if group.behind or ref.behind:
        raise Untranslatable("a backreference inside a lookbehind")
    return f"(?({number})\\{number})"


class _Parser:
    def __init__(self, text: str, state: _State):
        self.text = text
        self.pos = 0
        self.state = state
        self.depth = 0

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

    # -- structure ---------------------------------------------------------------------------

    def disjunction(self, *, repeated: bool, behind: bool) -> list[str | _Ref]:
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise Untranslatable(f"groups nested more than {_MAX_DEPTH} deep")
        out = self.alternative(repeated=repeated, behind=behind)
        while self.take("|"):
            out.append("|")
            out += self.alternative(repeated=repeated, behind=behind)
        self.depth -= 1
        return out

    def alternative(self, *, repeated: bool, behind: bool) -> list[str | _Ref]:
        out: list[str | _Ref] = []
        while self.peek() not in ("", "|", ")"):
            out += self.term(repeated=repeated, behind=behind)
        return out

    def term(self, *, repeated: bool, behind: bool) -> list[str | _Ref]:
        assertion = self.assertion(repeated=repeated, behind=behind)
        if assertion is not None:
            if self.quantifier_ahead():
                raise self.fail("an assertion cannot be repeated")
            return assertion
        groups = len(self.state.groups)
        atom = self.atom(repeated=repeated, behind=behind)
        start = self.pos
        bounds = self.quantifier()
        if bounds is None:
            return atom
        if bounds[1] is None or bounds[1] > 1:
            # ECMA-262 clears a repeated group's captures on each pass; Python keeps them
            for group in self.state.groups[groups:]:
                group.repeated = True
        quantifier = self.text[start : self.pos]
        if len(atom) == 1 and isinstance(atom[0], str) and _SINGLE.fullmatch(atom[0]):
            return [atom[0], quantifier]
        return ["(?:", *atom, ")", quantifier]

    def quantifier_ahead(self) -> bool:
        saved = self.pos
        found = self.quantifier() is not None
        self.pos = saved
        return found

    def quantifier(self) -> tuple[int, int | None] | None:
        """Read a quantifier (and its lazy ``?``) if one is here: its bounds."""
        char = self.peek()
        bounds: tuple[int, int | None]
        if char in ("*", "+", "?"):
            self.pos += 1
            bounds = {"*": (0, None), "+": (1, None), "?": (0, 1)}[char]
        elif char == "{":
            match = re.compile(r"\{([0-9]+)(,([0-9]*))?\}").match(self.text, self.pos)
            if match is None:
                return None  # Annex B: a lone `{` is the character itself
            low = int(match.group(1))
            high = (
                low if match.group(2) is None else int(match.group(3)) if match.group(3) else None
            )
            if high is not None and high < low:
                raise self.fail("numbers out of order in a {} quantifier")
            self.pos = match.end()
            bounds = (low, high)
        else:
            return None
        self.take("?")
        return bounds

    def assertion(self, *, repeated: bool, behind: bool) -> list[str | _Ref] | None:
        if self.take("^"):
            return ["\\A"]
        if self.take("$"):
            return ["\\Z"]
        if self.take("\\b"):
            return [_BOUNDARY]
        if self.take("\\B"):
            return [_NOT_BOUNDARY]
        for opener in ("(?=", "(?!", "(?<=", "(?<!"):
            if self.take(opener):
                inner = self.disjunction(repeated=repeated, behind=behind or "<" in opener)
                self.close(opener)
                return [opener, *inner, ")"]
        return None

    def close(self, opener: str) -> None:
        if not self.take(")"):
            raise self.fail(f"{opener!r} is not closed")

    def group(self, *, repeated: bool, behind: bool) -> list[str | _Ref]:
        start = self.pos
        self.pos += 1
        if self.take("?:"):
            inner = self.disjunction(repeated=repeated, behind=behind)
            self.close("(?:")
            return ["(?:", *inner, ")"]
        name: str | None = None
        if self.take("?<"):
            name = self.group_name()
        elif self.peek() == "?":
            if re.match(r"\?[imsx-]+:", self.text[self.pos :]):
                raise Untranslatable("inline modifiers such as (?i:...)")
            raise self.fail("invalid group", start)
        self.state.groups.append(_Group(name, repeated, behind))
        inner = self.disjunction(repeated=repeated, behind=behind)
        self.close("(")
        return ["(", *inner, ")"]

    def group_name(self) -> str:
        start = self.pos
        end = self.text.find(">", start)
        name = self.text[start:end] if end >= 0 else ""
        if not _identifier(name):
            if "\\" in name:
                raise Untranslatable("an escape in a group name")
            raise self.fail("invalid group name", start)
        self.pos = end + 1
        return name

    # -- atoms -------------------------------------------------------------------------------

    def atom(self, *, repeated: bool, behind: bool) -> list[str | _Ref]:
        char = self.peek()
        if char == ".":
            self.pos += 1
            return [_class(_LINE_ENDS, negated=True)]
        if char == "[":
            return [self.char_class()]
        if char == "(":
            return self.group(repeated=repeated, behind=behind)
        if char == "\\":
            return self.escape(repeated=repeated, behind=behind)
        if char in _QUANTIFIERS:
            if char == "{" and not self.quantifier_ahead():
                self.pos += 1
                return [_literal(ord("{"))]
            raise self.fail("nothing to repeat")
        if char == ")":
            raise self.fail("unmatched ')'")
        self.pos += 1
        return [_literal(ord(char))]  # `]` and `}` alone are themselves (Annex B)

    def escape(self, *, repeated: bool, behind: bool) -> list[str | _Ref]:
        start = self.pos
        self.pos += 1
        char = self.peek()
        if char == "k":
            self.pos += 1
            if not self.take("<"):
                raise self.fail("\\k must name a group, as \\k<name>", start)
            name = self.group_name()
            return [_Ref(name, start, repeated, behind)]
        if char.isdigit() and char != "0":
            digits = re.compile("[0-9]+").match(self.text, self.pos)
            assert digits is not None
            self.pos = digits.end()
            return [_Ref(int(digits.group()), start, repeated, behind)]
        ranges = self.class_escape()
        if ranges is not None:
            return [_class(ranges[0], negated=ranges[1])]
        return [_literal(self.char_escape(start, in_class=False))]

    def class_escape(self) -> tuple[Ranges, bool] | None:
        """``\\d \\D \\s \\S \\w \\W \\p{..} \\P{..}`` (after the backslash): ranges, negated."""
        char = self.peek()
        simple = {"d": _DIGITS, "s": _SPACE, "w": _WORD}
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
            return _property(body, start), char == "P"
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
            if value > _MAX:
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

    def char_class(self) -> str:
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
        return _class(_normal(ranges), negated=negated)

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
            return _complement(ranges) if negated else ranges
        return self.char_escape(start, in_class=True)


def _identifier(name: str) -> bool:
    if not name:
        return False
    first = name[0] in "$_" or name[0].isidentifier()
    return first and all(c in "$_\u200c\u200d" or ("a" + c).isidentifier() for c in name[1:])


def _normal(ranges: list[tuple[int, int]] | Ranges) -> Ranges:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def _complement(ranges: Ranges) -> Ranges:
    out: list[tuple[int, int]] = []
    at = 0
    for low, high in _normal(ranges):
        if low > at:
            out.append((at, low - 1))
        at = high + 1
    if at <= _MAX:
        out.append((at, _MAX))
    return tuple(out)


def _literal(code: int) -> str:
    char = chr(code)
    if char.isascii() and (char.isalnum() or char == "_"):
        return char
    if char.isascii() and char.isprintable():
        return "\\" + char
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _class(ranges: Ranges, *, negated: bool = False) -> str:
    ranges = _normal(ranges)
    if negated:
        ranges = _complement(ranges)
    if not ranges:
        return "(?!)"
    if ranges == ((0, _MAX),):
        return "[\\x00-\\U0010ffff]"
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return _literal(ranges[0][0])
    outside = _complement(ranges)
    if len(outside) < len(ranges):
        return "[^" + _items(outside) + "]"
    return "[" + _items(ranges) + "]"


def _items(ranges: Ranges) -> str:
    parts = []
    for low, high in ranges:
        if low == high:
            parts.append(_literal(low))
        elif high == low + 1:
            parts.append(_literal(low) + _literal(high))
        else:
            parts.append(f"{_literal(low)}-{_literal(high)}")
    return "".join(parts)


def _property(body: str, offset: int) -> Ranges:
    """The code points with Unicode property ``body`` (``Lu``, ``Script=Greek``)."""
    import regress

    try:
        regress.Regex(f"\\p{{{body}}}", "u")
    except regress.RegressError:
        raise PatternError(f"unknown Unicode property \\p{{{body}}}", offset) from None
    return _property_ranges(body)


# the properties (by ECMA-262's names and aliases) that lone surrogates have: general category
# Cs, and Script=Unknown; the engine cannot be asked, as it reads only whole code points
_SURROGATE_PROPERTIES = frozenset(
    {
        "Cs", "Surrogate", "C", "Other", "Any", "Assigned",
        *(f"{k}={v}" for k in ("General_Category", "gc") for v in ("Cs", "Surrogate", "C")),
        *(f"{k}=Other" for k in ("General_Category", "gc")),
        *(f"{k}={v}" for k in ("Script", "sc", "Script_Extensions", "scx") for v in ("Unknown",)),
        *(f"{k}=Zzzz" for k in ("Script", "sc", "Script_Extensions", "scx")),
    }
)  # fmt: skip


@cache
def _property_ranges(body: str) -> Ranges:
    # the code points the ECMA engine finds with the property, so that one Unicode version
    # (the engine's) decides every property
    import regress

    found = regress.Regex(f"\\p{{{body}}}+", "u").find_iter(_every_code_point()) or ()
    ranges = [(_code_point_at(m.range().start), _code_point_at(m.range().stop - 1)) for m in found]
    if body in _SURROGATE_PROPERTIES:
        ranges.append((0xD800, 0xDFFF))
    return _normal(ranges)


# UTF-8 offsets in the string of every code point but the surrogates, in order: where each
# run of equal-length encodings starts (offset, first code point, bytes per code point)
_RUNS = ((188288, 0x10000, 4), (163712, 0xE000, 3), (3968, 0x800, 3), (128, 0x80, 2), (0, 0, 1))


def _code_point_at(offset: int) -> int:
    """The code point at UTF-8 ``offset`` of :func:`_every_code_point` (or just past the end)."""
    for start, first, width in _RUNS:
        if offset >= start:
            return first + (offset - start) // width
    raise AssertionError(offset)


@cache
def _every_code_point() -> str:
    return "".join(map(chr, [*range(0xD800), *range(0xE000, _MAX + 1)]))
