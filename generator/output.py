"""What a command prints, in the form its reader wants: lines for people (coloured on a
terminal), one JSON document for tools, or workflow commands that CI shows as annotations.

Colour is used only when the stream is a terminal, ``NO_COLOR`` is unset or empty, and
``TERM`` is not ``dumb``; ``FORCE_COLOR`` (non-empty) turns it on for a pipe (CI logs).
"""

from __future__ import annotations

import json
import os
from dataclasses import field
from typing import Any, Literal, TextIO

from generator.errors import Problem
from generator.records import record

__all__ = ["FORMATS", "Format", "Output", "annotation"]

Format = Literal["text", "json", "github"]
FORMATS: tuple[Format, ...] = ("text", "json", "github")
Severity = Literal["error", "warning"]

_BOLD, _RED, _YELLOW, _RESET = "\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[0m"


def _coloured(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def _escape(text: str, *, property_value: bool = False) -> str:
    """Text as a workflow command carries it: ``%``, CR and LF escaped (and ``:``, ``,`` in
    a property), so a message cannot end the command or start another."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def annotation(problem: Problem, severity: Severity) -> str:
    """``::error file=F,line=L,col=C::message (at /pointer)``: a GitHub Actions annotation."""
    fields = [f"file={_escape(problem.file, property_value=True)}"]
    if problem.line is not None:
        fields += [f"line={problem.line}", f"col={problem.column or 1}"]
    message = problem.message + (f" (at {problem.pointer or '/'})" if problem.pointer else "")
    return f"::{severity} {','.join(fields)}::{_escape(message)}"


@record(frozen=False)
class Output:
    """Where a command's lines go, in ``format``.

    ``text``: results on stdout, problems on stderr, one line each. ``json``: nothing until
    :meth:`close`, which prints one document (``{"specs": [...], "exit_code": n}``).
    ``github``: problems as annotations on stdout, the rest as text.
    """

    stdout: TextIO
    stderr: TextIO
    format: Format = "text"
    _specs: list[dict[str, Any]] = field(default_factory=list)
    _loose: dict[str, Any] = field(default_factory=lambda: {"spec": None, "problems": []})

    def info(self, line: str) -> None:
        """A result line."""
        if self.format == "json":
            self._current().setdefault("results", []).append(line)
        else:
            print(line, file=self.stdout, flush=True)

    def error(self, line: str) -> None:
        """A line about a problem that has no place in a file (text only in JSON's record)."""
        if self.format == "json":
            self._current().setdefault("messages", []).append(line)
            return
        if _coloured(self.stderr) and line.startswith("warning: "):
            line = f"{_YELLOW}warning:{_RESET} {line[len('warning: ') :]}"
        print(line, file=self.stderr, flush=True)

    def problem(self, problem: Problem, severity: Severity = "error") -> None:
        """A located problem (or warning) of the spec being worked on."""
        if self.format == "json":
            record = {"severity": severity, **_fields(problem)}
            self._current()["problems"].append(record)
        elif self.format == "github":
            print(annotation(problem, severity), file=self.stdout, flush=True)
        else:
            self.error(self._styled(problem, severity))

    def begin(self, spec: str) -> None:
        """Later lines and problems belong to ``spec``."""
        self._specs.append({"spec": spec, "problems": []})

    def end(self, exit_code: int) -> None:
        """The spec begun last is done, with ``exit_code``."""
        if self._specs:
            self._specs[-1]["exit_code"] = exit_code

    def close(self, exit_code: int) -> None:
        """Print the JSON document (``json`` only)."""
        if self.format != "json":
            return
        specs = list(self._specs)
        if self._loose["problems"] or "messages" in self._loose or "results" in self._loose:
            specs.insert(0, self._loose)
        document = {"specs": specs, "exit_code": exit_code}
        print(json.dumps(document, indent=2, ensure_ascii=False), file=self.stdout, flush=True)

    def _current(self) -> dict[str, Any]:
        return self._specs[-1] if self._specs else self._loose

    def _styled(self, problem: Problem, severity: Severity) -> str:
        text = str(problem)
        prefix = "warning: " if severity == "warning" else ""
        if not _coloured(self.stderr):
            return prefix + text
        where, sep, rest = text.partition(": ")
        mark = f"{_YELLOW}warning:{_RESET} " if prefix else ""
        colour = _YELLOW if prefix else _RED
        return f"{mark}{_BOLD}{where}{_RESET}{sep}{colour}{rest}{_RESET}"


def _fields(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "column": problem.column if problem.line is None else problem.column or 1,
        "pointer": problem.pointer,
        "message": problem.message,
    }
