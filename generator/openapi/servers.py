"""Servers: a Server Object's URL, and where an operation with servers of its own is served.

An operation (or its Path Item) may name servers of its own, which then replace the API's
(OpenAPI 3.x, Operation and Path Item Objects): GitHub uploads release assets to
``https://uploads.github.com`` while the rest of its API is at ``https://api.github.com``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

__all__ = ["first_server", "moved", "on_another_host", "server_url", "server_urls"]

_VARIABLE = re.compile(r"\{([^{}]+)\}")


def server_url(server: Mapping[str, Any]) -> str:
    """A server's URL with each ``{variable}`` replaced by its default."""
    raw = server.get("variables")
    variables: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}

    def default(match: re.Match[str]) -> str:
        found = variables.get(match.group(1))
        if isinstance(found, Mapping) and isinstance(found.get("default"), str):
            return str(found["default"])
        return match.group(0)

    return _VARIABLE.sub(default, str(server["url"]))


def server_urls(servers: Any) -> tuple[str, ...]:
    """The URLs of the well-formed Server Objects of ``servers`` (a ``servers`` array)."""
    return tuple(
        server_url(server)
        for server in (servers if isinstance(servers, list) else ())
        if isinstance(server, Mapping) and isinstance(server.get("url"), str)
    )


def first_server(servers: Any) -> str | None:
    """The URL of the first well-formed Server Object of ``servers``, if any."""
    return next(iter(server_urls(servers)), None)


def moved(base_url: str, root: str | None, own: str) -> str | None:
    """Where an operation whose own server is ``own`` is, when the API's first server ``root``
    (None: none, which OpenAPI reads as ``/``) is deployed at ``base_url``; None when ``own``
    is on another host than ``root``, which a deployment at ``base_url`` says nothing of.

    On the same host (or both relative), ``own``'s path takes the place of ``root``'s at the
    end of ``base_url``: with ``root`` ``https://api.example.com/v1`` deployed at
    ``http://localhost:8000/v1`` (or at ``http://localhost:8000``), an operation served at
    ``https://api.example.com/files`` (or ``/files``) is at ``http://localhost:8000/files``.
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


def on_another_host(root: str | None, own: str) -> bool:
    """Whether a server ``own`` is on another host than the API's first server ``root``, so
    that no deployment of the API says where it is (:func:`moved` is None)."""
    return moved("http://localhost", root, own) is None
