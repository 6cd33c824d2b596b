"""The outcome of a conformance run: per operation and check, failures with reproductions.

``to_text()`` is the summary table and the failures, ``to_junit_xml()`` one test suite per
operation with one test case per check, ``to_json()`` everything as data. Nothing here
prints: :class:`ProgressBar` writes only to the stream the caller hands it, and only when
that stream is a terminal.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import IO, Any
from xml.etree import ElementTree as ET

from generator.conformance.lint import LintWarning
from generator.errors import EXIT_FINDING, EXIT_OK, EXIT_USAGE

__all__ = [
    "MAX_DISTINCT",
    "CheckStat",
    "Failure",
    "ProgressBar",
    "Report",
    "Step",
    "junit_xml",
    "reports_json",
]

MAX_DISTINCT = 5  # distinct failures listed per (operation, check); more are counted only


@dataclass
class CheckStat:
    """How one check fared on one operation."""

    operation: str
    check: str
    passed: int = 0
    failed: int = 0
    warned: int = 0
    warning: str = ""  # the first warning's message

    def plus(self, other: CheckStat) -> CheckStat:
        """The counts of both; this one's warning first."""
        return CheckStat(
            self.operation,
            self.check,
            self.passed + other.passed,
            self.failed + other.failed,
            self.warned + other.warned,
            self.warning or other.warning,
        )

    @property
    def verdict(self) -> str:
        """FAIL, WARN, PASS."""
        return "FAIL" if self.failed else "WARN" if self.warned else "PASS"


@dataclass
class Step:
    """One call of a failing sequence, as it was sent: values earlier answers gave written in."""

    operation: str
    description: str  # how the call came about: "call createNote", "link getNote from step 1"
    request: dict[str, Any]
    curl: str
    python: str


@dataclass
class Failure:
    """The smallest failing case seen for one distinct failure, and how to replay it."""

    operation: str
    check: str
    message: str
    case: str  # what the case was: its kind and description
    status: int
    curl: str
    python: str
    replay: str
    found_after_cases: int  # cases sent in the whole run when it was first seen
    found_after_seconds: float
    size: int = 0  # the request's size, to keep the smallest
    signature: str = ""  # status and shape: failures of one check with one signature are one fault
    # the case's kind: coverage, random, mutation, path_mutation, malformed_body,
    # wrong_media_type, no_media_type, unknown_method, no_auth or wrong_auth
    kind: str = ""
    # a sequence (the stateful phase): every call up to the failing one, the last included
    steps: list[Step] = field(default_factory=list)

    def to_text(self) -> str:
        """The failure with both reproductions, indented for the report."""
        lines = [
            f"FAIL {self.check} on {self.operation}: {self.message}",
            f"  case: {self.case}",
            f"  found after {self.found_after_cases} cases ({self.found_after_seconds:.2f}s)",
            f"  replay: {self.replay}",
        ]
        if self.steps:
            return "\n".join([*lines, *self._sequence()])
        lines += [
            "  reproduce with curl" + (" (export TOKEN first):" if "$TOKEN" in self.curl else ":"),
            f"    {self.curl}",
            "  reproduce with the generated client:",
            *(f"    {line}" for line in self.python.splitlines()),
        ]
        return "\n".join(lines)

    def _sequence(self) -> list[str]:
        token = any("$TOKEN" in step.curl for step in self.steps)
        lines = [
            f"  reproduce the {len(self.steps)} calls in order with curl"
            + (" (export TOKEN first):" if token else ":")
        ]
        for number, step in enumerate(self.steps, start=1):
            lines += [f"    # {number}. {step.description}", f"    {step.curl}"]
        lines.append("  reproduce with the generated client:")
        for number, step in enumerate(self.steps, start=1):
            lines.append(f"    # {number}. {step.description}")
            lines.extend(f"    {line}" for line in step.python.splitlines())
        return lines


@dataclass
class Report:
    """Everything a run found."""

    spec: str
    target: str
    seed: int
    max_examples: int
    source: str
    stats: dict[tuple[str, str], CheckStat] = field(default_factory=dict)
    # the smallest failure of each failing (operation, check)
    failures: dict[tuple[str, str], Failure] = field(default_factory=dict)
    # the smallest failure of each distinct (operation, check, signature), at most
    # MAX_DISTINCT per (operation, check): these are the failures listed
    distinct: dict[tuple[str, str, str], Failure] = field(default_factory=dict)
    lint: list[LintWarning] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cases: int = 0
    seconds: float = 0.0
    answered: int = 0  # cases the server answered
    resent: int = 0  # requests lost on a closed keep-alive connection and sent again
    spared: int = 0  # cases not sent: they could only repeat a known failure
    cut_short: bool = False  # --max-time passed before every planned case ran
    not_run: int = 0  # planned cases a cut-short run did not come to
    selection: str = ""  # what --include-*/--exclude-*, --checks, --phases chose ("": all)
    sequences: int = 0  # sequences of calls the stateful phase ran
    # links the stateful phase followed at least once: (from the spec, inferred)
    links_followed: tuple[int, int] = (0, 0)

    @property
    def exit_code(self) -> int:
        """1 when any check failed; else 2 when the run was cut short (nothing failed, but
        not everything ran: no verdict), else 0."""
        if self.failures:
            return EXIT_FINDING
        return EXIT_USAGE if self.cut_short else EXIT_OK

    def stat(self, operation: str, check: str) -> CheckStat:
        """The counters of one (operation, check), created on first use."""
        key = (operation, check)
        if key not in self.stats:
            self.stats[key] = CheckStat(operation, check)
        return self.stats[key]

    def held(self, operation: str, check: str, signature: str) -> Failure | None:
        """The failure kept for this signature; None when there is none yet."""
        return self.distinct.get((operation, check, signature))

    def has_room(self, operation: str, check: str) -> bool:
        """True while fewer than MAX_DISTINCT signatures of this check are kept."""
        return sum(1 for k in self.distinct if k[:2] == (operation, check)) < MAX_DISTINCT

    def keep(self, failure: Failure) -> None:
        """Keep ``failure`` as the reproduction of its signature (the caller compared sizes)."""
        self.distinct[(failure.operation, failure.check, failure.signature)] = failure
        key = (failure.operation, failure.check)
        held = self.failures.get(key)
        if held is None or failure.size < held.size or held.signature == failure.signature:
            self.failures[key] = failure

    def failed(self, operation: str | None = None) -> list[Failure]:
        """Distinct failures, optionally for one operation, in a stable order."""
        return [
            f
            for key, f in sorted(self.distinct.items())
            if operation is None or key[0] == operation
        ]

    def to_text(self) -> str:
        """The summary table, then every failure, warning and note."""
        rows = [("operation", "check", "passed", "failed", "warned", "result")]
        rows.extend(
            (s.operation, s.check, str(s.passed), str(s.failed), str(s.warned), s.verdict)
            for _, s in sorted(self.stats.items())
        )
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        table = [
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
        ]
        table.insert(1, "  ".join("-" * w for w in widths))
        failed = sum(1 for s in self.stats.values() if s.failed)
        head = (
            f"conformance of {self.spec} against {self.target}: {self.cases} cases in "
            f"{self.seconds:.1f}s (seed {self.seed}, max examples {self.max_examples}; "
            f"cases from the {self.source})"
        )
        if self.cut_short:
            head += f"; cut short by --max-time, {self.not_run} cases not run"
        parts = [head, *([f"selected: {self.selection}"] if self.selection else []), "", *table, ""]
        parts.extend(f.to_text() + "\n" for f in self.failed())
        warned = [s for _, s in sorted(self.stats.items()) if s.warned and not s.failed]
        parts.extend(f"WARN {s.check} on {s.operation}: {s.warning}" for s in warned)
        parts.extend(f"warning: {w}" for w in self.lint)
        parts.extend(f"note: {n}" for n in self.notes)
        checks = len(self.stats)
        parts.append(f"{checks - failed} of {checks} checks passed, {failed} failed")
        if self.cut_short and not failed:
            parts.append("incomplete: no check failed, but not every case ran")
        return "\n".join(p for p in parts if p is not None).rstrip() + "\n"

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "spec": self.spec,
            "target": self.target,
            "seed": self.seed,
            "max_examples": self.max_examples,
            "source": self.source,
            "cases": self.cases,
            "answered": self.answered,
            "resent": self.resent,
            "spared": self.spared,
            "cut_short": self.cut_short,
            "not_run": self.not_run,
            "selection": self.selection or None,
            "sequences": self.sequences,
            "links_followed": dict(zip(("spec", "inferred"), self.links_followed, strict=True)),
            "seconds": round(self.seconds, 3),
            "exit_code": self.exit_code,
            "checks": [asdict(s) | {"result": s.verdict} for _, s in sorted(self.stats.items())],
            "failures": [asdict(f) for f in self.failed()],
            "warnings": [
                {"code": w.code, "message": w.message, "operations": list(w.operations)}
                for w in self.lint
            ],
            "notes": list(self.notes),
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as indented JSON."""
        return reports_json([self])

    def to_junit_xml(self) -> str:
        """JUnit XML: a suite per operation, a case per check; warnings go to system-out, and
        each suite's properties say whether --max-time cut the run short."""
        return junit_xml([self])

    def suites(self, root: ET.Element, prefix: str = "") -> None:
        """One suite per operation under ``root``, each named ``prefix`` + its operation."""
        by_op: dict[str, list[CheckStat]] = {}
        for _, stat in sorted(self.stats.items()):
            by_op.setdefault(stat.operation, []).append(stat)
        if not by_op and self.cut_short:  # cut before any check: the suite says so alone
            self._properties(_suite(root, self.spec, 0, 0))
        for operation, stats in by_op.items():
            failed = sum(1 for s in stats if s.failed)
            suite = _suite(root, prefix + operation, len(stats), failed)
            self._properties(suite)
            for stat in stats:
                case = ET.SubElement(suite, "testcase", classname=operation, name=stat.check)
                failure = self.failures.get((operation, stat.check))
                if failure is not None:
                    node = ET.SubElement(case, "failure", message=failure.message, type=stat.check)
                    node.text = "\n\n".join(
                        f.to_text() for f in self.failed(operation) if f.check == stat.check
                    )
                elif stat.warned:
                    ET.SubElement(case, "system-out").text = f"warning: {stat.warning}"

    def _properties(self, suite: ET.Element) -> None:
        """Whether --max-time cut the run short, and how many planned cases it did not run,
        as the text and JSON reports say them."""
        properties = ET.SubElement(suite, "properties")
        for name, value in (("cut_short", str(self.cut_short).lower()), ("not_run", self.not_run)):
            ET.SubElement(properties, "property", name=name, value=str(value))


def _suite(root: ET.Element, name: str, tests: int, failures: int) -> ET.Element:
    return ET.SubElement(
        root,
        "testsuite",
        name=name,
        tests=str(tests),
        failures=str(failures),
        errors="0",
        skipped="0",
    )


def junit_xml(reports: list[Report], several: bool = False) -> str:
    """The JUnit XML of the runs of one spec or (``several``) of many, where each suite's name
    starts with its spec (``spec/a.yaml: getItem``)."""
    tests = sum(len(r.stats) for r in reports)
    root = ET.Element("testsuites", name="apiforge conformance", tests=str(tests))
    for report in reports:
        report.suites(root, f"{report.spec}: " if several else "")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def reports_json(reports: list[Report], several: bool = False) -> str:
    """The JSON of the run of one spec (an object), or of the runs of ``several`` (a list of
    them, in the specs' order; a spec that could not run has none)."""
    data = [r.to_dict() for r in reports] if several else reports[0].to_dict()
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


class ProgressBar:
    """A one-line text progress bar on a terminal stream; silent on anything else."""

    def __init__(
        self, stream: IO[str], width: int = 30, clock: Callable[[], float] = time.monotonic
    ):
        self.stream = stream
        self.width = width
        self.clock = clock
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())
        self._last = 0.0

    def __call__(self, done: int, total: int, label: str) -> None:
        """Redraw, at most ten times a second and always at the end."""
        if not self.enabled:
            return
        now = self.clock()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        total = max(total, done, 1)
        filled = self.width * done // total
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} {label[:40]:<40}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
