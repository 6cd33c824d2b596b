"""The two ways a pattern can fail: not ECMA-262 at all, or not runnable exactly by Python."""

from __future__ import annotations

__all__ = ["PatternError", "Untranslatable"]


class PatternError(ValueError):
    """Not a valid ECMA-262 regular expression: what is wrong, at which offset of the text."""

    def __init__(self, message: str, offset: int):
        super().__init__(f"{message} at offset {offset}")
        self.message = message
        self.offset = offset


class Untranslatable(ValueError):
    """A valid ECMA-262 pattern that Python's :mod:`re` cannot run with the same verdicts."""
