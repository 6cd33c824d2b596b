"""Which schemas the models read more loosely than their validator, through every ``$ref``.

The models leave some keywords unenforced (``not``, ``if``, ``dependentRequired``...: they are
told as skipped), and read a ``format`` they give no typed view (``ipv4``, ``email``: any but
:data:`generator.ir.TYPED_FORMATS`) as an annotation, where a validator asserting formats
reads it as a constraint; so a model may accept a value its schema refuses. Inside a ``oneOf`` that
laxness turns around: a value that matches two members as the models read them may match one
as the validator reads it, so counting matches in the models would refuse a valid value.
:class:`Laxity` says whether a schema, or any schema it reaches, holds such a keyword.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.openapi import local_pointer, lookup
from generator.parse.keywords import OBJECT_EXTRAS, UNENFORCED

__all__ = ["LAX_KEYWORDS", "Laxity"]

# keywords the models do not enforce (as the builder tells them), wherever they stand
LAX_KEYWORDS = frozenset({"not", *UNENFORCED, *OBJECT_EXTRAS})
# values that are data, not schemas: a `$ref` or a keyword's name there is no schema's
_DATA = frozenset({"example", "examples", "default", "enum", "const"})


class Laxity:
    """Whether schemas of ``doc`` hold an unenforced keyword, themselves or through ``$ref``s.

    Each ``$ref`` target is read once: a target whose reach holds none is known as such with
    every target it reaches (their reach is part of its own), so a document is walked about
    once however many schemas ask.
    """

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        self._strict: set[str] = set()  # ref targets whose reach holds no unenforced keyword
        self._lax: set[str] = set()
        self._read: dict[str, tuple[bool, tuple[str, ...]]] = {}

    def lax(self, schema: Any) -> bool:
        """Whether ``schema`` or a schema it reaches holds an unenforced keyword."""
        own, refs = _read(schema)
        if own:
            return True
        seen: set[str] = set()
        stack = [ref for ref in refs if ref not in self._strict]
        while stack:
            ref = stack.pop()
            if ref in self._lax:
                return True
            if ref in seen or ref in self._strict:
                continue
            seen.add(ref)
            held, further = self._target(ref)
            if held:
                self._lax.add(ref)
                return True
            stack.extend(further)
        self._strict.update(seen)
        return False

    def _target(self, ref: str) -> tuple[bool, tuple[str, ...]]:
        if ref not in self._read:
            try:
                target = lookup(self.doc, local_pointer(ref))
            except (KeyError, ValueError):
                target = None
            self._read[ref] = _read(target)
        return self._read[ref]


def _read(schema: Any) -> tuple[bool, tuple[str, ...]]:
    """Whether ``schema``'s own subschemas (its ``$ref``s not followed) hold an unenforced
    keyword, and the local ``$ref``s in them."""
    refs: list[str] = []
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                if key in LAX_KEYWORDS or (
                    key == "format" and isinstance(value, str) and value not in ir.TYPED_FORMATS
                ):
                    return True, ()
                if key == "$ref" and isinstance(value, str):
                    if value.startswith("#"):
                        refs.append(value)
                elif key not in _DATA and isinstance(value, Mapping | list):
                    stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)
    return False, tuple(refs)
