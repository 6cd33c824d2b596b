"""Parameter Objects: where one's schema is (what the builder reads as its type), and the
header parameters OpenAPI ignores."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.openapi.pointers import follow_refs, lookup, pointer_of

__all__ = ["ignored_parameter", "parameter_schema"]

# header parameters OpenAPI says SHALL be ignored: the media types and the security schemes
# say them, and the request's own headers carry them
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


def ignored_parameter(location: object, name: object) -> bool:
    """Whether OpenAPI ignores a parameter named ``name`` in ``location`` (a header
    parameter named ``Accept``, ``Content-Type`` or ``Authorization``)."""
    return location == "header" and isinstance(name, str) and name.lower() in _IGNORED_HEADERS


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
