"""Strings of IR types drawn with a seeded Random: a format, an encoding, a pattern and
lengths honoured together.

A known ``format`` or a ``contentEncoding`` of RFC 4648 (``generator.openapi.encodings``)
draws its own text, taken where the pattern matches in it and the lengths fit; else the
pattern draws (``exchange.regex``), else plain letters and digits. The values are the
ones the validators servers use accept (pydantic's ``EmailStr``, ``HttpUrl``, ``UUID``...),
and bytes under ``contentEncoding`` are text a server decoding them can read.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from generator import ir
from generator.exchange import regex
from generator.openapi import ENCODINGS, byte_counts, is_json
from generator.patterns import ecma

__all__ = ["FORMATS", "RandomLike", "text"]

_ALPHABET = string.ascii_lowercase + string.digits
_FORMAT_TRIES = 4  # draws of a formatted string before giving up on its pattern and lengths
_SPREAD = 12  # characters drawn beyond minLength where there is no maxLength


class RandomLike(Protocol):
    """The part of ``random.Random`` strings are drawn with."""

    def random(self) -> float: ...
    def randint(self, a: int, b: int) -> int: ...
    def choice(self, seq: Any) -> Any: ...


def text(t: ir.StringT, rng: RandomLike) -> str:
    """A string of type ``t``."""
    low, high = t.min_length or 0, t.max_length
    own = _own(t, low, high)
    searches = [ecma.compiled(pattern).search for pattern in t.patterns]
    for _ in range(_FORMAT_TRIES if own is not None else 0):
        assert own is not None
        drawn = own(rng)
        if low <= len(drawn) <= (len(drawn) if high is None else high) and all(
            search(drawn) is not None for search in searches
        ):
            return drawn
    if t.pattern is not None:
        return regex.generate(
            t.pattern,
            rng,
            min_length=t.min_length,
            max_length=t.max_length,
            also=t.more_patterns,
        )
    top = max(low, min(high if high is not None else low + _SPREAD, low + _SPREAD))
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(low, top)))


def _own(t: ir.StringT, low: int, high: int | None) -> Callable[[RandomLike], str] | None:
    """What draws text of ``t``'s format or of its encoding; None where it has neither."""
    formatted = _FORMATS.get(t.format or "")
    encoding, media = ENCODINGS.get(t.encoding or ""), t.media
    if formatted is not None or encoding is None:
        return formatted

    def encoded(rng: RandomLike) -> str:
        assert encoding is not None
        fewest, most = byte_counts(encoding, low, high, _SPREAD)
        if is_json(media):  # no byte is no JSON text
            fewest = min(max(fewest, 1), most)
        return encoding.encode(_payload(media, rng.randint(fewest, most), rng)).decode("ascii")

    return encoded


def _payload(media: str | None, size: int, rng: RandomLike) -> bytes:
    """``size`` bytes of ``media`` (``contentMediaType``): JSON text (padded with spaces,
    JSON's own whitespace), text, or any bytes."""
    if is_json(media):
        text = json.dumps(_word(rng, max(0, size - 2))).encode()
        return (text if len(text) <= size else b"0"[:size]).ljust(size)
    if (media or "").lower().startswith("text/"):
        return _word(rng, size).encode()
    return bytes(rng.randint(0, 255) for _ in range(size))


def _uuid(rng: RandomLike) -> str:
    digits = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-a{digits[17:20]}-{digits[20:]}"


def _date(rng: RandomLike) -> str:
    return f"20{rng.randint(10, 30):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _time(rng: RandomLike) -> str:
    return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"


def _word(rng: RandomLike, size: int = 6) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(size))


def _host(rng: RandomLike) -> str:
    # dotted, under a real top-level domain: email-validator (pydantic's EmailStr) refuses
    # "a@b" and special-use names (.test, .local, ...)
    return f"{_word(rng)}.{rng.choice(('com', 'org', 'net', 'io'))}"


def _email(rng: RandomLike) -> str:
    return f"{_word(rng)}@{_host(rng)}"


def _url(rng: RandomLike) -> str:
    return f"https://{_host(rng)}/{_word(rng)}"


def _ip(rng: RandomLike) -> str:
    return f"192.0.2.{rng.randint(1, 254)}"


# one valid value per known string format, accepted by the validators servers use too
# (pydantic's EmailStr, HttpUrl, IPvAnyAddress, date, datetime, time, UUID, timedelta)
_FORMATS: Mapping[str, Callable[[RandomLike], str]] = {
    "date-time": lambda r: f"{_date(r)}T{_time(r)}",
    "date": _date,
    "time": _time,
    "duration": lambda r: f"PT{r.randint(1, 59)}S",
    "uuid": _uuid,
    "decimal": lambda r: f"{r.randint(0, 999)}.{r.randint(0, 99):02d}",
    "email": _email,
    "idn-email": _email,
    "hostname": _host,
    "idn-hostname": _host,
    "uri": _url,
    "url": _url,
    "iri": _url,
    "uri-reference": lambda r: f"/{_word(r)}",
    "iri-reference": lambda r: f"/{_word(r)}",
    "ipv4": _ip,
    "ipv6": lambda r: f"2001:db8::{r.randint(1, 65535):x}",
    "ipvanyaddress": _ip,
    "byte": lambda r: ENCODINGS["base64"].encode(_word(r).encode()).decode(),
    "json-pointer": lambda r: f"/{_word(r)}/{r.randint(0, 9)}",
    "relative-json-pointer": lambda r: f"{r.randint(0, 9)}/{_word(r)}",
    "regex": lambda r: f"^{_word(r)}+$",
}
FORMATS = frozenset(_FORMATS)
