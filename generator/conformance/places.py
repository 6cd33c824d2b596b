"""Places in a JSON value: where each scalar is, the value with some of them replaced, and the
types a schema may read the value at a place by."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator import ir

__all__ = ["At", "leaves", "replaced", "types_at"]

# where a value is in a body: property names and array positions, from the top
At = tuple[str | int, ...]
_DEPTH = 64  # the named types followed inside one another without a step into the value


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


def types_at(api: ir.Api, t: ir.TypeRef, at: At, depth: int = 0) -> list[ir.TypeRef]:
    """The types ``t`` may read the value at ``at`` (a path into a value of ``t``) by: a
    union's members each followed, a model's undeclared property read by its ``extra``."""
    if depth > _DEPTH:
        return []
    match t:
        case ir.AliasRef():
            return types_at(api, api.alias(t.name).type, at, depth + 1)
        case ir.UnionT():
            return [k for m in t.members for k in types_at(api, m, at, depth + 1)]
        case _ if not at:
            return [t]
        case ir.ModelRef() if isinstance(at[0], str):
            model = api.model(t.name)
            inner = next((f.type for f in model.fields if f.wire == at[0]), model.extra)
            return [] if inner is None else types_at(api, inner, at[1:], 0)
        case ir.MapT() if isinstance(at[0], str):
            return types_at(api, t.values, at[1:], 0)
        case ir.ArrayT() if isinstance(at[0], int):
            index = at[0]
            inner = t.prefix[index] if index < len(t.prefix) else t.rest if t.prefix else t.items
            return [] if inner is None else types_at(api, inner, at[1:], 0)
        case ir.AnyT():
            return [t]
        case _:
            return []
