"""The schemas that apply to a value together with one schema, and the annotations they give it.

Beside a schema, the target of its local ``$ref`` applies (its siblings apply too: 3.1 says
so, and OpenAPI 3.0's validator reads them), and so does every member of its ``allOf``,
nested ones too. An annotation such as ``readOnly`` holds for the value when any of them says
so: "as for a true value if any occurrence specifies a true value" (JSON Schema 2020-12,
validation, 9.4; 3.0 says no otherwise, its ``allOf`` applying every member to the value).
The generated tests' validators (``templates/tests/validation.py.jinja``) walk alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from generator.openapi.pointers import resolve_local

__all__ = ["applying", "marks"]


def applying(doc: Any, schema: Any) -> Iterator[Mapping[str, Any]]:
    """``schema``, then each schema applying with it through local ``$ref``s and ``allOf``,
    once each (a ``$ref`` that leads nowhere adds nothing)."""
    seen: set[int] = set()
    todo = [schema]
    while todo:
        node = todo.pop()
        if not isinstance(node, Mapping) or id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        members = node.get("allOf")
        if isinstance(members, list):
            todo.extend(reversed(members))
        ref = node.get("$ref")
        if isinstance(ref, str):
            try:
                todo.append(resolve_local(doc, ref)[1])
            except KeyError:
                pass


_NONE: frozenset[str] = frozenset()


def marks(doc: Any, schema: Any, keywords: Iterable[str]) -> frozenset[str]:
    """The ``keywords`` that ``schema`` or a schema applying with it sets to true."""
    if (type(schema) is dict or isinstance(schema, Mapping)) and not (
        "$ref" in schema or "allOf" in schema
    ):
        # most schemas: nothing applies with them (a spec's every property is asked)
        found = [k for k in keywords if schema.get(k) is True]
        return frozenset(found) if found else _NONE
    nodes = list(applying(doc, schema))
    return frozenset(k for k in keywords if any(node.get(k) is True for node in nodes))
