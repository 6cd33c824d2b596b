"""OpenAPI's exception to ``required``: a request need not carry a required ``readOnly``
property, nor a response a required ``writeOnly`` one.

The generated tests' validators (``validation.py``) read ``required`` the same way: a name
one schema requires is exempt where any declaration of the property marks it, in that schema
or in a sibling of it under ``allOf`` (a member redeclaring the property without the mark, as
with an ``enum``, takes nothing away), through the ``$ref``s and ``allOf`` of the property's
own schema too (:func:`generator.openapi.marks`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from jsonschema.exceptions import ValidationError

from generator.openapi import applying, marks

__all__ = ["Marks"]

Skip = Literal["readOnly", "writeOnly"]
_MARKS: tuple[Skip, ...] = ("readOnly", "writeOnly")


class Marks:
    """The ``readOnly``/``writeOnly`` marks of one document's schemas, for ``required``."""

    def __init__(self, document: Any):
        self.document = document
        self._siblings: dict[int, dict[str, frozenset[str]]] | None = None

    def required(self, skip: Skip) -> Any:
        """A ``required`` keyword check that exempts properties marked ``skip``."""

        def check(
            validator: Any, names: Any, instance: Any, schema: Mapping[str, Any]
        ) -> Iterator[ValidationError]:
            if not validator.is_type(instance, "object") or not isinstance(names, list):
                return
            for name in names:
                if name not in instance and not self._marked(schema, name, skip):
                    # the one name as the keyword's value: what is missing, for messages
                    yield ValidationError(
                        f"{name!r} is a required property",
                        validator="required",
                        validator_value=[name],
                    )

        return check

    def _marked(self, schema: Mapping[str, Any], name: str, skip: Skip) -> bool:
        properties = schema.get("properties")
        own = properties.get(name) if isinstance(properties, Mapping) else None
        beside = self.siblings().get(id(schema), {}).get(name, frozenset())
        return skip in beside or skip in marks(self.document, own, (skip,))

    def siblings(self) -> dict[int, dict[str, frozenset[str]]]:
        """For each schema of an ``allOf`` (and the one holding it): each property any of
        them declares, with the marks any declaration of it gives it."""
        if self._siblings is None:
            found: dict[int, dict[str, frozenset[str]]] = {}
            todo: list[Any] = [self.document]
            while todo:
                node = todo.pop()
                if isinstance(node, Mapping):
                    if isinstance(node.get("allOf"), list):
                        group = list(applying(self.document, node))
                        declared = self._declared(group)
                        for member in group:
                            mine = found.setdefault(id(member), {})
                            for name, given in declared.items():
                                mine[name] = mine.get(name, frozenset()) | given
                    todo.extend(node.values())
                elif isinstance(node, list):
                    todo.extend(node)
            self._siblings = found
        return self._siblings

    def _declared(self, group: list[Mapping[str, Any]]) -> dict[str, frozenset[str]]:
        """The properties the schemas of ``group`` declare, each with the marks of all its
        declarations together."""
        declared: dict[str, frozenset[str]] = {}
        for member in group:
            properties = member.get("properties")
            if isinstance(properties, Mapping):
                for name, sub in properties.items():
                    given = marks(self.document, sub, _MARKS)
                    declared[name] = declared.get(name, frozenset()) | given
        return declared
