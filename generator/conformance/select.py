"""What a conformance run covers: which operations, which checks, which phases.

Operations are chosen by path, method, operationId and tag. Each ``--include-*`` or
``--exclude-*`` value is an exact value, or a regular expression when written
``re:PATTERN`` (Python's syntax, searched anywhere in the value: ``re:^/users`` for the
paths that start so). An operation is run when, for every kind of include given, one of its
values matches, and no exclude of any kind matches it. Methods compare without case.

The checks are the names of :data:`generator.conformance.checks.CHECKS`; the phases are
``coverage`` (the deterministic cases), ``random`` (the Hypothesis search) and ``stateful``
(sequences of operations joined by their links). A bad value is a usage error that names
its flag.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field

from generator import ir
from generator.conformance.checks import CHECKS
from generator.errors import EXIT_USAGE, fail
from generator.records import record

__all__ = ["FIELDS", "PHASES", "Selection", "checks_option", "phases_option"]

PHASES = ("coverage", "random", "stateful")
REGEX = "re:"
# the kinds of selection: (flag suffix, the values of an operation it reads)
FIELDS: dict[str, Callable[[ir.Operation], tuple[str, ...]]] = {
    "path": lambda op: (op.path,),
    "method": lambda op: (op.method,),
    "operation-id": lambda op: (op.operation_id,),
    "tag": lambda op: op.tags,
}


def _matcher(flag: str, value: str, fold: bool) -> Callable[[str], bool]:
    if value.startswith(REGEX):
        try:
            pattern = re.compile(value[len(REGEX) :], re.IGNORECASE if fold else 0)
        except re.error as exc:
            raise fail(
                flag, f"{value!r} is not a regular expression: {exc}", exit_code=EXIT_USAGE
            ) from None
        return lambda text: pattern.search(text) is not None
    if fold:
        return lambda text: text.lower() == value.lower()
    return lambda text: text == value


@record
class Selection:
    """The ``--include-*`` and ``--exclude-*`` values, by field name (see :data:`FIELDS`)."""

    include: dict[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for flag, values in self._flags():
            for value in values:
                _matcher(flag, value, False)  # a bad pattern is refused before any run

    def _flags(self) -> Iterable[tuple[str, tuple[str, ...]]]:
        for way, chosen in (("include", self.include), ("exclude", self.exclude)):
            for name, values in chosen.items():
                yield f"--{way}-{name}", values

    @property
    def given(self) -> bool:
        """True when any include or exclude was given."""
        return any(values for _, values in self._flags())

    def _matches(self, way: str, name: str, values: tuple[str, ...], op: ir.Operation) -> bool:
        matchers = [_matcher(f"--{way}-{name}", v, name == "method") for v in values]
        return any(m(text) for m in matchers for text in FIELDS[name](op))

    def admits(self, op: ir.Operation) -> bool:
        """True when ``op`` is run."""
        included = all(
            self._matches("include", name, values, op)
            for name, values in self.include.items()
            if values
        )
        excluded = any(
            self._matches("exclude", name, values, op) for name, values in self.exclude.items()
        )
        return included and not excluded

    def admits_method(self, method: str) -> bool:
        """True when a request of ``method`` may be sent at all: one of the ``--include-method``
        values matches it (when any is given), and no ``--exclude-method`` value does. The
        probes of methods a path does not document obey it too: a server that takes one may
        act on it."""

        def matches(way: str, values: tuple[str, ...]) -> bool:
            return any(_matcher(f"--{way}-method", v, True)(method) for v in values)

        included = self.include.get("method", ())
        excluded = self.exclude.get("method", ())
        return (not included or matches("include", included)) and not matches("exclude", excluded)

    def operations(self, api: ir.Api) -> tuple[ir.Operation, ...]:
        """The operations of ``api`` this selection keeps, in their order; a usage error
        naming the flags when it keeps none."""
        kept = tuple(op for op in api.operations if self.admits(op))
        if not kept and api.operations:
            flags = ", ".join(sorted({flag for flag, values in self._flags() if values}))
            raise fail(
                api.spec_file,
                f"the selection ({flags}) leaves none of its {len(api.operations)} operations",
                exit_code=EXIT_USAGE,
            )
        return kept

    def describe(self) -> str:
        """The selection as its flags, e.g. ``--include-tag pets --exclude-method DELETE``."""
        return " ".join(f"{flag} {v}" for flag, values in self._flags() for v in values)


def _names(flag: str, given: Sequence[str], known: Sequence[str]) -> list[str]:
    names = [n.strip() for text in given for n in text.split(",") if n.strip()]
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            known_list = ", ".join(known)
            raise fail(
                flag, f"unknown name {name!r}{hint} (known: {known_list})", exit_code=EXIT_USAGE
            )
    return names


def checks_option(checks: Sequence[str] = (), exclude: Sequence[str] = ()) -> frozenset[str]:
    """The checks ``--checks`` and ``--exclude-checks`` leave (every check when neither is
    given); a usage error for an unknown name or when none is left."""
    known = list(CHECKS)
    chosen = set(_names("--checks", checks, known)) if checks else set(known)
    chosen -= set(_names("--exclude-checks", exclude, known))
    if not chosen:
        raise fail("--checks", "the selection leaves no check to run", exit_code=EXIT_USAGE)
    return frozenset(chosen)


def phases_option(phases: Sequence[str] = ()) -> frozenset[str]:
    """The phases ``--phases`` names (all of :data:`PHASES` when not given)."""
    if not phases:
        return frozenset(PHASES)
    chosen = frozenset(_names("--phases", phases, PHASES))
    if not chosen:
        raise fail("--phases", "name at least one phase", exit_code=EXIT_USAGE)
    return chosen
