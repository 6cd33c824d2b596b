"""OpenAPI 3.0's ``nullable`` written in a 3.1 document: told, as 3.1 does not read it.

3.1 leaves schemas to JSON Schema 2020-12, which has no ``nullable``: a schema saying
``type: string, nullable: true`` there takes no null (an unknown keyword is an annotation).
Generation, the mock and conformance read it so, and a server that answers null there
breaks the schema as written: each such place is told, with the way to write what it means.
"""

from __future__ import annotations

from generator.errors import Problem
from generator.load import Document
from generator.openapi import iter_objects, pointer_of
from generator.openapi.nullable import unread_nullable
from generator.validate.defaults import is_schema_place

__all__ = ["SHOWN", "nullable_notes"]

SHOWN = 25  # the places told one by one (a 3.0 spec relabelled 3.1 may have thousands)


def nullable_notes(doc: Document, minor: int) -> list[Problem]:
    """A located note at each ``nullable: true`` of a 3.1 document's schemas that 3.1 reads
    as nothing (3.0's own ``nullable`` is read): the first :data:`SHOWN`, then their count."""
    if minor == 0:
        return []
    places = [
        (parts, schema)
        for parts, schema in iter_objects(doc.data)
        if unread_nullable(schema) and is_schema_place(parts)
    ]
    out = []
    for parts, schema in places[:SHOWN]:
        kind = schema.get("type")
        fix = (
            f"write `type: [{kind}, 'null']`"
            if isinstance(kind, str)
            else "add 'null' to its `type`, or an `anyOf` member `{type: 'null'}`"
        )
        message = (
            "`nullable` is an OpenAPI 3.0 keyword that 3.1 does not read: this schema "
            f"takes no null, and a null here is refused; to allow null, {fix}"
        )
        out.append(doc.problem(message, pointer_of((*parts, "nullable"))))
    if len(places) > SHOWN:
        more = f"{len(places) - SHOWN} more schemas say `nullable`, which 3.1 does not read"
        out.append(Problem(doc.label, more, None, None, None))
    return out
