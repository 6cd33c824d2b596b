"""What two schemas' ``type`` and ``enum`` both allow: the intersection an ``allOf`` reads.

Every member of an ``allOf`` applies to the same value, so a keyword two members set holds
twice: the value's type must be one both ``type`` keywords allow (an integer is a number
too), its value one both ``enum`` lists hold (``true`` and ``1`` kept apart, ``1`` and
``1.0`` one number, as JSON Schema compares them). The merge of two ``multipleOf`` steps is
:func:`generator.openapi.numbers.common_multiple`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["both_enums", "both_types"]


def _types(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def both_types(old: Any, new: Any) -> Any:
    """The JSON types two ``type`` keywords both allow (an integer is a number too): one
    name, a list of them, or ``[]`` when no value has a type both allow."""
    olds, news = _types(old), _types(new)
    kept = [t for t in olds if t in news or (t == "integer" and "number" in news)]
    kept += [t for t in news if t == "integer" and "number" in olds and t not in kept]
    if not kept:  # no value fits both: an empty list of types, which no value has
        return []
    return kept[0] if len(kept) == 1 else kept


def both_enums(old: list[Any], new: list[Any]) -> list[Any]:
    """The members of both ``enum`` lists, as JSON Schema compares values (``true`` and ``1``
    kept apart, ``1`` and ``1.0`` one number)."""
    keys = {_key(v) for v in new}
    return [v for v in old if _key(v) in keys]


def _key(value: Any) -> Any:
    """``value`` as JSON Schema tells values apart: numbers by their value, a boolean never
    a number, arrays by their items in order, objects by their members in any order."""
    if type(value) is bool or value is None:
        return type(value), value
    if type(value) is int or type(value) is float:
        return "number", value  # 1 == 1.0 and hash alike
    if type(value) is list:
        return "array", tuple(map(_key, value))
    if type(value) is dict:
        return "object", frozenset((k, _key(v)) for k, v in value.items())
    return type(value), value
