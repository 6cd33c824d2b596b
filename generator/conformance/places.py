"""Places in a JSON value: where each scalar is, and the value with some of them replaced."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["At", "leaves", "replaced"]

# where a value is in a body: property names and array positions, from the top
At = tuple[str | int, ...]


def leaves(body: Any) -> Iterator[tuple[At, Any]]:
    """Each scalar of a JSON value, with where it is, in document order (walked without
    recursion: a body may nest deeper than Python's stack)."""
    todo: list[tuple[At, Any]] = [((), body)]
    while todo:
        at, value = todo.pop()
        if isinstance(value, dict):
            todo.extend(reversed([((*at, str(k)), v) for k, v in value.items()]))
        elif isinstance(value, list):
            todo.extend(reversed([((*at, i), v) for i, v in enumerate(value)]))
        else:
            yield at, value


def replaced(body: Any, new: Mapping[At, object], at: At = ()) -> Any:
    """``body`` with the value at each place of ``new`` replaced (the rest shared, unchanged)."""
    if at in new:
        return new[at]
    if not any(place[: len(at)] == at for place in new):
        return body
    if isinstance(body, dict):
        return {k: replaced(v, new, (*at, str(k))) for k, v in body.items()}
    if isinstance(body, list):
        return [replaced(v, new, (*at, i)) for i, v in enumerate(body)]
    return body
