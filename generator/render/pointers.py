"""Nodes of the spec by JSON pointer, through ``$ref``s on the way.

The builder names a schema by where it is used, which may be behind a reference
(``requestBody: {$ref: ...}``) or inside a schema merged from ``allOf`` (a pointer the
document does not have); the generated tests may only point the validator at the first kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.openapi import pointer_parts, step, toward, walk

_MISSING = object()


class Nodes:
    """Nodes of a document by pointer, through ``$ref``s on the way (as
    :func:`generator.openapi.walk_refs` follows them); each path walked once.

    A node is found one step from the node of its parent path, which was found before:
    the walks of a schema's properties share the walk to the schema.
    """

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.found: dict[tuple[str, ...], Any] = {(): doc}
        self.parts: dict[str, tuple[str, ...]] = {}  # each pointer looked up, split
        self.targets: dict[str, tuple[bool, Any]] = {}  # what `walk` found at each ref's

    def lookup(self, pointer: str) -> Any:
        """The node at ``pointer``; KeyError, IndexError, ValueError or TypeError if none."""
        parts = self.parts.get(pointer)
        if parts is None:
            # most pointers escape nothing: their parts are their plain tokens
            parts = pointer_parts(pointer) if "~" in pointer else tuple(pointer.split("/")[1:])
            self.parts[pointer] = parts
        return self.at(parts)

    def at(self, parts: tuple[str, ...]) -> Any:
        """The node at path ``parts``; KeyError if none."""
        known = len(parts)
        while (value := self.found.get(parts[:known], _MISSING)) is _MISSING:
            known -= 1
        for end in range(known + 1, len(parts) + 1):
            value = self._step(value, parts[end - 1])
            self.found[parts[:end]] = value
        return value

    def _step(self, value: Any, part: str) -> Any:
        found, value = step(toward(self.doc, value, part, self._target)[0], part)
        if not found:
            raise KeyError(part)
        return value

    def _target(self, pointer: str) -> tuple[bool, Any]:
        known = self.targets.get(pointer)
        if known is None:
            known = self.targets[pointer] = walk(self.doc, pointer)[:2]
        return known


def resolving(doc: Any) -> Callable[[str], bool]:
    """A test that a pointer names a node of ``doc`` (through ``$ref``s on the way)."""
    nodes = Nodes(doc)

    def resolves(pointer: str) -> bool:
        try:
            nodes.lookup(pointer)
        except (KeyError, IndexError, ValueError, TypeError, RecursionError):
            return False
        return True

    return resolves
