"""Nothing silent: every difference between two documents lands in some change.

The rules report what a difference means for clients and servers, and find on purpose that
some differences mean nothing to either (a status written ``200`` or ``"200"``, a header
name's case, ``nullable`` written as a union with ``null``, a ``type`` the other keywords
imply); others they do not read at all (descriptions, examples, extensions). Each is still a
change of the document: after the rules ran, each difference of the two documents as written
that no reported change covers becomes an ``info`` change of its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from generator.diff.change import Change, webhook_label
from generator.diff.rules import Sink
from generator.openapi import (
    METHODS,
    escape_pointer_token,
    local_pointer,
    lookup,
    pointer_parts,
)

_SHOWN = 60  # characters of a value shown in a message


def differences(old: Any, new: Any, at: str = "") -> Iterator[tuple[str, bool, bool]]:
    """(pointer, in old, in new) of each place the documents differ, outermost first.

    A key present on one side only is one difference; so is a value of another JSON type
    or another scalar; lists of different lengths differ as wholes.
    """
    stack = [(old, new, at)]
    while stack:
        a, b, where = stack.pop()
        if a is b or (type(a) is type(b) and a == b):  # equal subtrees: compared in C, once
            continue
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            for key in sorted(set(a) | set(b), key=str, reverse=True):
                inner = f"{where}/{escape_pointer_token(str(key))}"
                if key not in b:
                    yield inner, True, False
                elif key not in a:
                    yield inner, False, True
                else:
                    stack.append((a[key], b[key], inner))
        elif isinstance(a, list) and isinstance(b, list) and _same_set(where, a, b):
            continue
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            stack.extend(
                (x, y, f"{where}/{i}")
                for i, (x, y) in reversed(list(enumerate(zip(a, b, strict=True))))
            )
        elif type(a) is not type(b) or a != b:
            yield where, True, True


# keywords whose lists are sets: their order means nothing
_UNORDERED = frozenset({"required", "enum", "type", "oneOf", "anyOf", "allOf", "tags"})


def _same_set(where: str, a: list[Any], b: list[Any]) -> bool:
    """Whether two lists under an order-free keyword hold the same members."""
    if where.rpartition("/")[2] not in _UNORDERED or len(a) != len(b):
        return False
    canonical = [
        sorted(json.dumps(x, sort_keys=True, default=str) for x in side) for side in (a, b)
    ]
    return canonical[0] == canonical[1]


def _inside(inner: str, outer: str) -> bool:
    return inner == outer or inner.startswith(outer + "/")


def _covered(pointer: str, covering: Sequence[str]) -> bool:
    """Whether a reported change is about this place: inside it, around it, or beside it in
    the same object (``required`` changed is reported at the property it names)."""
    parent = pointer.rpartition("/")[0]
    return any(_inside(pointer, c) or _inside(c, parent) for c in covering)


def _moved_ref(pointer: str, old: Any, new: Any, moves: set[tuple[str, str]]) -> bool:
    """A ``$ref`` that now names the new place of a moved (renamed) value."""
    if not pointer.endswith("/$ref"):
        return False
    try:
        targets = (local_pointer(lookup(old, pointer)), local_pointer(lookup(new, pointer)))
    except (KeyError, ValueError):
        return False
    return targets in moves


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _operation(pointer: str) -> str | None:
    """The operation a pointer lies in (``GET /items``, a webhook's), if any."""
    parts = pointer_parts(pointer)
    if len(parts) >= 3 and parts[0] == "paths" and parts[2] in METHODS:
        return f"{parts[2].upper()} {parts[1]}"
    if len(parts) >= 3 and parts[0] == "webhooks" and parts[2] in METHODS:
        return webhook_label(parts[2], parts[1])
    return None


def report_residue(
    sink: Sink, old: Mapping[str, Any], new: Mapping[str, Any], changes: Iterable[Change]
) -> None:
    """Add an ``info`` change for each difference no change in ``changes`` covers."""
    covering = [
        pointer
        for change in changes
        for pointer in (change.old_pointer, change.new_pointer)
        if pointer  # a change of the whole document ("") covers nothing in particular
    ]
    moves = {(c.old_pointer, c.new_pointer) for c in changes if c.old_pointer and c.new_pointer}
    for pointer, was, now in differences(old, new):
        if _covered(pointer, covering) or _moved_ref(pointer, old, new, moves):
            continue
        where, operation = pointer or "/", _operation(pointer)
        if was and now:
            before, after = _show(lookup(old, pointer)), _show(lookup(new, pointer))
            text = f"{where} changed from {before} to {after}"
            sink.add("other-changed", text, operation=operation, old=pointer, new=pointer)
        elif was:
            text = f"{where} was removed"
            sink.add("other-removed", text, operation=operation, old=pointer)
        else:
            sink.add("other-added", f"{where} was added", operation=operation, new=pointer)
