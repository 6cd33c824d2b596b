"""The parse without positions (its events' loop inlined) builds what the handlers build."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ApiforgeError
from generator.load.yaml_parser import MAX_DEPTH, Builder
from tests.unit.load.specs import PIECES, TEXTS, edits


def built(text: str, *, record: bool) -> tuple[str, Any]:
    """The data as JSON text, or the problems with their positions and pointers."""
    try:
        return "ok", json.dumps(Builder("s.yaml", text, record=record).run()[0])
    except ApiforgeError as exc:
        return "error", repr(exc.problems)


def assert_same(text: str) -> None:
    assert built(text, record=False) == built(text, record=True), text


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_specs(name: str) -> None:
    assert_same(TEXTS[name])


@pytest.mark.parametrize(
    "text",
    [
        "a: &x {k: 1, j: [1, 2]}\nb: *x\nc:\n  <<: *x\n  k: 2\n",
        "a: &x 1\nb: [*x, *x]\nc: {<<: [{p: 1}, {q: 2}], p: 0}\n",
        "a: <<\nb: [<<, x]\n<<: {c: 1}\n",
        "a: !!str 1\nb: !!int '2'\nc: !!map {d: 1}\ne: ! 3\nf: !!seq [1]\n",
        "a: !custom 1\n",
        "a: !custom {b: 1}\n",
        "a: 1\nb:\n  c: 1\n  c: 2\n",
        "[a, b]: 1\n",
        "? {a: 1}\n: 2\n",
        "a: *nothing\n",
        "a: &r [*r]\n",
        "a: &r {b: *r}\n",
        "<<: 1\n",
        "a:\n  <<: [1]\n",
        "a: .inf\n",
        "a: 1\n---\nb: 2\n",
        "200: ok\ntrue: yes\nnull: ~\n1.5: x\n'q': \"r\"\n",
        "- a\n- [b, {c: d}]\n- {e: [f, g]}\n",
        "plain scalar document\n",
        "a: [true, 0x10, 1_000, ~, 1.50, <<]\ntrue: 1\n0x10: 2\n1_000: 3\n~: 4\n1.50: 5\n",
        "a: 1\nb: &x 1\nc: *x\nd: {e: 1}\nf: &y {e: 1}\ng: *y\n",  # texts met before
        "a: 1\n  b: 2\n",
        '"unterminated: 1\n',
        "a: \x07\n",
        "[" * MAX_DEPTH + "]" * MAX_DEPTH,
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),
        "a:\n" + "".join(f"{'  ' * i}- k{i}:\n" for i in range(1, 200)),
        "",
        *(  # the alias bound counts every node: sizes of scalars and nested collections
            "a: &x [" + ", ".join(["1", "[2, {b: 3}]"] * 249) + "]\nb: [" + "*x, " * n + "]\n"
            for n in (1001, 1002)
        ),
        *(
            "a: &x\n"
            + "".join(f"  k{i}: {{c: [d]}}\n" for i in range(249))
            + "b: ["
            + "*x, " * n
            + "]\n"
            for n in (1000, 1001)
        ),
    ],
)
def test_odd_documents(text: str) -> None:
    assert_same(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits())
def test_edited_specs(edit: tuple[str, str]) -> None:
    assert_same(edit[1])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*PIECES, "a", "b: ", "<<: ", "*a", "&a ", "\n  ", "- "]), max_size=16)
)
def test_text_made_of_yaml_pieces(pieces: list[str]) -> None:
    assert_same("".join(pieces))
