"""The names a generated module's code uses, read for its import lines."""

from __future__ import annotations

import random

import pytest

from generator.render.imports import used_in

CODE = "x = _m.Pet\nclass A(Model):\n    b: String  # DateString\nfoo.Bar(Baz) é_x\n"
NAMES = ["Pet", "Model", "String", "DateString", "Bar", "Baz", "é_x", "A", "x", "b", "foo", "Nope"]


def test_a_name_counts_as_a_whole_identifier_not_after_a_dot() -> None:
    assert used_in(NAMES, CODE) == [
        "Model",
        "String",
        "DateString",
        "Baz",
        "é_x",
        "A",
        "x",
        "b",
        "foo",
    ]
    assert used_in(["Str", "ring", "Stri"], "String") == []


@pytest.mark.parametrize("seed", range(20))
def test_a_long_list_is_read_the_same_as_a_short_one(seed: int) -> None:
    # above 32 names the code is read once for its identifiers, below each name is searched
    rng = random.Random(seed)
    pieces = ["Pet", "_m.", ".", " ", "\n", "Pet2", "_Pet", "a", "(", "é", "1", "Model", "#"]
    code = "".join(rng.choice(pieces) for _ in range(200))
    names = ["Pet", "Pet2", "_Pet", "Model", "a", "é", "aa", "PetPet", "Modela"]
    one_by_one = [n for n in names if used_in([n], code)]
    assert used_in(names * 5, code) == [n for n in names * 5 if n in one_by_one]
