"""The lengths of the strings a pattern matches in, and the plans to draw them at a length."""

from __future__ import annotations

import random
import re
from re import _parser as sre  # type: ignore[attr-defined]

import pytest

from generator.exchange.regex import _Walk, generate
from generator.patterns import searcher, translate
from generator.patterns.lengths import admits, alternatives, plan
from generator.patterns.unparse import written


@pytest.mark.parametrize(
    ("pattern", "low", "high", "possible"),
    [
        ("^[0-9a-f]+$", 40, 40, True),
        ("^ab$", 5, None, False),  # every match is 2 characters long, and fills the string
        ("^ab$", 2, 2, True),
        ("^[a-f]{2,4}$", None, 1, False),
        ("^[a-f]{2,4}$", 5, None, False),
        ("^[a-f]{2,4}$", 3, 3, True),
        ("^(?:x|[0-9]{5})$", 2, 4, False),  # neither alternative has such a length
        ("^(?:x|[0-9]{5})$", 5, 9, True),
        ("^x$|^[0-9]{5}$", 2, 4, False),
        ("[a-z]{3}", None, 2, False),  # unanchored, yet the match alone is too long
        ("[a-z]{3}", 200, None, True),  # any text around the match
        ("^[a-z]{3}", 200, None, True),
        ("[a-z]{3}$", 200, 200, True),
        ("^(ab)\\1$", 5, None, False),  # a backreference: its lengths are still known
        ("^(?!.{5})", 5, None, True),  # a lookahead counts no length: draws decide
        ("^(?:ab|abcd)$", 3, 3, False),
        # an anchor where no string starts or ends: nothing matches, at any length
        ("/^[a-z]{1,15}$/", None, None, False),
        ("x$y", None, None, False),
        ("a^b|c", 1, 1, True),  # the other alternative matches
        ("a?^b", None, None, True),  # `a` may be absent
        ("(?:^a)+", None, None, True),  # inside a repeat: left to the check
    ],
)
def test_a_length_no_string_of_the_pattern_has_is_refused(
    pattern: str, low: int | None, high: int | None, possible: bool
) -> None:
    assert admits(pattern, low, high) is possible


def test_a_repeat_of_a_unit_of_one_length_supplies_the_length() -> None:
    # a part: (unit, width, fewest repeats, most repeats); None: any filler character
    assert plan("^[0-9a-f]+$", 40, 40) == ((1, None, (("[0-9a-f]", 1, 1, None),)),)
    assert plan("^x?y*$", 7, None) == ((0, None, (("x", 1, 0, 1), ("y", 1, 0, None))),)
    assert plan("^(?:ab){2,5}$", 6, 8) == ((4, 10, (("ab", 2, 2, 5),)),)
    assert plan("^[A-Z]{2}[0-9]{3,}$", 9, None) == (
        (5, None, (("[A-Z]", 1, 2, 2), ("[0-9]", 1, 3, None))),
    )


def test_a_fixed_prefix_or_suffix_is_drawn_whole_beside_the_repeat() -> None:
    assert plan("^id_[a-z]+_x$", 30, None) == (
        (6, None, (("id_", None, 1, 1), ("[a-z]", 1, 1, None), ("_x", None, 1, 1))),
    )


def test_an_open_end_is_filler_text_around_the_match() -> None:
    filler = (None, 1, 0, None)
    assert plan("[0-9a-f]{4}", 24, 24) == ((4, None, (filler, ("[0-9a-f]", 1, 4, 4), filler)),)
    assert plan("^v[0-9]", 10, None) == ((2, None, (("v[0-9]", None, 1, 1), filler)),)
    assert plan("end$", 20, None) == ((3, None, (filler, ("end", None, 1, 1))),)
    assert plan("", 3, None) == ((0, None, (filler,)),)


def test_only_the_alternatives_that_may_have_the_length_are_planned() -> None:
    found = plan("^(?:[a-f]+|[0-9]{3})$", 10, None)
    assert found == ((1, None, (("[a-f]", 1, 1, None),)),)
    assert len(plan("^(?:ab|cd)(?:ef|gh)x+$", 5, 5) or ()) == 4
    assert plan("^(?:ab|abcd)$", 3, 3) is None  # none: the schema admits no value


def test_a_unit_whose_length_varies_is_repeated_to_its_share() -> None:
    assert plan("^[a-z]+(-[a-z]+)*$", 10, 12) == (
        (1, None, (("[a-z]", 1, 1, None), ("(?:\\-[a-z]{1,})", None, 0, None))),
    )


def test_a_pattern_with_a_backreference_has_no_plan() -> None:
    assert plan("^(a+)-\\1$", 9, None) is None
    assert alternatives("^(a+)-\\1$") is not None


def test_anchors_and_lookarounds_inside_are_left_to_the_check() -> None:
    (alt,) = plan("^(?=.*[0-9])[a-z0-9]{8,}$", 8, None) or ()
    assert alt[2] == (("[0-9a-z]", 1, 8, None),)
    (alt,) = plan("\\bfoo\\b", 10, None) or ()
    assert [part[0] for part in alt[2]] == [None, "foo", None]


PATTERNS = [
    "^[0-9a-f]+$",
    "^[A-Z]{2}-[0-9a-z]*$",
    "^(?:[a-f]+|[0-9]{3})$",
    "^x?y*z{2,3}$",
    "^[a-z]+(-[a-z]+)*$",
    "(?:read|write)(?::[a-z]+)*",
    "^\\p{L}{2}\\d+$",
    "^[^a-c]{3}\\.\\s\\w+$",
    "^(?:a|b)(?:c|d)$",
    "^(?!x)[a-z]{3}$",
    "\\bfoo\\b",
    "^[\\u00e9\\u4e00-\\u4e05]{2,}$",
    "^.{2}[\\[\\]\\\\-]+$",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_a_tree_written_back_matches_what_the_pattern_matches(pattern: str) -> None:
    translated = translate(pattern)
    again = re.compile(written(sre.parse(translated)))
    original = re.compile(translated)
    rng = random.Random(pattern)
    samples = [generate(pattern, rng) for _ in range(30)]
    samples += ["".join(rng.choice("abcxyz019-.: \u00e9") for _ in range(6)) for _ in range(30)]
    for text in samples:
        assert bool(again.search(text)) == bool(original.search(text)), text


@pytest.mark.parametrize("pattern", PATTERNS)
def test_each_part_of_a_plan_is_a_pattern_its_matches_compose(pattern: str) -> None:
    # a string of each alternative's parts, each at its fewest repeats (a filler: none),
    # is one the pattern matches in, unless an anchor or a lookaround inside refuses it
    rng = random.Random(pattern)
    matches = searcher(pattern)
    for _, _, parts in plan(pattern, None, None) or ():
        text = ""
        for unit, _, low, _ in parts:
            if unit is not None:
                unit_tree = sre.parse(unit)
                text += "".join(_Walk(rng, 0).walk(unit_tree) for _ in range(max(low, 1)))
        assert matches(text) or "(?" in pattern or "\\b" in pattern, text
