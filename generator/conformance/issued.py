"""The identifiers a server issued in a run, and a refused request made to refer to them.

A server may refuse a valid request for a reference to something it does not hold: a book
whose ``author: 0`` names no author it stored (Django REST framework's related fields answer
400 "Invalid pk"), which no schema can say. The run keeps the identifiers its answers gave:
in a 2xx answer's JSON body, an integer, or a text that is a UUID, under a property named
``id``, ``pk`` or ``uuid``, or ending in ``_id`` or ``Id``, each with the paths of the
operations that gave it. :func:`referring` remakes a refused request's body with them in place
of its integers and UUIDs: all of them at once first, then each alone, each given an
identifier another path gave (the one the most paths gave first: counted from 1, a first
row's id is often held by every table), or else one its own path gave (a category's parent
is a category), an integer past ``2**53 - 1`` only one past it too; those the schema still
takes are the probes. A refusal met before any other path gave an identifier of its kind
(:meth:`Issued.awaited`) is judged again at the run's end, when the answers may have given
some.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from generator.conformance.integers import past_safe
from generator.conformance.places import At, leaves, replaced

_NAMES = frozenset(("id", "pk", "uuid"))
_KEPT = 256  # identifiers kept, the latest


def _is_uuid(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _kind(value: object) -> str | None:
    """What an identifier is, as one is put in place of another: "int", "uuid", or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return "int"
    return "uuid" if _is_uuid(value) else None


def _names_one(name: str | int) -> bool:
    return isinstance(name, str) and (
        name.lower() in _NAMES or name.endswith(("_id", "Id", "_uuid"))
    )


class Issued:
    """The identifiers the answers of a run gave, with the paths that gave each."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: dict[tuple[str, object], set[str]] = {}

    def add(self, path: str, body: Any) -> None:
        """Keep the identifiers of ``body``, a 2xx answer's JSON, given by ``path``."""
        found = [
            (kind, value)
            for at, value in leaves(body)
            if at and _names_one(at[-1]) and (kind := _kind(value)) is not None
        ]
        with self._lock:
            for key in found:
                self._paths.setdefault(key, set()).add(path)
                self._paths[key] = self._paths.pop(key)  # the latest last
            while len(self._paths) > _KEPT:
                del self._paths[next(iter(self._paths))]

    def awaited(self, body: Any, path: str) -> bool:
        """Whether ``body`` holds an integer or a UUID of a kind no other path than ``path``
        gave an identifier of yet: an answer later in the run may give one."""
        kinds = {kind for _, value in leaves(body) if (kind := _kind(value)) is not None}
        with self._lock:
            given = {key[0] for key, paths in self._paths.items() if paths - {path}}
        return bool(kinds - given)

    def others(self, kind: str, path: str) -> list[object]:
        """The identifiers of ``kind`` the answers gave: those other paths than ``path`` gave
        first (the most paths first, then the latest), then its own (a category's parent is
        a category), the latest first."""
        with self._lock:
            held = [(key, paths) for key, paths in self._paths.items() if key[0] == kind]
        ranked = [(len(paths - {path}), i, key[1]) for i, (key, paths) in enumerate(held)]
        return [value for *_, value in sorted(ranked, key=lambda r: (-r[0], -r[1]))]


def _fits(value: object, given: object) -> bool:
    """Whether the identifier ``given`` may stand in for ``value``: another value, and past
    ``2**53 - 1`` where ``value`` is (a refusal of such an integer may be for its size, which
    a smaller identifier would hide: :mod:`.integers`)."""
    return given != value and (not past_safe(value) or past_safe(given))


def referring(
    body: Any, issued: Issued, path: str, valid: Callable[[Any], bool]
) -> Iterator[tuple[Any, list[tuple[At, object]]]]:
    """``body`` with identifiers the answers gave (other paths' first) in place of its
    integers and UUIDs, all at once first (a request may refer to several things), then each
    alone; only those the schema takes (``valid``), each with what was put where."""
    if not isinstance(body, dict | list):
        return
    places = []
    for at, value in leaves(body):
        kind = _kind(value)
        given = [v for v in issued.others(kind, path) if _fits(value, v)] if kind else []
        if given:
            places.append((at, given[0]))
    every = [places] if len(places) > 1 else []
    for chosen in [*every, *([p] for p in places)]:
        remade = replaced(body, dict(chosen))
        if valid(remade):
            yield remade, chosen
