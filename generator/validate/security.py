"""Security requirements name schemes the document defines.

Each name in a Security Requirement Object must be a key of ``components.securitySchemes``;
otherwise no client can know what to send, and every call of the operation fails for want of
a credential nobody can configure. In OpenAPI 3.0 the list beside a scheme other than
``oauth2`` and ``openIdConnect`` MUST be empty (it holds scopes, which only those have; 3.1
lets it hold role names).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.errors import Problem
from generator.load import Document
from generator.openapi import METHODS, pointer_of
from generator.openapi.paths import document_items

__all__ = ["check_security"]


def check_security(doc: Document) -> list[Problem]:
    """A located problem for each requirement naming a scheme that is not defined."""
    data = doc.data
    if type(data) is not dict:
        return []
    components = data.get("components")
    schemes = components.get("securitySchemes") if type(components) is dict else None
    if type(schemes) is dict and "$ref" in schemes:
        return []  # the schemes are another file's: known once it is read (bundled)
    defined = set(schemes) if type(schemes) is dict else set()
    unscoped = _unscoped(data, schemes)
    problems = []
    for at, requirements in _requirements(data):
        for index, requirement in enumerate(requirements):
            if type(requirement) is not dict:
                continue
            for name in requirement:
                listed = requirement[name]
                if name in unscoped and type(listed) is list and listed:
                    kind = unscoped[name]
                    message = (
                        f"scopes are listed for {name!r}, of type {kind}: in OpenAPI 3.0 the list "
                        "MUST be empty for a scheme other than oauth2 and openIdConnect (write [])"
                    )
                    problems.append(doc.problem(message, pointer_of((*at, index, str(name)))))
                if name not in defined:
                    message = (
                        f"security scheme {name!r} is not defined in components.securitySchemes"
                    )
                    if defined:
                        message += f" (defined: {', '.join(sorted(map(str, defined)))})"
                    problems.append(doc.problem(message, pointer_of((*at, index, str(name)))))
    return problems


def _unscoped(data: dict[str, Any], schemes: Any) -> dict[Any, str]:
    """The schemes a 3.0 requirement lists no scopes for, by name, with their type: those of
    a type that has none (none in 3.1, where the list may hold role names)."""
    if not str(data.get("openapi", "")).startswith("3.0") or type(schemes) is not dict:
        return {}
    return {
        name: scheme["type"]
        for name, scheme in schemes.items()
        if type(scheme) is dict and scheme.get("type") in _UNSCOPED
    }


# the scheme types that have no scopes (OpenAPI 3.0's Security Requirement Object)
_UNSCOPED = ("apiKey", "http")


def _requirements(data: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], list[Any]]]:
    """(path, requirements) of the document's and each operation's ``security``."""
    if type(data.get("security")) is list:
        yield ("security",), data["security"]
    for at, item in document_items(data):
        for method in METHODS:
            op = item.get(method)
            if type(op) is dict and type(op.get("security")) is list:
                yield (*at, method, "security"), op["security"]
