"""Compare what an operation carries: its request body and its responses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.diff.rules import Direction
from generator.diff.schemas import SchemaComparer, Where
from generator.openapi import base_media_type, escape_pointer_token

Entries = dict[str, tuple[Any, str]]


def compare_request_body(
    schemas: SchemaComparer,
    old_op: Mapping[str, Any],
    old_at: str,
    new_op: Mapping[str, Any],
    new_at: str,
) -> None:
    """Report changes to the request body: presence, required, media types, schemas."""
    had, has = "requestBody" in old_op, "requestBody" in new_op
    if not had and not has:
        return
    old_body, old_body_at = schemas.old.mapping(old_op.get("requestBody"), old_at + "/requestBody")
    new_body, new_body_at = schemas.new.mapping(new_op.get("requestBody"), new_at + "/requestBody")
    if not had:
        required = new_body.get("required") is True
        rule = "request-body-added-required" if required else "request-body-added"
        text = "a required request body was added" if required else "a request body was added"
        schemas.emit(rule, text, None, new_body_at)
        return
    if not has:
        schemas.emit("request-body-removed", "the request body was removed", old_body_at, None)
        return
    was, now = old_body.get("required") is True, new_body.get("required") is True
    if now and not was:
        schemas.emit(
            "request-body-became-required", "request body is now required", old_body_at, new_body_at
        )
    elif was and not now:
        schemas.emit(
            "request-body-became-optional", "request body is now optional", old_body_at, new_body_at
        )
    compare_content(
        schemas, "request", "request body", (old_body, old_body_at), (new_body, new_body_at)
    )


def _media_key(media: object) -> str:
    return base_media_type(str(media))


def _content_entries(owner: Mapping[str, Any], at: str) -> Entries:
    content = owner.get("content")
    if not isinstance(content, Mapping):
        return {}
    entries: Entries = {}
    for media, value in content.items():
        entries.setdefault(
            _media_key(media), (value, f"{at}/content/{escape_pointer_token(str(media))}")
        )
    return entries


def _schema_of(entry: tuple[Any, str]) -> tuple[Any, str]:
    media, at = entry
    if isinstance(media, Mapping) and "schema" in media:
        return media["schema"], at + "/schema"
    return {}, at


def compare_content(
    schemas: SchemaComparer,
    direction: Direction,
    label: str,
    old: tuple[Mapping[str, Any], str],
    new: tuple[Mapping[str, Any], str],
) -> None:
    """Compare the media types of a body and the schema under each one."""
    old_entries, new_entries = _content_entries(*old), _content_entries(*new)
    removed = sorted(old_entries.keys() - new_entries.keys())
    added = sorted(new_entries.keys() - old_entries.keys())
    several = len(old_entries) > 1 or len(new_entries) > 1
    pairs = [(m, m) for m in sorted(old_entries.keys() & new_entries.keys())]
    if len(removed) == 1 and len(added) == 1 and not pairs:
        text = f"{label} media type changed from {removed[0]} to {added[0]}"
        old_at, new_at = old_entries[removed[0]][1], new_entries[added[0]][1]
        schemas.emit(f"{direction}-media-type-changed", text, old_at, new_at)
        pairs.append((removed.pop(), added.pop()))
    for media in removed:
        text = f"{label} media type {media} was removed"
        schemas.emit(f"{direction}-media-type-removed", text, old_entries[media][1], None)
    for media in added:
        text = f"{label} media type {media} was added"
        schemas.emit(f"{direction}-media-type-added", text, None, new_entries[media][1])
    for old_media, new_media in pairs:
        where = Where(direction, "body", f"{label} ({new_media})" if several else label)
        old_schema, old_at = _schema_of(old_entries[old_media])
        new_schema, new_at = _schema_of(new_entries[new_media])
        schemas.compare(old_schema, old_at, new_schema, new_at, where)


def _status_entries(op: Mapping[str, Any], at: str) -> Entries:
    responses = op.get("responses")
    if not isinstance(responses, Mapping):
        return {}
    return {
        str(code).upper(): (value, f"{at}/responses/{escape_pointer_token(str(code))}")
        for code, value in responses.items()
    }


def compare_responses(
    schemas: SchemaComparer,
    old_op: Mapping[str, Any],
    old_at: str,
    new_op: Mapping[str, Any],
    new_at: str,
) -> None:
    """Report removed and added status codes, then compare each shared response."""
    old_entries, new_entries = _status_entries(old_op, old_at), _status_entries(new_op, new_at)
    for code in sorted(old_entries.keys() - new_entries.keys()):
        kind = "success" if code.startswith("2") else "non-success"
        text = f"response status {code} was removed"
        schemas.emit(f"response-{kind}-status-removed", text, old_entries[code][1], None)
    for code in sorted(new_entries.keys() - old_entries.keys()):
        kind = "success" if code.startswith("2") else "non-success"
        text = f"response status {code} was added"
        schemas.emit(f"response-{kind}-status-added", text, None, new_entries[code][1])
    for code in sorted(old_entries.keys() & new_entries.keys()):
        old_response = schemas.old.mapping(*old_entries[code])
        new_response = schemas.new.mapping(*new_entries[code])
        compare_content(schemas, "response", f"response {code} body", old_response, new_response)
        _headers(schemas, code, old_response, new_response)


def _header_entries(schemas: SchemaComparer, response: tuple[Mapping[str, Any], str]) -> Entries:
    owner, at = response
    headers = owner.get("headers")
    if not isinstance(headers, Mapping):
        return {}
    return {
        str(name).lower(): (value, f"{at}/headers/{escape_pointer_token(str(name))}")
        for name, value in headers.items()
        if str(name).lower() != "content-type"  # ignored by OpenAPI: the media type says it
    }


def _headers(
    schemas: SchemaComparer,
    code: str,
    old: tuple[Mapping[str, Any], str],
    new: tuple[Mapping[str, Any], str],
) -> None:
    old_entries, new_entries = _header_entries(schemas, old), _header_entries(schemas, new)
    for name in sorted(old_entries.keys() - new_entries.keys()):
        text = f"response {code} header `{name}` was removed"
        schemas.emit("response-header-removed", text, old_entries[name][1], None)
    for name in sorted(new_entries.keys() - old_entries.keys()):
        text = f"response {code} header `{name}` was added"
        schemas.emit("response-header-added", text, None, new_entries[name][1])
    for name in sorted(old_entries.keys() & new_entries.keys()):
        old_header, old_at = schemas.old.mapping(*old_entries[name])
        new_header, new_at = schemas.new.mapping(*new_entries[name])
        where = Where("response", "header", f"response {code} header `{name}`")
        was, now = old_header.get("required") is True, new_header.get("required") is True
        if was != now:
            kind = "became-required" if now else "became-optional"
            text = f"{where.describe()} is now {'always sent' if now else 'optional'}"
            schemas.emit(f"response-header-{kind}", text, old_at, new_at, where)
        old_schema = old_header.get("schema", {})
        new_schema = new_header.get("schema", {})
        old_schema_at = old_at + "/schema" if "schema" in old_header else old_at
        new_schema_at = new_at + "/schema" if "schema" in new_header else new_at
        schemas.compare(old_schema, old_schema_at, new_schema, new_schema_at, where)
