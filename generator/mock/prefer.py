"""Prism's ``Prefer`` request header: which documented response a valid request gets.

::

    Prefer: code=404                  the response documented for 404 (exact, 4XX, default)
    Prefer: example=notFound          the success response's example of that name
    Prefer: code=404, example=gone    the 404 response's example ``gone``

The query parameters ``__code`` and ``__example`` do the same and are removed before
validation. As in Prism, routing, security and validation come first: an invalid request
still gets its 4xx. Other preferences (``return=minimal``, ``respond-async``) are ignored; a
code nothing documents or an unknown example name is a 400 that says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from generator import ir
from generator.exchange import documented
from generator.mock.responses import success_response

__all__ = ["PREFER_QUERY", "PreferError", "choose", "preferences"]

PREFER_QUERY = {"__code": "code", "__example": "example"}
_KNOWN = ("code", "example")


class PreferError(ValueError):
    """A preference naming a response or an example the spec does not document."""


def preferences(headers: Mapping[str, str], query: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The ``code`` and ``example`` preferences of a request (header first, then query)."""
    found: dict[str, str] = {}
    for item in headers.get("prefer", "").split(","):
        name, sep, value = item.split(";")[0].partition("=")
        if sep and name.strip().lower() in _KNOWN:
            found[name.strip().lower()] = value.strip().strip('"')
    for key, value in query:
        if key in PREFER_QUERY:
            found.setdefault(PREFER_QUERY[key], value)
    return found


def choose(
    op: ir.Operation, preferred: Mapping[str, str]
) -> tuple[int, ir.Response | None, tuple[str, Any] | None]:
    """(status, its documented response, the named example or None) for these preferences."""
    if "code" in preferred:
        code = preferred["code"]
        if not (code.isdigit() and 100 <= int(code) <= 599):
            raise PreferError(f"code={code!r} is not an HTTP status")
        status, response = int(code), documented(op, int(code))
        if response is None:
            listed = ", ".join(r.status for r in op.responses) or "none"
            raise PreferError(f"no response is documented for {status} (documented: {listed})")
    else:
        status, response = success_response(op)
    if "example" not in preferred:
        return status, response, None
    name = preferred["example"]
    named = dict(response.named_examples) if response is not None else {}
    if name not in named:
        known = ", ".join(sorted(named)) or "none"
        raise PreferError(f"no example {name!r} is documented for {status} (examples: {known})")
    return status, response, (name, named[name])
