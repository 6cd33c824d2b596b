"""The few words of an enum-like pattern, and the patterns that have no such list."""

from __future__ import annotations

import pytest

from generator.patterns import searcher
from generator.patterns.finite import words


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("^(basic|gold)$", ("basic", "gold")),
        ("^(?:a|b)c?$", ("a", "ac", "b", "bc")),
        ("^(x|y)(1|2)$", ("x1", "x2", "y1", "y2")),
        (r"^v\.(1|2)$", ("v.1", "v.2")),
        ("^on$", ("on",)),
    ],
)
def test_an_enum_like_pattern_gives_every_word_it_matches(
    pattern: str, expected: tuple[str, ...]
) -> None:
    assert words(pattern) == expected
    matches = searcher(pattern)
    assert all(matches(word) for word in expected)


@pytest.mark.parametrize(
    "pattern",
    [
        "^[a-z]+$",  # a class, repeated
        "^a{2}$",  # a counted repeat
        "^a.$",  # any character
        "gold",  # unanchored: any string holding it
        "^a|b$",  # (^a)|(b$): strings starting with a or ending with b
        "^(?=a)a$",  # a lookahead
        "^(?<name>a|b)$",  # a named group
        "^(a|b|c|d|e|f|g|h|i)$",  # more words than the limit
        "^(a|b",  # not a pattern
    ],
)
def test_other_patterns_have_no_word_list(pattern: str) -> None:
    assert words(pattern) is None


def test_the_limit_is_the_callers() -> None:
    assert words("^(a|b|c)$", limit=2) is None
    assert words("^(a|b|c)$", limit=3) == ("a", "b", "c")
