"""Keywords that refuse values in ways no rule reads into a shape, compared as written.

``uniqueItems`` is read exactly: true where it was not refuses an array with a repeat. The
others (``not``, ``contains``, ``if``/``then``/``else``, ``patternProperties``,
``propertyNames``, ``dependentRequired``, ``dependentSchemas``, ``prefixItems``, the
``unevaluated`` pair, ``$dynamicRef``) are assertions whose effect would take a validator to
read: one added can only refuse more, one removed can only refuse less, and one changed may
do either. None of them is ever silent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.diff.values import canon

UNREAD = (
    "not",
    "if",
    "then",
    "else",
    "contains",
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "prefixItems",
    "additionalItems",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
)
_SHOWN = 80  # characters of a keyword's value shown in a message


def _brief(value: Any) -> str:
    text = canon(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def assertion_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """``(kind, detail, keyword)`` for each such keyword added, removed or changed."""
    found: list[tuple[str, str, str]] = []
    was, now = old.get("uniqueItems") is True, new.get("uniqueItems") is True
    if was != now:
        detail = "items must now be unique" if now else "items may now repeat"
        found.append(
            ("unique-items-added" if now else "unique-items-removed", detail, "uniqueItems")
        )
    for keyword in UNREAD:
        a, b = old.get(keyword), new.get(keyword)
        if canon(a) == canon(b):
            continue
        if a is None:
            found.append(("assertion-added", f"now has `{keyword}` {_brief(b)}", keyword))
        elif b is None:
            found.append(("assertion-removed", f"no longer has `{keyword}` {_brief(a)}", keyword))
        else:
            detail = f"`{keyword}` changed from {_brief(a)} to {_brief(b)}"
            found.append(("assertion-changed", detail, keyword))
    return found
