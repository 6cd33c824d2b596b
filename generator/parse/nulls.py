"""Whether a schema accepts ``null``, as the spec's validator reads it.

In OpenAPI 3.0, ``nullable: true`` acts within its own Schema Object: there it lets ``null``
through every keyword (``type``, ``enum``, ``allOf``, ``oneOf``, ``$ref`` beside it); 3.1
has no such keyword. Elsewhere each keyword judges ``null`` as JSON Schema does: a ``type``
refuses it unless it lists ``"null"``, an ``enum`` unless it lists it, an ``allOf`` unless
every member accepts it, an ``anyOf`` unless one does, a ``oneOf`` unless exactly one does, a
``not`` when its schema accepts it; 3.0's validator reads a ``discriminator`` beside
``allOf``/``anyOf``/``oneOf`` on objects only. The keywords of one JSON type
(``properties``, ``minLength``, ...) let every other value through. Keywords beside a
``$ref`` apply with it, as the spec's validator applies them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.openapi import resolve_local

__all__ = ["accepts_null"]

_COMPOSITION = ("allOf", "anyOf", "oneOf")
# deeper than this (a long chain of references, a cycle) nothing more is read: no verdict
_MAX_DEPTH = 64


def accepts_null(schema: Any, doc: Mapping[str, Any]) -> bool:
    """True when ``null`` is valid under ``schema`` (local ``$ref``s followed in ``doc``,
    whose ``openapi`` version says whether ``nullable`` is a keyword)."""
    return _Reader(doc).accepts(schema, 0)


class _Reader:
    def __init__(self, doc: Mapping[str, Any]):
        self.doc = doc
        self.openapi30 = str(doc.get("openapi", "")).startswith("3.0")
        # each schema's verdict by its identity, once: members shared through `$ref`s are
        # read once, and a schema met again inside itself (a cycle) refuses nothing
        self.read: dict[int, bool] = {}

    def accepts(self, schema: Any, depth: int) -> bool:
        if isinstance(schema, bool):
            return schema
        if not isinstance(schema, Mapping) or depth > _MAX_DEPTH:
            return True
        if self.openapi30 and schema.get("nullable") is True:
            return True
        if id(schema) not in self.read:
            self.read[id(schema)] = True
            verdict = self._assertions(schema) and self._applicators(schema, depth + 1)
            self.read[id(schema)] = verdict
        return self.read[id(schema)]

    def _assertions(self, schema: Mapping[str, Any]) -> bool:
        types = schema.get("type")
        if types is not None and "null" not in (types if isinstance(types, list) else [types]):
            return False
        enum = schema.get("enum")
        if isinstance(enum, list) and not any(v is None for v in enum):
            return False
        if not self.openapi30 and "const" in schema and schema["const"] is not None:
            return False
        tagged = self.openapi30 and isinstance(schema.get("discriminator"), Mapping)
        return not (tagged and any(k in schema for k in _COMPOSITION))

    def _applicators(self, schema: Mapping[str, Any], depth: int) -> bool:
        def each(keyword: str) -> list[bool]:
            members = schema.get(keyword)
            return [self.accepts(m, depth) for m in members] if isinstance(members, list) else []

        ref = schema.get("$ref")
        if isinstance(ref, str) and not self.accepts(self._target(ref), depth):
            return False
        if not all(each("allOf")):
            return False
        if "anyOf" in schema and not any(each("anyOf")):
            return False
        if "oneOf" in schema and sum(each("oneOf")) != 1:
            return False
        return "not" not in schema or not self.accepts(schema["not"], depth)

    def _target(self, ref: str) -> Any:
        try:
            return resolve_local(self.doc, ref)[1]
        except (KeyError, IndexError, ValueError, TypeError):
            return True  # an unresolved reference is told elsewhere; here it refuses nothing
