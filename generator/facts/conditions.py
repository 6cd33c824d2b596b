"""The statuses HTTP names for a conditional request, whatever a spec documents.

A request carrying a precondition (RFC 9110 13.1) is answered by its outcome: ``412`` where
``If-Match`` or ``If-Unmodified-Since`` fails, or ``If-None-Match`` fails for another method,
and ``304`` where ``If-None-Match`` or ``If-Modified-Since`` fails for a ``GET`` or ``HEAD``.
A drawn entity tag or date may fail (only the server issues validators, and ``*`` matches any
current one), so an operation that takes such a header may be answered so by a correct server.
"""

from __future__ import annotations

from generator import ir

__all__ = ["conditional_statuses"]

_PRECONDITIONS = frozenset({"if-match", "if-none-match", "if-unmodified-since"})
_CACHE_CONDITIONS = frozenset({"if-none-match", "if-modified-since"})


def conditional_statuses(op: ir.Operation) -> dict[int, str]:
    """The statuses HTTP names for a request of ``op`` carrying the conditions it takes, each
    with why, worded."""
    taken = {p.wire.lower() for p in op.params if p.location == "header"}
    found: dict[int, str] = {}
    if op.method.lower() in ("get", "head") and taken & _CACHE_CONDITIONS:
        found[304] = "a condition the request's drawn validator or date fails (not modified)"
    if taken & _PRECONDITIONS:
        found[412] = (
            "a precondition the request's drawn one fails: only the server issues its validators"
        )
    return found
