"""Where a Parameter Object's schema is: what the builder reads as the parameter's type."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.openapi.pointers import follow_refs, lookup, pointer_of

__all__ = ["parameter_schema"]


def parameter_schema(doc: Mapping[str, Any], pointer: str) -> str:
    """The pointer of the schema of the parameter at ``pointer``, at the parameter's own place
    (a shared parameter's ``$ref`` is followed to read it, not in the pointer, which a
    validator follows as it walks): its ``schema``, else its first ``content`` entry's.

    It is the pointer the builder reads the type at, so it is also the prefix of the
    pointers of what the builder found inside that type (``Api.counted``, ``Api.skipped``).
    """
    try:
        node = follow_refs(doc, pointer, lookup(doc, pointer))[1]
    except (KeyError, IndexError, ValueError, TypeError):
        return pointer + "/schema"
    if isinstance(node, Mapping) and "schema" not in node:
        content = node.get("content")
        if isinstance(content, Mapping) and content:
            return pointer + pointer_of(("content", str(next(iter(content))), "schema"))
    return pointer + "/schema"
