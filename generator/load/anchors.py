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

A ref that lands outside the document is left for the ref checks and bundling
(:mod:`generator.validate.refs`) to follow, which resolve it against the document's own place;
so one written under an ``$id`` other than the document's is rewritten first to what that base
makes of it (``$id: ./nested/`` then ``$ref: ex.json`` becomes ``nested/ex.json``, and an
``$id`` of another scheme gives an absolute URL), and the policy on files outside the spec's
folder and on remote refs then applies to the result as to any ref. The document keeps what its
schemas are known by (:attr:`Document.identifiers`): the anchors of its root resource, by
plain-name fragment (``#user-profile``), for refs from other files (``./common.json#user-profile``),
and every absolute ``$id`` that is no file (``https://example.com/schemas/x``), with its
anchors, for refs by that URI: an identifier, never fetched.

A file that a 3.1 spec refers to is read as 3.1 too (:func:`resolve_anchors` is told the
spec's version). 3.0 documents (which have no ``$id``) are left as they are.
"""

from __future__ import annotations

import os
import posixpath
import re
import urllib.parse
from dataclasses import field, replace
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
from generator.records import record

__all__ = [
    "ANCHOR_NAME",
    "reads_anchors",
    "resolve_anchors",
    "resolve_identifiers",
    "version_of",
]

_MARKERS = ("$id", "$anchor", "$dynamicAnchor", "$dynamicRef")
_DROPPED = ("$id", "$anchor", "$dynamicAnchor")
# what an $anchor may be named (2020-12), and so a plain-name fragment naming one
ANCHOR_NAME = re.compile(r"[A-Za-z_][-A-Za-z0-9._]*")


@record(frozen=False)
class _Index:
    """Schema resources and anchors found in a document, by absolute URI."""

    root: str
    resources: dict[str, Parts] = field(default_factory=dict)  # base URI -> where
    anchors: dict[tuple[str, str], Parts] = field(default_factory=dict)  # (base, name) -> where
    dynamic: dict[str, list[Parts]] = field(default_factory=dict)  # name -> declared at
    holders: list[tuple[dict[str, Any], str]] = field(default_factory=list)  # (object, base)
    declaring: list[dict[str, Any]] = field(default_factory=list)  # objects with markers


def reads_anchors(version: str) -> bool:
    """Whether a document of OpenAPI ``version`` has JSON Schema 2020-12's ``$id`` and
    ``$anchor`` (3.1 and later: not 2.x, not 3.0)."""
    return not version.startswith(("2", "3.0"))


def version_of(data: Any) -> str:
    """The ``openapi`` version a document says it is ("" when it says none)."""
    return str(data.get("openapi", "")) if isinstance(data, dict) else ""


def resolve_anchors(doc: Document, *, version: str | None = None) -> Document:
    """``doc`` with its 3.1 ``$id``/``$anchor``/``$dynamicRef`` references as local pointers,
    its refs elsewhere written against its own place, and its :attr:`~Document.identifiers`
    (``doc`` itself when it has no marker).

    ``version`` is the OpenAPI version to read it as, when it is a file a spec refers to (the
    spec's); by default the one the document says.
    """
    uri = doc.name or Path(os.path.abspath(doc.path)).as_uri()
    resolved = resolve_identifiers(doc.data, uri, version)
    if resolved is None:
        return doc
    data, identifiers = resolved
    return replace(doc, data=data, identifiers=identifiers)


def resolve_identifiers(
    data: Any, uri: str, version: str | None = None
) -> tuple[Any, dict[str, str]] | None:
    """:func:`resolve_anchors` of the document ``data`` retrieved from ``uri``: a copy of it
    resolved, and its identifiers; None when it has nothing to resolve."""
    if not reads_anchors(version_of(data) if version is None else version):
        return None
    if not _mentions(data):
        return None
    data = copied(data)
    index = _scan(data, uri)
    for holder, base in index.holders:
        _rewrite(holder, base, index, data)
    for node in index.declaring:
        for key in _DROPPED:
            node.pop(key, None)
    return data, _identifiers(index)


def _identifiers(index: _Index) -> dict[str, str]:
    """What the document's schemas are known by from elsewhere (:attr:`Document.identifiers`):
    ``#name`` for an anchor of its root resource, and each absolute ``$id`` of no file,
    alone and with ``#name`` for its anchors."""
    root_bases = {uri for uri, parts in index.resources.items() if not parts}
    known: dict[str, str] = {}
    for uri, parts in index.resources.items():
        if uri != index.root and _is_identifier(uri):
            known.setdefault(uri, pointer_of(parts))
    for (base, name), parts in index.anchors.items():
        if base in root_bases:
            known.setdefault("#" + name, pointer_of(parts))
        if base != index.root and _is_identifier(base):
            known.setdefault(f"{base}#{name}", pointer_of(parts))
    return known


def _is_identifier(uri: str) -> bool:
    """Whether ``uri`` is an absolute URI that names no local file (a ``file:`` URI is a path,
    read as such: an ``$id`` makes no file readable that the folder policy refuses)."""
    scheme = urllib.parse.urlsplit(uri).scheme
    return len(scheme) > 1 and scheme != "file"


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
        elif base != index.root and not ref.startswith("#"):
            node["$ref"] = _elsewhere(_join(base, ref), index)
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


def _elsewhere(uri: str, index: _Index) -> str:
    """A ref to another resource, resolved to ``uri`` under an ``$id`` and found nowhere in
    the document, written as the refs checks read it: against the document's own place.

    Into a resource of the document, it stays there (from the document's root: it points to
    nothing, and is told so); a file is a path relative to the document's folder (outside it,
    it is refused as any such ref is); anything else is the absolute URI, which the refs
    checks read as an identifier, or as a remote ref. (A ref that is only a fragment and
    points to nothing in its resource is left as written, read against the document: a
    ``#/components/schemas/Pet`` inside a schema with an ``$id`` means the spec's ``Pet``.)
    """
    address, _, fragment = uri.partition("#")
    resource = index.resources.get(address)
    if resource is not None:
        return "#" + (pointer_of(resource) + fragment if fragment.startswith("/") else fragment)
    target, root = urllib.parse.urlsplit(uri), urllib.parse.urlsplit(index.root)
    if target.scheme != "file" or root.scheme != "file" or target.netloc != root.netloc:
        return uri
    path = posixpath.relpath(target.path, posixpath.dirname(root.path))
    if ":" in path.partition("/")[0]:
        path = "./" + path  # not read as a scheme
    return urllib.parse.urlunsplit(("", "", path, target.query, target.fragment))
