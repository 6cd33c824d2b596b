"""The HTTP methods an OpenAPI path item may hold an operation under, in the spec's order, and
the safe ones among them (RFC 9110: a request that changes nothing on the server)."""

from __future__ import annotations

__all__ = ["METHODS", "SAFE_METHODS"]

METHODS: tuple[str, ...] = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SAFE_METHODS: frozenset[str] = frozenset({"get", "head", "options", "trace"})
