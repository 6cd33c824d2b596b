"""The formats the package types (date, date-time, uuid): which texts are of them, and why not."""

from __future__ import annotations

import pytest

from generator.exchange.formats import CHECKED


def test_only_the_typed_formats_are_checked() -> None:
    assert sorted(CHECKED) == ["date", "date-time", "uuid"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("date", "2024-02-29"),
        ("date-time", "2024-02-29T23:59:58Z"),
        ("date-time", "2024-02-29t23:59:58.1234567-05:30"),  # lower case, long fraction
        ("date-time", "2016-12-31T23:59:60Z"),  # a leap second
        ("date-time", "2024-02-29T00:00:00+23:59"),
        ("uuid", "1B4E28BA-2FA1-11D2-883F-0016D3CCA427"),
    ],
)
def test_texts_of_the_format(name: str, text: str) -> None:
    assert CHECKED[name](text) is None


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [
        ("date", "20240229", "not an RFC 3339 date"),
        ("date", "2024-02-30", "not a day of the calendar"),
        ("date-time", "2024-02-29T10:00:00", "without its offset from UTC"),
        ("date-time", "2024-02-29", "not an RFC 3339 date-time"),
        ("date-time", "2024-02-30T10:00:00Z", "not a day of the calendar"),
        ("date-time", "2024-02-29T24:00:00Z", "not a time of the day"),
        ("date-time", "2024-02-29T10:00:00+24:00", "24 hours or more"),
        ("date-time", "2024-02-29 10:00:00+00:00", "a space where RFC 3339's grammar has T"),
        ("uuid", "{1b4e28ba-2fa1-11d2-883f-0016d3cca427}", "not a UUID"),
    ],
)
def test_texts_not_of_the_format_say_why(name: str, text: str, why: str) -> None:
    said = CHECKED[name](text)
    assert said is not None and why in said
