"""Where a document's schemas hold ECMA-262 patterns, and a copy that Python validators run exactly.

JSON Schema validators written in Python (``jsonschema``) search ``pattern`` and
``patternProperties`` keys with :mod:`re`. :func:`for_python` gives them a copy of the document
in which every such pattern is its :func:`generator.ecma.translate` translation, so they give
ECMA-262's verdicts; a ``pattern`` that cannot be translated is left out (the build lists it as
skipped), a ``patternProperties`` key that cannot be is kept as written.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator import ecma
from generator.refs import NAME_MAPS, Parts, iter_objects

__all__ = ["Site", "for_python", "sites"]


@dataclass(frozen=True, slots=True)
class Site:
    """One pattern: the path of its ``pattern`` keyword or ``patternProperties`` key, its text."""

    parts: Parts
    text: str
    is_key: bool


def sites(document: Any) -> Iterator[Site]:
    """Every ``pattern`` value and ``patternProperties`` key of the schemas in ``document``."""
    for parts, found in iter_objects(document):
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
    """A copy of ``document`` whose patterns (or only ``patternProperties`` keys) are written
    as equal Python patterns."""
    out = copy.deepcopy(document)
    for site in list(sites(out)):
        if keys_only and not site.is_key:
            continue
        parent: Any = out
        for part in site.parts[:-1]:
            parent = parent[part]
        try:
            translated = ecma.translate(site.text)
        except (ecma.PatternError, ecma.Untranslatable):
            translated = None
        if not site.is_key:
            if translated is None:
                del parent["pattern"]
            else:
                parent["pattern"] = translated
        elif translated is not None and translated != site.text:
            renamed = {translated if k == site.text else k: v for k, v in parent.items()}
            parent.clear()
            parent.update(renamed)
    return out
