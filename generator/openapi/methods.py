"""The HTTP methods an OpenAPI path item may hold an operation under, in the spec's order; the
safe ones among them (RFC 9110: a request that changes nothing on the server); and the answers
HTTP sends without content, whatever a spec documents under them."""

from __future__ import annotations

__all__ = ["METHODS", "SAFE_METHODS", "without_content"]

METHODS: tuple[str, ...] = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SAFE_METHODS: frozenset[str] = frozenset({"get", "head", "options", "trace"})


def without_content(method: str, status: str) -> bool:
    """True for an answer HTTP sends without content (RFC 9110 9.3.2, 15.3.5, 15.4.5): any
    answer to HEAD (its headers are GET's, so a spec often documents GET's body under it),
    a 204 and a 304. What a spec documents as their content is never read or judged."""
    return method.lower() == "head" or status in ("204", "304")
