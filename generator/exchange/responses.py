"""Which documented response stands for a status, and where its schema sits in the spec.

The mock answers with these responses and conformance judges answers by them, so both read
the one rule here: the exact code first, then its ``NXX`` range, then ``default``.
"""

from __future__ import annotations

from generator import ir
from generator.openapi import pointer_of

__all__ = ["documented", "response_schema_pointer"]


def response_schema_pointer(response: ir.Response) -> str | None:
    """The pointer of a response's schema, when it has one."""
    if response.content_type is None or response.type is None:
        return None
    return response.pointer + pointer_of(("content", response.content_type, "schema"))


def documented(op: ir.Operation | None, status: int) -> ir.Response | None:
    """The response documented for ``status``: exact code, then ``NXX``, then ``default``."""
    if op is None:
        return None
    by_status = {r.status.upper(): r for r in op.responses}
    return (
        by_status.get(str(status))
        or by_status.get(f"{status // 100}XX")
        or by_status.get("DEFAULT")
    )
