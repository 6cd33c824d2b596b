"""Turn OpenAPI 3.1 schema identifiers into plain JSON-pointer refs, before anything reads refs.

JSON Schema 2020-12 lets a schema name itself: ``$id`` sets the base URI of a schema resource
(relative to the enclosing one), ``$anchor`` and ``$dynamicAnchor`` name a schema inside it.
A ``$ref`` resolves against the base URI of the resource holding it, to a resource's
``$id``, a JSON pointer inside a resource, or an anchor. :func:`resolve_anchors` resolves every
such ref that lands inside the document and rewrites it as a ``#/...`` pointer from the document
root; then it drops ``$id``, ``$anchor`` and ``$dynamicAnchor``, so every later stage (checks,
bundling, the models, the spec's own validators) reads one base URI and pointers only.

``$dynamicRef`` first resolves like ``$ref``; when its target declares the same
``$dynamicAnchor``, the schema it means depends on where evaluation started (the outermost
resource with that dynamic anchor). That is exact statically when one resource of the document
declares it: the ref becomes a ``$ref`` there. Otherwise it stays a ``$dynamicRef`` to its
static target, which the models list as skipped and the validators read as a ``$ref``.

Refs to other files or URLs, and 3.0 documents (which have no ``$id``), are left as they are.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.load import Document
from generator.openapi import (
    NAME_MAPS,
    Parts,
    copied,
    is_literal,
    pointer_of,
    pointer_parts,
    walk,
)

__all__ = ["resolve_anchors"]

_MARKERS = ("$id", "$anchor", "$dynamicAnchor", "$dynamicRef")
_DROPPED = ("$id", "$anchor", "$dynamicAnchor")


@dataclass
class _Index:
    """Schema resources and anchors found in a document, by absolute URI."""

    root: str
    resources: dict[str, Parts] = field(default_factory=dict)  # base URI -> where
    anchors: dict[tuple[str, str], Parts] = field(default_factory=dict)  # (base, name) -> where
    dynamic: dict[str, list[Parts]] = field(default_factory=dict)  # name -> declared at
    holders: list[tuple[dict[str, Any], str]] = field(default_factory=list)  # (object, base)
    declaring: list[dict[str, Any]] = field(default_factory=list)  # objects with markers


def resolve_anchors(doc: Document) -> Document:
    """``doc`` with its 3.1 ``$id``/``$anchor``/``$dynamicRef`` references as local pointers
    (``doc`` itself when it has none)."""
    version = str(doc.data.get("openapi", "")) if isinstance(doc.data, dict) else ""
    if version.startswith(("2", "3.0")) or not _mentions(doc.data):
        return doc
    data = copied(doc.data)
    index = _scan(data, doc.name or Path(doc.path).resolve().as_uri())
    for holder, base in index.holders:
        _rewrite(holder, base, index, data)
    for node in index.declaring:
        for key in _DROPPED:
            node.pop(key, None)
    return Document(doc.path, data, doc.sha256, doc.origins, name=doc.name)


def _mentions(data: Any) -> bool:
    """Whether any object of ``data`` holds one of the markers (a cheap first pass)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if type(value) is dict:
            if any(key in value for key in _MARKERS):
                return True
            stack.extend(v for v in value.values() if type(v) in (dict, list))
        elif type(value) is list:
            stack.extend(v for v in value if type(v) in (dict, list))
    return False


def _scan(data: Any, root: str) -> _Index:
    index = _Index(root, {root: ()})
    stack: list[tuple[Parts, Any, str]] = [((), data, root)]
    while stack:
        parts, value, base = stack.pop()
        if type(value) is list:
            stack.extend(
                ((*parts, i), c, base) for i, c in enumerate(value) if type(c) in (dict, list)
            )
            continue
        if type(value) is not dict:
            continue
        if not (parts and parts[-1] in NAME_MAPS):  # a map of names has no keywords
            base = _declare(index, value, parts, base)
        stack.extend(
            ((*parts, key), child, base)
            for key, child in value.items()
            if type(child) in (dict, list) and not is_literal(parts, key, child)
        )
    return index


def _join(base: str, ref: str) -> str:
    """``ref`` resolved against ``base`` as RFC 3986 resolves it: a reference that is only a
    fragment keeps the base, whatever its scheme (``urljoin`` returns it alone against a
    ``urn:`` base, whose scheme it does not resolve against)."""
    if ref.startswith("#"):
        return base.partition("#")[0] + ref
    return urllib.parse.urljoin(base, ref)


def _declare(index: _Index, node: dict[str, Any], parts: Parts, base: str) -> str:
    """Record what ``node`` declares; return the base URI inside it."""
    own = node.get("$id")
    if isinstance(own, str):
        uri, _, fragment = _join(base, own).partition("#")
        if not fragment:  # an $id with a fragment is not a resource (2020-12 forbids it)
            base = uri
            index.resources.setdefault(uri, parts)
    for keyword in ("$anchor", "$dynamicAnchor"):
        name = node.get(keyword)
        if isinstance(name, str):
            index.anchors.setdefault((base, name), parts)
    dynamic = node.get("$dynamicAnchor")
    if isinstance(dynamic, str):
        index.dynamic.setdefault(dynamic, []).append(parts)
    if any(isinstance(node.get(k), str) for k in _DROPPED):
        index.declaring.append(node)
    if isinstance(node.get("$ref"), str) or isinstance(node.get("$dynamicRef"), str):
        index.holders.append((node, base))
    return base


def _target(ref: str, base: str, index: _Index, data: Any) -> Parts | None:
    """Where ``ref`` (found under ``base``) points inside the document; None when elsewhere."""
    uri, _, fragment = _join(base, ref).partition("#")
    resource = index.resources.get(uri)
    if resource is None:
        return None
    fragment = urllib.parse.unquote(fragment)
    if not fragment:
        return resource
    if fragment.startswith("/"):
        parts = (*resource, *pointer_parts(fragment))
        return parts if walk(data, pointer_of(parts))[0] else None
    return index.anchors.get((uri, fragment))


def _rewrite(node: dict[str, Any], base: str, index: _Index, data: Any) -> None:
    ref = node.get("$ref")
    if isinstance(ref, str) and not (base == index.root and ref.startswith("#/")):
        target = _target(ref, base, index, data)
        if target is not None:
            node["$ref"] = "#" + pointer_of(target)
    dynamic = node.get("$dynamicRef")
    if not isinstance(dynamic, str):
        return
    target = _target(dynamic, base, index, data)
    if target is None:
        return
    name = _join(base, dynamic).partition("#")[2]
    found, value, _ = walk(data, pointer_of(target))
    declared = index.dynamic.get(name, [])
    if found and type(value) is dict and value.get("$dynamicAnchor") == name and len(declared) > 1:
        node["$dynamicRef"] = "#" + pointer_of(target)  # depends on the dynamic scope
        return
    del node["$dynamicRef"]
    if isinstance(node.get("$ref"), str):  # both: each applies
        others = node.get("allOf")
        node["allOf"] = [
            *(others if type(others) is list else []),
            {"$ref": "#" + pointer_of(target)},
        ]
    else:
        node["$ref"] = "#" + pointer_of(target)
