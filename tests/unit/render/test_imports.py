"""The names a generated module's code uses, read for its import lines."""

from __future__ import annotations

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
    # the first occurrence inside another identifier or after a dot; a later one bare
    assert used_in(["String", "Pet"], "DateString _m.Pet: String = Pet") == ["String", "Pet"]
