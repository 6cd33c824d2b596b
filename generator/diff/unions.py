"""Union members read as the values they admit: one within another, two that surely share a
value, two that surely share none.

A ``oneOf`` refuses a value two members accept, an ``anyOf`` does not: a member added within
a kept one admits nothing new, and ``anyOf`` made ``oneOf`` refuses what two members share.
Each test here is only ever sure: ``within`` holds when the inner member's type is one of
the outer's and it asks every keyword the outer asks, with the same value (its ``required``
names may be more, its ``enum`` fewer), and maybe more keywords. A keyword read with its
neighbours (``additionalProperties``, ``unevaluatedProperties``...) lets more through when
the neighbours say more, so an outer member that has one takes an inner one asking no other
keywords. Two members surely share no value when their types do not meet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from generator.diff.merge import ANNOTATIONS
from generator.diff.shapes import Alt
from generator.diff.values import canon

__all__ = ["Overlap", "only_shares_with", "overlap", "within"]

Overlap = Literal["sure", "none", "unsure"]

# keywords whose verdict depends on what the keywords beside them declare
_NEIGHBOURLY = frozenset(
    {
        "additionalProperties",
        "additionalItems",
        "unevaluatedProperties",
        "unevaluatedItems",
        "items",
        "contains",  # `minContains: 0` beside it asks for none
    }
)


def _asks(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The keywords that refuse values, but for ``type`` (an alternative has one)."""
    return {
        k: v
        for k, v in schema.items()
        if k != "type" and k not in ANNOTATIONS and not k.startswith("x-")
    }


def _type_within(inner: str | None, outer: str | None) -> bool:
    return outer is None or inner == outer or (inner, outer) == ("integer", "number")


def _asks_as_much(keyword: str, inner: Any, outer: Any) -> bool:
    """Whether ``inner``, a keyword's value, refuses all that ``outer`` refuses."""
    if keyword == "required" and isinstance(inner, list) and isinstance(outer, list):
        return {canon(v) for v in outer} <= {canon(v) for v in inner}
    if keyword == "enum" and isinstance(inner, list) and isinstance(outer, list):
        return {canon(v) for v in inner} <= {canon(v) for v in outer}
    return canon(inner) == canon(outer)


def within(inner: Alt, outer: Alt) -> bool:
    """Whether every value ``inner`` admits, ``outer`` admits too (when sure)."""
    if not _type_within(inner.type, outer.type):
        return False
    asks, more = _asks(outer.schema), _asks(inner.schema)
    if asks.keys() & _NEIGHBOURLY and more.keys() != asks.keys():
        return False
    return all(k in more and _asks_as_much(k, more[k], v) for k, v in asks.items())


def _disjoint(a: Alt, b: Alt) -> bool:
    """The two surely share no value: their types do not meet."""
    if a.type is None or b.type is None:
        return False
    return a.type != b.type and {a.type, b.type} != {"integer", "number"}


def overlap(members: Sequence[Alt]) -> Overlap:
    """Whether two of ``members`` surely share a value, surely share none, or may."""
    pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
    if any(within(a, b) or within(b, a) for a, b in pairs):
        return "sure"
    return "none" if all(_disjoint(a, b) for a, b in pairs) else "unsure"


def only_shares_with(alt: Alt, outer: Alt, members: Sequence[Alt]) -> bool:
    """Whether ``alt`` surely shares no value with any of ``members`` but ``outer``."""
    return all(m is outer or _disjoint(alt, m) for m in members)
