"""``allOf``: one schema holding what every member requires."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_MAX_DEPTH = 64


def _deref(schema: Any, doc: Mapping[str, Any], depth: int) -> Any:
    from generator.build.schemas import resolve_local

    while isinstance(schema, Mapping) and "$ref" in schema and depth < _MAX_DEPTH:
        try:
            target = resolve_local(doc, schema["$ref"])[1]
        except (KeyError, IndexError, ValueError, TypeError):
            return {}
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        schema = merge_all_of([target, rest], doc, depth + 1) if rest else target
        depth += 1
    return schema


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _merge_into(
    out: dict[str, Any], schema: Mapping[str, Any], doc: Mapping[str, Any], depth: int
) -> None:
    for key, value in schema.items():
        if key == "allOf" and isinstance(value, list):
            for member in value:
                _merge_into(out, _flatten(member, doc, depth + 1), doc, depth + 1)
        elif key == "properties" and isinstance(value, Mapping):
            props = dict(out.get("properties", {}))
            for name, sub in value.items():
                props[name] = (
                    merge_all_of([props[name], sub], doc, depth + 1) if name in props else sub
                )
            out["properties"] = props
        elif key == "required" and isinstance(value, list):
            out["required"] = list(dict.fromkeys([*out.get("required", []), *value]))
        elif key in _LOWER and _numeric(value) and _numeric(out.get(key)):
            out[key] = max(out[key], value)
        elif key in _UPPER and _numeric(value) and _numeric(out.get(key)):
            out[key] = min(out[key], value)
        elif key == "additionalProperties" and key in out and value is not False:
            continue  # the stricter of the two stays
        else:
            out[key] = value


def _flatten(schema: Any, doc: Mapping[str, Any], depth: int) -> Mapping[str, Any]:
    schema = _deref(schema, doc, depth)
    return schema if isinstance(schema, Mapping) else {}


def merge_all_of(members: list[Any], doc: Mapping[str, Any], depth: int = 0) -> dict[str, Any]:
    """Merge ``members`` (refs followed, nested ``allOf`` flattened) into one schema."""
    out: dict[str, Any] = {}
    if depth > _MAX_DEPTH:
        return out
    for member in members:
        _merge_into(out, _flatten(member, doc, depth), doc, depth)
    return out
