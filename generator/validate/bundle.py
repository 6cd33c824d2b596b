"""Bundle a spec: copy every external ``$ref`` target in, so later stages see only local refs.

Schemas, parameters, responses and other components go under ``components/<section>/<name>``
(names made unique); a component that is only an external ref keeps its name. A Path Item
is brought in as a ``components/pathItems`` member and its ``$ref`` made local, so that it is
read with the fields beside the ``$ref`` as a local one is (:mod:`generator.load.path_items`);
that member is left out of the bundle once read (3.0 has no such section). Other objects with
no components section are copied in place. Where each copied part came from is recorded, so
problems inside it are still located in its own file.

A discriminator's ``mapping`` value that is a reference is resolved as a ``$ref`` is, relative
to the file it is written in: in a copied part, or pointing to another file, it is rewritten to
the place its target has in the bundle (the copy it is inside where it has one, so that the
mapping and the ``oneOf`` it tags name the same schemas). A schema's name is left as it is.
"""

from __future__ import annotations

import marshal
import re
import urllib.parse
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.errors import ApiforgeError, fail
from generator.load import Document
from generator.load.path_items import is_path_item, path_item_places, settle_path_items
from generator.openapi import (
    MEMBER_SECTION,
    NAME_MAPS,
    Parts,
    iter_mappings,
    iter_objects,
    pointer_of,
    pointer_parts,
    unescape_pointer_token,
)
from generator.openapi.alike import DESCRIPTIVE
from generator.openapi.document import refs_among
from generator.validate.refs import LOCAL_REFS_ONLY, Resolver, Source, Target

__all__ = ["bundle"]

# A ref that is the value of one of these keywords is a schema (or a request body).
_SCHEMA_KEYWORDS: tuple[str, ...] = (
    "schema",
    "items",
    "not",
    "additionalProperties",
    "additionalItems",
    "if",
)
_SCHEMA_KEYWORDS += ("then", "else", "contains", "propertyNames", "unevaluatedItems")
_VALUE_SECTION = {
    **dict.fromkeys((*_SCHEMA_KEYWORDS, "unevaluatedProperties"), "schemas"),
    "requestBody": "requestBodies",
}


def bundle(
    doc: Document,
    *,
    allow_remote: bool = False,
    allow_external_files: bool = False,
    objects: list[tuple[Parts, dict[str, Any]]] | None = None,
    targets: dict[str, Any] | None = None,
) -> Document:
    """Return a document whose refs are all local, copying external targets into components.

    Schemas, parameters, responses and other components go under ``components/<section>/<name>``
    (names made unique); a Path Item is read as the item it means, the one it refers to
    brought in. Raises ApiforgeError if a ref is broken. ``objects`` is the document's walk
    (or the objects of it holding a ``$ref``), when the caller has made one; ``targets``, when
    given, is told what each local ref of the spec itself points to, as the check of the refs
    found it.
    """
    if doc.knows(LOCAL_REFS_ONLY):
        return settle_path_items(doc)
    resolver = Resolver(doc, allow_remote=allow_remote, allow_external_files=allow_external_files)
    resolver.check(objects)
    if targets is not None:
        targets.update(resolver.local)
    if resolver.problems:
        raise ApiforgeError(resolver.problems)
    if not resolver.external:
        doc.remember(LOCAL_REFS_ONLY)  # bundling it again has nothing to do: no second walk
        return settle_path_items(doc)
    data = _copy(doc.data)
    if not isinstance(data.setdefault("components", {}), dict):
        raise ApiforgeError([doc.problem("components must be a mapping", "/components")])
    bundler = _Bundler(resolver, data)
    bundler.run()
    if resolver.problems:  # mapping values that point to nothing
        raise ApiforgeError(resolver.problems)
    settled = settle_path_items(replace(doc, data=data, origins={**doc.origins, **bundler.origins}))
    return _without(settled, bundler.items)


def _without(doc: Document, items: set[str]) -> Document:
    """``doc`` without the ``components/pathItems`` members ``items`` refers to (those brought
    in for a Path Item elsewhere) that no Path Item's ``$ref`` names any more."""
    named = {
        item["$ref"]
        for _, item in path_item_places(doc.data)
        if type(item) is dict and isinstance(item.get("$ref"), str)
    }
    gone = {pointer_parts(ref[1:])[-1] for ref in items - named}
    if not gone:
        return doc
    components = dict(doc.data["components"])
    kept = {k: v for k, v in components["pathItems"].items() if k not in gone}
    if kept:
        components["pathItems"] = kept
    else:
        del components["pathItems"]
    return replace(doc, data={**doc.data, "components": components})


# what a 3.1 Reference Object's fields beside its `$ref` replace in its target
_REFERENCE_OVERRIDES = frozenset({"summary", "description"})
# what a reference's target is, where an object was due
_KINDS = {str: "text", list: "a list", bool: "a boolean", int: "a number", float: "a number"}


def _copy(value: Any) -> Any:
    return marshal.loads(marshal.dumps(value))


def _section(parts: Parts) -> str | None:
    """The components section a ref at ``parts`` belongs in; None to copy it in place."""
    if not parts:
        return None
    is_name = False
    for previous in parts[:-1]:
        is_name = not is_name and previous in NAME_MAPS
    if is_name:
        return MEMBER_SECTION.get(str(parts[-2]))
    return _VALUE_SECTION.get(str(parts[-1]))


Holders = list[tuple[Parts, dict[str, Any]]]
# a part to rewrite: its file, where it is in the bundle, where it is in its file, its objects
Work = list[tuple[Source, Parts, Parts, Holders]]
# a discriminator mapping's entry: its file, where the entry is in that file, the mapping, its key
Entry = tuple[Source, Parts, dict[str, Any], str]


class _Bundler:
    """Copies external targets into the (already copied) document and rewrites refs to them."""

    def __init__(self, resolver: Resolver, data: dict[str, Any]) -> None:
        self.resolver = resolver
        self.root = resolver.root
        self.components: dict[str, Any] = data["components"]
        self.data = data
        self.imported: dict[Target, str] = {}
        self.origins: dict[str, tuple[str, Document | None, str]] = {}
        self.inlined = 0
        self.queue: Work = []
        self.entries: list[Entry] = []  # mapping values to rewrite once every ref is
        self.items: set[str] = set()  # components/pathItems members brought for a Path Item
        self.openapi30 = str(data.get("openapi", "")).startswith("3.0")

    def run(self) -> None:
        found = list(iter_objects(self.data))  # before adopt() copies foreign content in
        adopted = self.adopt()
        kept = [(p, h) for p, h in found if id(h) not in adopted]
        self.queue.insert(0, (self.root, (), (), kept))
        while self.queue:
            while self.queue:
                source, base, origin, objects = self.queue.pop(0)
                for parts, holder in refs_among(objects):
                    self.rewrite(source, (*base, *parts), holder, (*origin, *parts))
                self.entries += self.mapping_entries(source, origin, objects)
            entries, self.entries = self.entries, []
            for entry in entries:  # may bring a target in, whose own refs are then rewritten
                self.remap(*entry)

    def enqueue(self, source: Source, where: Parts, target: Target, value: Any) -> None:
        objects = list(iter_objects(value))
        self.queue.append((source, where, pointer_parts(target.pointer), objects))

    def adopt(self) -> set[int]:
        """A component that is only an external ref (``Pet: {$ref: pet.yaml}``) keeps its name,
        and what is written beside the ref: a schema's words that describe it over its
        target's; a schema's constraints beside its target, which becomes the one member of
        an ``allOf``; a 3.1 Reference Object's ``summary`` and ``description`` over its
        target's (3.0 ignores anything beside a Reference Object)."""
        adopted: set[int] = set()
        for section, members in self.components.items():
            for name, holder in members.items() if type(members) is dict else ():
                ref = holder.get("$ref") if type(holder) is dict else None
                if not isinstance(ref, str) or ref.startswith("#"):
                    continue
                if section == "pathItems" and len(holder) > 1:
                    continue  # brought in by rewrite(): the fields beside its $ref read over it
                target = self.resolver.target(self.root, ref, None)
                value = self.value(target) if target and target.source != self.root.key else None
                if target is None or target in self.imported or type(value) is not dict:
                    continue
                beside = {k: v for k, v in holder.items() if k != "$ref"}
                where: Parts = ("components", section, name)
                holder.clear()
                if section == "schemas" and any(_constrains(k) for k in beside):
                    # constraints beside the ref apply with its target, as a member of `allOf`
                    # does; other refs to the target mean the target alone, the member
                    holder.update({"allOf": [value], **beside})
                    value, where = holder["allOf"][0], (*where, "allOf", "0")
                else:
                    holder.update(value)
                    holder.update(_overriding(section, beside, self.openapi30))
                    value = holder
                adopted.update(id(h) for _, h in iter_objects(value))
                self.imported[target] = "#" + self.came_from(where, target)
                self.enqueue(self.resolver.source(target), where, target, value)
        return adopted

    def rewrite(self, source: Source, where: Parts, holder: dict[str, Any], at: Parts) -> None:
        """Make the ref in ``holder`` (at ``at`` in its file) local, bringing its target in if
        it is elsewhere; a problem there when its target cannot take its place."""
        target = self.resolver.target(source, holder["$ref"], None)
        assert target is not None  # check() found no problem
        section = _section(where)
        if target.source == self.root.key:
            if source is not self.root or not holder["$ref"].startswith("#"):
                holder["$ref"] = "#" + _quote(target.pointer)
        elif section is not None:
            holder["$ref"] = self.imported.get(target) or self.bring(target, section)
        elif is_path_item(where) and type(self.resolver.walk(target)[1]) is dict:
            # brought in, not copied over the fields beside the $ref: those are read over it
            local = self.imported.get(target)
            if local is None:
                local = self.bring(target, "pathItems")
                self.items.add(local)
            holder["$ref"] = local
        else:  # an object with no components section: copy it in place
            value = self.value(target)
            self.inlined += 1
            if type(value) is not dict:
                found = _KINDS.get(type(value), "a value")
                message = (
                    f"{holder['$ref']!r} is {found}, which cannot stand where this reference "
                    "is: OpenAPI allows a reference only in place of an object; write the "
                    "value itself"
                )
                self.resolver.report_at(source, pointer_of((*at, "$ref")), message)
                return
            if self.inlined > 10_000:
                raise fail(self.root.key, f"cannot copy the target of {holder['$ref']!r} in place")
            holder.clear()
            holder.update(value)
            self.came_from(where, target)
            self.enqueue(self.resolver.source(target), where, target, holder)

    def mapping_entries(self, source: Source, origin: Parts, objects: Holders) -> list[Entry]:
        """The ``mapping`` entries among ``objects`` (the part at ``origin`` of ``source``)
        whose value is a reference to rewrite: any in a copied part, and in the spec itself
        one to another file; never a schema's name."""
        held = dict(objects)
        found = []
        for parts, value, ref in iter_mappings(objects):
            if ref != value or (source is self.root and ref.startswith("#")):
                continue
            mapping = held[parts[:-3]]["discriminator"]["mapping"]
            found.append((source, (*origin, *parts), mapping, str(parts[-1])))
        return found

    def remap(self, source: Source, at: Parts, mapping: dict[str, Any], key: str) -> None:
        """Rewrite ``mapping[key]``, a reference written in ``source`` at ``at``, to the place
        its target has in the bundle; a problem there when it points to nothing."""
        ref = mapping[key]
        target = self.resolver.target(source, ref, None)
        found, _, why = self.resolver.walk(target) if target is not None else (False, None, "")
        if target is None or not found:
            why = why or "its file cannot be read, or is not allowed"
            message = f"discriminator mapping {key!r}: {ref!r} points to nothing: {why}"
            self.resolver.report_at(source, pointer_of(at), message)
            return
        mapping[key] = self.place(target, at)

    def place(self, target: Target, near: Parts) -> str:
        """The local ref of ``target`` in the bundle: in the copy holding ``near`` too (the
        mapping's own place in its file) where one holds both, else in the closest copy holding
        it, else in a copy of its own brought in now."""
        if target.source == self.root.key:
            return "#" + _quote(target.pointer)
        near_pointer = pointer_of(near)
        best: tuple[bool, int, str] | None = None
        for copied, local in self.imported.items():
            if copied.source != target.source or not _within(target.pointer, copied.pointer):
                continue
            rank = (_within(near_pointer, copied.pointer), len(copied.pointer), local)
            best = rank if best is None or rank[:2] > best[:2] else best
        if best is None:
            return self.bring(target, "schemas")
        _, length, local = best
        return local + _quote(target.pointer[length:])

    def value(self, target: Target) -> Any:
        _, value, _ = self.resolver.walk(target)
        return _copy(value)

    def bring(self, target: Target, section: str) -> str:
        """Copy ``target`` under components/<section>/<unique name>; return the new local ref."""
        if not isinstance(self.components.setdefault(section, {}), dict):
            raise fail(self.root.key, f"components/{section} must be a mapping")
        names: dict[str, Any] = self.components[section]
        token = target.pointer.rpartition("/")[2]
        hint = unescape_pointer_token(token) if token else Path(target.source).stem
        base = re.sub(r"[^A-Za-z0-9._-]", "_", hint) or "Imported"
        name, n = base, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names[name] = self.value(target)
        where = ("components", section, name)
        self.imported[target] = local = "#" + self.came_from(where, target)
        self.enqueue(self.resolver.source(target), where, target, names[name])
        return local

    def came_from(self, where: Parts, target: Target) -> str:
        """Record that the value now at ``where`` was copied from ``target``; its pointer."""
        source = self.resolver.source(target)
        self.origins[pointer := pointer_of(where)] = (source.key, source.doc, target.pointer)
        return pointer


def _constrains(keyword: str) -> bool:
    """Whether a schema's ``keyword`` may refuse a value (not a word that describes it, not an
    extension)."""
    return keyword not in DESCRIPTIVE and not keyword.startswith("x-")


def _overriding(section: str, beside: dict[str, Any], openapi30: bool) -> dict[str, Any]:
    """What is written beside an adopted component's ref that reads over its target: a
    schema's descriptive words; a 3.1 Reference Object's summary and description."""
    if section == "schemas":
        return beside
    return {} if openapi30 else {k: v for k, v in beside.items() if k in _REFERENCE_OVERRIDES}


def _within(pointer: str, ancestor: str) -> bool:
    """Whether ``pointer`` is ``ancestor`` or a place inside it."""
    return pointer == ancestor or pointer.startswith(ancestor + "/")


def _quote(pointer: str) -> str:
    return urllib.parse.quote(pointer, safe="/~!$&'()*+,;=:@")
