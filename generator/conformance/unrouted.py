"""Path values a server answers as it answers a path no route takes.

A router reads each path segment with a converter of its own, and answers a path it cannot
read as it answers one no operation has: Flask's, Quart's and Django's ``int`` take no sign,
so ``/books/-3`` gets the framework's own 404 page, in HTML, where the spec documents the
operation's 404 as JSON. A spec that writes ``{type: integer}`` for that id promises ``-3``;
the departure is true, but says nothing of why. A valid request whose client error departs
from what the spec documents for it (its media type, body or headers) is sent again with
ordinary values in its path (:func:`ordinary`); answered with the same status as documented
then, the failure stands and says the value is what the server answers otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from generator import ir

# values tried in a path in place of those drawn, the first each schema takes: numbers no
# resource is likely to have first (the same status is looked for), then the smallest
_ORDINARY: tuple[object, ...] = (
    987654321,
    4242,
    1000,
    1,
    0,
    "apiforge-ordinary",
    "ordinary",
    "a",
    "1",
    1.5,
    True,
)


def ordinary(
    params: Mapping[str, ir.Param],
    values: Mapping[str, object],
    takes: Callable[[ir.Param, object], bool],
) -> dict[str, object] | None:
    """``values`` (a request's path values by wire name) each replaced by the first ordinary
    value its parameter's schema ``takes`` that is not the value itself; None where a
    parameter has none, or there is no path value."""
    found: dict[str, object] = {}
    for wire, value in values.items():
        param = params.get(wire)
        if param is None:
            return None
        chosen = next((c for c in _ORDINARY if c != value and takes(param, c)), None)
        if chosen is None:
            return None
        found[wire] = chosen
    return found or None


def said(original: Mapping[str, object], put: Mapping[str, object], status: int) -> str:
    """Why a valid request's answer departed from what the spec documents for its status:
    its path values (``original``) are answered otherwise than ``put`` ones."""
    shown = ", ".join(f"{wire}={value!r}" for wire, value in original.items())
    others = ", ".join(f"{wire}={value!r}" for wire, value in put.items())
    signed = any(
        isinstance(v, int) and not isinstance(v, bool) and v < 0 for v in original.values()
    )
    why = (
        "a router's integer converter that takes no sign, as Flask's, Quart's and Django's "
        "`int`, answers such a path as one no route takes"
        if signed
        else "a router's converter may read fewer values than the schema allows, and answer "
        "the others as a path no route takes"
    )
    return (
        f"; with path {others} in place of {shown} the same status ({status}) came as "
        f"documented: the server answers path {shown}, which the schema allows, otherwise; "
        f"{why}: the spec should bound the parameter to what the server routes, or the server "
        "route what the spec allows"
    )
