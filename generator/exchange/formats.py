"""When a text is of a string format the generated package reads as a typed value: ``date``
and ``date-time`` (RFC 3339's ``full-date`` and ``date-time``) and ``uuid`` (RFC 9562).

``format`` is an annotation in JSON Schema, so a body whose strings are of another format
still conforms; conformance reports such a string as a warning (``response_formats``), and
says which rule the text breaks. RFC 3339 lets an application put a space where ``T`` stands
(its section 5.6), which JSON Schema's reading of the grammar does not: that is said too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping

__all__ = ["CHECKED"]

_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z", re.ASCII)
_TIME = re.compile(
    r"([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))?\Z",
    re.ASCII,
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\Z", re.ASCII)


def _date(text: str) -> str | None:
    found = _DATE.match(text)
    if found is None:
        return "not an RFC 3339 date (YYYY-MM-DD)"
    try:
        dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return "not a day of the calendar"
    return None


def _date_time(text: str) -> str | None:
    day, separator, clock = text[:10], text[10:11], text[11:]
    found = _TIME.match(clock)
    if _DATE.match(day) is None or separator not in ("T", "t", " ") or found is None:
        return "not an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SS and an offset)"
    if _date(day) is not None:
        return "not a day of the calendar"
    hour, minute, second = int(found[1]), int(found[2]), int(found[3])
    if hour > 23 or minute > 59 or second > 60:  # 60: a leap second
        return "not a time of the day"
    if found[5] is None and found[6] is None:
        return "a date-time without its offset from UTC (Z or +HH:MM), which RFC 3339 requires"
    if found[6] is not None and (int(found[7]) > 23 or int(found[8]) > 59):
        return "a date-time with an offset from UTC of 24 hours or more"
    if separator == " ":
        return (
            "a date-time with a space where RFC 3339's grammar has T (its section 5.6 lets an "
            "application write one)"
        )
    return None


def _uuid(text: str) -> str | None:
    return None if _UUID.match(text) else "not a UUID (8-4-4-4-12 hexadecimal digits)"


# each format's rule: why a text is not of it, None when it is
CHECKED: Mapping[str, Callable[[str], str | None]] = {
    "date": _date,
    "date-time": _date_time,
    "uuid": _uuid,
}
