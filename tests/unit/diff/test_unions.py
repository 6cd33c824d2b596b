"""``generator.diff.unions``: which union members surely admit only values another admits,
and which surely share a value or none."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diff.document import Doc
from generator.diff.shapes import Alt, Shaper
from generator.diff.unions import overlap, within

S = {"type": "string"}
I = {"type": "integer"}  # noqa: E741


def alt(schema: Any) -> Alt:
    return Shaper(Doc({})).shape(schema, "/x").alts[0]


@pytest.mark.parametrize(
    ("inner", "outer"),
    [
        ({"type": "string", "format": "date"}, S),
        ({"type": "integer", "minimum": 0}, {"type": "number", "minimum": 0}),
        ({"type": "object", "required": ["a", "b"]}, {"type": "object", "required": ["a"]}),
        ({"enum": ["a"]}, {"enum": ["a", "b"]}),
        ({"type": "string", "title": "t"}, {"type": "string", "description": "d"}),
        (S, {}),
    ],
)
def test_within(inner: Any, outer: Any) -> None:
    assert within(alt(inner), alt(outer))


@pytest.mark.parametrize(
    ("inner", "outer"),
    [
        (S, {"type": "string", "format": "date"}),
        ({"type": "number"}, I),
        ({"type": "string", "maxLength": 3}, {"type": "string", "maxLength": 5}),
        (
            {"type": "object", "additionalProperties": False, "properties": {"a": S}},
            {"type": "object", "additionalProperties": False},
        ),
        ({"enum": ["a", "c"]}, {"enum": ["a", "b"]}),
    ],
)
def test_not_sure_within(inner: Any, outer: Any) -> None:
    assert not within(alt(inner), alt(outer))


@pytest.mark.parametrize(
    ("members", "found"),
    [
        ([S, {"type": "string", "minLength": 1}], "sure"),
        ([S, I, {"type": "boolean"}], "none"),
        ([I, {"type": "number"}], "sure"),
        ([{"type": "object", "required": ["a"]}, {"type": "object", "required": ["b"]}], "unsure"),
        ([{"type": "number", "minimum": 1}, I], "unsure"),
    ],
)
def test_overlap(members: list[Any], found: str) -> None:
    assert overlap([alt(m) for m in members]) == found
