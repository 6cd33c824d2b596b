"""A discriminator's tags: which value of its property selects which member.

A value names its member by the tag its ``propertyName`` carries: a key of ``mapping``, or,
for a member the mapping names nowhere, the member's component name (OpenAPI's implicit
mapping). A tag that no longer selects a member it selected breaks a request that sends it
(the server cannot tell what it is); a new tag for a member there was breaks a response (a
client knows no such tag). Another property altogether breaks both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.diff.document import ref_pointer
from generator.openapi import mapping_ref, pointer_parts
from generator.records import record

_UNIONS = ("oneOf", "anyOf")


@record
class Tags:
    """A discriminator read: its property and the tags of each member (by the member's place)."""

    property: Any
    tags: Mapping[str, frozenset[str]]


def tags(schema: Mapping[str, Any]) -> Tags | None:
    """The discriminator of ``schema``, or None when it has none."""
    held = schema.get("discriminator")
    if not isinstance(held, Mapping):
        return None
    found: dict[str, set[str]] = {}
    mapping = held.get("mapping")
    for key, value in mapping.items() if isinstance(mapping, Mapping) else ():
        target = ref_pointer(mapping_ref(value)) if isinstance(value, str) else None
        if target is not None:
            found.setdefault(target, set()).add(str(key))
    for keyword in _UNIONS:
        members = schema.get(keyword)
        for member in members if isinstance(members, list) else ():
            target = ref_pointer(member.get("$ref")) if isinstance(member, Mapping) else None
            if target is not None and target not in found and pointer_parts(target):
                found[target] = {pointer_parts(target)[-1]}
    return Tags(held.get("propertyName"), {k: frozenset(v) for k, v in found.items()})


def tag_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(kind, detail)`` for the property changed, and each tag that stopped or started
    selecting a member both discriminators have."""
    before, after = tags(old), tags(new)
    if before is None or after is None:
        return []
    if before.property != after.property:
        detail = f"discriminator property changed from `{before.property}` to `{after.property}`"
        return [("discriminator-property-changed", detail)]
    found: list[tuple[str, str]] = []
    for target in sorted(before.tags.keys() & after.tags.keys()):
        name = pointer_parts(target)[-1]
        was, now = before.tags[target], after.tags[target]
        for tag in sorted(was - now):
            text = f'discriminator value "{tag}" no longer selects {name}'
            found.append(("discriminator-value-removed", text))
        for tag in sorted(now - was):
            found.append(
                ("discriminator-value-added", f'discriminator value "{tag}" now selects {name}')
            )
    return found
