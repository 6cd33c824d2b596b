"""Nodes of the spec by JSON pointer, through ``$ref``s on the way.

The builder names a schema by where it is used, which may be behind a reference
(``requestBody: {$ref: ...}``) or inside a schema merged from ``allOf`` (a pointer the
document does not have); the generated tests may only point the validator at the first kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.openapi import pointer_parts, step


class Nodes:
    """Nodes of a document by pointer, through ``$ref``s on the way; each pointer looked up once."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.found: dict[str, Any] = {}

    def step(self, node: Any, token: str) -> Any:
        """One token down, through a ``$ref`` on the way (``requestBody: {$ref: ...}``).

        The builder's pointers name where a schema is used, which may be behind a reference.
        """
        for _ in range(32):
            if not (
                isinstance(node, Mapping)
                and token not in node
                and isinstance(node.get("$ref"), str)
            ):
                break
            node = self.lookup(node["$ref"].removeprefix("#"))
        found, child = step(node, token)
        if not found:
            raise KeyError(token)
        return child

    def lookup(self, pointer: str) -> Any:
        """The node at ``pointer``; KeyError, IndexError, ValueError or TypeError if none."""
        if pointer in self.found:
            return self.found[pointer]
        node = self.doc
        for token in pointer_parts(pointer):
            node = self.step(node, token)
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
