"""What a request should not send: a property its schema marks ``readOnly``.

A request body's type names the ``Input`` twins of models (``parse/visibility.py``), which
declare no ``readOnly`` property. A value made for the schema itself, such as a coverage
case of a named schema (whose pointer both twins share), may carry one: OpenAPI says a
request SHOULD NOT send it, and validators refuse it where no other property is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.openapi.applying import applying, marks

__all__ = ["ReadOnly", "marked_apart", "required_read_only"]

_DEPTH = 32  # the nesting followed; deeper values are taken as they are


class ReadOnly:
    """The ``readOnly`` properties of an API's model schemas, read once."""

    def __init__(self, api: ir.Api) -> None:
        self.api = api
        found: dict[str, set[str]] = {}
        for model in api.models:
            wires = {f.wire for f in model.fields if f.read_only}
            if wires:
                found.setdefault(model.pointer, set()).update(wires)
        # by the schema's pointer, which a model and its request twin share
        self.table = {pointer: frozenset(wires) for pointer, wires in found.items()}

    def sent_in(self, t: ir.TypeRef, value: Any) -> bool:
        """Whether ``value``, sent as a request's ``t``, carries a property its schema marks
        ``readOnly``, at any depth (a union's members each looked at)."""
        return bool(self.table) and self._carries(t, value, 0)

    def _carries(self, t: ir.TypeRef, value: Any, depth: int) -> bool:
        if depth > _DEPTH:
            return False
        match t:
            case ir.AliasRef():
                return self._carries(self.api.alias(t.name).type, value, depth + 1)
            case ir.ModelRef() if isinstance(value, dict):
                model = self.api.model(t.name)
                if self.table.get(model.pointer, frozenset()) & value.keys():
                    return True
                fields = {f.wire: f.type for f in model.fields}
                return any(
                    self._carries(fields[k], v, depth + 1) for k, v in value.items() if k in fields
                )
            case ir.ArrayT() if isinstance(value, list):
                kinds = [t.prefix[i] if i < len(t.prefix) else t.items for i in range(len(value))]
                return any(
                    self._carries(k, v, depth + 1) for k, v in zip(kinds, value, strict=True)
                )
            case ir.MapT() if isinstance(value, dict):
                return any(self._carries(t.values, v, depth + 1) for v in value.values())
            case ir.UnionT():
                return any(self._carries(m, value, depth + 1) for m in t.members)
            case _:
                return False


def required_read_only(api: ir.Api, t: ir.TypeRef, value: Any) -> tuple[ir.Field, ...]:
    """The required ``readOnly`` properties of the schema whose request twin ``t`` names, that
    ``value`` (a request body of ``t``, an object) leaves out: OpenAPI 3.0 says ``required``
    holds for them in responses only; 3.1 leaves that to each server (JSON Schema 2020-12
    reads ``readOnly`` as an annotation), and one may require them in a request. Top-level
    properties only."""
    if not isinstance(t, ir.ModelRef) or not isinstance(value, dict):
        return ()
    twin = api.model(t.name)
    for model in api.models:
        if model.pointer == twin.pointer and model.name != twin.name:
            return tuple(
                f for f in model.fields if f.read_only and f.required and f.wire not in value
            )
    return ()


def marked_apart(doc: Any, schema: Any, wire: str) -> bool:
    """Whether the ``readOnly`` mark of the required property ``wire`` of ``schema`` comes
    from another schema than every ``required`` naming it: no schema applying with ``schema``
    lists ``wire`` in its ``required`` and marks its own ``properties`` entry ``readOnly``.

    OpenAPI 3.0 has ``required`` hold for a ``readOnly`` property in responses only; a server
    may read the mark only beside the ``required`` (Connexion does), and then requires a
    property marked in another ``allOf`` member in a request too."""
    for node in applying(doc, schema):
        required = node.get("required")
        if not isinstance(required, list) or wire not in required:
            continue
        properties = node.get("properties")
        own = properties.get(wire) if isinstance(properties, Mapping) else None
        if own is not None and "readOnly" in marks(doc, own, ("readOnly",)):
            return False
    return True
