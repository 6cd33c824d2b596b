"""In OpenAPI 3.1, ``example`` and ``examples`` are mutually exclusive beside one another.

OpenAPI says so of a Parameter, Header and Media Type Object; 3.0's schema refuses both
(openapi-spec-validator says so), 3.1's does not. The objects read are those
:func:`generator.validate.dialect.held` finds, never what a Schema Object holds nor example
data, so a property or an example named ``examples`` is not one of them.
"""

from __future__ import annotations

from generator.errors import Problem
from generator.load import Document
from generator.openapi import pointer_of
from generator.validate.dialect import held

__all__ = ["check_examples"]


def check_examples(doc: Document, minor: int) -> list[Problem]:
    """A located problem at each 3.1 object holding both ``example`` and ``examples``."""
    if minor != 1 or type(doc.data) is not dict:
        return []
    return [
        doc.problem(
            "`example` and `examples` are both given: OpenAPI says they are mutually exclusive "
            "(keep one)",
            pointer_of((*at, "example")),
        )
        for kind, at, found in held(doc.data)
        if kind != "schema" and type(found) is dict and "example" in found and "examples" in found
    ]
