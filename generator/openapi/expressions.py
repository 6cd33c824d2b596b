"""OpenAPI runtime expressions (``$response.body#/id``), read and evaluated once for all.

A link's parameter value is a runtime expression, a string with expressions embedded in
braces (``"/items/{$response.body#/id}"``), or a constant. :func:`parse` checks one and
:func:`evaluate` reads it off an :class:`Exchange`: the request sent and the answer that
came back. A value that is not there is :data:`MISSING`, never ``None`` (``null`` is a value).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import field
from typing import Any, Final

from generator.openapi.pointers import pointer_parts
from generator.records import record

__all__ = ["MISSING", "Exchange", "evaluate", "is_expression", "parse", "render"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()

_EMBEDDED = re.compile(r"\{(\$[^{}]+)\}")
_SOURCES = ("header.", "query.", "path.", "cookie.", "body")


@record
class Exchange:
    """One request and its answer, as a runtime expression sees them.

    ``request`` maps a parameter location (``path``, ``query``, ``header``, ``cookie``) to
    the values sent there; header names of both sides are matched without regard to case.
    """

    url: str = ""
    method: str = ""
    request: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    request_body: Any = MISSING
    status: int = 0
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Any = MISSING


def is_expression(value: object) -> bool:
    """True for a string that is, or embeds, a runtime expression."""
    return isinstance(value, str) and (value.startswith("$") or _EMBEDDED.search(value) is not None)


def parse(expression: str) -> tuple[str, str, str] | None:
    """``(side, source, rest)`` of one expression, None when it is not one.

    ``side`` is ``url``, ``method``, ``statusCode``, ``request`` or ``response``; for the last
    two ``source`` is ``header``, ``query``, ``path``, ``cookie`` or ``body`` and ``rest`` the
    name, or the JSON pointer after ``body#`` (``""`` for the whole body).
    """
    if expression in ("$url", "$method", "$statusCode"):
        return expression[1:], "", ""
    for side in ("request", "response"):
        prefix = f"${side}."
        if not expression.startswith(prefix):
            continue
        tail = expression[len(prefix) :]
        for source in _SOURCES:
            if source == "body":
                if tail == "body":
                    return side, "body", ""
                if tail.startswith("body#") and (tail[5:] == "" or tail[5:].startswith("/")):
                    return side, "body", tail[5:]
            elif tail.startswith(source) and len(tail) > len(source):
                return side, source[:-1], tail[len(source) :]
    return None


def evaluate(value: Any, exchange: Exchange) -> Any:
    """The value ``value`` gives for ``exchange``: an expression's value, a string with its
    embedded expressions replaced, or a constant as it is; :data:`MISSING` when an
    expression names what the exchange does not hold."""
    if not isinstance(value, str):
        return value
    if value.startswith("$"):
        return _one(value, exchange)
    if _EMBEDDED.search(value) is None:
        return value
    parts: list[str] = []
    end = 0
    for match in _EMBEDDED.finditer(value):
        found = _one(match.group(1), exchange)
        if found is MISSING or isinstance(found, (dict, list)):
            return MISSING
        parts += [value[end : match.start()], render(found)]
        end = match.end()
    return "".join([*parts, value[end:]])


def render(value: Any) -> str:
    """A scalar as it reads inside a URL or a header: JSON's spelling of booleans and null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _one(expression: str, exchange: Exchange) -> Any:
    parsed = parse(expression)
    if parsed is None:
        return MISSING
    side, source, rest = parsed
    if side == "url":
        return exchange.url or MISSING
    if side == "method":
        return exchange.method.upper() or MISSING
    if side == "statusCode":
        return exchange.status or MISSING
    if source == "body":
        body = exchange.request_body if side == "request" else exchange.body
        return _pointer(body, rest)
    if side == "response":
        if source != "header":
            return MISSING
        return _header(exchange.headers, rest)
    values = exchange.request.get(source, {})
    if source == "header":
        return _header(values, rest)
    return values.get(rest, MISSING)


def _header(headers: Mapping[str, Any], name: str) -> Any:
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), MISSING)


def _pointer(body: Any, pointer: str) -> Any:
    if body is MISSING:
        return MISSING
    for token in pointer_parts(pointer) if pointer else ():
        if isinstance(body, Mapping) and token in body:
            body = body[token]
        elif isinstance(body, list) and token.isdigit() and int(token) < len(body):
            body = body[int(token)]
        else:
            return MISSING
    return body
