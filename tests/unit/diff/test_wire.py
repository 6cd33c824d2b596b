"""``generator.diff.wire``: which parameter type changes keep every text sent before."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diff.document import Doc
from generator.diff.shapes import Alt, Shaper
from generator.diff.wire import text_change, texts_kept

S = {"type": "string"}
I = {"type": "integer"}  # noqa: E741
N = {"type": "number"}


def kept(old: Any, new: Any, *, exploded: bool = True) -> str | None:
    shaper = Shaper(Doc({}))
    return texts_kept(
        shaper, shaper.shape(old, "/old"), shaper.shape(new, "/new"), exploded=exploded
    )


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        (I, S, "every integer's text is a string"),
        (
            {"type": "boolean"},
            {"type": "string", "description": "a flag"},
            "every boolean's text is a string",
        ),
        (S, {"type": "array", "items": S}, "one value is an array of one item"),
        (I, {"type": "array", "items": S, "maxItems": 5}, "one value is an array of one item"),
        (
            {"type": "string", "maxLength": 3},
            {"type": "array", "items": {"type": "string", "maxLength": 3}},
            "one value is an array of one item",
        ),
        ({"anyOf": [I, {"type": "boolean"}]}, S, "every member's text is a string"),
        (
            {"type": ["string", "integer"]},
            {"type": "array", "items": S},
            "one value is an array of one item",
        ),
    ],
)
def test_texts_kept(old: Any, new: Any, why: str) -> None:
    assert kept(old, new) == why


@pytest.mark.parametrize(
    ("old", "new", "exploded"),
    [
        (I, {"type": "string", "pattern": "^[0-9]+$"}, True),
        (I, {"type": "string", "format": "uuid"}, True),
        (S, I, True),
        (S, {"type": "array", "items": S}, False),
        (S, {"type": "array", "items": S, "minItems": 2}, True),
        (S, {"type": "array", "items": I}, True),
        ({"type": "string", "maxLength": 3}, {"type": "array", "items": S, "maxItems": 0}, True),
        (I, I, True),
        ({"anyOf": [I, {"type": "boolean"}]}, {"type": "string", "maxLength": 5}, True),
        ({"type": ["integer", "string"]}, {"type": "array", "items": I}, True),
        ({"type": ["integer", "object"]}, S, True),
    ],
)
def test_not_sure(old: Any, new: Any, exploded: bool) -> None:
    assert kept(old, new, exploded=exploded) is None


def alt(schema: Any) -> Alt:
    return Shaper(Doc({})).shape(schema, "/x").alts[0]


@pytest.mark.parametrize(
    ("old", "new", "read"),
    [
        (N, S, ("type-widened", "every number's text is a string")),
        (
            {"type": "boolean"},
            {"type": "string", "title": "t"},
            ("type-widened", "every boolean's text is a string"),
        ),
        (S, I, ("type-narrowed", "every integer's text is a string")),
        (I, {"type": "string", "pattern": "^[0-9]+$"}, None),
        ({"type": "string", "minLength": 1}, I, None),
        (I, I, None),
        ({"type": "object"}, S, None),
    ],
)
def test_text_change(old: Any, new: Any, read: tuple[str, str] | None) -> None:
    assert text_change(alt(old), alt(new)) == read
