"""Compare two whole documents: servers, security schemes, paths, webhooks, components."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.diff.change import Change, change_key
from generator.diff.document import Doc, Sameness, reachable_refs
from generator.diff.paths import compare_paths, compare_webhooks
from generator.diff.renames import renamed_schemas
from generator.diff.residue import report_residue
from generator.diff.rules import Sink
from generator.diff.security import compare_security_schemes
from generator.openapi import escape_pointer_token

_SCHEMAS = "/components/schemas"


def diff_documents(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every change from ``old`` to ``new``, classified, in a deterministic order.

    Both arguments are parsed OpenAPI 3.0 or 3.1 documents as plain data.
    """
    old_doc, new_doc = Doc(old), Doc(new)
    sink = Sink()
    _servers(sink, old_doc, new_doc)
    compare_security_schemes(sink, old_doc, new_doc)
    same = Sameness(old_doc, new_doc)
    compare_paths(sink, old_doc, new_doc, same)
    compare_webhooks(sink, old_doc, new_doc, same)
    renamed = renamed_schemas(old_doc, new_doc)
    _removed_schemas(sink, old_doc, new_doc, renamed)
    _added_schemas(sink, old_doc, new_doc, set(renamed.values()))
    report_residue(sink, old, new, list(sink.changes))
    return sorted(dict.fromkeys(sink.changes), key=change_key)


def _server_urls(doc: Doc) -> dict[str, int]:
    servers = doc.root.get("servers")
    if not isinstance(servers, list):
        return {}
    urls: dict[str, int] = {}
    for index, server in enumerate(servers):
        if isinstance(server, Mapping) and isinstance(server.get("url"), str):
            urls.setdefault(server["url"].rstrip("/"), index)
    return urls


def _servers(sink: Sink, old: Doc, new: Doc) -> None:
    old_urls, new_urls = _server_urls(old), _server_urls(new)
    for url in sorted(old_urls.keys() - new_urls.keys()):
        text = f"server {url} was removed"
        sink.add("server-removed", text, operation=None, old=f"/servers/{old_urls[url]}")
    for url in sorted(new_urls.keys() - old_urls.keys()):
        text = f"server {url} was added"
        sink.add("server-added", text, operation=None, new=f"/servers/{new_urls[url]}")


def _removed_schemas(sink: Sink, old: Doc, new: Doc, renamed: Mapping[str, str]) -> None:
    old_schemas = old.lookup(_SCHEMAS)
    if not isinstance(old_schemas, Mapping):
        return
    new_schemas = new.lookup(_SCHEMAS)
    kept = set(new_schemas) if isinstance(new_schemas, Mapping) else set()
    gone = sorted(str(name) for name in old_schemas if name not in kept)
    if not gone:
        return
    used = reachable_refs(old, [old.root.get("paths"), old.root.get("webhooks")])
    for name in gone:
        at = _SCHEMAS + "/" + escape_pointer_token(name)
        if name in renamed:
            to = renamed[name]
            sink.add(
                "schema-component-renamed",
                f"schema component `{name}` was renamed to `{to}`, its shape unchanged",
                operation=None,
                old=at,
                new=_SCHEMAS + "/" + escape_pointer_token(to),
            )
            continue
        note = "" if at in used else " (no operation referenced it)"
        sink.add(
            "schema-component-removed",
            f"schema component `{name}` was removed{note}",
            operation=None,
            old=at,
        )


def _added_schemas(sink: Sink, old: Doc, new: Doc, renamed: set[str]) -> None:
    new_schemas = new.lookup(_SCHEMAS)
    if not isinstance(new_schemas, Mapping):
        return
    old_schemas = old.lookup(_SCHEMAS)
    had = set(old_schemas) if isinstance(old_schemas, Mapping) else set()
    for name in sorted(str(n) for n in new_schemas if n not in had and n not in renamed):
        at = _SCHEMAS + "/" + escape_pointer_token(name)
        text = f"schema component `{name}` was added"
        sink.add("schema-component-added", text, operation=None, new=at)
