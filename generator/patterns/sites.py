"""Where a document's schemas hold ECMA-262 patterns, and a copy that Python validators run exactly.

JSON Schema validators written in Python (``jsonschema``) search ``pattern`` and
``patternProperties`` keys with :mod:`re`. :func:`for_python` gives them a copy of the document
in which every such pattern is its :func:`generator.patterns.ecma.translate` translation, so
they give ECMA-262's verdicts; a ``pattern`` that cannot be translated is left out (the build
lists it as skipped), a ``patternProperties`` key that cannot be is read as :data:`AS_WRITTEN`
says (and listed as skipped too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from generator.openapi import NAME_MAPS, Parts, iter_objects
from generator.patterns import ecma
from generator.records import record

__all__ = ["AS_WRITTEN", "Site", "for_python", "sites"]

AS_WRITTEN = "validators read it as Python does, or as matching nothing where Python cannot"
_NOTHING = "(?!)"


@record(slots=True)
class Site:
    """One pattern: the path of its ``pattern`` keyword or ``patternProperties`` key, its text."""

    parts: Parts
    text: str
    is_key: bool


def sites(
    document: Any, objects: Iterable[tuple[Parts, dict[str, Any]]] | None = None
) -> Iterator[Site]:
    """Every ``pattern`` value and ``patternProperties`` key of the schemas in ``document``
    (``objects``: its walk, :func:`generator.openapi.iter_objects`, or the objects of it that
    may hold a pattern, when one is made already)."""
    for parts, found in iter_objects(document) if objects is None else objects:
        if "pattern" not in found and "patternProperties" not in found:
            continue  # most objects: said at once
        if parts and parts[-1] in NAME_MAPS:
            continue  # a map of names: a property called "pattern" is not the keyword
        text = found.get("pattern")
        if isinstance(text, str):
            yield Site((*parts, "pattern"), text, False)
        keys = found.get("patternProperties")
        if type(keys) is dict:
            for key in keys:
                yield Site((*parts, "patternProperties", key), key, True)


def for_python(document: Any, *, keys_only: bool = False) -> Any:
    """``document`` with its patterns (or only its ``patternProperties`` keys) written as equal
    Python patterns: a copy of each object and array on the way to one, the rest shared with
    ``document``, which is left as it was."""
    found = [site for site in sites(document) if site.is_key or not keys_only]
    copies: dict[Parts, Any] = {(): _copy(document)}
    # the deepest first: renaming a key must not break the paths of the sites under it
    for site in reversed(found):
        parent = _owned(copies, site.parts[:-1])
        try:
            translated = ecma.translate(site.text)
        except (ecma.PatternError, ecma.Untranslatable):
            translated = None
        if not site.is_key:
            if translated is None:
                del parent["pattern"]
            else:
                parent["pattern"] = translated
        else:
            translated = translated if translated is not None else _as_python(site.text)
            renamed = {translated if k == site.text else k: v for k, v in parent.items()}
            parent.clear()
            parent.update(renamed)
    return copies[()]


def _copy(node: Any) -> Any:
    return dict(node) if type(node) is dict else list(node) if type(node) is list else node


def _owned(copies: dict[Parts, Any], parts: Parts) -> Any:
    """The copy of the node at ``parts``, made (with every one on the way) on first ask."""
    node = copies[()]
    for end in range(1, len(parts) + 1):
        here = parts[:end]
        if here not in copies:
            node[parts[end - 1]] = copies[here] = _copy(node[parts[end - 1]])
        node = copies[here]
    return node


def _as_python(key: str) -> str:
    try:
        re.compile(key)
    except (re.error, RecursionError, OverflowError):
        return _NOTHING + re.escape(key)  # still matches nothing, and keys stay apart
    return key
