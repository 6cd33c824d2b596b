"""In OpenAPI 3.1, ``example`` and ``examples`` are mutually exclusive beside one another.

OpenAPI says so of a Parameter, Header and Media Type Object; 3.0's schema refuses both
(openapi-spec-validator says so), 3.1's does not. The objects read: each Media Type Object (an
entry of a ``content`` map), each item of a ``parameters`` list and each member of
``components/parameters``, each member of a ``headers`` map; never what a Schema Object holds
nor example data (:func:`generator.validate.dialect.held` leaves both out), so a property or
an example named ``examples`` is not one of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.errors import Problem
from generator.load import Document
from generator.openapi import pointer_of
from generator.validate.dialect import held

__all__ = ["check_examples"]

Parts = tuple[str | int, ...]


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
        for at, found in _objects(doc.data)
        if "example" in found and "examples" in found
    ]


def _objects(data: dict[str, Any]) -> Iterator[tuple[Parts, dict[str, Any]]]:
    """Each Media Type, Parameter and Header Object of the document that is a mapping."""
    for kind, at, node in held(data):
        if kind == "media" and type(node) is dict:
            yield at, node
    yield from _owned(data, ())


def _owned(node: Any, at: Parts) -> Iterator[tuple[Parts, dict[str, Any]]]:
    """The Parameter and Header Objects below ``node``: items of a ``parameters`` list,
    members of ``components/parameters`` and of a ``headers`` map; Schema Objects, example
    data and extensions are not entered."""
    if type(node) is list:
        for index, item in enumerate(node):
            yield from _owned(item, (*at, index))
        return
    if type(node) is not dict:
        return
    for key, value in node.items():
        if not isinstance(key, str) or key in _NOT_ENTERED or key.startswith("x-"):
            continue
        here = (*at, key)
        members: Any = ()
        if key == "parameters" and type(value) is list:
            members = enumerate(value)
        elif type(value) is dict and (
            key == "headers" or (key == "parameters" and at == ("components",))
        ):
            members = value.items()
        for name, member in members:
            if type(member) is dict:
                yield (*here, name), member
        yield from _owned(value, here)


# what holds no Parameter or Header Object: schemas, example data, a link's parameters (a
# map of expressions, not of Parameter Objects: only a list or components' map is one)
_NOT_ENTERED = frozenset(
    {"schema", "schemas", "example", "examples", "default", "enum", "const", "value", "links"}
)
