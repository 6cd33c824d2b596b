"""Which patterns are valid: ECMA-262 as apiforge's reader reads it, the one rule validate has.

A schema's ``pattern`` and each ``patternProperties`` key SHOULD be an ECMA-262 regular
expression, Annex B's readings included (``[\\w-.]`` is ``\\w``, ``-`` and ``.``): OpenAPI 3.0
and JSON Schema 2020-12 say SHOULD, so one that is not (Java's inline ``(?i)`` in the middle)
leaves the document valid. It is told as a warning (:func:`pattern_notes`, read by
:mod:`generator.validate.notes`), and generation lists it as skipped (not enforced). So the
``format: regex`` check of every metaschema validator, compiled or not
(:data:`generator.validate.metaschemas.FORMATS`), takes any text: a validator library's own
regex check (regress, jsonschema-rs's, Python's ``re``) reads other dialects, and would refuse
such a document with a message about the schema around the pattern.
"""

from __future__ import annotations

import functools
from typing import Any

from generator.collector import paused
from generator.errors import Problem
from generator.load import Document
from generator.openapi import pointer_of
from generator.patterns import ecma
from generator.patterns.sites import sites

__all__ = ["is_regex", "pattern_fault", "pattern_notes"]


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
    """The ``regex`` format check, which refuses nothing: a pattern SHOULD be ECMA-262, and
    one that is not is told as a warning (:func:`pattern_notes`)."""
    return True


def pattern_notes(doc: Document) -> list[Problem]:
    """A warning at each pattern of the spec's schemas (and ``patternProperties`` key) that is
    not valid ECMA-262. Each distinct pattern is read once (:func:`pattern_fault` remembers
    its verdict)."""
    found: list[Problem] = []
    with paused():  # a walk of a document that is all alive: nothing to collect
        for site in sites(doc.data):
            fault = pattern_fault(site.text)
            if fault is not None:
                what = "the patternProperties key" if site.is_key else "pattern"
                shown = f"'{site.text}'" if site.text.isprintable() else repr(site.text)
                message = (
                    f"{what} {shown} is not a valid ECMA-262 regular expression: {fault}; "
                    "OpenAPI says it SHOULD be one, so no value is judged by it"
                )
                found.append(doc.problem(message, pointer_of(site.parts)))
    return found
