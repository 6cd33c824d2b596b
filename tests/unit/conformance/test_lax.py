"""conformance.lax: which near misses a lax parser reads as valid."""

from __future__ import annotations

from typing import Any

import pytest

from generator.conformance.lax import lax_reading

VALID = {"name": "a", "price": 5, "active": True, "due": "2024-01-02T03:04:05Z", "tags": ["x"]}


def _anything(value: Any) -> bool:
    return True


def _priced_from_two(value: Any) -> bool:
    return isinstance(value.get("price"), int | float) and value["price"] >= 2


@pytest.mark.parametrize(
    ("place", "sent", "read"),
    [
        ("price", "5", 5),
        ("price", "5.5", 5.5),
        ("price", "-1e3", -1000.0),
        ("price", True, 1),
        ("active", 1, True),
        ("active", 0, False),
        ("active", "false", False),
        ("name", 7, "7"),
        ("name", False, "false"),
        ("due", 1700000000, VALID["due"]),
        ("tags", ["x", "x"], ["x"]),  # a set type collapses repeats
        # Ajv's coercion (Fastify's default): a scalar as a list of it, a list of one scalar
        # as it
        ("tags", "y", ["y"]),
        ("price", [5], 5),
        ("price", ["6"], 6),
        ("name", [7], "7"),
    ],
)
def test_a_scalar_a_lax_parser_reads_as_one_of_the_type_is_a_lax_reading(
    place: str, sent: Any, read: Any
) -> None:
    near = {**VALID, place: sent}
    assert lax_reading(VALID, near, _anything) == (f"/{place}", read)


@pytest.mark.parametrize(
    ("place", "sent"),
    [
        ("price", "five"),  # no number's text
        ("price", " 5"),
        ("price", "0x10"),
        ("price", None),  # null is read as no value (Ajv's reading of it is not taken)
        ("name", None),
        ("tags", None),
        ("price", [None]),
        ("price", {"v": 5}),  # an object is read as no scalar
        ("price", [5, 6]),  # nor a list of more than one
        ("price", [[5]]),
        ("active", 2),  # only 0 and 1 stand for a boolean
        ("active", "yes"),
        ("tags", ["x", "y"]),  # no repeat: another list, not a reading of this one
        ("tags", {"x": 1}),
    ],
)
def test_what_no_lax_parser_reads_so_is_no_lax_reading(place: str, sent: Any) -> None:
    assert lax_reading(VALID, {**VALID, place: sent}, _anything) is None


def test_a_reading_the_schema_still_refuses_is_no_lax_reading() -> None:
    assert lax_reading(VALID, {**VALID, "price": "1"}, _priced_from_two) is None
    assert lax_reading(VALID, {**VALID, "price": "3"}, _priced_from_two) == ("/price", 3)


def test_only_a_near_miss_changed_at_one_place_is_read() -> None:
    near = {**VALID, "price": "5", "active": 1}
    assert lax_reading(VALID, near, _anything) is None
    assert lax_reading(VALID, {k: v for k, v in VALID.items() if k != "name"}, _anything) is None
    nested = {**VALID, "tags": [5]}
    assert lax_reading(VALID, nested, _anything) == ("/tags/0", "5")


def _takes(kind: type) -> Any:
    return lambda value: type(value["note"]) is kind


def _dates(value: Any) -> bool:
    return isinstance(value["note"], str) and value["note"][4:5] == "-"


@pytest.mark.parametrize(
    ("sent", "accepts", "read"),
    [
        (7, _takes(str), "7"),  # a nullable string: the number read as its text
        (True, _takes(str), "true"),
        ("5", _takes(int), 5),  # a nullable number
        (1, _takes(bool), True),
        (1700000000, _dates, "1970-01-01T00:00:00Z"),  # a nullable date-time
        (7, _takes(bool), None),  # no reading the schema takes
        ([7], _takes(str), "7"),  # a list of one scalar as it
        ({"v": 7}, _takes(str), None),
    ],
)
def test_where_the_valid_value_is_null_the_reading_is_the_one_the_schema_takes(
    sent: Any, accepts: Any, read: Any
) -> None:
    found = lax_reading({"note": None}, {"note": sent}, accepts)
    assert found == (None if read is None else ("/note", read))


def _named_only(value: Any) -> bool:
    return set(value) <= {"name", "price"} and isinstance(value.get("name"), str)


def test_an_undeclared_property_dropped_is_a_lax_reading() -> None:
    near = {"name": "a", "x-unexpected": 0}
    found = lax_reading({"name": "a"}, near, _named_only, undeclared=True)
    assert found == ("", {"name": "a"})
    nested = {"item": {"name": "a", "x-unexpected": 0}}
    accepts = lambda value: _named_only(value["item"])  # noqa: E731
    found = lax_reading({"item": {"name": "a"}}, nested, accepts, undeclared=True)
    assert found == ("/item", {"name": "a"})


def test_a_declared_property_added_with_a_wrong_value_is_not_dropped() -> None:
    # the body breaks its schema by the value's type, not by an undeclared name
    near = {"name": "a", "price": "x"}
    assert lax_reading({"name": "a"}, near, _named_only, undeclared=False) is None
