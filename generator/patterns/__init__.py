"""ECMA-262 patterns: run as Python :mod:`re` (:mod:`.ecma`), found in documents (:mod:`.sites`)."""

from generator.patterns.ecma import (
    PatternError,
    Untranslatable,
    compiled,
    problem,
    searcher,
    translate,
)

__all__ = ["PatternError", "Untranslatable", "compiled", "problem", "searcher", "translate"]
