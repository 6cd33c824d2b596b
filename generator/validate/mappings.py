"""A discriminator's ``mapping`` values point at schemas.

OpenAPI's ``mapping`` maps a tag to "a schema name or a reference": a name is the reference to
that component, and a reference is resolved as a ``$ref`` is, its fragment a JSON pointer
(RFC 6901) that names a place in the document. A pointer names the place a schema is written,
never one reached by following a ``$ref`` on the way (``.../items/properties/data`` where
``items`` is ``$ref: '#/components/schemas/Option'``): no validator resolves that one, so
OpenAPI 3.0's, which selects the member by the tag, refuses every value carrying it. Such a
value points to nothing, and is reported at its entry, with the place it meant where following
the ``$ref``s finds one. A reference to another file or a URL is left to the reader of it.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.errors import Problem
from generator.load import Document
from generator.openapi import (
    Parts,
    iter_mappings,
    iter_objects,
    local_pointer,
    pointer_of,
    pointer_parts,
    walk,
    walk_refs,
)

__all__ = ["check_mappings"]


def check_mappings(
    doc: Document, objects: Iterable[tuple[Parts, dict[str, object]]] | None = None
) -> list[Problem]:
    """A located problem for each local ``mapping`` value that points to nothing (``objects``:
    the document's walk, or the objects of it holding a ``discriminator``, when one is made)."""
    problems = []
    for at, value, ref in iter_mappings(iter_objects(doc.data) if objects is None else objects):
        if not ref.startswith("#"):
            continue  # a file or URL: read where it is bundled, or refused as remote refs are
        pointer = local_pointer(ref)
        found, _, why = walk(doc.data, pointer)
        if found:
            continue
        message = f"discriminator mapping {at[-1]!r}: {value!r} points to nothing: {why}"
        through, _, where = walk_refs(doc.data, pointer_parts(pointer))
        if through:
            message += (
                "; a JSON pointer is not followed through a $ref on its way: the schema meant "
                f"is written at '#{pointer_of(where)}'"
            )
        problems.append(doc.problem(message, pointer_of(at)))
    return problems
