"""The one error of a valid request that HTTP cannot carry."""

from __future__ import annotations

__all__ = ["Unsendable"]


class Unsendable(ValueError):
    """A valid request that HTTP cannot carry (an empty path segment, a header not in ASCII,
    a null item with no form text, an object spread into pairs no server reads back, a
    multipart body without a part)."""
