"""What schema keywords mean to the builder: which constrain, which only annotate, which no
model type expresses; and small readers of keyword values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CONSTRAINTS = frozenset(
    {
        "type", "properties", "required", "additionalProperties", "items", "enum", "const",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems",
        "allOf", "anyOf", "oneOf", "not", "minProperties", "maxProperties",
    }
)  # fmt: skip


# JSON Schema keywords that constrain a value in ways no model type expresses
UNENFORCED = {
    "if": "`if`/`then`/`else` is not enforced by the models",
    "dependentRequired": "`dependentRequired` is not enforced by the models",
    "dependentSchemas": "`dependentSchemas` is not enforced by the models",
    "dependencies": "`dependencies` is not enforced by the models",
    "contains": "`contains` is not enforced by the models",
    "unevaluatedItems": "`unevaluatedItems` is not enforced by the models",
    # left by generator.load.anchors only where the dynamic scope decides the target
    "$dynamicRef": "a `$dynamicRef` whose target depends on the dynamic scope is not followed",
}

# an object's keywords on the names and values of properties its model does not declare,
# which the models do not enforce
OBJECT_EXTRAS = ("patternProperties", "unevaluatedProperties", "propertyNames")

# keywords that constrain the values of one JSON type and let the others through: a schema
# without `type` that has some constrains those values only (a `format` of numbers is a
# number's; any other, a string's)
OF_ONE_TYPE: dict[str, tuple[str, ...]] = {
    "object": (
        "properties", "additionalProperties", "required", "minProperties", "maxProperties",
        "patternProperties", "propertyNames",
    ),
    "array": ("items", "prefixItems", "minItems", "maxItems", "uniqueItems"),
    "string": ("minLength", "maxLength", "pattern"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
}  # fmt: skip
NUMBER_FORMATS = frozenset({"int32", "int64", "float", "double"})

# keywords of JSON Schema 2020-12 (OpenAPI 3.1) that constrain where the models read them, but
# that OpenAPI 3.0 does not have: its validators ignore them; what 3.0 writes instead
NOT_IN_30 = {
    "const": "3.0 writes `enum: [value]`",
    "prefixItems": "3.0 has no typed positions",
}

# keywords that describe a value without constraining it (OpenAPI's and JSON Schema's)
ANNOTATIONS = frozenset(
    {
        "title", "description", "default", "example", "examples", "readOnly", "writeOnly",
        "deprecated", "nullable", "externalDocs", "xml", "$comment",
    }
)  # fmt: skip


def lone_member(schema: Mapping[str, Any]) -> Any:
    """The one member of an ``allOf`` that only wraps a ``$ref`` in annotations, else None."""
    members = schema.get("allOf")
    if not isinstance(members, list) or len(members) != 1:
        return None
    others = (k for k in schema if k != "allOf" and not str(k).startswith("x-"))
    only = members[0]
    if (
        not isinstance(only, Mapping)
        or "$ref" not in only
        or any(k not in ANNOTATIONS for k in others)
    ):
        return None
    return only


def int_or_none(value: Any) -> int | None:
    """An integer keyword's value (``maxLength``, ``minItems``...): JSON Schema counts a number
    with a zero fraction as an integer, so ``2.0`` is 2; None for anything else."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def examples_of(schema: Mapping[str, Any]) -> tuple[Any, ...]:
    found: list[Any] = []
    if "example" in schema:
        found.append(schema["example"])
    examples = schema.get("examples")
    if isinstance(examples, list):
        found.extend(examples)
    return tuple(found)
