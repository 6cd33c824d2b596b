"""Integers past what servers read: JavaScript's largest safe integer is ``2**53 - 1`` (and a
64-bit integer ends at ``2**63 - 1``), while a schema with no bound and no ``format`` allows
any integer.

Where a valid request carries one its schema bounds by nothing on that side, in a parameter or
anywhere in a JSON body, a refusal of it says nothing of the server's conformance until the
same request with a smaller integer is sent (:mod:`.probing`).
"""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.conformance.places import At, leaves, types_at

__all__ = ["SAFE", "body_places", "past_safe", "smaller", "unbounded"]

SAFE = 2**53 - 1  # JavaScript's largest safe integer


def past_safe(value: object) -> bool:
    """Whether ``value`` is an integer past :data:`SAFE` either way."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > SAFE


def unbounded(t: ir.TypeRef, value: int) -> bool:
    """Whether ``t`` is an integer or a number with no ``format`` and no bound on the side of
    ``value`` (the spec then allows any integer there, past what a server may read)."""
    if not isinstance(t, ir.IntT | ir.NumberT) or t.format is not None:
        return False
    b = t.bounds
    return (b.le is None and b.lt is None) if value > 0 else (b.ge is None and b.gt is None)


def smaller(value: int) -> list[int]:
    """Integers of ``value``'s sign within what servers read, the largest first."""
    sign = 1 if value > 0 else -1
    return [sign * n for n in (SAFE, 2**31 - 1, 1000, 1)]


def body_places(api: ir.Api, t: ir.TypeRef, body: Any) -> list[At]:
    """The places in ``body`` (a JSON request body of type ``t``) of each integer past
    :data:`SAFE` that every type its schema may read there leaves unbounded on that side:
    an integer or number type with no bound there and no ``format``, or any value. A place a
    type bounds, or reads by a ``format`` (``int64`` promises up to ``2**63 - 1``), or that
    no numeric type reads, is left out."""
    found = []
    for at, value in leaves(body):
        if not past_safe(value):
            continue
        kinds = types_at(api, t, at)
        numeric = [k for k in kinds if isinstance(k, ir.IntT | ir.NumberT | ir.AnyT)]
        if numeric and all(isinstance(k, ir.AnyT) or unbounded(k, value) for k in numeric):
            found.append(at)
    return found
