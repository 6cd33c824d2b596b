"""Compare what an operation carries: its request body and its responses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.diff.rules import Direction
from generator.diff.schemas import SchemaComparer, Where
from generator.openapi import base_media_type, covers, escape_pointer_token, is_range

Entries = dict[str, tuple[Any, str]]


def compare_request_body(
    schemas: SchemaComparer,
    old_op: Mapping[str, Any],
    old_at: str,
    new_op: Mapping[str, Any],
    new_at: str,
    *,
    sent: bool = False,
) -> None:
    """Report changes to the request body: presence, required, media types, schemas.

    ``sent``: the API sends the request (a webhook, a callback) and the client receives it,
    so its body is read as a client reads a response: its media types and schemas only.
    """
    had, has = "requestBody" in old_op, "requestBody" in new_op
    if not had and not has:
        return
    old_body, old_body_at = schemas.old.mapping(old_op.get("requestBody"), old_at + "/requestBody")
    new_body, new_body_at = schemas.new.mapping(new_op.get("requestBody"), new_at + "/requestBody")
    was, now = old_body.get("required") is True, new_body.get("required") is True
    if sent:
        # a body always sent that may now be left out breaks the client reading it
        if had and has and was != now:
            kind, text = ("required", "always sent") if now else ("optional", "optional")
            rule = f"sent-request-body-became-{kind}"
            schemas.emit(rule, f"request body is now {text}", old_body_at, new_body_at)
        body = ((old_body, old_body_at), (new_body, new_body_at))
        compare_content(schemas, "response", "request body", *body)
        return
    if not had:
        required = new_body.get("required") is True
        rule = "request-body-added-required" if required else "request-body-added"
        text = "a required request body was added" if required else "a request body was added"
        schemas.emit(rule, text, None, new_body_at)
        return
    if not has:
        schemas.emit("request-body-removed", "the request body was removed", old_body_at, None)
        return
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
    for old_media, new_media in _ranges(direction, removed, added, new_entries):
        if direction == "request":
            rule, text = "request-media-type-widened", f"is now taken as {new_media}"
        else:
            rule, text = "response-media-type-narrowed", f"is now answered as {new_media}"
        at = (old_entries[old_media][1], new_entries[new_media][1])
        schemas.emit(rule, f"{label} media type {old_media} {text}", *at)
        pairs.append((old_media, new_media))
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


def _ranges(
    direction: Direction, removed: list[str], added: list[str], new_entries: Entries
) -> list[tuple[str, str]]:
    """(old, new) media types a range joins, taken out of ``removed`` and ``added``: a
    request's type that a range of the new document still takes (``application/json`` as
    ``application/*``), a response's range that now answers a type it covered (``text/*``
    as ``text/plain``). The other ways round, what is refused or may come is new."""
    found: list[tuple[str, str]] = []
    for media in list(removed):
        if direction == "request":
            outer = [r for r in sorted(new_entries) if is_range(r) and covers(r, media)]
            taken = outer[:1]
        else:
            taken = [m for m in added if is_range(media) and not is_range(m) and covers(media, m)]
        if taken:
            removed.remove(media)
            found += [(media, m) for m in taken]
            added[:] = [m for m in added if m not in taken]
    return found


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
    *,
    sent: bool = False,
) -> None:
    """Report removed and added status codes, then compare each shared response.

    ``sent``: the client answers a request the API sent (a webhook, a callback), so the
    bodies of its answers are read as a server reads a request.
    """
    old_entries, new_entries = _status_entries(old_op, old_at), _status_entries(new_op, new_at)
    removed = sorted(old_entries.keys() - new_entries.keys())
    added = sorted(new_entries.keys() - old_entries.keys())
    pairs = [(code, code) for code in sorted(old_entries.keys() & new_entries.keys())]
    for old_code, new_code in _status_ranges(removed, added, new_entries):
        kind = "success" if old_code.startswith("2") else "non-success"
        way = "widened" if old_code.isdigit() else "narrowed"
        text = f"response status {old_code} is now documented as {new_code}"
        at = (old_entries[old_code][1], new_entries[new_code][1])
        schemas.emit(f"response-{kind}-status-{way}", text, *at)
        pairs.append((old_code, new_code))
    for code in removed:
        kind = "success" if code.startswith("2") else "non-success"
        text = f"response status {code} was removed"
        schemas.emit(f"response-{kind}-status-removed", text, old_entries[code][1], None)
    for code in added:
        kind = "success" if code.startswith("2") else "non-success"
        text = f"response status {code} was added"
        schemas.emit(f"response-{kind}-status-added", text, None, new_entries[code][1])
    for old_code, new_code in pairs:
        old_response = schemas.old.mapping(*old_entries[old_code])
        new_response = schemas.new.mapping(*new_entries[new_code])
        label = f"response {new_code} body"
        direction: Direction = "request" if sent else "response"
        compare_content(schemas, direction, label, old_response, new_response)
        _headers(schemas, new_code, old_response, new_response)


def _status_ranges(
    removed: list[str], added: list[str], new_entries: Entries
) -> list[tuple[str, str]]:
    """(old, new) statuses a range joins, taken out of ``removed`` and ``added``: a code
    the new document documents as its range (``200`` as ``2XX``: a client still reads what
    it read, and more may come), a range documented as codes it covers (``2XX`` as
    ``200``)."""
    found: list[tuple[str, str]] = []
    for code in list(removed):
        if code.isdigit():
            taken = [f"{code[0]}XX"] if f"{code[0]}XX" in new_entries else []
        else:
            taken = [c for c in added if c.isdigit() and c[0] == code[0] and code.endswith("XX")]
        if taken:
            removed.remove(code)
            found += [(code, c) for c in taken]
            added[:] = [c for c in added if c not in taken]
    return found


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
        # a header always sent is read as a required field is
        sent = schemas.old.mapping(*old_entries[name])[0].get("required") is True
        text = f"response {code} header `{name}` was removed"
        rule = "response-header-removed-required" if sent else "response-header-removed"
        schemas.emit(rule, text, old_entries[name][1], None)
    for name in sorted(new_entries.keys() - old_entries.keys()):
        text = f"response {code} header `{name}` was added"
        schemas.emit("response-header-added", text, None, new_entries[name][1])
    for name in sorted(old_entries.keys() & new_entries.keys()):
        old_header, old_at = schemas.old.mapping(*old_entries[name])
        new_header, new_at = schemas.new.mapping(*new_entries[name])
        # a header is text its schema reads back (one written with `content` is not read)
        where = Where("response", "header", f"response {code} header `{name}`", text=True)
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
