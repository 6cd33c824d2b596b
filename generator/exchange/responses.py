"""Which documented response stands for a status, and where its schema sits in the spec.

The mock answers with these responses and conformance judges answers by them, so both read
the one rule here: the exact code first, then its ``NXX`` range, then ``default``. So too the
status a request for a deleted resource gets where the operation documents one
(:func:`gone_status`): the mock answers with it, and conformance expects no 2xx only there.
Where a response's schema is, the renderers read too: that rule is
:mod:`generator.facts.typefacts`'s.
"""

from __future__ import annotations

from generator import ir
from generator.facts.typefacts import response_pointer as response_schema_pointer

__all__ = ["documented", "gone_status", "response_schema_pointer"]

_GONE = ("404", "410")


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


def gone_status(op: ir.Operation) -> int | None:
    """The status ``op`` documents for a resource that is gone: 404, else 410, else 404 as
    its ``4XX`` or ``default`` response; None when it documents none of these."""
    said = {r.status.upper() for r in op.responses}
    exact = next((int(s) for s in _GONE if s in said), None)
    if exact is not None:
        return exact
    return 404 if said & {"4XX", "DEFAULT"} else None
