"""The record every diff rule produces, and the order changes are listed in."""

from __future__ import annotations

from typing import Literal

from generator.openapi import METHODS  # the order operations are listed in
from generator.records import record

Level = Literal["breaking", "warning", "info"]
LEVELS: tuple[Level, ...] = ("breaking", "warning", "info")


@record
class Change:
    """One difference between two documents, classified.

    ``client`` is true when the change breaks (or may break) a client generated from the old
    document calling a server that implements the new one: its requests are rejected or
    misread, or it cannot parse what comes back. ``server`` is true when the failure shows up
    in that server, because it receives a request an existing client still sends (a removed
    operation, a narrowed request, new authentication). Both are false for ``info`` changes.
    """

    rule: str
    level: Level
    message: str
    operation: str | None
    old_pointer: str | None
    new_pointer: str | None
    client: bool
    server: bool
    # where in the operation the changed value is used ("response 200 body field `a.b`"), when
    # the message starts with it: one change of a shared schema is used in many such places
    context: str | None = None


def webhook_label(method: str, name: str) -> str:
    """How a report names a webhook's operation: ``POST webhook orderCreated``."""
    return f"{method.upper()} webhook {name}"


def operation_key(operation: str | None) -> tuple[int, str, int, str]:
    """Sort key for an operation label ``METHOD /path``; document-level changes come first."""
    if operation is None:
        return (0, "", 0, "")
    method, _, path = operation.partition(" ")
    lowered = method.lower()
    rank = METHODS.index(lowered) if lowered in METHODS else len(METHODS)
    return (1, path, rank, lowered)


def change_key(change: Change) -> tuple[object, ...]:
    """Sort key giving :func:`generator.diff.diff_documents` its deterministic order."""
    return (
        operation_key(change.operation),
        LEVELS.index(change.level),
        change.old_pointer or "",
        change.new_pointer or "",
        change.rule,
        change.message,
    )
