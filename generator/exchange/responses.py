"""Which documented response stands for a status, and where its schema sits in the spec.

The mock answers with these responses and conformance judges answers by them, so both read
the one rule here: the exact code first, then its ``NXX`` range, then ``default``. Where a
response's schema is, the renderers read too: that rule is :mod:`generator.facts.typefacts`'s.
"""

from __future__ import annotations

from generator import ir
from generator.facts.typefacts import response_pointer as response_schema_pointer

__all__ = ["documented", "response_schema_pointer"]


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
