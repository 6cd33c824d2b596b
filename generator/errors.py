"""The one error type apiforge raises for bad input, and its exit codes."""

from __future__ import annotations

from dataclasses import dataclass, field

EXIT_OK = 0
EXIT_FINDING = 1  # invalid spec, stale output, breaking change, failed check
EXIT_USAGE = 2  # usage error or unreadable input


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding located in a file: ``FILE:LINE:COL: message (at /json/pointer)``."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    pointer: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.message}"
        if self.pointer is not None:
            text += f" (at {self.pointer or '/'})"
        return text


@dataclass(eq=False)
class ApiforgeError(Exception):
    """A failure the user can act on; carries one or more located problems."""

    problems: list[Problem] = field(default_factory=list)
    exit_code: int = EXIT_FINDING

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def fail(
    file: str,
    message: str,
    *,
    pointer: str | None = None,
    line: int | None = None,
    column: int | None = None,
    exit_code: int = EXIT_FINDING,
) -> ApiforgeError:
    """Build an error with a single problem (callers ``raise fail(...)``)."""
    return ApiforgeError([Problem(file, message, line, column, pointer)], exit_code)
