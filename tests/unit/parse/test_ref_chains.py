"""Long chains of `$ref`s through named schemas build without Python's recursion limit."""

from __future__ import annotations

import sys
from typing import Any

import pytest

import generator.parse.schemas as schemas_module
from generator import ir
from generator.errors import ApiforgeError
from generator.parse.schemas import EAGER_DEPTH
from tests.chains import SHAPES, chain_document
from tests.unit.parse.spec import build

# far beyond what the builder reached before (about 80 links under pytest's recursion limit
# of 1,000, under 1,500 within the command line's 10,000) and still built in a second
LONG = 2_000


pytestmark = pytest.mark.usefixtures("python_default_recursion_limit")


def _build(doc: dict[str, Any]) -> ir.Api:
    return build(doc["paths"], doc["components"]["schemas"], openapi=doc["openapi"])


@pytest.mark.parametrize("shape", SHAPES)
def test_a_long_chain_of_refs_builds_every_link(shape: str) -> None:
    assert sys.getrecursionlimit() < LONG * 5  # a recursive builder could not get through
    api = _build(chain_document(LONG, shape))
    names = {m.name for m in api.models} | {a.name for a in api.aliases}
    assert {f"S{i}" for i in range(LONG)} <= names
    assert not api.skipped
    (op,) = api.operations
    named = ir.ModelRef("S0") if shape in ("property", "items", "mixed") else ir.AliasRef("S0")
    assert op.responses[0].type == named
    if shape == "property":
        for i in range(LONG - 1):
            (field,) = api.model(f"S{i}").fields
            assert field.type in (
                ir.ModelRef(f"S{i + 1}"),
                ir.UnionT((ir.ModelRef(f"S{i + 1}"), ir.NullT())),
            )
    if shape == "alias":
        aliases = {a.name: a for a in api.aliases}
        for i in range(LONG - 2):
            assert aliases[f"S{i}"].type == ir.ArrayT(ir.AliasRef(f"S{i + 1}"))


@pytest.mark.parametrize("shape", SHAPES)
def test_a_short_chain_is_built_as_before(shape: str) -> None:
    """Below EAGER_DEPTH nothing waits: the same IR whichever end is built first."""
    n = EAGER_DEPTH - 2
    doc = chain_document(n, shape)
    whole = _build(doc)
    schemas = doc["components"]["schemas"]
    reordered = {f"S{i}": schemas[f"S{i}"] for i in reversed(range(n))}
    assert _build({**doc, "components": {"schemas": reordered}}) == whole


def _loop_across_the_eager_depth(doc: dict[str, Any]) -> dict[str, Any]:
    """``S30 -> ... -> S36 -> S30`` in place (no part of the value read), across EAGER_DEPTH."""
    schemas = doc["components"]["schemas"]
    schemas["S36"] = {"anyOf": [{"$ref": "#/components/schemas/S30"}, {"type": "string"}]}
    return doc


VARIANTS = {
    **{shape: chain_document(3 * EAGER_DEPTH, shape) for shape in SHAPES},
    "anyOf with a loop": _loop_across_the_eager_depth(chain_document(3 * EAGER_DEPTH, "anyOf")),
    "ref with a loop": _loop_across_the_eager_depth(chain_document(3 * EAGER_DEPTH, "anyOf")),
}
VARIANTS["ref with a loop"]["components"]["schemas"].update(
    {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(30, 36)}
)


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_deferred_link_is_the_same_ir_as_an_eager_one(variant: str) -> None:
    """The IR of a chain does not depend on where the builder started waiting."""
    doc = VARIANTS[variant]
    deferred = _build(doc)
    limit = sys.getrecursionlimit()
    try:
        schemas_module.EAGER_DEPTH = 10 * EAGER_DEPTH
        sys.setrecursionlimit(10_000)  # the command line's: enough for 96 links built eagerly
        eager = _build(doc)
    finally:
        schemas_module.EAGER_DEPTH = EAGER_DEPTH
        sys.setrecursionlimit(limit)
    assert deferred == eager
    if "loop" in variant:
        assert deferred.skipped == eager.skipped != ()


def test_a_loop_reading_nothing_is_still_found_past_the_eager_depth() -> None:
    """``A -> B -> A`` through `anyOf`, reading no part of the value, deep in a chain."""
    doc = chain_document(EAGER_DEPTH + 5, "property")
    schemas = doc["components"]["schemas"]
    schemas["S40"] = {"anyOf": [{"$ref": "#/components/schemas/Loop"}, {"type": "string"}]}
    schemas["Loop"] = {"anyOf": [{"$ref": "#/components/schemas/S40"}, {"type": "integer"}]}
    for start in (0, EAGER_DEPTH - 1):
        schemas[f"S{start}"] = {
            "type": "object",
            "properties": {"to": {"$ref": "#/components/schemas/S40"}},
        }
        api = _build(doc)
        assert [s.reason for s in api.skipped] == [
            "a `$ref` back to its own schema, reading no part of the value "
            "(#/components/schemas/Loop -> #/components/schemas/S40 -> #/components/schemas/Loop):"
            " it adds no value"
        ]


def test_deep_inline_nesting_names_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    inline: dict[str, Any] = {"type": "string"}
    for _ in range(400):
        inline = {"type": "object", "properties": {"inner": inline}}
    with pytest.raises(ApiforgeError) as caught:
        build({}, {"Deep": inline})
    (problem,) = caught.value.problems
    assert problem.message.startswith("schemas nest too deeply to generate code (")
    assert f"{sys.getrecursionlimit():,}" in problem.message
    assert "components/schemas" in problem.message
