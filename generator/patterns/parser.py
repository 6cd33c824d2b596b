"""A pattern's structure (alternatives, terms, quantifiers, groups, assertions) as Python pieces."""

from __future__ import annotations

import re

from generator.patterns.captures import Captures, Group, Ref
from generator.patterns.codepoints import LINE_ENDS
from generator.patterns.errors import Untranslatable
from generator.patterns.pysyntax import BOUNDARY, NOT_BOUNDARY, SINGLE, literal, one_of
from generator.patterns.reader import Reader

__all__ = ["MAX_DEPTH", "Parser", "Piece"]

MAX_DEPTH = 100  # groups in groups: deeper ones are refused before any recursion limit
_QUANTIFIERS = frozenset("*+?{")

Piece = str | Ref  # Python text, or a backreference written once every group is known


class Parser(Reader):
    """Reads an ECMA-262 pattern into Python pieces, recording its groups in ``captures``."""

    def __init__(self, text: str, captures: Captures):
        super().__init__(text)
        self.captures = captures
        self.depth = 0

    # -- structure ---------------------------------------------------------------------------

    def disjunction(self, *, repeated: bool, behind: bool) -> list[Piece]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Untranslatable(f"groups nested more than {MAX_DEPTH} deep")
        out = self.alternative(repeated=repeated, behind=behind)
        while self.take("|"):
            out.append("|")
            out += self.alternative(repeated=repeated, behind=behind)
        self.depth -= 1
        return out

    def alternative(self, *, repeated: bool, behind: bool) -> list[Piece]:
        out: list[Piece] = []
        while self.peek() not in ("", "|", ")"):
            run = _PLAIN_RUN.match(self.text, self.pos)
            if run is not None and run.end() - self.pos > 1:
                # ASCII letters, digits and `_` are each a term that is the character itself,
                # written as it is; the last is read as a term, for a quantifier after it
                end = run.end() - 1
                out += self.text[self.pos : end]
                self.pos = end
            out += self.term(repeated=repeated, behind=behind)
        return out

    def term(self, *, repeated: bool, behind: bool) -> list[Piece]:
        assertion = self.assertion(repeated=repeated, behind=behind)
        if assertion is not None:
            if self.quantifier_ahead():
                raise self.fail("an assertion cannot be repeated")
            return assertion
        groups = len(self.captures.groups)
        atom = self.atom(repeated=repeated, behind=behind)
        start = self.pos
        bounds = self.quantifier()
        if bounds is None:
            return atom
        if bounds[1] is None or bounds[1] > 1:
            # ECMA-262 clears a repeated group's captures on each pass; Python keeps them
            for group in self.captures.groups[groups:]:
                group.repeated = True
        quantifier = self.text[start : self.pos]
        if len(atom) == 1 and isinstance(atom[0], str) and SINGLE.fullmatch(atom[0]):
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

    def assertion(self, *, repeated: bool, behind: bool) -> list[Piece] | None:
        if self.peek() not in _ASSERTION_STARTS:
            return None  # the common case, said at once: every term asks
        if self.take("^"):
            return ["\\A"]
        if self.take("$"):
            return ["\\Z"]
        if self.take("\\b"):
            return [BOUNDARY]
        if self.take("\\B"):
            return [NOT_BOUNDARY]
        for opener in ("(?=", "(?!", "(?<=", "(?<!"):
            if self.take(opener):
                inner = self.disjunction(repeated=repeated, behind=behind or "<" in opener)
                self.close(opener)
                return [opener, *inner, ")"]
        return None

    def close(self, opener: str) -> None:
        if not self.take(")"):
            raise self.fail(f"{opener!r} is not closed")

    def group(self, *, repeated: bool, behind: bool) -> list[Piece]:
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
        self.captures.groups.append(Group(name, repeated, behind))
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

    def atom(self, *, repeated: bool, behind: bool) -> list[Piece]:
        char = self.peek()
        if char == ".":
            self.pos += 1
            return [one_of(LINE_ENDS, negated=True)]
        if char == "[":
            ranges, negated = self.char_class()
            return [one_of(ranges, negated=negated)]
        if char == "(":
            return self.group(repeated=repeated, behind=behind)
        if char == "\\":
            return self.escape(repeated=repeated, behind=behind)
        if char in _QUANTIFIERS:
            if char == "{" and not self.quantifier_ahead():
                self.pos += 1
                return [literal(ord("{"))]
            raise self.fail("nothing to repeat")
        if char == ")":
            raise self.fail("unmatched ')'")
        self.pos += 1
        return [literal(ord(char))]  # `]` and `}` alone are themselves (Annex B)

    def escape(self, *, repeated: bool, behind: bool) -> list[Piece]:
        start = self.pos
        self.pos += 1
        char = self.peek()
        if char == "k":
            self.pos += 1
            if not self.take("<"):
                raise self.fail("\\k must name a group, as \\k<name>", start)
            name = self.group_name()
            return [Ref(name, start, repeated, behind)]
        if char.isdigit() and char != "0":
            digits = re.compile("[0-9]+").match(self.text, self.pos)
            assert digits is not None
            self.pos = digits.end()
            return [Ref(int(digits.group()), start, repeated, behind)]
        ranges = self.class_escape()
        if ranges is not None:
            return [one_of(ranges[0], negated=ranges[1])]
        return [literal(self.char_escape(start, in_class=False))]


_PLAIN_RUN = re.compile("[0-9A-Z_a-z]+")
_ASSERTION_STARTS = frozenset("^$\\(")  # the first characters of every assertion


def _identifier(name: str) -> bool:
    if not name:
        return False
    first = name[0] in "$_" or name[0].isidentifier()
    return first and all(c in "$_\u200c\u200d" or ("a" + c).isidentifier() for c in name[1:])
