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


def escape_pointer_token(token: str | int) -> str:
    """Escape one JSON pointer token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    """Undo :func:`escape_pointer_token`."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer_of(parts: tuple[str | int, ...] | list[str | int]) -> str:
    """Join path parts into a JSON pointer (``""`` is the document root)."""
    return "".join("/" + escape_pointer_token(p) for p in parts)


def pointer_parts(pointer: str) -> tuple[str, ...]:
    """Split a JSON pointer into its unescaped tokens (the inverse of :func:`pointer_of`)."""
    return tuple(unescape_pointer_token(token) for token in pointer.split("/")[1:])
