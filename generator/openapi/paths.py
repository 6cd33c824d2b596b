"""An operation's path template read as REST resources: its segments, and whether a read at
one path reaches the very resource a write at another made; and the part of it sent."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["is_item_of", "parameter", "reads_what_it_wrote", "route", "segments", "wire_path"]

_PARAMETER = re.compile(r"^\{([^{}]+)\}$")  # a whole segment that is one parameter


@lru_cache(maxsize=4096)  # the same few paths are split for every other operation
def segments(path: str) -> tuple[str, ...]:
    """The non-empty segments of ``path`` (a template or a path as sent)."""
    return tuple(s for s in path.split("/") if s)


def parameter(segment: str) -> str | None:
    """The name of the path parameter ``segment`` is, whole (``{id}``, not ``{id}.json``)."""
    found = _PARAMETER.match(segment)
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
    """The part of a path template that is sent: a fragment (``/files/{id}#add_link``, which
    some specs write to tell apart operations on one path and method) never is."""
    return template.split("#", 1)[0]


def route(template: str) -> str:
    """What a server tells a request's operation by: the path as sent, its parameters
    unnamed (``/files/{id}#add_link`` and ``/files/{file_id}`` are one route)."""
    return re.sub(r"\{[^{}]*\}", "{}", wire_path(template))
