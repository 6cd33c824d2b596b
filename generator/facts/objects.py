"""What a reader of a styled value knows of an object: the properties its type declares.

A query or cookie parameter, or a urlencoded form field, written in exploded ``form`` style
(OpenAPI's default for all three) spreads an object into pairs of their own names
(``?a=1&b=2``): its own name is not written. A reader gathers those pairs back only by the
properties the type declares (a map takes the pairs nothing else names); a type that admits
an object yet declares none (no ``type``, a union with an object member) leaves it nothing
to gather them by, so such a value is read as no value of the parameter or field at all.
"""

from __future__ import annotations

from generator import ir
from generator.facts.typefacts import json_types

__all__ = ["extra_type", "object_fields", "spread_unread"]


def _object(api: ir.Api, t: ir.TypeRef) -> ir.TypeRef:
    target = ir.without_null(t)
    if isinstance(target, ir.AliasRef):
        target = ir.without_null(api.alias(target.name).type)
    return target


def object_fields(api: ir.Api, t: ir.TypeRef) -> dict[str, ir.TypeRef] | None:
    """The declared properties of an object type ({} for a map, None for no object)."""
    target = _object(api, t)
    if isinstance(target, ir.ModelRef):
        return {f.wire: f.type for f in api.model(target.name).fields}
    if isinstance(target, ir.MapT):
        return {}
    return None


def extra_type(api: ir.Api, t: ir.TypeRef) -> ir.TypeRef | None:
    """The type of the properties an object type does not declare (None: it allows none,
    or it is no object)."""
    target = _object(api, t)
    if isinstance(target, ir.ModelRef):
        return api.model(target.name).extra
    return target.values if isinstance(target, ir.MapT) else None


def spread_unread(api: ir.Api, t: ir.TypeRef, style: str, explode: bool) -> bool:
    """Whether an object value of ``t`` written in ``style`` is read back as no value: one
    spread in exploded ``form`` style by a type that admits an object but declares none. A
    value of ``t`` then carries anything but an object."""
    if style != "form" or not explode or object_fields(api, t) is not None:
        return False
    return "object" in json_types(api, t)
