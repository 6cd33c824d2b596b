"""A schema's ``default`` judged as its version of OpenAPI says.

OpenAPI 3.0 says a default MUST conform to the schema it is given in: one that does not is a
problem (openapi-spec-validator's value check finds it). OpenAPI 3.1 leaves schemas to JSON
Schema 2020-12, where ``default`` is an annotation whose value is not restricted (Validation
9.2; it is only RECOMMENDED to be valid against its schema), as ``example`` and ``examples``
are: a default that is not valid is told, with the reason, by :func:`default_notes`, and not
refused. Whether a schema takes its default is one rule (:mod:`.taken`, formats asserted),
which the IR builder reads too: a default its schema refuses is left out of the IR, so the
models never apply it and the generated tests never draw it.
"""

from __future__ import annotations

import functools
from typing import Any

from generator.errors import Problem
from generator.load import Document
from generator.openapi import NAME_MAPS, Parts, iter_objects, pointer_of
from generator.validate.problems import located_problem
from generator.validate.taken import Judge, multiple_of_keyword

__all__ = ["default_notes", "defaults_judged", "is_schema_place"]

# the keywords whose value is one subschema, and those whose value holds subschemas by name
# or by position (JSON Schema 2020-12's applicators, draft 4's as 3.0 has them)
_ONE = frozenset(
    {
        "items",
        "additionalItems",
        "additionalProperties",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "unevaluatedItems",
        "unevaluatedProperties",
        "contentSchema",
    }
)
_MANY = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "allOf",
        "anyOf",
        "oneOf",
        "prefixItems",
        "items",  # a list of schemas, in 3.0's draft
    }
)


def defaults_judged(minor: int) -> bool:
    """Whether a default of 3.``minor`` outside its schema is a problem (3.0), or only told."""
    return minor == 0


def default_notes(doc: Document, minor: int) -> list[Problem]:
    """A located note at each default of a 3.1 document's schemas that its schema refuses
    (:class:`.taken.Judge`), saying why."""
    if defaults_judged(minor):
        return []  # a problem there, reported by validation
    held = [
        (parts, found)
        for parts, found in iter_objects(doc.data)
        if "default" in found and is_schema_place(parts)
    ]
    if not held:
        return []
    from generator.validate.spec import leaves  # which imports this module

    judge = Judge(doc.data, minor)
    out: list[Problem] = []
    for parts, schema in held:
        error = judge.refusal(schema, schema["default"])
        if error is None:
            continue
        why = located_problem(doc, (*parts, "default"), leaves(error, minor)[0])
        message = (
            f"this default is not valid under its schema ({why.message}): OpenAPI 3.1 "
            "allows it (a JSON Schema default is an annotation); generated code neither "
            "applies it nor draws it"
        )
        out.append(doc.problem(message, why.pointer or pointer_of((*parts, "default"))))
    return sorted(out, key=lambda p: (p.line is None, p.line or 0, p.column or 0))


def is_schema_place(parts: Parts) -> bool:
    """Whether the object at ``parts`` is a Schema Object: a parameter's, header's or media
    type's ``schema``, or a component schema, or a subschema of one through JSON Schema's
    keywords."""
    return any(_root(parts, end) and _subschema(parts[end:]) for end in range(1, len(parts) + 1))


def _root(parts: Parts, end: int) -> bool:
    """Whether ``parts[:end]`` is where a schema starts."""
    if parts[end - 1] == "schema" and (end == 1 or parts[end - 2] not in NAME_MAPS):
        return True
    return end >= 3 and parts[end - 3 : end - 1] == ("components", "schemas")


def _subschema(rest: Parts) -> bool:
    """Whether ``rest`` goes from one schema to another through subschema keywords only."""
    at = 0
    while at < len(rest):
        keyword = rest[at]
        if keyword in _MANY and at + 1 < len(rest) and _follows(rest, at):
            at += 2
        elif keyword in _ONE:
            at += 1
        else:
            return False
    return True


def _follows(rest: Parts, at: int) -> bool:
    """Whether ``rest[at + 1]`` names a member of the keyword at ``at`` (a list's is a
    position, a map's a name); ``items`` names one only when it is a list."""
    member = rest[at + 1]
    positional = rest[at] in ("allOf", "anyOf", "oneOf", "prefixItems", "items")
    return isinstance(member, int) if positional else isinstance(member, str)


@functools.cache
def exact_values(cls: Any) -> Any:
    """``cls`` (openapi-spec-validator's checker of a default against its schema) reading
    ``multipleOf`` of the numbers as written, as the models do: 0.3 is a multiple of 0.1."""
    from jsonschema import validators

    return validators.extend(cls, {"multipleOf": multiple_of_keyword})
