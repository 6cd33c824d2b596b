"""Schemas written alike: two that accept exactly the same values, whatever those are.

A ``oneOf`` needs a value to match exactly one member; a member with a twin never does (a
value it accepts, its twin accepts too). When every member has one, no value is valid. The
test here is only ever sure: the two are the same JSON once their words that describe
without constraining (and ``default``) are set aside and their ``$ref`` targets are compared
the same way. Anything it cannot read as a schema it compares as plain JSON, so a difference
it does not understand keeps the two apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["DESCRIPTIVE", "alike", "all_twinned"]

# annotations no validator reads: a schema accepts the same values with or without them
# (unlike `nullable`, `readOnly` and `writeOnly`, which OpenAPI's validation reads)
DESCRIPTIVE = frozenset(
    {"title", "description", "example", "examples", "deprecated", "externalDocs", "xml", "$comment"}
)

# keywords whose value is one schema, a list of schemas, or a map of names to schemas
_ONE = frozenset(
    {
        "items", "not", "additionalProperties", "additionalItems", "if", "then", "else",
        "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties",
        "contentSchema",
    }
)  # fmt: skip
_LIST = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_MAP = frozenset({"properties", "patternProperties", "dependentSchemas", "$defs", "definitions"})

Resolve = Callable[[str], Any]  # a `$ref`'s target; raises when there is none


def all_twinned(members: list[Any], resolve: Resolve) -> bool:
    """Whether each of ``members`` (two or more) has another written alike."""
    return len(members) > 1 and all(
        any(j != i and alike(members[i], other, resolve) for j, other in enumerate(members))
        for i in range(len(members))
    )


def alike(a: Any, b: Any, resolve: Resolve) -> bool:
    """Whether schemas ``a`` and ``b`` are written alike (so accept the same values)."""
    return _Comparison(resolve).schemas(a, b)


class _Comparison:
    def __init__(self, resolve: Resolve):
        self.resolve = resolve
        # pairs of targets being compared: assumed alike while their insides are (a cycle
        # of references that differs nowhere else is alike)
        self.assumed: set[tuple[int, int]] = set()

    def schemas(self, a: Any, b: Any) -> bool:
        if type(a) is not dict or type(b) is not dict:
            return _same_json(a, b)
        ref_a, ref_b = a.get("$ref"), b.get("$ref")
        if ref_a != ref_b and not self._targets(ref_a, ref_b):
            return False
        keys = {k for k in (*a, *b) if k != "$ref" and _constrains(k)}
        return all(k in a and k in b and self._keyword(k, a[k], b[k]) for k in keys)

    def _targets(self, ref_a: Any, ref_b: Any) -> bool:
        if type(ref_a) is not str or type(ref_b) is not str:
            return False
        try:
            target_a, target_b = self.resolve(ref_a), self.resolve(ref_b)
        except (KeyError, IndexError, ValueError, TypeError):
            return False
        pair = (id(target_a), id(target_b))
        if pair in self.assumed:
            return True
        self.assumed.add(pair)
        return self.schemas(target_a, target_b)

    def _keyword(self, key: str, a: Any, b: Any) -> bool:
        if key in _ONE or (key in _LIST and type(a) is list and type(b) is list):
            if type(a) is list and type(b) is list:  # `items` as a list, 2019-09 and before
                return len(a) == len(b) and all(map(self.schemas, a, b))
            return self.schemas(a, b)
        if key in _MAP and type(a) is dict and type(b) is dict:
            return a.keys() == b.keys() and all(self.schemas(a[k], b[k]) for k in a)
        return _same_json(a, b)


# what a validator reads of none: the words that describe, and `default`, a value a reader may
# fill in, which no validator checks (the models apply it; the values accepted are the same)
_UNREAD = DESCRIPTIVE | {"default"}


def _constrains(key: str) -> bool:
    return key not in _UNREAD and not key.startswith("x-")


def _same_json(a: Any, b: Any) -> bool:
    """Equal as JSON of the same types (Python's ``True == 1`` and ``1 == 1.0`` not taken)."""
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return a.keys() == b.keys() and all(_same_json(a[k], b[k]) for k in a)
    if type(a) is list:
        return len(a) == len(b) and all(map(_same_json, a, b))
    return bool(a == b)
