"""Match the paths and operations of two documents and compare each pair."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.diff.document import Doc, Sameness
from generator.diff.operations import OperationSide, compare_operation
from generator.diff.rules import Sink
from generator.openapi import METHODS, escape_pointer_token

_TEMPLATE = re.compile(r"\{([^}/]*)\}")


def _paths(doc: Doc) -> dict[str, str]:
    """Paths keyed by their template with parameter names blanked (``/a/{}``)."""
    raw = doc.root.get("paths")
    if not isinstance(raw, Mapping):
        return {}
    keyed: dict[str, str] = {}
    for path in sorted(str(p) for p in raw):
        key = _TEMPLATE.sub("{}", path)
        keyed[path if key in keyed else key] = path
    return keyed


def _item(doc: Doc, path: str) -> tuple[Mapping[str, Any], str]:
    at = "/paths/" + escape_pointer_token(path)
    return doc.mapping(doc.root["paths"][path], at)


def _operations(item: Mapping[str, Any]) -> list[str]:
    return [m for m in METHODS if isinstance(item.get(m), Mapping)]


def compare_paths(sink: Sink, old: Doc, new: Doc, same: Sameness) -> None:
    """Report removed and added paths and operations, and compare the shared ones."""
    old_paths, new_paths = _paths(old), _paths(new)
    for key in sorted(old_paths.keys() | new_paths.keys()):
        old_path, new_path = old_paths.get(key), new_paths.get(key)
        if new_path is None and old_path is not None:
            item, at = _item(old, old_path)
            for method in _operations(item):
                label = f"{method.upper()} {old_path}"
                text = f"path {old_path} was removed, with its {method.upper()} operation"
                sink.add("path-removed", text, operation=label, old=f"{at}/{method}")
        elif old_path is None and new_path is not None:
            item, at = _item(new, new_path)
            for method in _operations(item):
                label = f"{method.upper()} {new_path}"
                sink.add(
                    "path-added", f"new operation {label}", operation=label, new=f"{at}/{method}"
                )
        elif old_path is not None and new_path is not None:
            _compare_path(sink, same, old=(old, old_path), new=(new, new_path))


def _compare_path(
    sink: Sink, same: Sameness, *, old: tuple[Doc, str], new: tuple[Doc, str]
) -> None:
    (old_doc, old_path), (new_doc, new_path) = old, new
    old_item, old_at = _item(old_doc, old_path)
    new_item, new_at = _item(new_doc, new_path)
    renames = {
        a: b
        for a, b in zip(_TEMPLATE.findall(old_path), _TEMPLATE.findall(new_path), strict=False)
        if a != b
    }
    old_methods, new_methods = _operations(old_item), _operations(new_item)
    for method in METHODS:
        label = f"{method.upper()} {new_path}"
        if method in old_methods and method not in new_methods:
            sink.add(
                "operation-removed",
                f"operation {method.upper()} {old_path} was removed",
                operation=label,
                old=f"{old_at}/{method}",
            )
        elif method in new_methods and method not in old_methods:
            text = f"new operation {label}"
            sink.add("operation-added", text, operation=label, new=f"{new_at}/{method}")
        elif method in old_methods:
            compare_operation(
                label,
                OperationSide(old_doc, old_item, old_at, old_item[method], f"{old_at}/{method}"),
                OperationSide(new_doc, new_item, new_at, new_item[method], f"{new_at}/{method}"),
                same=same,
                sink=sink,
                renames=renames,
            )


def operation_tags(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """The tags of every operation by its report label (``GET /items``); the new document wins."""
    tags: dict[str, tuple[str, ...]] = {}
    for root in (new, old):
        doc = Doc(root)
        for path in _paths(doc).values():
            item, _ = _item(doc, path)
            for method in _operations(item):
                found = item[method].get("tags")
                names = tuple(str(t) for t in found) if isinstance(found, list) else ()
                tags.setdefault(f"{method.upper()} {path}", names)
    return tags
