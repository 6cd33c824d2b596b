"""Where an operation with a server of its own is sent.

An operation (or its path) may name a server of its own in the spec, beside the API's first
one: GitHub uploads release assets to ``https://uploads.github.com``. On the same host as the
API's server, the operation is where the client's base URL is, its own server's path taking
the place of the API's; on another host, at its own server's URL, wherever the client's base
URL points.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

__all__ = ["moved"]


def moved(base_url: str, root: str | None, own: str) -> str | None:
    """The base URL of an operation served at ``own``, where the API's first server ``root``
    (None: none, which OpenAPI reads as ``/``) is at ``base_url``; None when ``own`` is on
    another host than ``root``.

    ``https://api.example.com/files`` beside ``https://api.example.com/v1`` at
    ``http://localhost:8000/v1`` (or ``http://localhost:8000``) is at
    ``http://localhost:8000/files``.
    """
    top = root or "/"
    mine = urlsplit(urljoin(top, own) if urlsplit(top).netloc else own)
    theirs = urlsplit(top)
    if (mine.scheme, mine.netloc) != (theirs.scheme, theirs.netloc) and mine.netloc:
        return None
    base = urlsplit(base_url)
    path, prefix = base.path.rstrip("/"), theirs.path.rstrip("/")
    if prefix and path.endswith(prefix):
        path = path[: -len(prefix)]
    return urlunsplit((base.scheme, base.netloc, path + mine.path.rstrip("/"), "", ""))
