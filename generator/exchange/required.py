"""OpenAPI's exception to ``required``: a request need not carry a required ``readOnly``
property, nor a response a required ``writeOnly`` one.

The generated tests' validators (``validation.py``) read ``required`` the same way: a name
one schema requires is exempt where that schema, or a sibling of it under ``allOf``, marks
the property.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from jsonschema.exceptions import ValidationError

from generator.openapi import follow_refs

__all__ = ["Marks"]

Skip = Literal["readOnly", "writeOnly"]


class Marks:
    """The ``readOnly``/``writeOnly`` marks of one document's schemas, for ``required``."""

    def __init__(self, document: Any):
        self.document = document
        self._siblings: dict[int, dict[str, Any]] | None = None

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
        beside = self._target(self.siblings().get(id(schema), {}).get(name))
        return any(isinstance(d, Mapping) and d.get(skip) is True for d in (own, beside))

    def siblings(self) -> dict[int, dict[str, Any]]:
        """For each schema of an ``allOf`` (and the one holding it): what all of them declare."""
        if self._siblings is None:
            found: dict[int, dict[str, Any]] = {}
            todo: list[Any] = [self.document]
            while todo:
                node = todo.pop()
                if isinstance(node, Mapping):
                    if isinstance(node.get("allOf"), list):
                        group = list(self._members(node, set()))
                        declared: dict[str, Any] = {}
                        for member in group:
                            properties = member.get("properties")
                            if isinstance(properties, Mapping):
                                declared.update(properties)
                        for member in group:
                            found.setdefault(id(member), {}).update(declared)
                    todo.extend(node.values())
                elif isinstance(node, list):
                    todo.extend(node)
            self._siblings = found
        return self._siblings

    def _members(self, node: Any, seen: set[int]) -> Iterator[Mapping[str, Any]]:
        node = self._target(node)
        if not isinstance(node, Mapping) or id(node) in seen:
            return
        seen.add(id(node))
        yield node
        for member in node.get("allOf") or ():
            yield from self._members(member, seen)

    def _target(self, node: Any) -> Any:
        """``node`` with its local ``$ref``s followed; None when they lead nowhere."""
        try:
            return follow_refs(self.document, "", node)[1]
        except KeyError:
            return None
