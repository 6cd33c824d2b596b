"""Render a list of changes as text, JSON or Markdown, and decide the exit code."""

from __future__ import annotations

import json
from typing import Literal

from generator.diff.change import LEVELS, Change, Level, operation_key

Format = Literal["text", "json", "markdown"]
FailOn = Literal["breaking", "warning", "none"]

_FAILING: dict[FailOn, frozenset[Level]] = {
    "breaking": frozenset({"breaking"}),
    "warning": frozenset({"breaking", "warning"}),
    "none": frozenset(),
}
_HEADINGS: dict[Level, str] = {"breaking": "Breaking", "warning": "Warnings", "info": "Info"}


def exit_code(changes: list[Change], fail_on: FailOn) -> int:
    """1 when a change is at or above the ``fail_on`` level, else 0."""
    failing = _FAILING[fail_on]
    return 1 if any(change.level in failing for change in changes) else 0


def summary(changes: list[Change]) -> str:
    """Counts per level, e.g. ``3 breaking, 2 warnings, 5 info``."""
    counts = {level: sum(c.level == level for c in changes) for level in LEVELS}
    warnings = "warning" if counts["warning"] == 1 else "warnings"
    return f"{counts['breaking']} breaking, {counts['warning']} {warnings}, {counts['info']} info"


def _ordered(changes: list[Change]) -> list[Change]:
    """Grouped by level, then by operation; stable inside a group."""
    return sorted(changes, key=lambda c: (LEVELS.index(c.level), operation_key(c.operation)))


def _where(change: Change) -> str:
    parts = []
    if change.old_pointer is not None:
        parts.append(f"old: {change.old_pointer or '/'}")
    if change.new_pointer is not None:
        parts.append(f"new: {change.new_pointer or '/'}")
    return f" ({', '.join(parts)})" if parts else ""


def _sides(change: Change) -> str:
    sides = [name for name, hit in (("client", change.client), ("server", change.server)) if hit]
    return ", ".join(sides) or "-"


def _line(change: Change) -> str:
    fields = [f"{change.level.upper():<8}", change.rule]
    if change.operation is not None:
        fields.append(change.operation)
    fields.append(change.message + _where(change))
    return "  ".join(fields)


def _text(changes: list[Change], old_name: str, new_name: str) -> str:
    lines = [f"API changes from {old_name} to {new_name}", summary(changes)]
    if not changes:
        lines += ["", "No changes."]
    previous: Level | None = None
    for change in _ordered(changes):
        if change.level != previous:
            lines.append("")
            previous = change.level
        lines.append(_line(change))
    return "\n".join(lines) + "\n"


def _json(changes: list[Change], old_name: str, new_name: str) -> str:
    counts = {level: sum(c.level == level for c in changes) for level in LEVELS}
    payload = {
        "old": old_name,
        "new": new_name,
        "summary": counts,
        "changes": [
            {
                "rule": c.rule,
                "level": c.level,
                "operation": c.operation,
                "message": c.message,
                "old_pointer": c.old_pointer,
                "new_pointer": c.new_pointer,
                "client": c.client,
                "server": c.server,
            }
            for c in _ordered(changes)
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _markdown(changes: list[Change], old_name: str, new_name: str) -> str:
    lines = [f"# API changes from `{old_name}` to `{new_name}`", "", f"**{summary(changes)}**"]
    for level in LEVELS:
        group = [c for c in _ordered(changes) if c.level == level]
        if not group:
            continue
        lines += ["", f"## {_HEADINGS[level]} ({len(group)})", ""]
        lines += ["| Operation | Rule | Change | Affects | Where |", "|---|---|---|---|---|"]
        for c in group:
            where = _where(c).strip().removeprefix("(").removesuffix(")")
            row = [c.operation or "", f"`{c.rule}`", c.message, _sides(c), where]
            lines.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
    return "\n".join(lines) + "\n"


def render_report(
    changes: list[Change], old_name: str, new_name: str, *, fmt: Format = "text"
) -> str:
    """The report for ``changes`` between the documents named ``old_name`` and ``new_name``."""
    renderers = {"text": _text, "json": _json, "markdown": _markdown}
    return renderers[fmt](changes, old_name, new_name)
