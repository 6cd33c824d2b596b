"""Near misses go out place by place: every field's first violation before any second one."""

from __future__ import annotations

from typing import Any

from generator.conformance.order import changed_at, place_by_place

VALID: dict[str, Any] = {"name": "ab", "lines": [{"n": 1}], "ship": {"city": "x", "zip": "12345"}}


def test_the_place_of_a_change_is_the_deepest_value_that_differs() -> None:
    assert changed_at(VALID, {**VALID, "name": None}) == ("name",)
    assert changed_at(VALID, {**VALID, "ship": {"city": None, "zip": "12345"}}) == ("ship", "city")
    assert changed_at(VALID, {**VALID, "lines": [{"n": "5"}]}) == ("lines", 0, "n")
    assert changed_at(VALID, {**VALID, "lines": [{"n": True}]}) == ("lines", 0, "n")  # True != 1
    assert changed_at(VALID, {**VALID, "lines": []}) == ("lines",)  # fewer items: the list's
    assert changed_at(VALID, None) == ()


def test_a_key_missing_or_added_is_the_objects_violation() -> None:
    assert changed_at(VALID, {"lines": VALID["lines"], "ship": VALID["ship"]}) == ()
    assert changed_at(VALID, {**VALID, "ship": {"city": "x"}}) == ("ship",)
    assert changed_at(VALID, {**VALID, "unexpected": 0}) == ()


def test_every_place_is_tried_once_before_any_is_tried_twice() -> None:
    cases = [
        (("name",), "wrong type at name"),
        (("name",), "null at name"),
        (("name",), "too short at name"),
        (("ship", "city"), "wrong type at city"),
        (("ship", "city"), "null at city"),
        (("ship", "zip"), "wrong type at zip"),
    ]
    assert place_by_place(cases) == [
        "wrong type at name",
        "wrong type at city",
        "wrong type at zip",
        "null at name",
        "null at city",
        "too short at name",
    ]
    assert place_by_place([]) == []
