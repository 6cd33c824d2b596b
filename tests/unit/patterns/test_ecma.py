"""ECMA-262 patterns translated to Python: the verdicts agree with the ECMA engine ``regress``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.patterns import ecma

regress = pytest.importorskip("regress")

# characters where Python's and ECMA-262's readings differ, and plain ones
ALPHABET = [
    *"aAzZ09_-. \t\n\r\x0b\x0c",
    "\x00", "\x08", "\xa0", "\u00e9", "\u0130", "\u0391", "\u03c9", "\u1680", "\u2028",
    "\u2029", "\u202f", "\u3000", "\ufeff", "\u0661", "\U0001f600", "\u212a", "\u00b5",
]  # fmt: skip
ATOMS = [
    "a", "Z", "0", "_", "-", ".", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\n", "\\t",
    "\\v", "\\f", "\\r", "\\0", "\\x41", "\\u00e9", "\\u{1F600}", "\\uD83D\\uDE00", "\\cJ",
    "\\/", "\\.", "\\\\", "\\p{Lu}", "\\P{Lu}", "\\p{L}", "\\p{Nd}", "\\p{Script=Greek}",
    "\\p{sc=Grek}", "\\p{White_Space}", "\\p{ASCII}", "\\p{Any}", "[^]", "[]", "[\\b]",
    "[a-z]", "[^a-z]", "[\\d.]", "[^\\s]", "[\\p{Lu}\\d]", "[^\\P{L}]", "[\\S\\s]",
    "[\\w-]", "[\\u0100-\\uffff]", "[\\-a]", "\\u2028", "\\xa0", "\\1", "\\k<n>", "\\2",
]  # fmt: skip
ASSERTIONS = ["^", "$", "\\b", "\\B"]
QUANTIFIERS = ["", "", "", "*", "+", "?", "{2}", "{1,}", "{0,2}", "*?", "+?", "??"]


@st.composite
def patterns(draw: st.DrawFn, depth: int = 2) -> str:
    """A pattern over ATOMS and ASSERTIONS, with groups, lookarounds and alternatives."""
    terms = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 9 if depth else 6))
        if kind <= 4:
            terms.append(draw(st.sampled_from(ATOMS)) + draw(st.sampled_from(QUANTIFIERS)))
        elif kind <= 6:
            terms.append(draw(st.sampled_from(ASSERTIONS)))
        else:
            inner = draw(patterns(depth - 1))
            opener = draw(st.sampled_from(["(", "(?:", "(?<n>", "(?=", "(?!", "(?<=", "(?<!"]))
            quantifier = draw(st.sampled_from(QUANTIFIERS)) if opener in ("(", "(?:") else ""
            terms.append(f"{opener}{inner}){quantifier}")
    text = "".join(terms)
    if draw(st.booleans()):
        text += "|" + "".join(draw(st.sampled_from(ATOMS)) for _ in range(draw(st.integers(0, 2))))
    return text


def ecma_search(pattern: str, text: str, flags: str = "u") -> bool:
    return regress.Regex(pattern, flags).find(text) is not None


def checked(pattern: str) -> re.Pattern[str] | None:
    try:
        return ecma.compiled(pattern)
    except ecma.Untranslatable:
        return None


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(patterns(), st.lists(st.text(alphabet=ALPHABET, max_size=6), min_size=1, max_size=6))
def test_translation_agrees_with_regress(pattern: str, texts: list[str]) -> None:
    try:
        regress.Regex(pattern, "u")
    except regress.RegressError:
        with pytest.raises((ecma.PatternError, ecma.Untranslatable)):
            ecma.translate(pattern)
        return
    compiled = checked(pattern)
    assume(compiled is not None)
    assert compiled is not None
    for text in texts:
        assert (compiled.search(text) is not None) == ecma_search(pattern, text), (pattern, text)


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        ("^fixedquery$", "fixedquery\n", False),
        ("^fixedquery$", "fixedquery", True),
        ("^\\d+$", "\u0661", False),
        ("^\\w$", "\u00e9", False),
        ("^\\s$", "\ufeff", True),
        ("^\\s$", "\u2028", True),
        ("^.$", "\u2028", False),
        ("^.$", "\U0001f600", True),
        ("^\\p{Lu}+$", "ABÉ", True),
        ("^\\p{Lu}+$", "ABé", False),
        ("^\\P{Lu}$", "é", True),
        ("^\\p{Script=Greek}+$", "αβγ", True),
        ("^\\p{Script=Greek}+$", "abc", False),
        ("^(?<y>\\d{2})-\\k<y>$", "12-12", True),
        ("^(?<y>\\d{2})-\\k<y>$", "12-13", False),
        ("^(a)|\\1b$", "b", True),  # a group that did not match: the reference is empty
        ("^\\u{1F600}$", "\U0001f600", True),
        ("^\\uD83D\\uDE00$", "\U0001f600", True),
        ("^\\cJ$", "\n", True),
        ("^[\\b]$", "\x08", True),
        ("^[^]$", "\n", True),
        ("[]", "a", False),
        ("^\\/$", "/", True),
        ("\\bfoo\\b", "éfooé", True),
        ("\\Bfoo", "éfoo", False),
        ("^\\d+\\-\\d+$", "1-2", True),  # Annex B: escaped punctuation is itself
        ("^[\\w-.]+$", "a-.b", True),  # Annex B: a class escape beside `-` is no range
        ("^x{,2}}]$", "x{,2}}]", True),  # Annex B: a lone brace or bracket is itself
    ],
)
def test_semantics(pattern: str, text: str, found: bool) -> None:
    assert (ecma.compiled(pattern).search(text) is not None) is found
    flags = "" if "\\-" in pattern or "{," in pattern or "-." in pattern else "u"
    assert ecma_search(pattern, text, flags) is found


@pytest.mark.parametrize(
    ("pattern", "message", "offset"),
    [
        ("\\a", "\\a is not an escape", 0),
        ("ab\\Z", "\\Z is not an escape", 2),
        ("x{2,1}", "numbers out of order", 1),
        ("(?<1a>x)", "invalid group name", 3),
        ("\\k<nope>(?<n>x)", "no group named 'nope'", 0),
        ("(a)\\2", "backreference \\2", 3),
        ("[z-a]", "range out of order", 2),
        ("(?=a)*", "cannot be repeated", 5),
        ("a**", "nothing to repeat", 2),
        ("\\p{Nope}", "unknown Unicode property", 0),
        ("(ab", "is not closed", 3),
        ("ab)", "unmatched ')'", 2),
        ("[ab", "not closed", 0),
        ("\\u{110000}", "beyond U+10FFFF", 0),
        ("\\00", "octal", 0),
        ("\\", "at the end", 0),
    ],
)
def test_invalid_patterns_are_located(pattern: str, message: str, offset: int) -> None:
    with pytest.raises(ecma.PatternError) as caught:
        ecma.translate(pattern)
    assert message in caught.value.message
    assert caught.value.offset == offset


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(?<=a+)b", "lookbehind whose length varies"),
        ("(?:(a)|b)+\\1", "inside a repetition"),
        ("(?i:a)", "inline modifiers"),
        ("(" * 150 + "a" + ")" * 150, "nested more than 100 deep"),
    ],
)
def test_untranslatable_patterns_say_why(pattern: str, reason: str) -> None:
    with pytest.raises(ecma.Untranslatable, match=re.escape(reason)):
        ecma.translate(pattern)
    assert reason in (ecma.problem(pattern) or "")


# Annex B's readings accepted beside u-flag patterns: compared with the engine without `u`
LENIENT = ["\\-", "\\_", "\\@", "\\ ", "\\#", "{", "}", "]", "x{,2}", "[\\w-.]", "[\\d-z]", "a{1"]
PLAIN = ["a", "x", "-", ".", "\\d", "\\w", "\\s", "[a-c]", "^", "$", "(a|-)", "\\b"]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.sampled_from(LENIENT + PLAIN), min_size=1, max_size=5).map("".join),
    st.lists(
        st.text(alphabet=[c for c in ALPHABET if c <= "\uffff"] + list("{}]@#,1x"), max_size=6)
    ),
)
def test_annex_b_readings_agree_with_regress_without_u(pattern: str, texts: list[str]) -> None:
    compiled = ecma.compiled(pattern)
    for text in texts:
        assert (compiled.search(text) is not None) == ecma_search(pattern, text, ""), (
            pattern,
            text,
        )


def test_the_toolkit_runs_untranslatable_patterns_with_the_engine() -> None:
    search = ecma.searcher("(?<=a+)b")
    assert search("aab")
    assert not search("cb")
    assert ecma.searcher("^a$")("a")
    assert not ecma.searcher("^a$")("a\n")
    with pytest.raises(ecma.PatternError):
        ecma.searcher("\\Z")


@pytest.mark.parametrize(
    "pattern",
    [
        *["^a$", "x{2,1}", "\\k<nope>(?<n>x)", "(a)\\2", "ab)", "\\p{Nope}", "(?<=a+)b"],
        *["(?i:a)", "(?:(a)|b)+\\1", "(" * 150 + "a" + ")" * 150, "[\\w-.]", "\\u{110000}"],
    ],
)
def test_check_says_of_validity_what_translate_says(pattern: str) -> None:
    """``check`` stops before compiling the translation: valid and invalid patterns are the
    same to it as to ``translate``, with the same message and offset."""

    def verdict(judge: Any) -> tuple[str, int] | None:
        try:
            judge(pattern)
        except ecma.PatternError as exc:
            return exc.message, exc.offset
        except ecma.Untranslatable:
            pass
        return None

    assert verdict(ecma.check) == verdict(ecma.translate)
