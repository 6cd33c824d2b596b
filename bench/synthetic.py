"""A synthetic OpenAPI document with any number of component schemas, for measuring scale.

    python bench/synthetic.py SCHEMAS OUT.json [--minor 0|1]

The schemas are a fixed mix, repeated: objects with scalar properties, objects whose
properties ``$ref`` earlier schemas (and one cycle back), arrays of refs, string enums,
strings with ECMA-262 patterns, ``allOf``/``oneOf`` compositions with a discriminator, and
maps (``additionalProperties``, and ``patternProperties`` in 3.1). A path per hundred schemas
uses them in a request body, a response and a parameter, so operations are checked too. The
same count always gives the same document.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

__all__ = ["spec", "write"]

Schema = dict[str, Any]


def _ref(i: int) -> Schema:
    return {"$ref": f"#/components/schemas/S{i}"}


def _schema(i: int, minor: int) -> Schema:
    """Schema ``S{i}``: its kind is ``i`` modulo the number of kinds; refs point backwards."""
    earlier = max(i - 1, 0)
    kind = i % 8
    if kind == 0:
        return {
            "type": "object",
            "description": f"Object number {i}.",
            "required": ["id", "name"],
            "properties": {
                "id": {"type": "integer", "format": "int64", "minimum": 0},
                "name": {"type": "string", "maxLength": 64},
                "score": {"type": "number", "default": 0.5},
                "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
            },
        }
    if kind == 1:
        nullable: Schema = (
            {"type": ["string", "null"]} if minor == 1 else {"type": "string", "nullable": True}
        )
        return {
            "type": "object",
            "properties": {"left": _ref(earlier), "right": _ref(i), "note": nullable},
        }
    if kind == 2:
        return {"type": "array", "items": _ref(earlier), "minItems": 0, "maxItems": 100}
    if kind == 3:
        return {"type": "string", "enum": [f"value_{i}_{n}" for n in range(4)]}
    if kind == 4:
        return {"type": "string", "pattern": f"^[a-z]{{2,8}}-{i}(\\.[0-9]+)?$"}
    if kind == 5:
        extra: Schema = {"type": "object", "properties": {"extra": {"type": "boolean"}}}
        return {"allOf": [_ref(earlier), extra]}
    if kind == 6:
        base = i - (i % 8)
        return {
            "oneOf": [_ref(base), _ref(base + 1)],
            "discriminator": {
                "propertyName": "name",
                "mapping": {"a": f"#/components/schemas/S{base}"},
            },
        }
    mapping: Schema = {"type": "object", "additionalProperties": _ref(earlier)}
    if minor == 1:  # 3.0's Schema Object has no patternProperties
        mapping["patternProperties"] = {"^x-[a-z]+$": {"type": "string"}}
    return mapping


def _path(i: int) -> Schema:
    return {
        "post": {
            "operationId": f"op{i}",
            "parameters": [
                {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}
            ],
            "requestBody": {"content": {"application/json": {"schema": _ref(i)}}},
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": _ref(i + 1)}},
                },
                "default": {"description": "An error"},
            },
        }
    }


def spec(schemas: int, minor: int = 0) -> dict[str, Any]:
    """The document with ``schemas`` component schemas, as plain data."""
    return {
        "openapi": f"3.{minor}.3" if minor == 0 else "3.1.0",
        "info": {"title": f"Synthetic with {schemas} schemas", "version": "1.0.0"},
        "paths": {f"/things{i}": _path(i) for i in range(0, max(schemas - 1, 0), 100)},
        "components": {"schemas": {f"S{i}": _schema(i, minor) for i in range(schemas)}},
    }


def write(schemas: int, out: Path, minor: int = 0) -> Path:
    """Write the document as JSON to ``out``; returns ``out``."""
    out.write_text(json.dumps(spec(schemas, minor)), encoding="utf-8")
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("schemas", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--minor", type=int, choices=(0, 1), default=0)
    args = parser.parse_args()
    write(args.schemas, args.out, args.minor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
