"""Two object schemas that surely share no value, read from their own keywords.

An object valid under both has every property either requires, so two object schemas share
none where

- one forbids the names it does not declare (``additionalProperties: false``, with nothing
  beside it that lets other names through) and the other requires a name it does not declare;
- or a name both require takes only strings each lists (``enum``, ``const``), and no string is
  listed by both.

The test is only ever sure: a schema it cannot read as one plain object (composed, tagged, a
property that may be ``null``) shares values with any other as far as it knows. A required
name counts only where it is declared and neither ``readOnly`` nor ``writeOnly`` (a request or
a response may leave it out). The schemas are read as given: ``allOf`` already merged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.records import record

__all__ = ["ObjectShape", "apart", "object_shape"]

# keywords that make a schema more than one plain object: its values are not read here
_COMPOSED = frozenset({"allOf", "anyOf", "oneOf", "not", "if", "discriminator", "$ref"})
# keywords beside `additionalProperties: false` that let other names through
_OPENING = frozenset({"patternProperties", "unevaluatedProperties", "$dynamicRef"})


@record
class ObjectShape:
    """What an object schema asks of a value's names: whether it forbids those it does not
    declare, the names it declares, the names it requires, and the strings each required one
    is limited to (where it lists them)."""

    closed: bool
    declared: frozenset[str]
    required: frozenset[str]
    listed: Mapping[str, frozenset[str]]


def object_shape(schema: Any, resolve: Callable[[Any], Any], *, const: bool) -> ObjectShape | None:
    """The shape of ``schema`` (``allOf`` merged), None where it is not one plain object
    schema; ``resolve`` follows a property's ``$ref``s (None: they lead nowhere), ``const``
    says whether the keyword is read (OpenAPI 3.0 has none)."""
    if not isinstance(schema, Mapping) or _COMPOSED & schema.keys():
        return None
    types = schema.get("type")
    if types != "object" and not (types is None and isinstance(schema.get("properties"), Mapping)):
        return None
    properties = schema.get("properties") or {}
    required = schema.get("required") or []
    if not isinstance(properties, Mapping) or not isinstance(required, list):
        return None
    closed = schema.get("additionalProperties") is False and not _OPENING & schema.keys()
    enforced: set[str] = set()
    listed: dict[str, frozenset[str]] = {}
    for name in required:
        if not isinstance(name, str) or name not in properties:
            continue
        written = properties[name]
        target = resolve(written)
        if not isinstance(target, Mapping) or _marked(written) or _marked(target):
            continue
        enforced.add(name)
        strings = _strings(written, target, const)
        if strings is not None:
            listed[name] = strings
    return ObjectShape(closed, frozenset(properties), frozenset(enforced), listed)


def apart(a: ObjectShape, b: ObjectShape) -> bool:
    """Whether no object is valid under both ``a`` and ``b``."""
    if (a.closed and b.required - a.declared) or (b.closed and a.required - b.declared):
        return True
    return any(not (a.listed[n] & b.listed[n]) for n in a.listed.keys() & b.listed.keys())


def _marked(schema: Any) -> bool:
    return isinstance(schema, Mapping) and (
        schema.get("readOnly") is True or schema.get("writeOnly") is True
    )


def _strings(written: Any, target: Mapping[str, Any], const: bool) -> frozenset[str] | None:
    """The strings a property is limited to, where it lists strings only and takes no
    ``null`` (None otherwise)."""
    if any(_nullable(s) for s in (written, target)):
        return None
    if const and "const" in target:
        values: Any = [target["const"]]
    elif isinstance(target.get("enum"), list):
        values = target["enum"]
    else:
        return None
    if not all(isinstance(v, str) for v in values):
        return None
    return frozenset(values)


def _nullable(schema: Any) -> bool:
    if not isinstance(schema, Mapping):
        return False
    types = schema.get("type")
    return schema.get("nullable") is True or (isinstance(types, list) and "null" in types)
