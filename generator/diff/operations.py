"""Compare one operation: its metadata, parameters, request body, responses and security."""

from __future__ import annotations

from collections.abc import Mapping

from generator.diff.document import OperationSide, Sameness
from generator.diff.parameters import compare_parameters
from generator.diff.payloads import compare_request_body, compare_responses
from generator.diff.rules import Sink
from generator.diff.schemas import SchemaComparer
from generator.diff.security import compare_security

__all__ = ["OperationSide", "compare_operation"]


def compare_operation(
    label: str,
    old: OperationSide,
    new: OperationSide,
    *,
    same: Sameness,
    sink: Sink,
    renames: Mapping[str, str],
    sent: str | None = None,
) -> None:
    """Report every change to one operation (``label`` is ``METHOD /path``).

    ``sent``: the operation is a request the API sends (a webhook, a callback), told in
    messages that start with ``sent``; its request travels to the client as a response
    does, the client's answer back as a request does, and its security is not read.
    """
    if sent is None:
        located = ((old.doc, old.op, old.pointer), (new.doc, new.op, new.pointer))
        compare_security(sink, label, old=located[0], new=located[1])
    params_same = same.same(old.item.get("parameters"), new.item.get("parameters"))
    if params_same and same.same(old.op, new.op) and not renames:
        return
    schemas = SchemaComparer(old.doc, new.doc, same, sink, label, scope=sent or "")
    by_api = sent is not None
    _metadata(schemas, old, new)
    compare_parameters(schemas, old, new, renames, sent=by_api)
    compare_request_body(schemas, old.op, old.pointer, new.op, new.pointer, sent=by_api)
    compare_responses(schemas, old.op, old.pointer, new.op, new.pointer, sent=by_api)


def _metadata(schemas: SchemaComparer, old: OperationSide, new: OperationSide) -> None:
    old_id, new_id = old.op.get("operationId"), new.op.get("operationId")
    if old_id != new_id:
        # a missing operationId is named from the path and method: a change of names too
        before = f"`{old_id}`" if old_id is not None else "none"
        after = f"`{new_id}`" if new_id is not None else "none"
        schemas.emit(
            "operation-id-changed",
            f"operationId changed from {before} to {after}",
            old.pointer + "/operationId" if old_id is not None else old.pointer,
            new.pointer + "/operationId" if new_id is not None else new.pointer,
        )
    if new.op.get("deprecated") is True and old.op.get("deprecated") is not True:
        schemas.emit(
            "operation-deprecated", "operation is now deprecated", old.pointer, new.pointer
        )
