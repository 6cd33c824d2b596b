"""Near misses a lax parser reads as valid: ``"5"`` for a number, ``1`` for a boolean.

JSON Schema keeps a body's types apart, and such a body is invalid. Many frameworks read it
leniently on purpose (pydantic's lax mode, Jackson's scalar coercion, msgspec's and others'
string-to-number rules): they turn the value into one of the type the spec names, and then
it is valid. A server that accepts it is not refusing what it should, it is reading what it
was sent, so accepting such a near miss is a warning, never a failure; a near miss still
invalid once read so (``"5"`` where the minimum is 10) is judged as any other.

A reading here is one scalar turned into a scalar of the valid value's JSON type, the one
value of it the text or number plainly stands for: a number's text, ``true``/``false`` and
their texts, ``0``/``1`` for a boolean, a number's or a boolean's text for a string, and a
number for a date or a date-time (a time since the epoch, as pydantic and Jackson read it:
which instant, the reading does not say, so the valid value stands for it). Where the valid
value is ``null`` (of a nullable schema), the scalar may be read as any scalar type: the
reading is the one the schema takes. A list with an
item repeated is read as the list without the repeats, as a set type reads it (pydantic's
``set``, Java's ``Set``), where ``uniqueItems`` refused the repeat. An object with a property
its schema does not allow (``additionalProperties: false``) is read without it, as the
frameworks that drop undeclared properties on purpose read it (Fastify's default, pydantic's
``extra="ignore"``, Jackson without ``FAIL_ON_UNKNOWN_PROPERTIES``).

Ajv's type coercion, on in Fastify by default, reads more: a scalar where the schema names
an array as the list of that one scalar, and a list of one scalar where it names a scalar as
that scalar (read in turn). It also reads ``null`` as ``""``, ``0`` or ``false``; that one is
not a reading here: a server taking ``null`` where the spec refuses it is the bug a schema's
nullability most often misses (a field made optional in the code), and it is reported, unless
its answer shows the ``null`` read so (:mod:`generator.conformance.probing`).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from generator.conformance.order import changed_at
from generator.openapi import pointer_of

__all__ = ["lax_reading"]

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_MISSING = object()
# a value of each scalar JSON type, standing for its type where a valid value is null; and a
# date-time and a date, which a number may stand for
_SCALARS = ("", 0, True, "1970-01-01T00:00:00Z", "1970-01-01")


def lax_reading(
    valid: Any, near: Any, accepts: Callable[[Any], bool], *, undeclared: bool = False
) -> tuple[str, Any] | None:
    """Where ``near`` (a near miss of ``valid``) differs by one scalar that a lax parser
    reads as a scalar of ``valid``'s type there, and ``accepts`` takes ``near`` so read:
    the place (a JSON pointer) and the value read; else None. With ``undeclared`` (``near``
    breaks its schema only by properties it does not allow), a property ``near`` adds is read
    as dropped."""
    place = changed_at(valid, near)
    was, sent = _at(valid, place), _at(near, place)
    if undeclared and isinstance(was, dict) and isinstance(sent, dict):
        return _dropped(was, sent, near, place, accepts)
    if was is _MISSING or sent is _MISSING:
        return None
    # a null there (a nullable value) names no type: each scalar type is tried, and the one
    # the schema takes is the reading
    for like in _SCALARS if was is None else (was,):
        read = _read_as(like, sent)
        if read is not _MISSING and accepts(_with(near, place, read)):
            return pointer_of(place), read
    return None


def _read_as(was: Any, sent: Any) -> Any:
    """``sent`` read as a value of ``was``'s JSON type, as lax parsers read it; else
    ``_MISSING``."""
    if isinstance(was, list) or isinstance(sent, list):
        return _listed(was, sent)
    if type(sent) is type(was) or isinstance(sent, dict) or isinstance(was, dict) or sent is None:
        return _MISSING
    if type(was) is bool:
        if type(sent) is int and sent in (0, 1):
            return bool(sent)
        if isinstance(sent, str) and sent in ("true", "false"):
            return sent == "true"
        return _MISSING
    if isinstance(was, int | float):
        if type(sent) is bool:
            return int(sent)
        if isinstance(sent, str) and _NUMBER.fullmatch(sent):
            return json.loads(sent)
        return _MISSING
    if isinstance(was, str) and isinstance(sent, int | float):
        if type(sent) is not bool and _dated(was):
            return was
        return "true" if sent is True else "false" if sent is False else json.dumps(sent)
    return _MISSING


def _listed(was: Any, sent: Any) -> Any:
    """:func:`_read_as` where either value is a list: a list without its repeats (a set
    type), a scalar as the list of it, and a list of one scalar as that scalar, read in turn
    (Ajv's coercion)."""
    if isinstance(was, list) and isinstance(sent, list):
        kept = _unrepeated(sent)
        return kept if len(kept) < len(sent) else _MISSING
    if isinstance(was, list):
        return _MISSING if isinstance(sent, dict) or sent is None else [sent]
    if isinstance(was, dict) or len(sent) != 1 or isinstance(sent[0], dict | list | None):
        return _MISSING
    one = sent[0]
    return one if type(one) is type(was) else _read_as(was, one)


def _unrepeated(items: list[Any]) -> list[Any]:
    """``items`` without the repeats of an earlier item (equal as JSON), in order."""
    seen: set[str] = set()
    kept = []
    for item in items:
        key = json.dumps(item, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _dated(text: str) -> bool:
    """Whether ``text`` is a date or a date-time, as RFC 3339 writes them."""
    try:
        datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return False
    return "-" in text[:8]


def _dropped(
    was: dict[str, Any],
    sent: dict[str, Any],
    near: Any,
    place: tuple[Any, ...],
    accepts: Callable[[Any], bool],
) -> tuple[str, Any] | None:
    """Where the object ``sent`` at ``place`` of ``near`` is ``was`` with properties added,
    and ``accepts`` takes ``near`` without them: the place and the object so read (its
    undeclared properties dropped, as Fastify's ``removeAdditional``, pydantic's
    ``extra="ignore"`` and Jackson read it)."""
    read = {k: v for k, v in sent.items() if k in was}
    if len(read) == len(sent) or not accepts(_with(near, place, read)):
        return None
    return pointer_of(place), read


def _at(value: Any, place: tuple[Any, ...]) -> Any:
    for step in place:
        if isinstance(value, dict) and step in value:
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and step < len(value):
            value = value[step]
        else:
            return _MISSING
    return value


def _with(value: Any, place: tuple[Any, ...], read: Any) -> Any:
    if not place:
        return read
    copied = copy.deepcopy(value)
    holder = copied
    for step in place[:-1]:
        holder = holder[step]
    holder[place[-1]] = read
    return copied
