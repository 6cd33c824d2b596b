"""3.0's ``nullable`` in a 3.1 schema, which 3.1 does not read (JSON Schema 2020-12 has no
such keyword: an unknown one is an annotation, and the schema takes no null there)."""

from __future__ import annotations

from typing import Any

from generator.openapi.document import iter_objects

__all__ = ["unread_nullable", "unread_nullables"]


def unread_nullable(schema: dict[str, Any]) -> bool:
    """Whether a 3.1 schema says ``nullable: true`` and its ``type`` does not take null."""
    if schema.get("nullable") is not True:
        return False
    kind = schema.get("type")
    return not (kind == "null" or (isinstance(kind, list) and "null" in kind))


def unread_nullables(data: Any) -> int:
    """How many schemas of a 3.1 document say ``nullable: true`` that 3.1 does not read."""
    return sum(unread_nullable(found) for _, found in iter_objects(data))
