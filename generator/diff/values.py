"""Plain values inside schemas: canonical JSON and the numeric and size limits."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

Bound = tuple[float, bool]  # (limit, exclusive)

# keyword, kind when the limit gets stricter, kind when it gets looser, True for an upper limit
_COUNT_LIMITS: tuple[tuple[str, str, str, bool], ...] = (
    ("maxLength", "max-length-decreased", "max-length-increased", True),
    ("minLength", "min-length-increased", "min-length-decreased", False),
    ("maxItems", "max-items-decreased", "max-items-increased", True),
    ("minItems", "min-items-increased", "min-items-decreased", False),
    ("maxProperties", "max-properties-decreased", "max-properties-increased", True),
    ("minProperties", "min-properties-increased", "min-properties-decreased", False),
)


def canon(value: Any) -> str:
    """A value as canonical JSON, so that ``1`` and ``True`` stay different."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def bound(schema: Mapping[str, Any], upper: bool, integer: bool) -> Bound | None:
    """The effective lower or upper limit, 3.0 and 3.1 spellings alike."""
    plain, exclusive = ("maximum", "exclusiveMaximum") if upper else ("minimum", "exclusiveMinimum")
    found: list[Bound] = []
    value = _number(schema.get(plain))
    if value is not None:
        found.append((value, schema.get(exclusive) is True))
    value = _number(schema.get(exclusive))
    if value is not None:
        found.append((value, True))
    if not found:
        return None
    # the strictest limit wins when both spellings are present
    best = min(found, key=lambda b: (b[0], not b[1])) if upper else max(found)
    if integer and best[1]:  # on integers, > 0 is >= 1
        limit = best[0]
        whole = int(limit) if float(limit).is_integer() else None
        if whole is not None:
            best = (whole - 1 if upper else whole + 1, False)
    return best


def stricter(a: Bound | None, b: Bound | None, upper: bool) -> bool:
    """True when limit ``a`` admits less than limit ``b``."""
    if a is None:
        return False
    if b is None:
        return True
    if a[0] != b[0]:
        return a[0] < b[0] if upper else a[0] > b[0]
    return a[1] and not b[1]


def _show_bound(bound: Bound | None, upper: bool) -> str:
    if bound is None:
        return "none"
    op = ("<" if bound[1] else "<=") if upper else (">" if bound[1] else ">=")
    return f"{op} {canon(bound[0])}"


def show(value: Any) -> str:
    return "none" if value is None else canon(value)


def limit_changes(
    old: Mapping[str, Any], old_type: str | None, new: Mapping[str, Any], new_type: str | None
) -> list[tuple[str, str, str]]:
    """``(kind, detail, keyword)`` for each limit that got stricter or looser.

    For example ``("maximum-decreased", "maximum changed from <= 10 to <= 5", "maximum")``.
    """
    found: list[tuple[str, str, str]] = []
    for upper, name, narrower, looser in (
        (True, "maximum", "decreased", "increased"),
        (False, "minimum", "increased", "decreased"),
    ):
        a = bound(old, upper, old_type == "integer")
        b = bound(new, upper, new_type == "integer")
        kind = narrower if stricter(b, a, upper) else looser if stricter(a, b, upper) else None
        if kind is not None:
            shown = f"{_show_bound(a, upper)} to {_show_bound(b, upper)}"
            found.append((f"{name}-{kind}", f"{name} changed from {shown}", name))
    for keyword, narrower, wider, is_max in _COUNT_LIMITS:
        a_limit, b_limit = _number(old.get(keyword)), _number(new.get(keyword))
        if a_limit == b_limit:
            continue
        tighter = stricter(
            None if b_limit is None else (b_limit, False),
            None if a_limit is None else (a_limit, False),
            is_max,
        )
        detail = f"{keyword} changed from {show(a_limit)} to {show(b_limit)}"
        found.append((narrower if tighter else wider, detail, keyword))
    if canon(old.get("multipleOf")) != canon(new.get("multipleOf")):
        detail = f"multipleOf changed from {show(old.get('multipleOf'))} to "
        found.append(("multiple-of-changed", detail + show(new.get("multipleOf")), "multipleOf"))
    return found
