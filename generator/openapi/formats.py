"""Formats a validator asserts for OpenAPI 3.0 that neither OpenAPI 3.0 nor the JSON Schema
draft it builds on defines, and that apiforge reads as annotations there.

openapi-schema-validator's 3.0 format checker reads ``time`` as JSON Schema draft 3 did
(``HH:MM:SS`` alone), where a spec written since means RFC 3339's (``23:20:50Z``,
``23:20:50.52``); no 3.0 value is refused for such a format, nor drawn by that reading alone.
"""

from __future__ import annotations

__all__ = ["UNDEFINED_IN_30"]

UNDEFINED_IN_30 = ("time",)
