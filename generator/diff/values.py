"""Plain values inside schemas: canonical JSON and the numeric and size limits."""

from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from generator.openapi.numbers import exact, integral_step

Bound = tuple[float, bool]  # (limit, exclusive)

# keyword, kind when the limit gets stricter, kind when it gets looser, True for an upper limit
_COUNT_LIMITS: tuple[tuple[str, str, str, bool], ...] = (
    ("maxLength", "max-length-decreased", "max-length-increased", True),
    ("minLength", "min-length-increased", "min-length-decreased", False),
    ("maxItems", "max-items-decreased", "max-items-increased", True),
    ("minItems", "min-items-increased", "min-items-decreased", False),
    ("maxProperties", "max-properties-decreased", "max-properties-increased", True),
    ("minProperties", "min-properties-increased", "min-properties-decreased", False),
    ("maxContains", "max-contains-decreased", "max-contains-increased", True),
    ("minContains", "min-contains-increased", "min-contains-decreased", False),
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


def _or_one(limit: float | None) -> float:
    return 1 if limit is None else limit


def _step(schema: Mapping[str, Any], kind: str | None) -> Fraction | None:
    """The step every valid number is a multiple of (None: any number); on integers, the
    step of the integers that are multiples of ``multipleOf`` (1 for none)."""
    value = _number(schema.get("multipleOf"))
    if value is None or value <= 0:
        return Fraction(1) if kind == "integer" else None
    return Fraction(integral_step(value)) if kind == "integer" else exact(value)


def _step_change(
    old: Mapping[str, Any], old_type: str | None, new: Mapping[str, Any], new_type: str | None
) -> str | None:
    """``multiple-of-narrowed`` when every multiple of the new step was one of the old,
    ``-widened`` when every old multiple still is one, ``-changed`` otherwise."""
    if "multipleOf" not in old and "multipleOf" not in new:
        return None
    a, b = _step(old, old_type), _step(new, new_type)
    if a == b:
        return None
    if b is not None and (a is None or (b / a).denominator == 1):
        return "multiple-of-narrowed"
    if a is not None and (b is None or (a / b).denominator == 1):
        return "multiple-of-widened"
    return "multiple-of-changed"


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
        if keyword == "minContains" and "contains" in old and "contains" in new:
            # what `contains` asks when minContains is not written (a new `contains` is told
            # as the assertion it is)
            a_limit, b_limit = _or_one(a_limit), _or_one(b_limit)
        if a_limit == b_limit:
            continue
        tighter = stricter(
            None if b_limit is None else (b_limit, False),
            None if a_limit is None else (a_limit, False),
            is_max,
        )
        detail = f"{keyword} changed from {show(a_limit)} to {show(b_limit)}"
        found.append((narrower if tighter else wider, detail, keyword))
    step = _step_change(old, old_type, new, new_type)
    if step is not None:
        detail = f"multipleOf changed from {show(old.get('multipleOf'))} to "
        found.append((step, detail + show(new.get("multipleOf")), "multipleOf"))
    return found


def written(schema: Mapping[str, Any], keyword: str) -> frozenset[str]:
    """Each ``pattern`` (or ``format``, ``contentEncoding``...) that holds, as JSON text: a
    merge keeps several (a tuple), and the empty pattern, which every string matches, says
    nothing."""
    value = schema.get(keyword)
    values = value if isinstance(value, tuple) else () if value is None else (value,)
    return frozenset(canon(v) for v in values if not (keyword == "pattern" and v == ""))


def shown(values: frozenset[str]) -> str:
    """Values as a message lists them."""
    return " and ".join(sorted(values))


def type_kind(old: str | None, new: str | None) -> str:
    """How a JSON type changed: narrowed, widened or changed."""
    if old is None or (old, new) == ("number", "integer"):
        return "type-narrowed"
    if new is None or (old, new) == ("integer", "number"):
        return "type-widened"
    return "type-changed"
