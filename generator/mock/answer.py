"""What the mock sends, and a value written in the media type a response documents.

Success answers and error answers are written by the same rule: a JSON media type carries
the value as JSON, any other the value as text (a string as it is, another value as its
JSON text). A response documented in a media type without a schema admits any content: the
mock answers in that media type, with the spec's first example of it where there is one.
"""

from __future__ import annotations

import json
from typing import Any

from generator import ir
from generator.exchange import Issue
from generator.records import record

__all__ = ["Answer", "unschemaed", "written"]


@record(slots=True)
class Answer:
    """What the mock sends: status, JSON-ready body (or raw bytes) and extra headers."""

    status: int
    body: Any = None
    content_type: str | None = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    raw: bytes | None = None
    violations: tuple[Issue, ...] = ()  # why a request was refused: header, log line


def written(
    status: int,
    response: ir.Response,
    value: Any,
    headers: tuple[tuple[str, str], ...] = (),
    violations: tuple[Issue, ...] = (),
) -> Answer:
    """``value`` as ``status`` in the media type ``response`` documents."""
    if response.kind == "json":
        return Answer(status, value, response.content_type, headers, violations=violations)
    text = value if isinstance(value, str) else json.dumps(value)
    return Answer(
        status, None, response.content_type, headers, raw=text.encode(), violations=violations
    )


def unschemaed(
    status: int,
    response: ir.Response,
    fallback: Any,
    headers: tuple[tuple[str, str], ...] = (),
    violations: tuple[Issue, ...] = (),
) -> Answer:
    """``status`` answered as ``response``, documented in a media type without a schema:
    the spec's first example of it, else ``fallback``, written in that media type."""
    value = response.examples[0] if response.examples else fallback
    return written(status, response, value, headers, violations)
