"""Server variables: in OpenAPI 3.1 a variable's ``default`` MUST be one of its ``enum``.

3.0 says the default is what a client uses when none is given, and nothing of its enum; 3.1
adds that the default MUST be among the enum's values where there is one (the client would
otherwise reach a URL its own document does not allow). The Server Objects read are the
document's, each Path Item's and each operation's (of ``paths`` and ``webhooks``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.errors import Problem
from generator.load import Document
from generator.openapi import METHODS, pointer_of
from generator.openapi.paths import document_items

__all__ = ["check_servers"]

Parts = tuple[str | int, ...]


def check_servers(doc: Document, minor: int) -> list[Problem]:
    """A located problem for each 3.1 server variable whose default is not in its enum."""
    if minor != 1 or type(doc.data) is not dict:
        return []
    problems = []
    for at, servers in _servers(doc.data):
        for index, server in enumerate(servers):
            found = server.get("variables") if type(server) is dict else None
            if type(found) is not dict:
                continue
            for name, variable in found.items():
                if type(variable) is not dict or type(variable.get("enum")) is not list:
                    continue
                default, allowed = variable.get("default"), variable["enum"]
                if type(default) is str and default not in allowed:
                    message = (
                        f"the default {default!r} of server variable {name!r} is not one of its "
                        f"enum ({', '.join(map(repr, allowed))}): OpenAPI 3.1 says it MUST be"
                    )
                    place = (*at, index, "variables", str(name), "default")
                    problems.append(doc.problem(message, pointer_of(place)))
    return problems


def _servers(data: dict[str, Any]) -> Iterator[tuple[Parts, list[Any]]]:
    """(path, servers) of the document's, each Path Item's and each operation's servers."""
    if type(data.get("servers")) is list:
        yield ("servers",), data["servers"]
    for at, item in document_items(data):
        if type(item.get("servers")) is list:
            yield (*at, "servers"), item["servers"]
        for method in METHODS:
            op = item.get(method)
            if type(op) is dict and type(op.get("servers")) is list:
                yield (*at, method, "servers"), op["servers"]
