"""Nodes of the spec by JSON pointer, through ``$ref``s on the way.

The builder names a schema by where it is used, which may be behind a reference
(``requestBody: {$ref: ...}``) or inside a schema merged from ``allOf`` (a pointer the
document does not have); the generated tests may only point the validator at the first kind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.openapi import pointer_parts, walk_refs


class Nodes:
    """Nodes of a document by pointer, through ``$ref``s on the way; each pointer looked up once."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.found: dict[str, Any] = {}

    def lookup(self, pointer: str) -> Any:
        """The node at ``pointer``; KeyError, IndexError, ValueError or TypeError if none."""
        if pointer in self.found:
            return self.found[pointer]
        found, node, _ = walk_refs(self.doc, pointer_parts(pointer))
        if not found:
            raise KeyError(pointer)
        self.found[pointer] = node
        return node


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
