"""Render the changes as text, JSON or Markdown release notes, and decide the exit code.

Reports list :mod:`entries <generator.diff.entries>`: one per change at its source, with the
operations it reaches, so a field of a shared schema is one line however many operations use it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Literal

from generator.diff.change import LEVELS, Change, Level
from generator.diff.entries import Entry, Use, counts, entries, reach
from generator.diff.sdk import SdkChange

Format = Literal["text", "json", "markdown"]
FailOn = Literal["breaking", "warning", "none"]
Tags = Mapping[str, Sequence[str]]

_FAILING: dict[FailOn, frozenset[Level]] = {
    "breaking": frozenset({"breaking"}),
    "warning": frozenset({"breaking", "warning"}),
    "none": frozenset(),
}
_UNTAGGED = "Other operations"
_DOCUMENT = "The whole document"


def exit_code(changes: list[Change], fail_on: FailOn, sdk: Sequence[SdkChange] = ()) -> int:
    """1 when a change (of the API, or of the SDK when given) is at or above ``fail_on``."""
    failing = _FAILING[fail_on]
    levels = [change.level for change in changes] + [change.level for change in sdk]
    return 1 if any(level in failing for level in levels) else 0


def _sdk_summary(sdk: Sequence[SdkChange]) -> str:
    n = {level: sum(c.level == level for c in sdk) for level in LEVELS}
    warnings = "warning" if n["warning"] == 1 else "warnings"
    return f"{n['breaking']} breaking, {n['warning']} {warnings}, {n['info']} info"


def _sdk_text(sdk: Sequence[SdkChange] | None) -> list[str]:
    if sdk is None:
        return []
    lines = ["", f"Python SDK changes: {_sdk_summary(sdk)}"]
    lines += [f"{c.level.upper():<8}  {c.kind}  {c.message}" for c in sdk]
    return lines


def _counted(found: Sequence[Entry]) -> str:
    n = counts(found)
    warnings = "warning" if n["warning"] == 1 else "warnings"
    return f"{n['breaking']} breaking, {n['warning']} {warnings}, {n['info']} info"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _summary(found: Sequence[Entry]) -> str:
    if not found:
        return _counted(found)
    return f"{_counted(found)} ({_plural(reach(found), 'operation')} reached)"


def summary(changes: list[Change]) -> str:
    """Changes per level and the operations they reach: ``2 breaking, 0 warnings, 1 info
    (4 operations reached)``; a change reaching many operations counts once."""
    return _summary(entries(changes))


def _where(entry: Entry) -> str:
    parts = []
    if entry.old_pointer is not None:
        parts.append(f"old: {entry.old_pointer or '/'}")
    if entry.new_pointer is not None:
        parts.append(f"new: {entry.new_pointer or '/'}")
    return f" ({', '.join(parts)})" if parts else ""


def _sides(entry: Entry) -> str:
    sides = [name for name, hit in (("client", entry.client), ("server", entry.server)) if hit]
    return ", ".join(sides) or "-"


def _use_text(use: Use, entry: Entry) -> str:
    text = use.operation or "the document"
    detail = [d for d in (use.where, use.level if use.level != entry.level else None) if d]
    return f"{text} ({'; '.join(detail)})" if detail else text


def _single(entry: Entry) -> bool:
    return len(entry.uses) == 1


def _lines(entry: Entry) -> list[str]:
    fields = [f"{entry.level.upper():<8}", ", ".join(entry.rules)]
    if _single(entry) and entry.uses[0].operation is not None:
        fields.append(entry.uses[0].operation)
    lines = ["  ".join([*fields, entry.message + _where(entry)])]
    if not _single(entry):
        reached = ", ".join(_use_text(use, entry) for use in entry.uses)
        lines.append(f"          reaches {reached}")
    return lines


def _text(
    found: list[Entry], old_name: str, new_name: str, tags: Tags, sdk: Sequence[SdkChange] | None
) -> str:
    lines = [f"API changes from {old_name} to {new_name}", _summary(found)]
    if not found:
        lines += ["", "No changes."]
    previous: Level | None = None
    for entry in found:
        if entry.level != previous:
            lines.append("")
            previous = entry.level
        lines += _lines(entry)
    lines += _sdk_text(sdk)
    return "\n".join(lines) + "\n"


def _json(
    found: list[Entry], old_name: str, new_name: str, tags: Tags, sdk: Sequence[SdkChange] | None
) -> str:
    totals: dict[str, int] = {str(level): n for level, n in counts(found).items()}
    totals.update(changes=len(found), operations=reach(found))
    payload = {
        "old": old_name,
        "new": new_name,
        "summary": totals,
        "changes": [
            {
                "rule": e.rule,
                "rules": list(e.rules),
                "level": e.level,
                "message": e.message,
                "old_pointer": e.old_pointer,
                "new_pointer": e.new_pointer,
                "operations": list(e.operations),
                "uses": [
                    {"operation": u.operation, "where": u.where, "rule": u.rule, "level": u.level}
                    for u in e.uses
                ],
                "client": e.client,
                "server": e.server,
            }
            for e in found
        ],
    }
    if sdk is not None:
        payload["sdk"] = [{"level": c.level, "kind": c.kind, "message": c.message} for c in sdk]
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    """Spec text made inert in Markdown: no raw HTML, no line breaks."""
    return " ".join(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").split())


def _bullet(entry: Entry, with_level: bool) -> str:
    level = f"**{entry.level}**: " if with_level and entry.level != "info" else ""
    ops = ", ".join(f"`{_md(op)}`" for op in entry.operations)
    reached = f" ({ops})" if ops else ""
    rules = ", ".join(f"`{rule}`" for rule in entry.rules)
    return f"- {level}{_md(entry.message)}{reached}: {rules}"


def _section(entry: Entry, tags: Tags) -> str:
    """The tag an entry is listed under: its first operation's first tag."""
    if not entry.operations:
        return _DOCUMENT
    first = tags.get(entry.operations[0]) or ()
    return str(first[0]) if first else _UNTAGGED


def _markdown(
    found: list[Entry], old_name: str, new_name: str, tags: Tags, sdk: Sequence[SdkChange] | None
) -> str:
    lines = [f"# API changes from `{_md(old_name)}` to `{_md(new_name)}`", ""]
    lines.append(f"**{_summary(found)}**")
    breaking = [e for e in found if e.level == "breaking"]
    if breaking:
        lines += ["", f"## Breaking changes ({len(breaking)})", ""]
        lines += [_bullet(e, with_level=False) for e in breaking]
    by_section: dict[str, list[Entry]] = {}
    for entry in found:
        if entry.level != "breaking":
            by_section.setdefault(_section(entry, tags), []).append(entry)
    order = sorted(by_section, key=lambda s: (s == _DOCUMENT, s == _UNTAGGED, s.lower()))
    for section in order:
        lines += ["", f"## {_md(section)}", ""]
        ranked = sorted(by_section[section], key=lambda e: LEVELS.index(e.level))
        lines += [_bullet(e, with_level=True) for e in ranked]
    if sdk:
        lines += ["", f"## Python SDK ({_sdk_summary(sdk)})", ""]
        lines += [f"- **{c.level}**: {_md(c.message)}" for c in sdk]
    return "\n".join(lines) + "\n"


def render_report(
    changes: list[Change],
    old_name: str,
    new_name: str,
    *,
    fmt: Format = "text",
    tags: Tags | None = None,
    sdk: Sequence[SdkChange] | None = None,
) -> str:
    """The report for ``changes`` between the documents named ``old_name`` and ``new_name``.

    ``tags`` (operation label -> its tags, :func:`generator.diff.operation_tags`) sorts the
    Markdown release notes by tag; without it every operation is untagged. ``sdk``
    (:func:`generator.diff.compare_surfaces`) adds what changes for Python callers.
    """
    renderers = {"text": _text, "json": _json, "markdown": _markdown}
    return renderers[fmt](entries(changes), old_name, new_name, tags or {}, sdk)
