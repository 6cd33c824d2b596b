"""The HTTP methods an OpenAPI path item may hold an operation under, in the spec's order."""

from __future__ import annotations

__all__ = ["METHODS"]

METHODS: tuple[str, ...] = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
