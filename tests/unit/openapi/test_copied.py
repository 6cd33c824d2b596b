"""``openapi.copied``: a deep copy of JSON data, as ``copy.deepcopy`` makes it."""

from __future__ import annotations

import copy
from typing import Any

from generator.openapi import copied


def test_a_copy_is_equal_and_shares_nothing_with_the_original() -> None:
    data: dict[str, Any] = {"a": [1, 2.5, True, None, "x", 10**40], "b": {"c": {}}}
    out = copied(data)
    assert out == data and out is not data
    assert out["a"] is not data["a"] and out["b"]["c"] is not data["b"]["c"]
    assert type(out["a"][2]) is bool and type(out["a"][1]) is float
    assert list(out) == ["a", "b"]  # key order kept


def test_a_value_held_twice_is_one_value_in_the_copy_as_deepcopy_makes_it() -> None:
    shared = {"pattern": "^a$"}
    data = {"x": shared, "y": [shared]}
    out, reference = copied(data), copy.deepcopy(data)
    assert (out["x"] is out["y"][0]) == (reference["x"] is reference["y"][0]) is True


def test_data_marshal_does_not_take_is_copied_all_the_same() -> None:
    class Odd:
        pass

    odd = Odd()
    out = copied({"odd": odd, "list": [1]})
    assert isinstance(out["odd"], Odd) and out["odd"] is not odd and out["list"] == [1]
