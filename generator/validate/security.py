"""Security requirements name schemes the document defines.

Each name in a Security Requirement Object must be a key of ``components.securitySchemes``;
otherwise no client can know what to send, and every call of the operation fails for want of
a credential nobody can configure.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.errors import Problem
from generator.load import Document
from generator.openapi import METHODS, path_items, pointer_of

__all__ = ["check_security"]


def check_security(doc: Document) -> list[Problem]:
    """A located problem for each requirement naming a scheme that is not defined."""
    data = doc.data
    if type(data) is not dict:
        return []
    components = data.get("components")
    schemes = components.get("securitySchemes") if type(components) is dict else None
    defined = set(schemes) if type(schemes) is dict else set()
    problems = []
    for at, requirements in _requirements(data):
        for index, requirement in enumerate(requirements):
            if type(requirement) is not dict:
                continue
            for name in requirement:
                if name not in defined:
                    message = (
                        f"security scheme {name!r} is not defined in components.securitySchemes"
                    )
                    if defined:
                        message += f" (defined: {', '.join(sorted(map(str, defined)))})"
                    problems.append(doc.problem(message, pointer_of((*at, index, str(name)))))
    return problems


def _requirements(data: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], list[Any]]]:
    """(path, requirements) of the document's and each operation's ``security``."""
    if type(data.get("security")) is list:
        yield ("security",), data["security"]
    for section in ("paths", "webhooks"):
        items = data.get(section)
        # a webhook's name may start with `x-`: only the Paths Object holds extensions
        entries = path_items(items) if section == "paths" else _entries(items)
        for path, item in entries:
            if type(item) is not dict:
                continue
            for method in METHODS:
                op = item.get(method)
                if type(op) is dict and type(op.get("security")) is list:
                    yield (section, str(path), method, "security"), op["security"]


def _entries(items: Any) -> Iterator[tuple[Any, Any]]:
    return iter(items.items()) if type(items) is dict else iter(())
