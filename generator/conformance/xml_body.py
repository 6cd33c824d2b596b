"""A JSON value written as the XML document its schema's XML Objects describe.

OpenAPI maps a schema to XML with its ``xml`` object: an object is an element whose
properties are child elements (or, with ``attribute: true``, attributes) named by the
property or by ``xml.name``; an array's items repeat under the property's name, or inside a
wrapper element with ``wrapped: true``, each named by ``items.xml.name`` where it gives one;
``namespace`` and ``prefix`` qualify a name. The root element is named by its ``xml.name``,
else by the component its ``$ref`` names.

Where that mapping leaves the document open, nothing is guessed: :class:`Unwritable` says
why, and the request is not sent as a valid one. So it is for a root with no name, an array
at the root or inside an array that is not wrapped, an empty unwrapped array (its absence
is all a reader sees), ``null`` (XML has no null of its own), a composition (``allOf``,
``oneOf``...) holding an object or an array, a name that is no XML name, a character XML
1.0 cannot carry, and an element outside a namespace under a parent whose default namespace
it would fall into. The document written is parsed once more before it is sent.
"""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from generator.conformance.unsendable import Unwritable
from generator.openapi import lookup, pointer_parts, resolve_local
from generator.records import record

__all__ = ["xml_document"]

_HOPS = 32  # $ref hops followed before a chain is taken for a loop
_DEPTH = 64  # elements nested before a value is taken for too deep to write
# XML 1.0 (fifth edition) NameStartChar and NameChar, the colon left out (an NCName)
_START = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_NCNAME = re.compile(f"[{_START}][{_START}\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040]*")
# the characters XML 1.0 carries (its Char production)
_NOT_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
# an attribute's value: a parser turns a tab or a line break into a space unless escaped
_ATTRIBUTE_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\t": "&#9;", "\n": "&#10;"}
_COMPOSED = ("allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$dynamicRef")


@record
class _Schema:
    """A schema with its ``$ref`` hops followed: the node reached, the XML Object nearest
    the reference (a sibling of ``$ref`` first), and the component the first hop names."""

    node: Mapping[str, Any]
    xml: Mapping[str, Any]
    component: str | None


@record
class _Scope:
    """Where an element stands: the prefixes and the default namespace in scope, its depth."""

    prefixes: Mapping[str, str] = dataclasses.field(default_factory=dict)
    default: str | None = None
    depth: int = 0


@record
class _Name:
    """An element's or attribute's name, its prefix and namespace (None: none)."""

    local: str
    prefix: str | None
    namespace: str | None

    @property
    def qualified(self) -> str:
        return self.local if self.prefix is None else f"{self.prefix}:{self.local}"


def xml_document(doc: Mapping[str, Any], pointer: str, value: Any) -> str:
    """``value``, valid under the schema at ``pointer`` of ``doc``, as an XML document;
    :class:`Unwritable` when the schema's XML Objects do not settle one."""
    root = _schema(doc, lookup(doc, pointer))
    name = root.xml.get("name", root.component)
    if name is None:
        raise Unwritable("the body's schema names no XML root element (no xml.name, no component)")
    if _node_type(root.xml) != "element":
        raise Unwritable("the XML root is an element, not an attribute")
    out: list[str] = []
    writer = _Writer(doc, out)
    if isinstance(value, list):
        if root.xml.get("wrapped") is not True:
            raise Unwritable("an array at the XML root is one element only when it is wrapped")
        writer.array(root, value, name, _Scope())
    else:
        writer.element(root, value, _name(root.xml, name), _Scope())
    text = '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(out)
    try:
        ET.fromstring(text.encode())
    except ET.ParseError as exc:  # a rule above missed a case: not sent, never sent wrong
        raise Unwritable(f"the XML written does not parse: {exc}") from None
    return text


def _schema(doc: Mapping[str, Any], node: Any) -> _Schema:
    xml: Mapping[str, Any] | None = None
    component = None
    for _ in range(_HOPS):
        if not isinstance(node, Mapping):
            return _Schema({}, xml or {}, component)  # `true`: any value
        if xml is None and isinstance(node.get("xml"), Mapping):
            xml = node["xml"]
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return _Schema(node, xml or {}, component)
        try:
            target, node = resolve_local(doc, ref)
        except KeyError:
            raise Unwritable(f"the body's schema refers to {ref!r}, which is not here") from None
        parts = pointer_parts(target)
        if component is None and len(parts) == 3 and parts[:2] == ("components", "schemas"):
            component = parts[2]
    raise Unwritable("the body's schema is a loop of $refs")


def _name(xml: Mapping[str, Any], default: str) -> _Name:
    """The name ``xml`` gives a node (``default`` where it gives none), checked."""
    local = xml.get("name", default)
    prefix, namespace = xml.get("prefix"), xml.get("namespace")
    if not isinstance(local, str) or not _NCNAME.fullmatch(local):
        raise Unwritable(f"{local!r} is no XML name")
    if prefix is not None and (
        not isinstance(prefix, str)
        or not _NCNAME.fullmatch(prefix)
        or prefix.lower().startswith("xml")
    ):
        raise Unwritable(f"the XML prefix {prefix!r} cannot be declared")
    if namespace is not None and (not isinstance(namespace, str) or not namespace):
        raise Unwritable(f"the XML namespace {namespace!r} is no namespace name")
    if prefix is not None and namespace is None:
        raise Unwritable(f"the XML prefix {prefix!r} is given without its namespace")
    return _Name(local, prefix, namespace)


def _node_type(xml: Mapping[str, Any]) -> str:
    """``element`` or ``attribute`` (OpenAPI 3.2's ``nodeType``, or 3.0's ``attribute``)."""
    kind = xml.get("nodeType", "attribute" if xml.get("attribute") is True else "element")
    if kind not in ("element", "attribute"):
        raise Unwritable(f"an XML nodeType of {kind!r} is not written")
    return str(kind)


def _text(value: Any, escapes: Mapping[str, str]) -> str:
    if value is None:
        raise Unwritable("null has no XML form of its own")
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float):
        text = json.dumps(value)
    else:
        text = str(value)
    bad = _NOT_CHAR.search(text)
    if bad:
        raise Unwritable(f"XML 1.0 cannot carry the character {bad.group()!r}")
    return "".join(escapes.get(c, c) for c in text)


class _Writer:
    """Elements appended to ``out``, names resolved against the schemas of ``doc``."""

    def __init__(self, doc: Mapping[str, Any], out: list[str]):
        self.doc = doc
        self.out = out

    def element(self, schema: _Schema, value: Any, name: _Name, scope: _Scope) -> None:
        """``value`` as the element ``name``, standing where ``scope`` holds."""
        if scope.depth > _DEPTH:
            raise Unwritable("the value nests deeper than an XML body is written")
        declared: dict[str, str] = {}
        inner = _inside(name, scope, declared)
        attributes: list[tuple[_Name, Any]] = []
        children: list[tuple[_Schema, Any, str]] = []
        if isinstance(value, dict | list) and any(k in schema.node for k in _COMPOSED):
            raise Unwritable("which XML a composed schema (allOf, oneOf...) maps to is not settled")
        if isinstance(value, dict):
            declared_properties = schema.node.get("properties")
            properties = declared_properties if isinstance(declared_properties, Mapping) else {}
            for key, item in value.items():
                sub = _schema(self.doc, properties.get(key, {}))
                if _node_type(sub.xml) == "attribute":
                    attributes.append((_name(sub.xml, key), item))
                else:
                    children.append((sub, item, key))
        elif isinstance(value, list):
            raise Unwritable("an array inside an array is written only when it is wrapped")
        head = _start_tag(name, attributes, inner.prefixes, declared)
        if not children and not isinstance(value, dict):
            self.out.append(f"<{head}>{_text(value, _TEXT_ESCAPES)}</{name.qualified}>")
            return
        self.out.append(f"<{head}>")
        for sub, item, key in children:
            if isinstance(item, list):
                self.array(sub, item, key, inner)
            else:
                self.element(sub, item, _name(sub.xml, key), inner)
        self.out.append(f"</{name.qualified}>")

    def array(self, schema: _Schema, value: list[Any], key: str, scope: _Scope) -> None:
        """An array's items, each an element, inside a wrapper element where ``wrapped``
        (named by ``xml.name``, else by ``key``, the property's name); unwrapped, the items
        take ``key`` where their own schema names them not (the array's ``xml`` unread)."""
        if _node_type(schema.xml) == "attribute":
            raise Unwritable("an array has no form as an XML attribute")
        if "prefixItems" in schema.node or any(k in schema.node for k in _COMPOSED):
            raise Unwritable("which XML an array of several item schemas maps to is not settled")
        items = _schema(self.doc, schema.node.get("items", {}))
        if schema.xml.get("wrapped") is not True:
            if not value:
                raise Unwritable("an empty array that is not wrapped writes nothing: absent")
            if "namespace" in schema.xml or "prefix" in schema.xml:
                raise Unwritable("an unwrapped array's namespace has no element to qualify")
            for item in value:
                self._item(items, item, key, scope)
            return
        name = _name(schema.xml, key)
        declared: dict[str, str] = {}
        inner = _inside(name, scope, declared)
        self.out.append(f"<{_start_tag(name, [], inner.prefixes, declared)}>")
        for item in value:
            self._item(items, item, name.local, inner)
        self.out.append(f"</{name.qualified}>")

    def _item(self, items: _Schema, item: Any, key: str, scope: _Scope) -> None:
        """One item of an array, named by its schema's ``xml.name``, else by ``key``."""
        if isinstance(item, list) and items.xml.get("wrapped") is True:
            self.array(items, item, key, scope)
        else:
            self.element(items, item, _name(items.xml, key), scope)


def _inside(name: _Name, scope: _Scope, declared: dict[str, str]) -> _Scope:
    """The scope inside the element ``name`` standing in ``scope``, one level deeper; the
    namespace declarations it needs put in ``declared`` (``""`` for ``xmlns``)."""
    deeper = dataclasses.replace(scope, depth=scope.depth + 1)
    if name.namespace is None:
        if scope.default is not None:
            raise Unwritable(
                f"whether <{name.local}> is in its parent's default namespace the schema "
                "does not say"
            )
        return deeper
    if name.prefix is None:
        if scope.default != name.namespace:
            declared[""] = name.namespace
        return dataclasses.replace(deeper, default=name.namespace)
    if scope.prefixes.get(name.prefix) != name.namespace:
        declared[name.prefix] = name.namespace
    return dataclasses.replace(deeper, prefixes={**scope.prefixes, name.prefix: name.namespace})


def _start_tag(
    name: _Name,
    attributes: list[tuple[_Name, Any]],
    prefixes: Mapping[str, str],
    declared: dict[str, str],
) -> str:
    """The start tag's text inside ``<...>``: the name, namespace declarations, then
    the attributes (a qualified one's prefix declared here where it must be)."""
    written: dict[tuple[str | None, str], str] = {}
    for attribute, item in attributes:
        if isinstance(item, dict | list):
            raise Unwritable(f"an XML attribute ({attribute.local!r}) holds text only")
        if attribute.namespace is not None and attribute.prefix is None:
            raise Unwritable(f"the attribute {attribute.local!r} needs a namespace prefix")
        if attribute.prefix is not None and attribute.namespace is not None:
            bound = declared.get(attribute.prefix, prefixes.get(attribute.prefix))
            if bound is not None and bound != attribute.namespace:
                raise Unwritable(f"the XML prefix {attribute.prefix!r} names two namespaces")
            if bound is None:
                declared[attribute.prefix] = attribute.namespace
        key = (attribute.namespace, attribute.local)
        if key in written:
            raise Unwritable(f"the attribute {attribute.local!r} is written twice")
        written[key] = f'{attribute.qualified}="{_text(item, _ATTRIBUTE_ESCAPES)}"'
    declarations = [
        f'{"xmlns" if not prefix else "xmlns:" + prefix}="{_text(uri, _ATTRIBUTE_ESCAPES)}"'
        for prefix, uri in declared.items()
    ]
    return " ".join([name.qualified, *declarations, *written.values()])
