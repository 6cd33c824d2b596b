"""A member's values of the ``type`` beside ``anyOf``/``oneOf`` (``parse.kinds.narrowed``)."""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from generator.parse.kinds import narrowed

BOX = ir.ModelRef("Box")
TAG = ir.Discriminator("kind", (("box", 0),))
NAMED: dict[str, ir.TypeRef] = {
    "Mode": ir.LiteralT(("a", "b")),
    "TextOrBox": ir.UnionT((ir.StringT(), BOX), one_of=True),
}


@pytest.mark.parametrize(
    ("t", "types", "expected"),
    [
        (ir.AnyT(), "object", ir.MapT(ir.AnyT())),
        (ir.AnyT(), "integer", ir.IntT()),
        (ir.AnyT(), ["string", "null"], ir.UnionT((ir.StringT(), ir.NullT()))),
        (ir.NumberT(ir.Bounds(le=9)), "integer", ir.IntT(ir.Bounds(le=9))),
        (ir.IntT(), "number", ir.IntT()),
        (ir.LiteralT(("a", 1, 2.0, 2.5, None)), "integer", ir.LiteralT((1, 2.0))),
        (ir.EnumRef("Mode"), "string", ir.EnumRef("Mode")),
        (ir.EnumRef("Mode"), "object", ir.NEVER),
        (ir.AliasRef("TextOrBox"), "object", BOX),
        (ir.AliasRef("Unknown"), "object", ir.AliasRef("Unknown")),
        (ir.UnionT((BOX, ir.NullT()), TAG), "object", ir.UnionT((BOX,), TAG)),
        (BOX, "string", ir.NEVER),
        (BOX, ["object", "null"], BOX),
    ],
)
def test_narrowed_keeps_the_values_of_the_type(
    t: ir.TypeRef, types: Any, expected: ir.TypeRef
) -> None:
    assert narrowed(t, types, NAMED.get) == expected
