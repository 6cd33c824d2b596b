"""Each Schema Object of a 3.1 document against its dialect's metaschema, wherever it stands.

openapi-spec-validator checks the component schemas and those the operations of ``paths``
read through their parameters and responses (:func:`reached`); a request body's, a header's, a
webhook's or a callback's schema, and a component parameter's or response's that no operation
reads, it leaves unchecked (the OpenAPI 3.1 schema takes any object there). An invalid one
(``type: [integer, null]`` with YAML's ``null``, ``minLength: "5"``) passed ``validate``. Each
is checked here as the full check checks the others
(:func:`generator.validate.clean.dialect_checker`), and its refusals worded alike. A schema
naming a dialect of its own (``$schema``), or a document naming one (``jsonSchemaDialect``),
is left as the full check leaves it. (On the way of a generation, which reads some forms of
another dialect leniently, :mod:`generator.validate.dialect` checks the forms every later
stage reads, wherever the schema stands.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.errors import Problem
from generator.load import Document
from generator.openapi import METHODS, follow_refs
from generator.validate.clean import dialect_checker
from generator.validate.dialect import held
from generator.validate.meta import OTHERS
from generator.validate.problems import located_problem

__all__ = ["reached", "schema_problems"]

Parts = tuple[str | int, ...]


def schema_problems(doc: Document, minor: int) -> list[Problem]:
    """What the dialect's metaschema refuses in the Schema Objects of a 3.1 ``doc`` that
    openapi-spec-validator does not reach."""
    data = doc.data
    if minor != 1 or type(data) is not dict or "jsonSchemaDialect" in data:
        return []
    skipped = reached(data)
    check = dialect_checker(minor)
    problems: list[Problem] = []
    for kind, parts, schema in held(data):
        if (
            kind != "schema"
            or type(schema) is not dict
            or id(schema) in skipped
            or "$schema" in schema
        ):
            continue
        try:
            check(schema)
        except Exception as error:  # the reference validator's refusal, its others beside it
            if not hasattr(error, "absolute_path"):
                continue  # no verdict (a dialect it does not know): the full check decides
            from generator.validate.spec import leaves  # which imports this module's walk

            for each in (error, *getattr(error, OTHERS, ())):
                # an alternative none takes told by the alternative meant, as the full check
                # tells it (`null` among a list of type names is not one of them)
                problems.extend(located_problem(doc, parts, leaf) for leaf in leaves(each, minor))
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0, p.column or 0))


def reached(data: dict[str, Any]) -> set[int]:
    """The Schema Objects openapi-spec-validator checks (by identity): the component schemas,
    and the schemas of the parameters and responses of the operations of ``paths``, through
    their local ``$ref``s."""
    found: set[int] = set()
    schemas = _mapping(_mapping(data.get("components")).get("schemas"))
    found.update(id(schema) for schema in schemas.values())
    for written in _mapping(data.get("paths")).values():
        item = _mapping(_deref(data, written))
        found.update(_parameter_schemas(data, item.get("parameters")))
        for method in METHODS:
            operation = _mapping(_deref(data, item.get(method)))
            found.update(_parameter_schemas(data, operation.get("parameters")))
            for response in _mapping(_deref(data, operation.get("responses"))).values():
                content = _deref(data, _mapping(_deref(data, response)).get("content"))
                for entry in _mapping(content).values():
                    media = _mapping(_deref(data, entry))
                    if "schema" in media:
                        found.add(id(media["schema"]))
    return found


def _parameter_schemas(data: dict[str, Any], parameters: Any) -> Iterator[int]:
    listed = _deref(data, parameters)
    for entry in listed if type(listed) is list else ():
        parameter = _mapping(_deref(data, entry))
        if "schema" in parameter:
            yield id(parameter["schema"])


def _mapping(value: Any) -> dict[str, Any]:
    return value if type(value) is dict else {}


def _deref(data: dict[str, Any], value: Any) -> Any:
    """``value`` with its local ``$ref`` hops followed (itself where they lead nowhere)."""
    try:
        return follow_refs(data, "", value)[1]
    except (KeyError, IndexError, ValueError, TypeError):
        return value
