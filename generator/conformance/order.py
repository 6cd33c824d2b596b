"""The order near misses are sent in: one per place first, then the next one of each place.

A server that validates loosely does so at one place of a body (a field that takes ``null``,
one that coerces ``"5"`` into 5), and each place has several ways to be wrong (another type,
``null``, missing, out of bounds). Sent place by place, every violation of the first fields
comes before any of the later ones: a lax field deep in the body waits behind all of them.
Here the first violation of every place comes first, in the order the source gave them, then
the second of every place, and so on, so that each place is tried early and each kind of
violation still in its source's order. The place is read from the values themselves (where
the near miss differs from the valid instance it came from), not from its description, so
the order is the same whichever source made the cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

__all__ = ["changed_at", "place_by_place"]

T = TypeVar("T")
Place = tuple[Any, ...]


def changed_at(valid: Any, near: Any, path: Place = ()) -> Place:
    """The deepest place where ``near`` differs from ``valid``: the object's for a key added
    or removed (``required`` and ``additionalProperties`` are the object's keywords), the
    list's for a list of another length."""
    if isinstance(valid, dict) and isinstance(near, dict):
        removed = [k for k in valid if k not in near]
        added = [k for k in near if k not in valid]
        changed = [k for k in valid if k in near and _unlike(valid[k], near[k])]
        if len(removed) + len(added) + len(changed) != 1:
            return path
        if changed:
            return changed_at(valid[changed[0]], near[changed[0]], (*path, changed[0]))
        return path  # a key missing or added breaks the object's own keywords
    if isinstance(valid, list) and isinstance(near, list) and len(valid) == len(near):
        differs = [i for i, (a, b) in enumerate(zip(valid, near, strict=True)) if _unlike(a, b)]
        if len(differs) == 1:
            return changed_at(valid[differs[0]], near[differs[0]], (*path, differs[0]))
    return path


def _unlike(a: Any, b: Any) -> bool:
    """True when two JSON values differ, a boolean never equal to a number at any depth."""
    if type(a) is not type(b):
        return True
    if isinstance(a, dict):
        return a.keys() != b.keys() or any(_unlike(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) != len(b) or any(_unlike(x, y) for x, y in zip(a, b, strict=True))
    return bool(a != b)


def place_by_place(cases: Iterable[tuple[Place, T]]) -> list[T]:
    """``cases`` (each with its place) in rounds: the first case of every place, then the
    second of every place, and so on; within a round, in the order of ``cases``."""
    rounds: dict[Place, int] = {}
    ranked: list[tuple[int, int, T]] = []
    for index, (place, case) in enumerate(cases):
        turn = rounds.get(place, 0)
        rounds[place] = turn + 1
        ranked.append((turn, index, case))
    return [case for _, _, case in sorted(ranked, key=lambda r: r[:2])]
