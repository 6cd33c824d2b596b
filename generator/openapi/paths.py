"""An operation's path template read as REST resources: its segments, and whether a read at
one path reaches the very resource a write at another made; and what of it is sent.

Some specs write more than a path into a path key, to give one path and method more
operations than OpenAPI allows: a fragment (``/files/{id}#add_link``), never sent, or a query
(``/responses/{id}?beta=true``), whose pairs are sent with every request of the operation,
before its own query parameters. A server tells operations apart by method, path and those
pairs; parameter names are not on the wire.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

__all__ = [
    "EXPRESSION",
    "document_items",
    "fixed_query",
    "is_item_of",
    "parameter",
    "path_items",
    "reads_what_it_wrote",
    "route",
    "segments",
    "variables",
    "wire_path",
]


def path_items(paths: Any) -> Iterator[tuple[Any, Any]]:
    """(path, Path Item) of each entry of a Paths Object but its extensions (``x-...``, which
    OpenAPI lets it hold: no path)."""
    for path, item in paths.items() if isinstance(paths, dict) else ():
        if not (isinstance(path, str) and path.startswith("x-")):
            yield path, item


def document_items(data: Any) -> Iterator[tuple[tuple[str, str], dict[str, Any]]]:
    """(("paths" or "webhooks", key), Path Item) of each Path Item of a document that is a
    mapping (a webhook's name may start with ``x-``: only the Paths Object holds extensions)."""
    if not isinstance(data, dict):
        return
    for section in ("paths", "webhooks"):
        items = data.get(section)
        if section == "paths":
            entries = path_items(items)
        else:
            entries = iter(items.items()) if isinstance(items, dict) else iter(())
        for key, item in entries:
            if type(item) is dict:
                yield (section, str(key)), item


EXPRESSION = re.compile(r"\{([^{}]+)\}")  # a template expression anywhere, its name inside


@lru_cache(maxsize=4096)  # the same few paths are split for every other operation
def segments(path: str) -> tuple[str, ...]:
    """The non-empty segments of ``path`` (a template, its query and fragment left out, or a
    path as sent)."""
    return tuple(s for s in wire_path(path).split("/") if s)


def variables(template: str) -> tuple[str, ...]:
    """The names of the parameters ``template``'s path holds (``{id}``, ``{id}.json``), in
    order, each once."""
    return tuple(dict.fromkeys(EXPRESSION.findall(wire_path(template))))


def parameter(segment: str) -> str | None:
    """The name of the path parameter ``segment`` is, whole (``{id}``, not ``{id}.json``)."""
    found = EXPRESSION.fullmatch(segment)
    return None if found is None else found.group(1)


def is_item_of(template: str, collection: str) -> bool:
    """Whether the path template ``template`` names one member of the collection at
    ``collection``: its path and one parameter segment more (``/notes`` -> ``/notes/{id}``)."""
    item, parent = segments(template), segments(collection)
    return len(item) == len(parent) + 1 and item[:-1] == parent and parameter(item[-1]) is not None


def reads_what_it_wrote(method: str, written: str, read: str) -> bool:
    """Whether a read at the template ``read`` reaches the resource a ``method`` call at the
    template ``written`` made: the item of a ``POST``'s collection, or the path a ``PUT``
    wrote. A read below it (``/notes/{id}/attachments``) may find nothing, rightly: what is
    below a resource is made by calls of its own."""
    method = method.lower()
    if method == "post":
        return is_item_of(read, written)
    return method == "put" and segments(read) == segments(written)


def wire_path(template: str) -> str:
    """The path of a path key: neither a fragment (``/files/{id}#add_link``), which is never
    sent, nor a query (``/responses/{id}?beta=true``), which is sent as query pairs."""
    return template.split("#", 1)[0].split("?", 1)[0]


@lru_cache(maxsize=1024)  # read for every request the mock routes
def fixed_query(template: str) -> tuple[tuple[str, str], ...]:
    """The query pairs a path key fixes (``/responses/{id}?beta=true``: ``beta=true``),
    decoded as a server reads a query; none without a ``?`` before any ``#``."""
    query = template.split("#", 1)[0].partition("?")[2]
    return tuple(parse_qsl(query, keep_blank_values=True))


def route(template: str) -> str:
    """The path a server tells a request's operation by, its parameters unnamed
    (``/files/{id}#add_link`` and ``/files/{file_id}`` are one route); the query a path key
    fixes is not part of it (:func:`fixed_query`)."""
    return EXPRESSION.sub("{}", wire_path(template))
