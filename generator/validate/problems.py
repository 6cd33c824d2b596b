"""Turn a validation error into a located Problem with a short, plain message.

The error's path may pass through ``$ref``s; :func:`located_problem` follows them to where the
failing value really is, so the Problem gets that value's line and column. Messages name what is
wrong in the author's terms (a missing field, an unexpected one and what is allowed there, the
type expected and found) and are clipped: jsonschema can put a whole document in one message.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from generator.errors import Problem
from generator.load import Document
from generator.openapi import pointer_of, pointer_parts, walk_parts, walk_refs

__all__ = [
    "ROOT",
    "clip",
    "kind_of",
    "located_problem",
    "not_one_of",
    "required_name",
    "short",
    "type_message",
]

MAX_MESSAGE = 400  # characters; jsonschema can put a whole document in one message
# the attribute of an error holding the schema its `$ref`s are resolved in (an object's names)
ROOT = "_apiforge_root"


def located_problem(doc: Document, base: tuple[Any, ...], error: Any) -> Problem:
    """The Problem for ``error`` (relative to ``base``), at the value's place in the file."""
    pointer = _physical_pointer(doc.data, (*base, *error.absolute_path))
    return doc.problem(_message(error), pointer)


def _physical_pointer(data: Any, parts: tuple[Any, ...]) -> str:
    """Turn a path that may pass through ``$ref``s into a pointer to where the value is."""
    return pointer_of(walk_refs(data, parts)[2])


def kind_of(value: Any) -> str:
    """What a JSON value is, in words ("a mapping", "a number")."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    kinds: dict[type, str] = {list: "a list", str: "a string", dict: "a mapping"}
    return kinds.get(type(value), "nothing")


def short(value: Any, limit: int = 80) -> str:
    """A value as JSON text, cut to ``limit`` characters."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip(text: str) -> str:
    """A message cut to MAX_MESSAGE characters."""
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def required_name(error: Any) -> str:
    """The field a "required" error says is missing, as the error quotes it."""
    return str(error.message).removesuffix(" is a required property")


def not_one_of(value: Any, allowed: Any) -> str:
    """The message for a value that is none of the values allowed."""
    if isinstance(allowed, list) and len(allowed) == 1:
        return f"expected {short(allowed[0])}, found {short(value)}"
    return f"{short(value)} is not one of {short(allowed, 200)}"


def _required(error: Any) -> str:
    return f"missing required field {required_name(error)}"


def _unexpected(error: Any) -> str:
    message: str = error.message
    found = re.search(r"\((.*) (?:was|were) unexpected\)", message)
    found = found or re.match(r"(.*) (?:does|do) not match any of the regexes", message)
    if found is None:
        return _generic(error)
    schema = error.schema if isinstance(error.schema, dict) else {}
    root = getattr(error, ROOT, None)
    names = list(schema.get("properties", {}))
    if isinstance(root, dict):  # those a `$ref`, an `allOf` or a condition that holds adds
        names = list(dict.fromkeys(_names(schema, error.instance, root, 0)))
    allowed = [repr(name) for name in names] if len(names) <= 16 else []
    allowed += [f"names matching {p}" for p in schema.get("patternProperties", {}) if p != "^x-"]
    if not allowed:
        return f"unexpected field {found[1]}: not allowed here (extensions must start with x-)"
    return f"unexpected field {found[1]} (allowed here: {', '.join(allowed)}, or x-... extensions)"


def _names(schema: Any, instance: Any, root: dict[str, Any], depth: int) -> Iterator[str]:
    """The property names ``schema`` declares for ``instance``: its own, and those of the
    schemas its ``$ref``s, ``allOf`` members, conditions that hold and ``dependentSchemas`` of
    the names ``instance`` has bring in (``root`` resolving the ``$ref``s)."""
    if not isinstance(schema, dict) or depth > 8:
        return
    yield from (n for n in schema.get("properties", {}) if isinstance(n, str))
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#"):
        found, target = walk_parts(root, pointer_parts(ref[1:]))
        if found:
            yield from _names(target, instance, root, depth + 1)
    for member in schema.get("allOf", []) if isinstance(schema.get("allOf"), list) else ():
        yield from _names(member, instance, root, depth + 1)
    if "if" in schema:
        branch = "then" if _holds(schema["if"], instance) else "else"
        yield from _names(schema.get(branch), instance, root, depth + 1)
    dependent = schema.get("dependentSchemas")
    for name, member in dependent.items() if isinstance(dependent, dict) else ():
        if isinstance(instance, dict) and name in instance:
            yield from _names(member, instance, root, depth + 1)


def _holds(condition: Any, instance: Any) -> bool:
    """Whether ``instance`` passes an ``if`` (a condition on its own fields' values)."""
    from jsonschema import Draft202012Validator

    try:
        return bool(Draft202012Validator(condition).is_valid(instance))
    except Exception:  # a condition needing references: not told apart
        return False


def type_message(expected: str, value: Any) -> str:
    """The message for a value of the wrong JSON type."""
    return f"expected {expected}, found {kind_of(value)}: {short(value)}"


def _type(error: Any) -> str:
    wanted = error.validator_value
    expected = " or ".join(wanted) if isinstance(wanted, list) else str(wanted)
    return type_message(expected, error.instance)


def _enum(error: Any) -> str:
    return not_one_of(error.instance, error.validator_value)


# openapi-spec-validator's words for a template expression no path parameter declares
_UNRESOLVED = re.compile(r"Path parameter '(.+)' for '(\w+)' operation in '(.*)' was not resolved")


def _generic(error: Any) -> str:
    message: str = error.message
    unresolved = _UNRESOLVED.fullmatch(message)
    if unresolved is not None:
        name, method, path = unresolved.groups()
        return (
            f"the path {path!r} names {{{name}}}, but its {method} operation declares no "
            f"parameter {name!r} in: path (declare one, with required: true, in the operation "
            "or beside it in the Path Item)"
        )
    with contextlib.suppress(TypeError, ValueError):  # jsonschema quotes repr(), jsonschema-rs JSON
        for shown in {repr(error.instance), json.dumps(error.instance, separators=(",", ":"))}:
            if len(shown) > 80:
                message = message.replace(shown, short(error.instance))
    return message


_MESSAGES: dict[str, Callable[[Any], str]] = {
    "required": _required,
    "additionalProperties": _unexpected,
    "unevaluatedProperties": _unexpected,
    "type": _type,
    "enum": _enum,
}


def _message(error: Any) -> str:
    return clip(_MESSAGES.get(str(error.validator), _generic)(error))
