"""The one error type apiforge raises for bad input, and its exit codes."""

from __future__ import annotations

import os
from dataclasses import field

from generator.records import record

EXIT_OK = 0
EXIT_FINDING = 1  # invalid spec, stale output, breaking change, failed check
EXIT_USAGE = 2  # usage error or unreadable input


@record(slots=True)
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
        if self.pointer is not None:  # a key's control characters escaped: one line
            text += f" (at {shown_path(self.pointer or '/', len(self.pointer) * 10 + 10)})"
        return text


@record(frozen=False, eq=False)
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


def shown_path(path: object, limit: int = 200) -> str:
    """A path for a one-line message: control characters escaped, a very long one shortened."""
    text = os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else str(path)
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    if len(text) > limit:
        keep = (limit - 5) // 2
        text = f"{text[:keep]}[...]{text[-keep:]}"
    return text


def environment_failure(exc: BaseException) -> Problem | None:
    """The problem naming the path and the cause when the machine, not apiforge, failed.

    A full disk, a refused permission, a name too long, no memory left: every ``OSError`` the
    system raised with its error number, and ``MemoryError``. None for anything else: a bug
    (a ``TypeError``, an ``OSError`` apiforge made up without a number) stays a bug.
    """
    if isinstance(exc, MemoryError):
        return Problem("apiforge", "out of memory")
    if not isinstance(exc, OSError) or exc.errno is None:
        return None
    cause = exc.strerror or os.strerror(exc.errno)
    if exc.filename is None:
        return Problem("apiforge", cause)
    where = shown_path(exc.filename)
    if exc.filename2 is not None:
        where += f" -> {shown_path(exc.filename2)}"
    return Problem(where, cause)
