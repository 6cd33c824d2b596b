"""JSON pointers (RFC 6901): escape and split them, and walk a document by one.

Every pointer of the project is read and written here. :func:`walk` and :func:`walk_parts`
are strict: a step that is not there stops the walk (a list index must be a digit string
within bounds, as RFC 6901 asks). :func:`resolve_local` follows a local ``$ref`` fragment
(``#/...``, percent-decoded as a URI fragment is); walks that also follow ``$ref``s met on
the way are built on :func:`step` where they are needed.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = [
    "escape_pointer_token",
    "follow_refs",
    "local_pointer",
    "lookup",
    "pointer_of",
    "pointer_parts",
    "resolve_local",
    "step",
    "unescape_pointer_token",
    "walk",
    "walk_parts",
    "walk_refs",
]

_MAX_HOPS = 32  # a bound on the refs followed in a row (a cycle of refs never ends)


def escape_pointer_token(token: str | int) -> str:
    """Escape one JSON pointer token (``~`` as ``~0``, ``/`` as ``~1``)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    """Undo :func:`escape_pointer_token` (``~1`` first, so ``~01`` reads as ``~1``)."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer_of(parts: Sequence[str | int]) -> str:
    """Join path parts into a JSON pointer (``""`` is the document root)."""
    return "".join("/" + escape_pointer_token(p) for p in parts)


def pointer_parts(pointer: str) -> tuple[str, ...]:
    """Split a JSON pointer into its unescaped tokens (the inverse of :func:`pointer_of`)."""
    return tuple(unescape_pointer_token(token) for token in pointer.split("/")[1:])


def local_pointer(ref: object) -> str:
    """The JSON pointer a local ref (``#/...``) names, percent-decoded; ValueError otherwise."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        raise ValueError(f"not a local ref: {ref!r}")
    return urllib.parse.unquote(ref[1:])


def step(value: Any, token: str | int) -> tuple[bool, Any]:
    """One step into a mapping (by key) or a list (by index): (found, child).

    A mapping found without the token as given is tried with ``str(token)`` too: a path
    from a JSON Schema validator may name the response ``"200"`` as the number 200.
    """
    kind = type(value)  # a dict or a list said first: an abstract class check costs more
    if kind is dict or (kind is not list and isinstance(value, Mapping)):
        for key in (token, str(token)):
            if key in value:
                return True, value[key]
        return False, None
    if isinstance(value, list):
        text = str(token)
        digits = text.isascii() and text.isdigit()
        index = token if type(token) is int else int(text) if digits else -1
        if 0 <= index < len(value):
            return True, value[index]
    return False, None


def walk_parts(value: Any, parts: Sequence[str | int]) -> tuple[bool, Any]:
    """Follow path parts into mappings and lists: (found, value)."""
    for part in parts:
        found, value = step(value, part)
        if not found:
            return False, None
    return True, value


def walk(data: Any, pointer: str) -> tuple[bool, Any, str]:
    """Follow a JSON pointer strictly: (found, value, why not)."""
    if not pointer:
        return True, data, ""
    if not pointer.startswith("/"):
        return False, None, f"{pointer!r} is not a JSON pointer (it must start with '/')"
    value, walked = data, ""
    for raw in pointer[1:].split("/"):
        token = unescape_pointer_token(raw)
        found, value = step(value, token)
        if not found:
            return False, None, f"no {token!r} in {walked or '/'}"
        walked += "/" + raw
    return True, value, ""


def walk_refs(data: Any, parts: Sequence[str | int]) -> tuple[bool, Any, tuple[str | int, ...]]:
    """Follow path parts through the local ``$ref``s met on the way: (found, value, where).

    A path that a validator or the IR builder reports names where a value is *used*, which
    may be behind a ``$ref`` (``"200": {$ref: "#/components/responses/Ok"}``); ``where`` is
    the path of the value as the document writes it (the ref's target, then the rest). This
    is :func:`walk_parts` plus that physical path, kept as one function so every reader that
    needs the place of a value finds the same one. A ref is followed only where the next part
    is not a member of the object beside it (3.1 allows siblings of ``$ref``). When a part is
    missing, ``found`` is False and ``where`` ends with the parts not walked.
    """
    where: list[str | int] = []
    value = data
    for index, part in enumerate(parts):
        value, hopped = toward(data, value, part)
        if hopped is not None:
            where = list(pointer_parts(hopped))
        found, value = step(value, part)
        if not found:
            return False, None, (*where, *parts[index:])
        where.append(part)
    return True, value, tuple(where)


def toward(
    data: Any,
    value: Any,
    part: str | int,
    find: Callable[[str], tuple[bool, Any]] | None = None,
) -> tuple[Any, str | None]:
    """Where the step ``part`` from ``value`` starts: ``value`` itself, or the target of its
    local ``$ref`` hops, followed only while ``part`` is not a member of the object beside
    the ref (3.1 allows siblings of ``$ref``): (value, the pointer of the last hop, or None).

    ``find``: what :func:`walk` finds in ``data`` at a pointer, (found, value), where a
    reader keeps those it walked (:class:`generator.render.pointers.Nodes`)."""
    hopped = None
    for _ in range(_MAX_HOPS):
        ref = value.get("$ref") if isinstance(value, Mapping) else None
        if ref is None or step(value, part)[0]:
            break
        try:
            pointer = local_pointer(ref)
        except ValueError:
            break
        found, target = find(pointer) if find is not None else walk(data, pointer)[:2]
        if not found:
            break
        value, hopped = target, pointer
    return value, hopped


def follow_refs(doc: Any, pointer: str, value: Any) -> tuple[str, Any]:
    """``value``, found at ``pointer``, with its local ``$ref`` hops followed: (pointer, value).

    KeyError when a hop is not local, names nothing, or the hops never reach a definition.
    """
    for _ in range(_MAX_HOPS):
        ref = value.get("$ref") if isinstance(value, Mapping) else None
        if not isinstance(ref, str):
            return pointer, value
        pointer, value = resolve_local(doc, ref)
    raise KeyError(f"$ref hops from {pointer} never reach a definition")


def lookup(doc: Any, pointer: str) -> Any:
    """The value at a JSON pointer; KeyError when there is none (:func:`walk` says why)."""
    found, value, why = walk(doc, pointer)
    if not found:
        raise KeyError(why)
    return value


def resolve_local(doc: Any, ref: str) -> tuple[str, Any]:
    """The pointer and value a local ``#/...`` ref points at; KeyError when there is none.

    Unlike :func:`generator.openapi.resolve`, which reports a dangling ref as a finding,
    this is for readers past validation that pass over what does not resolve.
    """
    try:
        pointer = local_pointer(ref)
    except ValueError as error:
        raise KeyError(ref) from error
    return pointer, lookup(doc, pointer)
