"""Links: a value one operation's answer gives to a request of another.

A link comes from the spec (an OpenAPI ``links`` object of a response) or is inferred by
apiforge from the shape of the paths and schemas (``inferred=True``, with the rule that made
it in ``rule``). The stateful phase of conformance, the generated stateful test and the mock's
memory all read these; none of them infers links of its own.
"""

from __future__ import annotations

from typing import Literal

from generator.ir.types import JSONValue
from generator.records import record

LinkTarget = Literal["path", "query", "header", "cookie", "body"]


@record(slots=True)
class LinkValue:
    """Where one value of a link goes, and what gives it.

    ``expression`` is an OpenAPI runtime expression (``$response.body#/id``,
    ``$request.path.item_id``, ``$response.header.Location``) or, when ``constant`` is set,
    ignored in favour of that literal value. ``segment`` (inferred links only) picks one path
    segment of the URL the expression gives: the id at the end of a ``Location`` header.
    For ``location == "body"`` the value is the whole request body (``name`` is ``""``).
    """

    location: LinkTarget
    name: str  # the target parameter's wire name
    expression: str
    constant: JSONValue = None
    is_constant: bool = False
    segment: int | None = None  # inferred from Location: index of the path segment, -1 the last


@record(slots=True)
class Link:
    """``source``'s answer with ``status`` gives ``values`` to a request of ``target``."""

    name: str  # the spec's name of the link, or a description of the inferred one
    source: str  # operation_id
    status: str  # the response's status as documented: "201", "2XX", "default"
    target: str  # operation_id
    values: tuple[LinkValue, ...]
    pointer: str  # the link object, or (inferred) the response it reads
    inferred: bool = False
    rule: str = ""  # inferred: which rule made it, in words
