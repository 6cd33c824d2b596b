"""apiforge next to schemathesis on FastAPI applications: correct ones and planted bugs.

Used by ``bench/conformance.py``. Every target of ``tests/servers`` (each correct application,
then each planted variant served against the correct application's spec) is tested by both
tools with the same seed and example count, on 127.0.0.1, one target at a time. Per tool it
reports false alarms on the correct applications, planted bugs caught, and how soon.

How soon: the server counts requests and notes the first request on which the planted bug
fired (its answer differed from the correct application's). For apiforge the detection point
is exact: the case count at which its report first holds the failure. schemathesis does not
say when it found a failure, so its column is the request on which the bug first fired, a
lower bound of its detection that favours it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from peers import tool  # noqa: E402
from tables import cell  # noqa: E402

from generator.config import SpecConfig  # noqa: E402
from generator.conformance import Report, run_conformance  # noqa: E402
from generator.errors import ApiforgeError  # noqa: E402
from generator.mock import serving  # noqa: E402
from generator.pipeline import build  # noqa: E402
from tests.servers import PLANTED, SERVERS, Counted, Planted, Server, write_spec  # noqa: E402

TIMEOUT = 600.0  # seconds for one tool on one target; a longer run is reported, not awaited
# schemathesis's failure codes (``st explain``) by the check that raises them
ST_CODES = {
    "not_a_server_error": ("ST101", "ST102"),
    "status_code_conformance": ("ST103",),
    "content_type_conformance": ("ST104", "ST105", "ST106"),
    "response_headers_conformance": ("ST107",),
    "response_schema_conformance": ("ST108", "ST109", "ST110", "ST111"),
    "max_response_time": ("ST112",),
    "negative_data_rejection": ("ST201",),
    "positive_data_acceptance": ("ST202",),
    "missing_required_header": ("ST203",),
    "unsupported_method": ("ST204",),
    "allow_header_conformance": ("ST205",),
    "use_after_free": ("ST301",),
    "ensure_resource_availability": ("ST302",),
    "ignored_auth": ("ST401",),
    "object_level_authorization": ("ST402",),
}
_CHECK_OF = {code: check for check, codes in ST_CODES.items() for code in codes}


@dataclass
class Result:
    """One tool on one target."""

    tool: str
    target: str
    planted: Planted | None
    failures: set[tuple[str, str]] = field(default_factory=set)  # (operation, check)
    caught: bool = False
    requests: int = 0
    fired_at: int | None = None
    fired_after: float | None = None
    detected_at: int | None = None  # apiforge only: the case count of the report
    detected_after: float | None = None
    seconds: float = 0.0
    error: str = ""

    @property
    def detection(self) -> int | None:
        """Requests to detection: apiforge's own count, else the first firing (a lower bound)."""
        if not self.caught:
            return None
        return self.detected_at if self.detected_at is not None else self.fired_at


def _targets() -> Iterator[tuple[Server, Planted | None]]:
    for server in SERVERS:
        yield server, None
    for planted in PLANTED:
        yield planted.server, planted


@dataclass(frozen=True)
class Job:
    """One target for one tool: the application (or its planted variant), its spec, the
    failures of the correct application (the baseline), and the run's seed and example count."""

    server: Server
    planted: Planted | None
    spec: Path
    baseline: set[tuple[str, str]]
    max_examples: int
    seed: int

    def start(self, tool: str) -> tuple[Result, Any]:
        """An empty result of ``tool`` on this target, and the application to serve (it counts
        requests)."""
        planted, server = self.planted, self.server
        result = Result(tool, planted.name if planted else server.name, planted)
        app = planted.serve() if planted is not None else Counted(server.make(None))
        return result, app


def apiforge(job: Job) -> Result:
    """apiforge's conformance run on one target, in this process."""
    result, app = job.start("apiforge")
    server, planted, spec = job.server, job.planted, job.spec
    done: list[Report | str] = []

    def run() -> None:
        try:
            api = build(SpecConfig(spec=spec, output=spec.parent / "out"), ROOT)[1]
            with serving(app) as url:
                done.append(
                    run_conformance(
                        api,
                        base_url=url,
                        token=server.token,
                        max_examples=job.max_examples,
                        seed=job.seed,
                        strict_types=planted is not None and planted.lax,
                    )
                )
        except ApiforgeError as exc:
            done.append(str(exc).splitlines()[0])

    started = time.monotonic()
    worker = threading.Thread(target=run, name=f"apiforge {result.target}", daemon=True)
    worker.start()
    worker.join(TIMEOUT)  # a run still going then is reported and left behind
    result.seconds = time.monotonic() - started
    report = done[0] if done else f"no result within {TIMEOUT:.0f}s"
    if isinstance(report, str):
        result.error = report
        result.failures = {("(run)", "error")}
        _tracked(result, app)
        return result
    result.failures = set(report.failures)
    if planted is not None:
        hits = [
            f
            for key, f in report.failures.items()
            if planted.catches(key[1]) and key not in job.baseline
        ]
        result.caught = bool(hits)
        if hits:
            first = min(hits, key=lambda f: f.found_after_cases)
            result.detected_at = first.found_after_cases
            result.detected_after = first.found_after_seconds
    _tracked(result, app)
    return result


def schemathesis(job: Job) -> Result:
    """``st run`` on one target, as a subprocess, its JSON report read back."""
    result, app = job.start("schemathesis")
    server, planted, spec, seed = job.server, job.planted, job.spec, job.seed
    st = tool("st") or "st"
    report = spec.with_suffix(".st.json")
    with serving(app) as url:
        command = [
            *(st, "run", str(spec), "--url", url, "--workers", "1", "--checks", "all"),
            *("--seed", str(seed), "--max-examples", str(job.max_examples), *server.st_auth),
            *("--report", "json", "--report-json-path", str(report)),
        ]
        started = time.monotonic()
        try:
            subprocess.run(
                command,
                capture_output=True,
                text=True,
                check=False,
                timeout=TIMEOUT,
                cwd=spec.parent,
            )
        except subprocess.TimeoutExpired:
            result.error = f"no result within {TIMEOUT:.0f}s"
        result.seconds = time.monotonic() - started
    data: dict[str, Any] = json.loads(report.read_text()) if report.is_file() else {}
    if not data and not result.error:
        result.error = "no report written"
    for failure in data.get("failures", []):
        check = _CHECK_OF.get(str(failure.get("code")), str(failure.get("title")))
        for operation in failure.get("operations", []) or ["(any)"]:
            result.failures.add((str(operation), check))
    if planted is not None:
        result.caught = any(
            key[1] in planted.st_checks and key not in job.baseline for key in result.failures
        )
    _tracked(result, app)
    return result


def _tracked(result: Result, app: Any) -> None:
    result.requests = app.tracker.requests
    result.fired_at = app.tracker.fired_at_request
    result.fired_after = app.tracker.fired_after_seconds


def run_all(max_examples: int, seed: int, tools: tuple[str, ...]) -> list[Result]:
    """Every tool on every target; the correct applications first (their failures are the
    baseline a planted variant's failures are compared against)."""
    runners = {"apiforge": apiforge, "schemathesis": schemathesis}
    results: list[Result] = []
    baselines: dict[tuple[str, str], set[tuple[str, str]]] = {}
    with tempfile.TemporaryDirectory() as folder:
        specs = {s.name: write_spec(s, Path(folder)) for s in SERVERS}
        for server, planted in _targets():
            for tool in tools:
                baseline = baselines.get((tool, server.name), set())
                spec = specs[server.name]
                result = runners[tool](Job(server, planted, spec, baseline, max_examples, seed))
                if planted is None:
                    baselines[(tool, server.name)] = result.failures
                results.append(result)
                print(f"  {tool:<12} {result.target:<34} {result.seconds:6.1f}s", flush=True)
    return results


def _checks(failures: set[tuple[str, str]]) -> str:
    counts: dict[str, int] = {}
    for _, check in failures:
        counts[check] = counts.get(check, 0) + 1
    return ", ".join(f"{c}x{n}" if n > 1 else c for c, n in sorted(counts.items())) or "-"


def _table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = [head, *rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = ["  ".join(c.ljust(widths[i]) for i, c in enumerate(line)).rstrip() for line in lines]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def report(results: list[Result], tools: tuple[str, ...]) -> tuple[str, bool]:
    """The tables and the targets; True when apiforge met every target."""
    by = {(r.tool, r.target): r for r in results}
    correct = [r for r in results if r.planted is None]
    planted = [r for r in results if r.planted is not None]
    lines = ["false alarms on correct FastAPI applications (failures of any check):"]
    lines.append(
        _table(
            ("tool", "server", "false alarms", "checks", "requests", "run s", "error"),
            [
                (
                    r.tool,
                    r.target,
                    str(len(r.failures)),
                    _checks(r.failures),
                    str(r.requests),
                    f"{r.seconds:.1f}",
                    r.error or "-",
                )
                for r in correct
            ],
        )
    )
    lines.append("")
    lines.append("planted bugs (requests / seconds to detection; schemathesis: to first firing):")
    lines.append(
        _table(
            (
                "tool",
                "planted bug",
                "caught",
                "requests",
                "1st fired",
                "detected at",
                "det. s",
                "run s",
                "failures",
            ),
            [
                (
                    r.tool,
                    r.target,
                    "yes" if r.caught else "NO",
                    str(r.requests),
                    cell(r.fired_at),
                    cell(r.detection),
                    cell(r.detected_after if r.detected_at is not None else r.fired_after),
                    f"{r.seconds:.1f}",
                    _checks(r.failures),
                )
                for r in planted
            ],
        )
    )
    lines.append("")
    lines.append("per tool:")
    for name in tools:
        mine = [r for r in correct if r.tool == name]
        alarms = sum(len(r.failures) for r in mine)
        caught = [r for r in planted if r.tool == name and r.caught]
        total = len([r for r in planted if r.tool == name])
        lines.append(
            f"  {name}: {alarms} false alarm(s) on {len(mine)} correct servers; "
            f"{len(caught)}/{total} planted bugs caught"
        )
    lines.append("")
    lines.append("targets for apiforge:")
    met = True
    for r in correct:
        if r.tool != "apiforge":
            continue
        ok = not r.failures
        met &= ok
        what = (
            "0 false alarms" if ok else f"{len(r.failures)} false alarm(s): {_checks(r.failures)}"
        )
        lines.append(f"  {'ok    ' if ok else 'MISSED'} {r.target}: {what}")
    for r in planted:
        if r.tool != "apiforge":
            continue
        theirs = by.get(("schemathesis", r.target))
        if not r.caught:
            ok, what = False, "not caught"
        elif theirs is None or not theirs.caught:
            ok, what = True, f"caught at {r.detection}; schemathesis: not caught or not run"
        else:
            ok = (r.detection or 0) < (theirs.detection or 0)
            what = f"caught at {r.detection} requests; schemathesis at >= {theirs.detection}"
        met &= ok
        lines.append(f"  {'ok    ' if ok else 'MISSED'} {r.target}: {what}")
    return "\n".join(lines), met
