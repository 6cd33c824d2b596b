"""Read-only access to one document: JSON pointers, local ``$ref``s, and unchanged parts.

Only local references (``#/...``) are followed; anything else is compared as written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator.openapi import local_pointer, walk
from generator.records import record


def ref_pointer(ref: object) -> str | None:
    """The JSON pointer a local ``$ref`` names (``#/a/b`` -> ``/a/b``), else ``None``."""
    try:
        return local_pointer(ref)
    except ValueError:
        return None


def iter_refs(node: Any) -> Iterator[str]:
    """Every local ``$ref`` pointer inside ``node``, depth first."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            pointer = ref_pointer(item.get("$ref"))
            if pointer is not None:
                yield pointer
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


class Doc:
    """One OpenAPI document as plain data."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root

    def lookup(self, pointer: str) -> Any:
        """The node at ``pointer``, or ``None`` when there is none."""
        found, node, _ = walk(self.root, pointer)
        return node if found else None

    def follow(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Follow a chain of ``$ref``s from ``node``; returns the target and its pointer.

        A sibling of ``$ref`` (allowed in 3.1, e.g. ``nullable`` or ``description``) overrides
        the target's keyword of the same name. A dangling or cyclic chain stops where it is.
        """
        seen: set[str] = set()
        overrides: dict[str, Any] = {}
        while isinstance(node, Mapping):
            target = ref_pointer(node.get("$ref"))
            if target is None or target in seen:
                break
            resolved = self.lookup(target)
            if resolved is None:
                break
            seen.add(target)
            overrides = {**{k: v for k, v in node.items() if k != "$ref"}, **overrides}
            node, pointer = resolved, target
        if overrides and isinstance(node, Mapping):
            node = {**node, **overrides}
        return node, pointer

    def mapping(self, node: Any, pointer: str) -> tuple[Mapping[str, Any], str]:
        """Like :meth:`follow`, but anything that is not an object becomes ``{}``."""
        target, where = self.follow(node, pointer)
        return (target if isinstance(target, Mapping) else {}), where


@record
class OperationSide:
    """An operation in one document, with the path item it belongs to."""

    doc: Doc
    item: Mapping[str, Any]
    item_pointer: str
    op: Mapping[str, Any]
    pointer: str


class Sameness:
    """Decides quickly that two nodes are identical, references included.

    Two nodes are the same when they are equal as data and every local ``$ref`` inside them
    names a node that is itself the same in both documents, transitively. The set of changed
    references is computed once, so comparing a document with itself costs one pass.
    """

    def __init__(self, old: Doc, new: Doc) -> None:
        self._old = old
        self._new = new
        self._changed = self._changed_refs()

    def same(self, old_node: Any, new_node: Any) -> bool:
        """True when the two nodes mean exactly the same thing."""
        if old_node != new_node:
            return False
        return not any(ref in self._changed for ref in iter_refs(old_node))

    def _changed_refs(self) -> set[str]:
        edges: dict[str, set[str]] = {}
        changed: set[str] = set()
        pending = list(set(iter_refs(self._old.root)))
        while pending:
            ref = pending.pop()
            if ref in edges:
                continue
            old_node, new_node = self._old.lookup(ref), self._new.lookup(ref)
            inner = set(iter_refs(old_node))
            edges[ref] = inner
            pending.extend(inner - edges.keys())
            if old_node is None or new_node is None or old_node != new_node:
                changed.add(ref)
        users: dict[str, set[str]] = {}
        for ref, inner in edges.items():
            for target in inner:
                users.setdefault(target, set()).add(ref)
        stack = list(changed)
        while stack:
            for user in users.get(stack.pop(), ()):
                if user not in changed:
                    changed.add(user)
                    stack.append(user)
        return changed


def reachable_refs(doc: Doc, start: Any) -> set[str]:
    """Every local reference reachable from ``start``, following references transitively."""
    found: set[str] = set()
    pending = list(iter_refs(start))
    while pending:
        ref = pending.pop()
        if ref not in found:
            found.add(ref)
            pending.extend(iter_refs(doc.lookup(ref)))
    return found
