"""openapi-spec-validator's walk of schemas, with the schemas behind `$ref`s checked in turn.

Its schema check descends into every subschema, and through a `$ref` into the schema it points
to: a chain of references (A's property is a B, B's item a C, ...) would be walked inside one
another, as deep as the chain is long, until Python's recursion limit. :func:`deferring` gives
the check a queue instead: a subschema that is a `$ref` waits until the outermost schema being
checked is done, then is checked exactly as it would have been (same path, same arguments), so
the errors found are the same and only the depth changes: inline nesting, which the loader
bounds, is all that stacks.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from typing import Any

from generator.openapi import local_pointer, pointer_parts, walk_parts

__all__ = ["deferring"]


def deferring(cls: Any) -> Any:
    """``cls`` itself, or for a schema check a subclass whose `$ref`s wait their turn."""
    from openapi_spec_validator.validation.keywords import SchemaValidator

    if not (isinstance(cls, type) and issubclass(cls, SchemaValidator)):
        return cls

    def call(
        self: Any, schema: Any, require_properties: bool = True, meta_checked: bool = False
    ) -> Iterator[Any]:
        state = self.__dict__.setdefault("_apiforge_walk", _Walk())
        if state.released is schema:
            state.released = None  # its turn has come: checked here, not queued again
        elif state.depth and (ref := _ref_of(schema)) is not None:
            state.waiting.append((_at_target(schema, ref), require_properties, meta_checked))
            return
        state.depth += 1
        try:
            yield from cls.__call__(self, schema, require_properties, meta_checked)
            while state.depth == 1 and state.waiting:
                waiting, require, checked = state.waiting.popleft()
                state.released = waiting
                # through self(): the classes around this one (which say where errors are)
                yield from self(waiting, require_properties=require, meta_checked=checked)
        finally:
            state.depth -= 1

    return type(cls.__name__, (cls,), {"__call__": call})


class _Walk:
    __slots__ = ("depth", "released", "waiting")

    def __init__(self) -> None:
        self.depth = 0  # schema checks inside one another
        self.waiting: deque[tuple[Any, bool, bool]] = deque()
        self.released: Any = None  # the waiting schema whose check starts now


def _ref_of(schema: Any) -> str | None:
    """The `$ref` the subschema at this path is written as (before it is followed), if any."""
    parts = getattr(schema, "parts", ())
    if not parts:
        return None
    try:
        with schema.parent.open() as holder:
            key = parts[-1]
            if isinstance(holder, list) and isinstance(key, int | str) and str(key).isdigit():
                value = holder[int(key)]
            elif isinstance(holder, Mapping):
                value = holder.get(key)
            else:
                return None
    except Exception:  # a path the checker itself will report on
        return None
    ref = value.get("$ref") if isinstance(value, Mapping) else None
    return ref if isinstance(ref, str) else None


def _at_target(schema: Any, ref: str) -> Any:
    """The path of the schema ``ref`` points to, from the document's root.

    Reached through the chain of references, the path would grow with every link, and so
    would the work of following it; errors are located where the value is either way.
    """
    try:
        tokens = pointer_parts(local_pointer(ref))
        root = schema._clone_with_parts(())
        with root.open() as data:
            value, parts = data, []
            for token in tokens:
                part: str | int = int(token) if isinstance(value, list) else token
                found, value = walk_parts(value, (part,))
                if not found:
                    return schema
                parts.append(part)
        return schema._clone_with_parts(tuple(parts))
    except Exception:  # not a plain local pointer: followed as the checker does
        return schema
