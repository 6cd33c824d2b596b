"""Idempotency keys, each sent once in a run.

A server that reads an ``Idempotency-Key`` header (or an ``idempotency_key`` body property)
answers a key it has seen with the stored answer to its first request, whatever the new
request says: that is what the key is for. Values drawn from the key's schema repeat (a short
text, a small set), and a repeated key would be judged as a new request: a created resource
read back after a delete, an invalid request answered as the valid one before it. Every
request of the run carries a key no request before it carried: the drawn one where it is new,
else a new value its schema takes, tried in several shapes.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from generator import ir
from generator.conformance.source import PLACES, RequestData

__all__ = ["carried", "fresh_texts", "with_key"]

# the new values tried for one key: its shapes, then as many more of each
_TRIES = 8
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def carried(op: ir.Operation, request: RequestData) -> list[tuple[tuple[str, str], str]]:
    """The idempotency keys ``request`` carries: ((place, name), text) for each, the place
    ``"headers"`` or ``"body"`` (a top-level property of an object body)."""
    found: list[tuple[tuple[str, str], str]] = []
    header = op.idempotency_header
    if header is not None:
        value = request.get(PLACES["header"], {}).get(header)
        if isinstance(value, str):
            found.append(((PLACES["header"], header), value))
    field = op.idempotency_field
    body = request.get("body")
    if field is not None and isinstance(body, dict) and isinstance(body.get(field), str):
        found.append((("body", field), body[field]))
    return found


def with_key(request: RequestData, where: tuple[str, str], text: str) -> RequestData:
    """``request`` with the key at ``where`` (as :func:`carried` names it) set to ``text``."""
    place, name = where
    held: dict[str, Any] = dict(request.get(place) or {})
    held[name] = text
    return {**request, place: held}


def fresh_texts(seed: str, usable: Callable[[str], bool]) -> Iterator[str]:
    """New texts made from ``seed`` (one per request: a counter of the run), of the shapes a
    key's schema may ask for (a UUID, hex digits, a decimal number, two letters or digits),
    each that ``usable`` takes."""
    for attempt in range(_TRIES):
        digest = hashlib.sha256(f"{seed}:{attempt}".encode()).hexdigest()
        number = int(digest[:12], 16)
        shapes = (
            str(uuid.UUID(hex=digest[:32])),
            digest[:32],
            digest[:16],
            digest[:8],
            str(number % 10**6),
            _DIGITS[number % 36] + _DIGITS[number // 36 % 36],
        )
        yield from (text for text in shapes if usable(text))
