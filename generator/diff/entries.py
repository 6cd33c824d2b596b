"""One entry per change at its source, with every operation it reaches.

The comparers report a change once per operation that uses the changed value: a field made
optional in a schema shared by thirteen operations is thirteen :class:`Change` records with
the same pointers. A reader wants one change and the list of what it reaches, so records
with the same pointers and the same change (the message after the words that say where the
value is used) become one :class:`Entry`. Its level is the most severe of its uses: the same
field made optional breaks the responses that send it and is harmless in the requests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from generator.diff.change import LEVELS, Change, Level, operation_key
from generator.openapi import pointer_parts
from generator.records import record

# where a shared value lives: a change there may reach many operations
_SHARED = "/components/"
_COMPONENTS = {
    "schemas": "schema",
    "parameters": "parameter component",
    "headers": "header component",
    "requestBodies": "request body component",
    "responses": "response component",
}
# the keywords of a schema that lead to a named part of its values
_STEPS = {"items": "[]", "additionalProperties": "{}", "prefixItems": "[{}]"}


@record
class Use:
    """One place a change reaches: an operation and where in it the value is used."""

    operation: str | None
    where: str | None  # "response 200 body field `items[].name`"; None: the whole operation
    rule: str
    level: Level
    client: bool
    server: bool


@record
class Entry:
    """One change at its source pointer, and the operations it reaches."""

    message: str
    old_pointer: str | None
    new_pointer: str | None
    uses: tuple[Use, ...]

    @property
    def level(self) -> Level:
        """The most severe level of its uses."""
        return min((use.level for use in self.uses), key=LEVELS.index)

    @property
    def rule(self) -> str:
        """The rule of the most severe use (the first, in the order uses are listed)."""
        return self.uses[0].rule

    @property
    def rules(self) -> tuple[str, ...]:
        """Every rule its uses fired, most severe first."""
        return tuple(dict.fromkeys(use.rule for use in self.uses))

    @property
    def operations(self) -> tuple[str, ...]:
        """The operations it reaches, in document order (none for a document-level change)."""
        return tuple(dict.fromkeys(u.operation for u in self.uses if u.operation is not None))

    @property
    def client(self) -> bool:
        return any(use.client for use in self.uses)

    @property
    def server(self) -> bool:
        return any(use.server for use in self.uses)


def _subject(change: Change) -> str:
    """The change itself, without the words that say where the value is used."""
    if change.context and change.message.startswith(change.context):
        return change.message[len(change.context) :].strip()
    return change.message


def _shared(change: Change) -> bool:
    return any(
        pointer is not None and pointer.startswith(_SHARED)
        for pointer in (change.old_pointer, change.new_pointer)
    )


def _key(change: Change) -> tuple[object, ...]:
    if not _shared(change):  # used in one place only: an entry of its own
        return (id(change),)
    return (change.old_pointer, change.new_pointer, _subject(change))


def source_label(pointer: str | None) -> str | None:
    """What a shared pointer names, for a reader: ``schema `Item` field `tags[]```."""
    if pointer is None or not pointer.startswith(_SHARED):
        return None
    parts = pointer_parts(pointer)
    if len(parts) < 3 or parts[1] not in _COMPONENTS:
        return None
    label = f"{_COMPONENTS[parts[1]]} `{parts[2]}`"
    if parts[1] != "schemas":
        return label if len(parts) == 3 else None
    field = ""
    rest = list(parts[3:])
    while rest:
        token = rest.pop(0)
        if token == "properties" and rest:
            name = rest.pop(0)
            field = f"{field}.{name}" if field else name
        elif token in _STEPS:
            field += _STEPS[token]
            if token == "prefixItems" and rest:
                rest.pop(0)
        else:
            return None  # inside a union or a merge: the pointer says it better
    return f"{label} field `{field}`" if field else label


def _message(first: Change, uses: int) -> str:
    """The entry's text: the source and the change when shared, else the change as reported."""
    pointers = [p for p in (first.old_pointer, first.new_pointer) if p is not None]
    # the pointer that names the changed value: the deeper one (a removed field's old place,
    # an added field's new place), the old one when both name it
    label = source_label(max(pointers, key=lambda p: p.count("/")) if pointers else None)
    subject = _subject(first)
    if uses > 1 and label is not None and subject != first.message:
        return f"{label} {subject}"
    return first.message


def _use(change: Change) -> Use:
    return Use(
        change.operation, change.context, change.rule, change.level, change.client, change.server
    )


def entries(changes: Iterable[Change]) -> list[Entry]:
    """The changes as entries, most severe first, then in document order."""
    groups: dict[tuple[object, ...], list[Change]] = {}
    for change in changes:
        groups.setdefault(_key(change), []).append(change)
    found = []
    for group in groups.values():
        ordered = sorted(
            group, key=lambda c: (LEVELS.index(c.level), operation_key(c.operation), c.rule)
        )
        first = ordered[0]
        uses = tuple(dict.fromkeys(_use(c) for c in ordered))
        found.append(Entry(_message(first, len(uses)), first.old_pointer, first.new_pointer, uses))
    return sorted(found, key=_entry_key)


def _entry_key(entry: Entry) -> tuple[object, ...]:
    first = entry.uses[0]
    return (
        LEVELS.index(entry.level),
        operation_key(first.operation),
        entry.old_pointer or "",
        entry.new_pointer or "",
        entry.message,
    )


def reach(found: Sequence[Entry]) -> int:
    """How many operations the entries reach together."""
    return len({op for entry in found for op in entry.operations})


def counts(found: Sequence[Entry]) -> Mapping[Level, int]:
    """Entries per level."""
    return {level: sum(entry.level == level for entry in found) for level in LEVELS}
