"""Match the paths and operations of two documents and compare each pair, and so the
webhooks and the callbacks of each operation: requests the API sends, compared as the
client that receives them reads them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.diff.change import webhook_label
from generator.diff.document import Doc, Sameness
from generator.diff.operations import OperationSide, compare_operation
from generator.diff.rules import Sink
from generator.openapi import METHODS, escape_pointer_token
from generator.openapi.paths import EXPRESSION, path_items


def _paths(doc: Doc) -> dict[str, str]:
    """Paths keyed by their template with parameter names blanked (``/a/{}``); the Paths
    Object's extensions are no paths."""
    keyed: dict[str, str] = {}
    for path in sorted(str(p) for p, _ in path_items(doc.root.get("paths"))):
        key = EXPRESSION.sub("{}", path)
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
        for a, b in zip(EXPRESSION.findall(old_path), EXPRESSION.findall(new_path), strict=False)
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
            old_side = OperationSide(
                old_doc, old_item, old_at, old_item[method], f"{old_at}/{method}"
            )
            new_side = OperationSide(
                new_doc, new_item, new_at, new_item[method], f"{new_at}/{method}"
            )
            compare_operation(label, old_side, new_side, same=same, sink=sink, renames=renames)
            _compare_callbacks(sink, same, label, old_side, new_side)


Sent = dict[tuple[str, ...], tuple[Mapping[str, Any], str]]  # key -> (path item, pointer)


def _sent_items(doc: Doc, owner: Any, at: str, depth: int) -> Sent:
    """The path items under ``owner``, ``depth`` maps deep (webhooks: 1, by name; an
    operation's callbacks: 2, by name and expression), by their keys."""
    found: Sent = {}
    node, where = doc.mapping(owner, at)
    for key, value in node.items():
        if str(key).startswith("x-"):
            continue
        inner = f"{where}/{escape_pointer_token(str(key))}"
        if depth > 1:
            found.update(
                {(str(key), *k): v for k, v in _sent_items(doc, value, inner, depth - 1).items()}
            )
        else:
            found[(str(key),)] = doc.mapping(value, inner)
    return found


def _compare_sent(
    sink: Sink,
    same: Sameness,
    docs: tuple[Doc, Doc],
    items: tuple[Sent, Sent],
    *,
    name: Callable[[tuple[str, ...], str], tuple[str, str]],
    word: str,
) -> None:
    """Compare the operations of matched path items the API sends. ``name`` gives a key and
    method the label of the operation a change is told under and what the change is in (a
    callback: its messages start with it); ``word``: the rules' (``webhook``, ``callback``)."""
    (old_doc, new_doc), (old_items, new_items) = docs, items
    for key in sorted(old_items.keys() | new_items.keys()):
        old_entry, new_entry = old_items.get(key), new_items.get(key)
        for method in METHODS:
            old_op = old_entry[0].get(method) if old_entry else None
            new_op = new_entry[0].get(method) if new_entry else None
            label, what = name(key, method)
            if isinstance(old_op, Mapping) and isinstance(new_op, Mapping):
                assert old_entry is not None and new_entry is not None
                old_side = OperationSide(old_doc, *old_entry, old_op, f"{old_entry[1]}/{method}")
                new_side = OperationSide(new_doc, *new_entry, new_op, f"{new_entry[1]}/{method}")
                scope = f"{what}: " if what != label else ""
                compare_operation(
                    label, old_side, new_side, same=same, sink=sink, renames={}, sent=scope
                )
            elif isinstance(old_op, Mapping) and old_entry is not None:
                at = f"{old_entry[1]}/{method}"
                sink.add(f"{word}-removed", f"{what} is no longer sent", operation=label, old=at)
            elif isinstance(new_op, Mapping) and new_entry is not None:
                at = f"{new_entry[1]}/{method}"
                sink.add(f"{word}-added", f"{what} is now sent", operation=label, new=at)


def _compare_callbacks(
    sink: Sink, same: Sameness, label: str, old: OperationSide, new: OperationSide
) -> None:
    """The callbacks of one operation, told under it: ``callback `onEvent` POST {...}: ``."""
    if same.same(old.op.get("callbacks"), new.op.get("callbacks")):
        return
    items = (
        _sent_items(old.doc, old.op.get("callbacks", {}), f"{old.pointer}/callbacks", 2),
        _sent_items(new.doc, new.op.get("callbacks", {}), f"{new.pointer}/callbacks", 2),
    )

    def name(key: tuple[str, ...], method: str) -> tuple[str, str]:
        return label, f"callback `{key[0]}` {method.upper()} {key[1]}"

    _compare_sent(sink, same, (old.doc, new.doc), items, name=name, word="callback")


def compare_webhooks(sink: Sink, old: Doc, new: Doc, same: Sameness) -> None:
    """Report removed and added webhooks, and compare the shared ones."""
    if same.same(old.root.get("webhooks"), new.root.get("webhooks")):
        return
    items = (
        _sent_items(old, old.root.get("webhooks", {}), "/webhooks", 1),
        _sent_items(new, new.root.get("webhooks", {}), "/webhooks", 1),
    )

    def name(key: tuple[str, ...], method: str) -> tuple[str, str]:
        label = webhook_label(method, key[0])
        return label, label

    _compare_sent(sink, same, (old, new), items, name=name, word="webhook")


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
