"""A pattern called plain is one the parser reads without a fault, so checking it with the ECMA
engine alone gives the verdict of the full check."""

from __future__ import annotations

import random
from typing import Any

import pytest

from generator.patterns import ecma, translation
from generator.patterns.captures import Captures
from generator.patterns.errors import PatternError, Untranslatable
from generator.patterns.parser import Parser
from generator.patterns.plain import is_plain

PIECES = [
    *"aZ09_- ,:=!@/~<>é.^$|()*+?{}[]\\",
    "(?:", "(?=", "(?<n>", "[^", "[^]", "[]", "{2}", "{2,1}", "{1,}", "{0,3}", "*?", "\\d",
    "\\w", "\\S", "\\-", "\\.", "\\/", "\\n", "\\v", "\\b", "\\k<n>", "\\1", "\\u0041", "\\cJ",
    "\\a", "\\_", "[a-z]", "[z-a]", "[\\d-z]", "[a-\\d]", "[--z]", "[.-,]", "[\\.-\\n]",
    "[\\n-\\.]", "[a-b-c]", "[\\]]", "[[]", "[-]", "[a-]", "[\\w.-]", "{99999999999}",
]  # fmt: skip


def _verdict(check: Any, pattern: str) -> str:
    try:
        check(pattern)
    except PatternError as exc:
        return f"invalid: {exc} at {exc.offset}" if hasattr(exc, "offset") else f"invalid: {exc}"
    except Untranslatable:
        return "untranslatable"
    return "valid"


def _parses(pattern: str) -> bool:
    parser = Parser(pattern, Captures())
    try:
        parser.disjunction(repeated=False, behind=False)
    except PatternError:
        return False
    return parser.pos == len(pattern)


def test_every_plain_pattern_is_read_by_the_parser_and_checked_as_before() -> None:
    draw = random.Random(20261204)
    patterns = {
        "".join(draw.choice(PIECES) for _ in range(draw.randint(0, 7))) for _ in range(40_000)
    }
    plain = [p for p in sorted(patterns) if is_plain(p)]
    assert len(plain) > 2_000  # the sample says something
    assert [p for p in plain if not _parses(p)] == []
    verdicts = [(_verdict(ecma.check, p), _verdict(translation.written, p)) for p in plain]
    assert [(p, v) for p, v in zip(plain, verdicts, strict=True) if v[0] != v[1]] == []
    assert sum(quick == "valid" for quick, _ in verdicts) > 1_000
    refused = [p for p in sorted(patterns) if not _parses(p)]
    assert len(refused) > 2_000 and not any(is_plain(p) for p in refused)


@pytest.mark.parametrize(
    "pattern",
    [
        "^[a-z]{2,8}-12(\\.[0-9]+)?$",
        "^x-[a-z]+$",
        "^\\d{4}-\\d{2}-\\d{2}$",
        "[\\w.-]+@[a-z]+\\.[a-z]{2,}",
        "^(?:https?|ftp)://[^ ]+$",
        "^[A-Z][a-zA-Z0-9_]*$",
        "",
    ],
)
def test_the_usual_patterns_are_plain_and_the_parser_is_not_asked(
    pattern: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert is_plain(pattern)

    def refuse(*args: Any) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(translation, "written", refuse)
    ecma.check(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        "(" * 40 + ")" * 40,
        "a{2,1}",
        "[z-a]",
        "^*",
        "a**",
        "((a)",
        "a)",
        "(?<n>a)\\k<n>",
        "\\1(a)",
        "{",
        "]",
        5,
    ],
)
def test_what_is_not_plain_is_left_to_the_parser(pattern: Any) -> None:
    assert not is_plain(pattern)
