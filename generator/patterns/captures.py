"""Capture groups and backreferences: what a pattern records of them, and a reference in Python."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.patterns.errors import PatternError, Untranslatable

__all__ = ["Captures", "Group", "Ref", "resolve"]


@dataclass(slots=True)
class Group:
    """A capturing group, in the order of its opening parenthesis."""

    name: str | None
    repeated: bool  # inside a quantifier that may run more than once
    behind: bool  # inside a lookbehind


@dataclass(slots=True)
class Ref:
    """A backreference (``\\1`` or ``\\k<name>``), written once every group is known."""

    target: int | str
    offset: int
    repeated: bool
    behind: bool


@dataclass(slots=True)
class Captures:
    """The capturing groups of one pattern, as far as it has been read."""

    groups: list[Group] = field(default_factory=list)


def resolve(ref: Ref, captures: Captures) -> str:
    """The Python for ``ref``: its group's text, or the empty string if that has not matched."""
    if isinstance(ref.target, str):
        numbers = [i + 1 for i, g in enumerate(captures.groups) if g.name == ref.target]
        if not numbers:
            raise PatternError(f"no group named {ref.target!r}", ref.offset)
        if len(numbers) > 1:
            raise Untranslatable(f"a backreference to the name {ref.target!r} that groups share")
        number = numbers[0]
    else:
        number = ref.target
        if number > len(captures.groups):
            raise PatternError(
                f"backreference \\{number} to a group that does not exist", ref.offset
            )
    group = captures.groups[number - 1]
    if group.repeated:
        raise Untranslatable("a backreference to a group inside a repetition")
    if group.behind or ref.behind:
        raise Untranslatable("a backreference inside a lookbehind")
    return f"(?({number})\\{number})"
