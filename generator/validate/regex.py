"""Which patterns are valid: ECMA-262 as apiforge's reader reads it, the one rule validate has.

A schema's ``pattern`` and each ``patternProperties`` key are ECMA-262 regular expressions,
Annex B's readings included (``[\\w-.]`` is ``\\w``, ``-`` and ``.``). Every judge of a pattern
in validation asks this rule: the located pattern problems (:func:`generator.validate.
pattern_problems`) and the ``format: regex`` check of every metaschema validator, compiled or
not (:data:`generator.validate.metaschemas.FORMATS`). A validator library's own regex check
(regress, jsonschema-rs's, Python's ``re``) reads other dialects, and would refuse valid
patterns with a message about the schema around them.
"""

from __future__ import annotations

import functools
from typing import Any

from generator.patterns import ecma

__all__ = ["is_regex", "pattern_fault"]


@functools.lru_cache(maxsize=1 << 16)  # a spec repeats its patterns (a patternProperties key)
def pattern_fault(pattern: str) -> str | None:
    """Why ``pattern`` is not valid ECMA-262, or None when it is (a valid pattern Python cannot
    run exactly is valid: generation lists it as skipped)."""
    try:
        ecma.check(pattern)
    except ecma.PatternError as exc:
        return str(exc)
    except ecma.Untranslatable:
        pass
    return None


def is_regex(value: Any) -> bool:
    """The ``regex`` format check: a string is a valid pattern; any other value is not a
    string, which the format does not apply to."""
    return pattern_fault(value) is None if isinstance(value, str) else True
