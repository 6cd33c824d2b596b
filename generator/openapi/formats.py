"""Formats a validator asserts for OpenAPI 3.0 that neither OpenAPI 3.0 nor the JSON Schema
draft it builds on (Wright draft 00) defines, and that apiforge reads as annotations there
(as JSON Schema lets a format unknown to a draft be read).

openapi-schema-validator's 3.0 format checker reads ``time`` as JSON Schema draft 3 did
(``HH:MM:SS`` alone), where a spec written since means RFC 3339's (``23:20:50Z``,
``23:20:50.52``), and ``idn-hostname`` and ``idn-email`` by IDNA 2008 alone (``Bücher.example``
refused for its capital, which UTS 46 maps). No 3.0 value is refused for such a format. A
format the models read as a typed value (``uuid``) stays asserted: a value of it must be one.
"""

from __future__ import annotations

__all__ = ["UNDEFINED_IN_30"]

UNDEFINED_IN_30 = ("idn-email", "idn-hostname", "time")
