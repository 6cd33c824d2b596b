"""Union annotations list each member once, and a spec's string inside a ``Literal`` (an enum
value holding ``]``, ``|`` or a quote) is text, never a place to split the union."""

from __future__ import annotations

import ast

import pytest

from generator.render.client import _join, _members


def test_each_member_once_none_last() -> None:
    assert _join(["A | _abc.Mapping[str, Any]", "B | _abc.Mapping[str, Any]", "None"]) == (
        "A | _abc.Mapping[str, Any] | B | None"
    )


@pytest.mark.parametrize(
    ("hint", "members"),
    [
        ("list[A | B] | None", ["list[A | B]", "None"]),
        ('Literal["]"] | X', ['Literal["]"]', "X"]),
        ("list[Literal['] | ['] | None] | Y", ["list[Literal['] | ['] | None]", "Y"]),
        ("Literal['it\\'s | ]'] | Z", ["Literal['it\\'s | ]']", "Z"]),
    ],
)
def test_a_spec_string_in_a_literal_is_text(hint: str, members: list[str]) -> None:
    assert _members(hint) == members
    for member in _members(hint):
        ast.parse(member, mode="eval")  # each member still reads as Python
