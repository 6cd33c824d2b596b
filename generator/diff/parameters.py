"""Compare the parameters of one operation: matched by place and name, moves and renames told
apart, each judged as the text the wire carries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.diff.document import Doc, OperationSide
from generator.diff.rules import value_rule
from generator.diff.schemas import SchemaComparer, Where
from generator.diff.shapes import Shaper
from generator.diff.values import canon
from generator.diff.wire import texts_kept
from generator.openapi import base_media_type, escape_pointer_token, ignored_parameter

ParamKey = tuple[str, str]  # (in, name); header names are case-insensitive
_SCHEMA_NOTES = ("title", "description", "example", "examples")


def _collect(side: OperationSide, renames: Mapping[str, str]) -> dict[ParamKey, tuple[Any, str]]:
    """Path-item and operation parameters by key; the operation's win."""
    found: dict[ParamKey, tuple[Any, str]] = {}
    for owner, pointer in ((side.item, side.item_pointer), (side.op, side.pointer)):
        raw = owner.get("parameters")
        if not isinstance(raw, list):
            continue
        for index, param in enumerate(raw):
            node, at = side.doc.mapping(param, f"{pointer}/parameters/{index}")
            name, where = node.get("name"), node.get("in")
            if not isinstance(name, str) or not isinstance(where, str):
                continue
            if ignored_parameter(where, name):  # OpenAPI reads no such definition
                continue
            if where == "path":
                name = renames.get(name, name)
            found[(where, name.lower() if where == "header" else name)] = (node, at)
    return found


def _title(node: Mapping[str, Any]) -> str:
    return f"{node.get('in')} parameter `{node.get('name')}`"


def _schema(doc: Doc, node: Mapping[str, Any], at: str) -> tuple[Any, str]:
    """A parameter's or header's schema: ``schema``, else the one in ``content``."""
    if "schema" in node:
        return node["schema"], at + "/schema"
    content = node.get("content")
    if isinstance(content, Mapping):
        for media, value in content.items():
            media_at = f"{at}/content/{escape_pointer_token(str(media))}"
            if isinstance(value, Mapping) and "schema" in value:
                return value["schema"], media_at + "/schema"
    return {}, at


def _schema_key(doc: Doc, node: Mapping[str, Any], at: str) -> str:
    schema = doc.mapping(*_schema(doc, node, at))[0]
    return canon({k: v for k, v in schema.items() if k not in _SCHEMA_NOTES})


def _serialization(node: Mapping[str, Any]) -> tuple[str, bool] | str:
    """How a parameter is written: its style and explode, or the media type of its
    ``content`` (the value written as that type's text)."""
    content = node.get("content")
    if "schema" not in node and isinstance(content, Mapping) and content:
        return base_media_type(str(next(iter(content))))
    style = node.get("style") or ("form" if node.get("in") in ("query", "cookie") else "simple")
    return str(style), bool(node.get("explode", style == "form"))


def _serialised(title: str, form: tuple[str, bool] | str) -> str:
    if isinstance(form, str):
        return f"{title} is now sent as {form} text"
    style, explode = form
    return f"{title} is now serialised with style={style}, explode={str(explode).lower()}"


def compare_parameters(
    schemas: SchemaComparer,
    old: OperationSide,
    new: OperationSide,
    renames: Mapping[str, str],
    *,
    sent: bool = False,
) -> None:
    """Report parameters removed, added, moved or renamed, then compare each kept one.

    ``sent``: the API sends the request (a webhook, a callback), the client reads its
    parameters as it reads a response's headers (:func:`_sent`).
    """
    if sent:
        _sent(schemas, _collect(old, {}), _collect(new, {}))
        return
    old_params, new_params = _collect(old, renames), _collect(new, {})
    removed = sorted(old_params.keys() - new_params.keys())
    added = sorted(new_params.keys() - old_params.keys())
    for old_name, new_name in sorted(renames.items()):
        if ("path", new_name) in old_params and ("path", new_name) in new_params:
            text = f"path parameter `{old_name}` was renamed to `{new_name}` (same URL)"
            schemas.emit(
                "request-path-parameter-renamed",
                text,
                old_params[("path", new_name)][1],
                new_params[("path", new_name)][1],
            )
    for old_key, new_key in _moves(
        old=old, new=new, old_params=old_params, new_params=new_params, removed=removed, added=added
    ):
        removed.remove(old_key)
        added.remove(new_key)
        old_node, old_at = old_params[old_key]
        new_node, new_at = new_params[new_key]
        if old_key[0] != new_key[0]:
            rule = "request-parameter-location-changed"
            text = f"{_title(old_node)} moved to {new_key[0]}"
        else:
            rule = "request-parameter-renamed"
            text = f"{_title(old_node)} looks renamed to `{new_node.get('name')}`"
        # no worse than the old one's removal and the new one's addition would be
        if new_node.get("required") is True:
            rule += "-required"
        schemas.emit(rule, text, old_at, new_at)
    for key in removed:
        node, at = old_params[key]
        schemas.emit("request-parameter-removed", f"{_title(node)} was removed", at, None)
    for key in added:
        node, at = new_params[key]
        if node.get("required") is True:
            text = f"{_title(node)} was added and is required"
            schemas.emit("request-parameter-added-required", text, None, at)
        else:
            schemas.emit("request-parameter-added", f"{_title(node)} was added", None, at)
    for key in sorted(old_params.keys() & new_params.keys()):
        _parameter(schemas, old.doc, old_params[key], new.doc, new_params[key])


def _moves(
    *,
    old: OperationSide,
    new: OperationSide,
    old_params: Mapping[ParamKey, tuple[Any, str]],
    new_params: Mapping[ParamKey, tuple[Any, str]],
    removed: list[ParamKey],
    added: list[ParamKey],
) -> list[tuple[ParamKey, ParamKey]]:
    """Removed/added pairs that are one parameter moved to another ``in`` or renamed."""
    pairs: list[tuple[ParamKey, ParamKey]] = []
    taken: set[ParamKey] = set()
    for key in removed:
        moved = [a for a in added if a[1].lower() == key[1].lower() and a[0] != key[0]]
        if len(moved) == 1 and moved[0] not in taken and "path" not in (key[0], moved[0][0]):
            pairs.append((key, moved[0]))
            taken |= {key, moved[0]}

    def signature(doc: Doc, entry: tuple[Any, str]) -> tuple[str, bool, str]:
        node, at = entry
        return (str(node.get("in")), node.get("required") is True, _schema_key(doc, node, at))

    old_left = [k for k in removed if k not in taken and k[0] != "path"]
    new_left = [k for k in added if k not in taken and k[0] != "path"]
    for key in old_left:
        mine = signature(old.doc, old_params[key])
        matches = [a for a in new_left if signature(new.doc, new_params[a]) == mine]
        rivals = [r for r in old_left if signature(old.doc, old_params[r]) == mine]
        if len(matches) == 1 and len(rivals) == 1:
            pairs.append((key, matches[0]))
    return pairs


def _parameter(
    schemas: SchemaComparer,
    old_doc: Doc,
    old_entry: tuple[Any, str],
    new_doc: Doc,
    new_entry: tuple[Any, str],
) -> None:
    (old_node, old_at), (new_node, new_at) = old_entry, new_entry
    title = _title(new_node)
    was, now = old_node.get("required") is True, new_node.get("required") is True
    if now and not was:
        schemas.emit(
            "request-parameter-became-required", f"{title} is now required", old_at, new_at
        )
    elif was and not now:
        schemas.emit(
            "request-parameter-became-optional", f"{title} is now optional", old_at, new_at
        )
    was, now = old_node.get("allowEmptyValue") is True, new_node.get("allowEmptyValue") is True
    if was != now:
        kind, text = ("allowed", "now allows") if now else ("disallowed", "no longer allows")
        rule = f"request-parameter-empty-value-{kind}"
        schemas.emit(rule, f"{title} {text} an empty value", old_at, new_at)
    form = _serialization(new_node)
    if _serialization(old_node) != form:
        text = _serialised(title, form)
        schemas.emit("request-parameter-serialization-changed", text, old_at, new_at)
    old_schema, old_schema_at = _schema(old_doc, old_node, old_at)
    new_schema, new_schema_at = _schema(new_doc, new_node, new_at)
    where = Where("request", "parameter", title, text=not isinstance(form, str))
    if not isinstance(form, str) and _serialization(old_node) == form:
        old_shape = Shaper(old_doc).shape(old_schema, old_schema_at)
        new_shape = Shaper(new_doc).shape(new_schema, new_schema_at)
        exploded = new_node.get("in") == "query" and form == ("form", True)
        why = texts_kept(Shaper(new_doc), old_shape, new_shape, exploded=exploded)
        if why is not None:
            types = " or ".join(dict.fromkeys(str(a.type) for a in old_shape.alts))
            kinds = f"{types} to {new_shape.alts[0].type}"
            text = f"{title} type widened from {kinds} ({why})"
            schemas.emit(
                value_rule("request", "parameter", "type-widened"),
                text,
                old_schema_at,
                new_schema_at,
                where,
            )
            schemas.compare_defaults(old_schema, old_schema_at, new_schema, new_schema_at, where)
            return
    schemas.compare(old_schema, old_schema_at, new_schema, new_schema_at, where)


def _sent(
    schemas: SchemaComparer,
    old_params: Mapping[ParamKey, tuple[Any, str]],
    new_params: Mapping[ParamKey, tuple[Any, str]],
) -> None:
    """The parameters of a request the API sends, read as the headers of a response: one
    the client relied on (required) and no longer gets breaks it, a new one does not."""
    for key in sorted(old_params.keys() - new_params.keys()):
        node, at = old_params[key]
        rule = "response-header-removed-required" if node.get("required") is True else ""
        schemas.emit(rule or "response-header-removed", f"{_title(node)} was removed", at, None)
    for key in sorted(new_params.keys() - old_params.keys()):
        node, at = new_params[key]
        schemas.emit("response-header-added", f"{_title(node)} was added", None, at)
    for key in sorted(old_params.keys() & new_params.keys()):
        (old_node, old_at), (new_node, new_at) = old_params[key], new_params[key]
        title = _title(new_node)
        was, now = old_node.get("required") is True, new_node.get("required") is True
        if was != now:
            kind, text = (
                ("became-required", "always sent") if now else ("became-optional", "optional")
            )
            schemas.emit(f"response-header-{kind}", f"{title} is now {text}", old_at, new_at)
        form = _serialization(new_node)
        if _serialization(old_node) != form:
            text = _serialised(title, form)
            schemas.emit("request-parameter-serialization-changed", text, old_at, new_at)
        old_schema = _schema(schemas.old, old_node, old_at)
        new_schema = _schema(schemas.new, new_node, new_at)
        where = Where("response", "header", title, text=not isinstance(form, str))
        schemas.compare(*old_schema, *new_schema, where)
