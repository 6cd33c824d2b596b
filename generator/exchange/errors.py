"""The error of value generation: no value of a type (or string of a pattern) can be built."""

from __future__ import annotations

__all__ = ["GenerationError"]


class GenerationError(ValueError):
    """No value of the type could be built (recursion through required fields, ``not``)."""
