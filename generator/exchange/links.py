"""What a link gives once its source has answered: each value read off the exchange.

The mock's memory and conformance's requests along links both read a link's values here, so
a constant, a runtime expression and a ``Location`` segment (``LinkValue.segment``) are read
one way for both.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from generator import ir
from generator.exchange.responses import documented
from generator.openapi import MISSING, Exchange, evaluate

__all__ = ["follows", "link_value"]


def link_value(value: ir.LinkValue, exchange: Exchange) -> Any:
    """The value ``value`` gives for ``exchange``; ``MISSING`` when the exchange lacks it."""
    if value.is_constant:
        return value.constant
    found = evaluate(value.expression, exchange)
    if value.segment is None or found is MISSING:
        return found
    if not isinstance(found, str):
        return MISSING
    segments = [s for s in urlsplit(found).path.split("/") if s]
    try:
        return unquote(segments[value.segment])
    except IndexError:
        return MISSING


def follows(link: ir.Link, op: ir.Operation, status: int) -> bool:
    """True when ``op``'s answer with ``status`` is the response that carries ``link``: the
    link's status is the documented one standing for ``status`` (exact, ``NXX``, default)."""
    if link.source != op.operation_id:
        return False
    response = documented(op, status)
    return response is not None and response.status.upper() == link.status.upper()
