"""Media types: the one place that reads a ``Content-Type`` or a ``content`` key.

:func:`base_media_type` normalises (parameters dropped, lower case), :func:`classify` says
how a body of that type travels (:data:`MediaKind`), :func:`is_range` and :func:`covers`
handle media ranges such as ``*/*`` and ``application/*``. The IR stores the kind of every
body and response (decided once while building it); the generators read it there.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "FORM",
    "MEDIA_KINDS",
    "MediaKind",
    "base_media_type",
    "classify",
    "covers",
    "is_json",
    "is_range",
    "is_xml",
    "is_yaml",
]

# How a body travels. ``ir.MediaKind`` repeats this Literal (the IR imports nothing of the
# project); a unit test keeps the two equal.
MediaKind = Literal["json", "text", "binary", "form", "multipart", "event_stream"]
MEDIA_KINDS: tuple[MediaKind, ...] = get_args(MediaKind)

FORM = "application/x-www-form-urlencoded"
EVENT_STREAM = "text/event-stream"


def base_media_type(media: str | None) -> str:
    """The media type without its parameters, in lower case (``""`` for none)."""
    return (media or "").split(";", maxsplit=1)[0].strip().lower()


def is_json(media: str | None) -> bool:
    """``application/json`` and the ``+json`` family (``application/problem+json``...)."""
    found = base_media_type(media)
    return found == "application/json" or found.endswith("+json")


def is_xml(media: str | None) -> bool:
    """``application/xml``, ``text/xml`` and the ``+xml`` family (``application/atom+xml``...)."""
    return base_media_type(media).endswith(("/xml", "+xml"))


def is_yaml(media: str | None) -> bool:
    """``application/yaml`` (RFC 9512), the older ``application/x-yaml``, ``text/yaml`` and
    ``text/x-yaml``, and the ``+yaml`` family."""
    return base_media_type(media).endswith(("/yaml", "/x-yaml", "+yaml"))


def is_range(media: str | None) -> bool:
    """True for a media range such as ``*/*`` or ``application/*``: any type it covers may come."""
    return "*" in base_media_type(media)


def covers(documented: str | None, media: str | None) -> bool:
    """True when ``media`` is the ``documented`` type or falls in its range (``*/*`` covers
    every type, ``text/*`` every ``text/`` type)."""
    wanted, got = base_media_type(documented), base_media_type(media)
    if not is_range(wanted):
        return got == wanted
    kind, _, sub = wanted.partition("/")
    return kind == "*" or (got.partition("/")[0] == kind and sub == "*")


def classify(media: str | None) -> MediaKind:
    """How a body of this media type travels.

    JSON (``application/json``, ``+json``); an event stream; a URL-encoded form; multipart;
    text (``text/*`` and XML, which carry characters); anything else is bytes (``binary``),
    media ranges included.
    """
    found = base_media_type(media)
    if is_json(found):
        return "json"
    if found == EVENT_STREAM:
        return "event_stream"
    if found == FORM:
        return "form"
    if found.startswith("multipart/"):
        return "multipart"
    if found.startswith("text/") or is_xml(found):
        return "text"
    return "binary"
