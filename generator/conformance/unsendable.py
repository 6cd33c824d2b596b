"""The errors of a valid request that cannot be sent as it is meant."""

from __future__ import annotations

__all__ = ["Unsendable", "Unwritable"]


class Unsendable(ValueError):
    """A valid request that HTTP cannot carry (an empty path segment, a header not in ASCII,
    a null item with no form text, an object spread into pairs no server reads back, a
    multipart body without a part)."""


class Unwritable(Unsendable):
    """A valid body its media type cannot be written in faithfully: XML whose element names
    the schema's ``xml`` objects do not settle, a structured value under a media type apiforge
    has no writer for. Its message says why; the run names the operations so left unsent."""
