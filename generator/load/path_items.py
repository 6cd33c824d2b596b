"""Each Path Item holding a ``$ref``, read as the item it means, before anything reads paths.

OpenAPI 3.0 and 3.1 let a Path Item Object hold ``$ref`` beside its other fields (``summary``,
``description``, ``servers``, ``parameters``, operations): the structure it refers to is a
Path Item, and where a field is in both, the behaviour is undefined. apiforge reads such an
item one way for every reader (validate's checks, the IR, the notes, the mock, conformance,
the diff): :func:`settle_path_items` replaces it, in a copy of the document, by the fields of
the item it refers to with those written beside the ``$ref`` over them:

- a field written beside the ``$ref`` wins over the referred item's;
- ``parameters`` are merged by name and location (``in``): the referred item's, but those
  declared beside the ``$ref`` too, then those beside it;
- a referred item that holds a ``$ref`` itself is read the same way first (the outer fields
  win).

A field (or a parameter) written in both places is a note naming both
(:attr:`generator.load.Document.notes`). Where each field came from is recorded
(:attr:`generator.load.Document.origins`), so a problem in it is located where it is written.
Only local refs are followed (``bundle`` brings an external item in as a local one first); a
ref that cannot be followed (to nothing, to no mapping, in a loop) is left as it is, for
validation to report.

The Path Items are the entries of ``paths`` (not its ``x-`` extensions), of ``webhooks`` and of
``components/pathItems``, and each callback's: in ``components/callbacks`` and in the
operations of any of these.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field, replace
from typing import Any

from generator.errors import Problem
from generator.load import Document
from generator.openapi import METHODS, Parts, path_items, pointer_of, pointer_parts, walk_parts
from generator.openapi.pointers import local_pointer
from generator.records import record

__all__ = ["is_path_item", "path_item_places", "settle_path_items"]

_MAX_HOPS = 32  # refs followed in a row: more is a loop
_MAX_DEPTH = 16  # callbacks within callbacks' operations


def settle_path_items(doc: Document) -> Document:
    """``doc`` with every Path Item that holds a local ``$ref`` read as the item it means
    (``doc`` itself when none does)."""
    if type(doc.data) is not dict:
        return doc
    settler = _Settler(doc)
    for at, item in _top(doc.data):
        settler.place(at, item, at, 0)
    if settler.root is None:
        return doc
    notes = tuple(settler.note(*doubled) for doubled in settler.doubled)
    return replace(
        doc,
        data=settler.root,
        origins={**doc.origins, **settler.origins},
        notes=doc.notes + notes,
    )


def is_path_item(parts: Parts) -> bool:
    """Whether the value at ``parts`` of a document is a Path Item (see the module's list)."""
    if len(parts) == 2:
        head, name = parts
        return head == "webhooks" or (head == "paths" and not str(name).startswith("x-"))
    if len(parts) == 3:
        return parts[:2] == ("components", "pathItems")
    if len(parts) == 4 and parts[:2] == ("components", "callbacks"):
        return not str(parts[3]).startswith("x-")
    return (
        len(parts) > 4
        and parts[-3] == "callbacks"
        and parts[-4] in METHODS
        and not str(parts[-1]).startswith("x-")
        and is_path_item(parts[:-4])
    )


def path_item_places(data: Any) -> Iterator[tuple[Parts, Any]]:
    """(where, value) of every Path Item of ``data``, an item before those of its callbacks."""
    waiting = list(_top(data))[::-1]
    while waiting:
        at, item = waiting.pop()
        yield at, item
        waiting.extend(list(_nested(item, at))[::-1])


def _top(data: Any) -> Iterator[tuple[Parts, Any]]:
    """The Path Items no operation holds: paths, webhooks, components' items and callbacks."""
    if type(data) is not dict:
        return
    for path, item in path_items(data.get("paths")):
        yield ("paths", path), item
    yield from _entries(data.get("webhooks"), ("webhooks",))
    components = data.get("components")
    if type(components) is not dict:
        return
    yield from _entries(components.get("pathItems"), ("components", "pathItems"))
    callbacks = components.get("callbacks")
    for name, callback in callbacks.items() if type(callbacks) is dict else ():
        yield from _expressions(callback, ("components", "callbacks", name))


def _nested(item: Any, at: Parts) -> Iterator[tuple[Parts, Any]]:
    """The Path Items of the callbacks written in the operations of ``item`` (at ``at``); a
    callback that is a ``$ref`` is read where it is defined."""
    if type(item) is not dict:
        return
    for method in METHODS:
        operation = item.get(method)
        callbacks = operation.get("callbacks") if type(operation) is dict else None
        for name, callback in callbacks.items() if type(callbacks) is dict else ():
            yield from _expressions(callback, (*at, method, "callbacks", name))


def _expressions(callback: Any, at: Parts) -> Iterator[tuple[Parts, Any]]:
    if type(callback) is not dict or "$ref" in callback:
        return
    for expression, item in callback.items():
        if not str(expression).startswith("x-"):
            yield (*at, expression), item


def _entries(section: Any, at: Parts) -> Iterator[tuple[Parts, Any]]:
    for name, item in section.items() if type(section) is dict else ():
        yield (*at, name), item


# ---------------------------------------------------------------------------- one item


@record(frozen=False)
class _Read:
    """A Path Item's fields as its ``$ref`` chain gives them, and where each was written."""

    fields: dict[str, Any] = field(default_factory=dict)
    source: dict[str, Parts] = field(default_factory=dict)
    # where each entry of fields["parameters"] was written, and whether they come from more
    # than one place (then each entry is located on its own)
    parameters: list[Parts] = field(default_factory=list)
    mixed: bool = False
    # (what, where beside a $ref, where in the item it refers to) of each field in both
    doubled: list[tuple[str, Parts, Parts]] = field(default_factory=list)


def _read(data: Any, raw: Any, origin: Parts) -> _Read | None:
    """The item ``raw`` (written at ``origin``) means, when it holds a ``$ref`` that can be
    followed to a mapping; None otherwise."""
    layers: list[tuple[dict[str, Any], Parts]] = []  # each item holding a $ref, outer first
    node, where = raw, origin
    for _ in range(_MAX_HOPS):
        if not (type(node) is dict and "$ref" in node):
            break
        target = _target(node["$ref"])
        if not target:  # not local, or the whole document
            return None
        found, value = walk_parts(data, target)
        if not found:
            return None
        layers.append((node, where))
        node, where = value, target
    else:
        return None  # a loop of refs
    if not layers or type(node) is not dict:
        return None
    read = _Read()
    for layer, at in [(node, where), *reversed(layers)]:
        _lay(read, layer, at, data)
    return read


def _target(ref: Any) -> Parts | None:
    try:
        return pointer_parts(local_pointer(ref))
    except ValueError:
        return None


def _lay(read: _Read, layer: dict[str, Any], at: Parts, data: Any) -> None:
    """Lay the fields of ``layer`` (written at ``at``) over those read so far."""
    for key, value in layer.items():
        if key == "$ref":
            continue
        if key == "parameters" and type(value) is list and type(read.fields.get(key)) is list:
            _merge_parameters(read, value, at, data)
            continue
        if key in read.fields:
            read.doubled.append((repr(key), (*at, key), read.source[key]))
        read.fields[key] = value
        read.source[key] = (*at, key)
        if key == "parameters":
            count = len(value) if type(value) is list else 0
            read.parameters = [(*at, key, index) for index in range(count)]
            read.mixed = False


def _merge_parameters(read: _Read, beside: list[Any], at: Parts, data: Any) -> None:
    """The parameters read so far, but those ``beside`` declares again, then ``beside``'s."""
    keys = [_key(data, entry) for entry in beside]
    kept: list[tuple[Any, Parts]] = []
    for entry, place in zip(read.fields["parameters"], read.parameters, strict=True):
        key = _key(data, entry)
        if key is not None and key in keys:
            here = (*at, "parameters", keys.index(key))
            read.doubled.append((f"parameter {key[0]!r} in {key[1]}", here, place))
        else:
            kept.append((entry, place))
    read.fields["parameters"] = [entry for entry, _ in kept] + beside
    read.parameters = [place for _, place in kept]
    read.parameters += [(*at, "parameters", index) for index in range(len(beside))]
    read.source["parameters"] = (*at, "parameters")
    read.mixed = bool(kept)


def _key(data: Any, parameter: Any) -> tuple[str, str] | None:
    """A parameter's name and location, its local refs followed; None when it has none."""
    for _ in range(_MAX_HOPS):
        if not (type(parameter) is dict and "$ref" in parameter):
            break
        target = _target(parameter["$ref"])
        if not target:
            return None
        found, parameter = walk_parts(data, target)
        if not found:
            return None
    if type(parameter) is not dict:
        return None
    name, location = parameter.get("name"), parameter.get("in")
    return (name, location) if isinstance(name, str) and isinstance(location, str) else None


# ---------------------------------------------------------------------- the document


class _Settler:
    """Writes the items read into a copy of the document: only the containers on the way to
    a changed item are copied, the rest is shared."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.root: dict[str, Any] | None = None
        self.fresh: set[int] = set()  # the containers of the copy made here
        self.origins: dict[str, tuple[str, Document | None, str]] = {}
        self.doubled: list[tuple[str, Parts, Parts]] = []

    def place(self, at: Parts, raw: Any, origin: Parts, depth: int) -> None:
        """Settle the item ``raw``, at ``at`` in the copy and written at ``origin``, then the
        items of its operations' callbacks."""
        read = _read(self.doc.data, raw, origin)
        item = raw
        if read is not None:
            item = read.fields
            self._write(at, item)
            self._record(at, read)
        if depth >= _MAX_DEPTH:
            return
        for where, nested in _nested(item, at):
            method, rest = str(where[len(at)]), where[len(at) + 1 :]
            written = read.source.get(method) if read is not None else None
            self.place(where, nested, (*(written or (*origin, method)), *rest), depth + 1)

    def _write(self, parts: Parts, value: dict[str, Any]) -> None:
        if self.root is None:
            self.root = dict(self.doc.data)
            self.fresh.add(id(self.root))
        node: Any = self.root
        for key in parts[:-1]:
            child = node[key]
            if id(child) not in self.fresh:
                child = dict(child) if type(child) is dict else list(child)
                node[key] = child
                self.fresh.add(id(child))
            node = child
        node[parts[-1]] = value
        self.fresh.add(id(value))

    def _record(self, at: Parts, read: _Read) -> None:
        for key, written in read.source.items():
            if key == "parameters" and read.mixed:
                for index, place in enumerate(read.parameters):
                    self._link((*at, key, index), place)
            else:
                self._link((*at, key), written)
        self.doubled += read.doubled

    def _link(self, settled: Parts, written: Parts) -> None:
        if settled != written:
            self.origins[pointer_of(settled)] = (self.doc.label, self.doc, pointer_of(written))

    def note(self, what: str, beside: Parts, referred: Parts) -> Problem:
        """The note of ``what``, written both at ``beside`` and at ``referred``."""
        other = self.doc.problem("", pointer_of(referred))
        here = self.doc.problem("", pointer_of(beside))
        if other.line is None:
            there = f"{other.file} (at {other.pointer or '/'})"
        elif other.file == here.file:
            there = f"line {other.line}"
        else:
            there = f"{other.file}:{other.line}:{other.column}"
        message = (
            f"{what} is written both beside this Path Item's $ref and in the item it refers"
            f" to ({there}): OpenAPI leaves which one applies undefined; apiforge reads the"
            " one beside the $ref"
        )
        return replace(here, message=message)
