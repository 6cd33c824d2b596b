"""What changes for Python callers of the generated package: two public surfaces compared.

A surface (:mod:`generator.render.surface`) maps each class and client method to its members
(fields, enum members, keyword arguments, the return annotation) with their annotations.
Names are what callers type, so a removed or renamed class, method, field or argument breaks
them, as does a new required argument or field; an argument or field that changed its
annotation may (the report shows both); what was added breaks nobody. A class or method is
renamed when its members are unchanged under exactly one new name; a member that disappears
is removed (another member with the same annotation is not evidence enough of a rename).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from generator.diff.change import Level
from generator.records import record

Items = Mapping[str, Mapping[str, str]]
_RETURNS = "->"


@record
class SdkChange:
    """One change of the package's public surface."""

    level: Level
    kind: str  # "class-removed", "method-renamed", "argument-added-required", ...
    message: str


def _what(item: str) -> tuple[str, str]:
    """("class", "Item") from "class Item"."""
    kind, _, name = item.partition(" ")
    return kind, name


def _renames(gone: list[str], added: list[str], old: Items, new: Items) -> dict[str, str]:
    """Items whose members are unchanged under a new name, where exactly one fits."""
    found: dict[str, str] = {}
    for name in gone:
        fits = [a for a in added if _what(a)[0] == _what(name)[0] and new[a] == old[name]]
        if len(fits) == 1 and sum(old[g] == new[fits[0]] for g in gone) == 1:
            found[name] = fits[0]
    return found


def _required(annotation: str) -> bool:
    return annotation.endswith("; required")


def _bare(annotation: str) -> str:
    return annotation.rpartition("; ")[0] or annotation


def _members(item: str, old: Mapping[str, str], new: Mapping[str, str]) -> list[SdkChange]:
    """Changes of one item's members; ``new`` written with renamed classes' old names."""
    kind, name = _what(item)
    member = {"method": "argument", "class": "field", "alias": "alias"}.get(kind, "member")
    where = f"{kind} `{name}`"
    out: list[SdkChange] = []
    for m in (m for m in old if m not in new):
        text = f"{where}: {member} `{m}` was removed"
        out.append(SdkChange("breaking", f"{member}-removed", text))
    for m in (m for m in new if m not in old):
        if _required(new[m]):
            text = f"{where}: new required {member} `{m}: {_bare(new[m])}`"
            out.append(SdkChange("breaking", f"{member}-added-required", text))
        else:
            text = f"{where}: new {member} `{m}: {_bare(new[m])}`"
            out.append(SdkChange("info", f"{member}-added", text))
    for m in old.keys() & new.keys():
        before, after = old[m], new[m]
        if before == after:
            continue
        if _bare(before) != _bare(after):
            label, rule = (
                ("return type", "return-type-changed")
                if m == _RETURNS
                else (f"{member} `{m}`", f"{member}-type-changed")
            )
            text = f"{where}: {label} changed from `{_bare(before)}` to `{_bare(after)}`"
            out.append(SdkChange("warning", rule, text))
        if _required(before) != _required(after):
            now = _required(after)
            level: Level = "breaking" if now else ("warning" if kind == "class" else "info")
            text = f"{where}: {member} `{m}` is now {'required' if now else 'optional'}"
            out.append(
                SdkChange(level, f"{member}-became-{'required' if now else 'optional'}", text)
            )
    return out


def _renamed_back(annotation: str, back: Mapping[str, str]) -> str:
    """``annotation`` with each renamed class written under its old name."""
    if not back:
        return annotation
    pattern = re.compile(
        r"\b(" + "|".join(map(re.escape, sorted(back, key=len, reverse=True))) + r")\b"
    )
    return pattern.sub(lambda m: back[m.group(1)], annotation)


def compare_surfaces(old: Items, new: Items) -> list[SdkChange]:
    """Every change of the public surface from ``old`` to ``new``, most severe first."""
    gone = sorted(i for i in old if i not in new)
    added = sorted(i for i in new if i not in old)
    renamed = _renames(gone, added, old, new)
    out: list[SdkChange] = []
    for item in gone:
        kind, name = _what(item)
        if item in renamed:
            text = f"{kind} `{name}` was renamed to `{_what(renamed[item])[1]}`"
            out.append(SdkChange("breaking", f"{kind}-renamed", text))
        else:
            out.append(SdkChange("breaking", f"{kind}-removed", f"{kind} `{name}` was removed"))
    for item in added:
        if item not in renamed.values():
            kind, name = _what(item)
            out.append(SdkChange("info", f"{kind}-added", f"new {kind} `{name}`"))
    # a renamed class is one entry: annotations that only name it anew are not changes
    back = {_what(n)[1]: _what(o)[1] for o, n in renamed.items()}
    for item in sorted(old.keys() & new.keys()):
        out += _members(item, old[item], {m: _renamed_back(a, back) for m, a in new[item].items()})
    order: tuple[Level, ...] = ("breaking", "warning", "info")
    return sorted(out, key=lambda c: order.index(c.level))
