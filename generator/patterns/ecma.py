"""ECMA-262 regular expressions (JSON Schema's ``pattern``) as equal Python :mod:`re` patterns.

A spec's patterns are ECMA-262 regular expressions, read with the ``u`` flag as JSON Schema
2020-12 recommends, and searched (not anchored). :func:`translate` parses one and writes a
Python pattern that ``re.search`` runs with the same verdict on every string:

- ``^`` and ``$`` match only at the very start and end (``\\A``, ``\\Z``: Python's ``$`` also
  matches before a final newline); ``\\b`` and ``\\B`` use ECMA's ASCII word characters;
- ``\\d``, ``\\w`` are ASCII, ``\\s`` is ECMA's white space and line terminators, ``.`` is
  anything but ``\\n \\r \\u2028 \\u2029``; every class is written out as code point ranges;
- ``\\p{..}`` and ``\\P{..}`` are expanded to the code points that have the property (names
  checked, and their code points listed, by the ECMA engine ``regress``);
- named groups become plain groups, a backreference to a group that has not matched matches
  the empty string (``(?(n)\\n)``), as in ECMA-262.

Annex B's readings of an escaped punctuation character (``\\-``, ``\\_``, ``\\@``) and of a lone
``{``, ``}`` or ``]`` are accepted: they mean the character itself with or without ``u``.
A pattern that is not valid ECMA-262 raises :class:`PatternError` with the offset of the
fault; a valid one that Python cannot run exactly raises :class:`Untranslatable` with the
reason, and is never approximated.

This module is the public face (checking, compiling, searching); each job behind it has its
own module: :mod:`.reader` (escapes and classes as code points) and :mod:`.parser` (structure)
read a pattern, :mod:`.codepoints` and :mod:`.properties` hold sets of code points,
:mod:`.pysyntax` writes them as Python, :mod:`.captures` handles groups and backreferences,
:mod:`.engine` asks ``regress``, and :mod:`.translation` puts these together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache, partial
from typing import Any

from generator.patterns.errors import PatternError, Untranslatable

__all__ = [
    "PatternError",
    "Untranslatable",
    "check",
    "compiled",
    "pattern_keyword",
    "problem",
    "searcher",
    "translate",
]


# the machinery behind these functions (the parser, the translation, the ECMA engine) is
# imported with the first pattern read: a document without one never pays for it


def translate(pattern: str) -> str:
    """The Python pattern ``re.search`` runs with the same verdict as ``pattern`` on every
    string (see above); raises :class:`PatternError` or :class:`Untranslatable`."""
    from generator.patterns.translation import translate as translated

    return translated(pattern)


def check(pattern: str) -> None:
    """Raise :class:`PatternError` when ``pattern`` is not valid ECMA-262, as
    :func:`translate` would, without compiling its translation (:class:`Untranslatable`
    when one cannot be written). A plain pattern, which the parser certainly takes
    (:mod:`.plain`), is put to the ECMA engine alone: its word is the rest of the verdict."""
    from generator.patterns.engine import engine
    from generator.patterns.plain import is_plain
    from generator.patterns.translation import written

    if is_plain(pattern):
        engine(pattern)
        return
    written(pattern)


def problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used (invalid, or not translatable), or None when it can."""
    try:
        compiled(pattern)
    except PatternError as exc:
        return f"is not a valid ECMA-262 regular expression: {exc}"
    except Untranslatable as exc:
        return f"cannot be checked exactly: {exc}"
    return None


@cache
def searcher(pattern: str) -> Callable[[str], bool]:
    """A predicate for the toolkit's own checks: ``pattern`` matches somewhere in the string.

    The translation runs when there is one; a valid pattern Python cannot run exactly is run
    by the ECMA engine itself (generated code, which cannot, lists it as skipped instead).
    Raises :class:`PatternError` for a pattern that is not valid ECMA-262.
    """
    try:
        search = compiled(pattern).search
    except Untranslatable:
        from generator.patterns.engine import engine, engine_search

        return partial(engine_search, engine(pattern))
    return lambda text: search(text) is not None


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    """The compiled Python equivalent of ``pattern`` (raises like :func:`translate`)."""
    return re.compile(translate(pattern))


def pattern_keyword(validator: Any, pattern: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """JSON Schema's ``pattern`` keyword for jsonschema's validators, searched as ECMA-262
    reads it (:func:`searcher`); a pattern that is not ECMA-262 refuses nothing (``validate``
    reports it, generation lists it as skipped)."""
    if not (validator.is_type(instance, "string") and isinstance(pattern, str)):
        return
    try:
        search = searcher(pattern)
    except PatternError:
        return
    if not search(instance):
        from jsonschema.exceptions import ValidationError  # only where jsonschema validates

        yield ValidationError(f"{instance!r} does not match {pattern!r}")
