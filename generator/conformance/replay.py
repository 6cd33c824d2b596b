"""Replay a cassette's failing exchanges: send each again and judge the new answer.

An exchange failed when one of its checks did. Each is sent again as recorded (the token
given now in the places the cassette marks), to the server the cassette records by default:
the URL each request went to, or the built-in mock started anew when the run was against
it. ``base_url`` sends them elsewhere instead: the recorded base URL (or origin) is replaced
by it. The new answer goes through the same checks (:func:`~generator.conformance.checks.judge`)
of the operation the spec has now, and each exchange is then one of:

- *still fails*: a check it failed fails again;
- *fails otherwise*: those pass now, but another check fails;
- *now passes*: no check fails;
- *not in the spec*: its operation is no longer in the spec, so it cannot be judged.

Only what the checks say is replayed: a run's second look at a refused valid request (sent
again without its opaque values, :mod:`generator.conformance.probing`) is a ``probe`` entry
no check judged, never a failing exchange, and a recorded refusal that look left a failure
is judged again by the checks alone, one request per exchange, as recorded.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from generator import ir
from generator.conformance.cassette import Recorded, Recording
from generator.conformance.checks import Answer, Context, Outcome, judge
from generator.conformance.runner import DEFAULT_MAX_BODY, check_options
from generator.conformance.transport import Transport
from generator.conformance.wire import HttpRequest
from generator.errors import EXIT_FINDING, EXIT_OK, EXIT_USAGE, fail, shown_path
from generator.exchange import SchemaValidator
from generator.mock import DEFAULT_TOKEN, running
from generator.records import record

__all__ = ["ReplayReport", "Replayed", "replay"]

Verdict = Literal["still fails", "fails otherwise", "now passes", "not in the spec"]
_FAILING: tuple[Verdict, ...] = ("still fails", "fails otherwise")
_LONGEST = 2000  # characters of one line of the report


@record
class Replayed:
    """One failing exchange sent again, and how it fared."""

    recorded: Recorded
    verdict: Verdict
    outcomes: tuple[Outcome, ...] = ()  # the new answer's
    status: int = 0  # the new answer's (0: none)

    def to_text(self) -> str:
        """One line, and the recorded failure beneath it (what the cassette says escaped: a
        cassette from elsewhere cannot drive the terminal)."""
        recorded = self.recorded
        was = "; ".join(f"{o.check}: {o.message}" for o in recorded.failed)
        head = (
            f"{self.verdict}: {recorded.operation} "
            f"(entry {recorded.index}, {recorded.kind}: {recorded.description})"
        )
        if self.verdict == "not in the spec":
            lines = [head, f"    the spec has no operation {recorded.operation!r}"]
            return "\n".join(shown_path(line, _LONGEST) for line in lines)
        now = [f"{o.check}: {o.message}" for o in self.outcomes if o.verdict == "fail"]
        lines = [head, f"    recorded: {was}"]
        lines.append(
            f"    now: {'; '.join(now)}" if now else f"    now: {self.status}, every check passes"
        )
        return "\n".join(shown_path(line, _LONGEST) for line in lines)


@dataclass
class ReplayReport:
    """What a replay found."""

    cassette: str
    target: str
    results: list[Replayed] = field(default_factory=list)

    def count(self, verdict: Verdict) -> int:
        """How many exchanges ended with ``verdict``."""
        return sum(r.verdict == verdict for r in self.results)

    @property
    def exit_code(self) -> int:
        """1 when one still fails; else 2 when one could not be judged; else 0."""
        if any(r.verdict in _FAILING for r in self.results):
            return EXIT_FINDING
        return EXIT_USAGE if self.count("not in the spec") else EXIT_OK

    def to_text(self) -> str:
        """Each exchange replayed, then the counts."""
        if not self.results:
            return f"no failing exchange in {self.cassette}: nothing to replay"
        lines = [
            f"replayed {len(self.results)} failing exchange(s) of {self.cassette} "
            f"against {self.target}",
            *(r.to_text() for r in self.results),
        ]
        verdicts: tuple[Verdict, ...] = (*_FAILING, "now passes", "not in the spec")
        counts = [f"{self.count(v)} {v}" for v in verdicts if self.count(v)]
        lines.append("replay: " + ", ".join(counts))
        return "\n".join(lines)


def replay(
    api: ir.Api,
    recording: Recording,
    *,
    cassette: str,
    base_url: str | None,
    token: str | None,
    allow_status: set[str] | frozenset[str] = frozenset(),
    timeout: float = 10.0,
    max_body: int | None = None,
    proxy: str | None = None,
    strict_types: bool = False,
) -> ReplayReport:
    """Send the failing exchanges of ``recording`` again and judge the answers by ``api``
    (through ``proxy``, an HTTP proxy, when one is given)."""
    check_options(timeout=timeout, max_body=max_body, base_url=base_url, proxy=proxy)
    cap = DEFAULT_MAX_BODY if max_body is None else max_body
    failing = [r for r in recording.exchanges if r.failed]
    recorded = recording.about.get("allow_status", [])
    allow = {
        str(s).upper() for s in (*allow_status, *(recorded if isinstance(recorded, list) else []))
    }
    strict = strict_types or recording.about.get("strict_types") is True
    token = token or DEFAULT_TOKEN
    with _target(api, recording.about, base_url, token) as (target, url):
        report = ReplayReport(cassette, target)
        transport = Transport(timeout, cap, proxy=proxy)
        sender = _Sender(api, frozenset(allow), transport, token, strict)
        try:
            for exchange in failing:
                report.results.append(
                    sender.replay(exchange, _moved(exchange.request, recording.about, url))
                )
        finally:
            sender.transport.close()
    return report


@contextlib.contextmanager
def _target(
    api: ir.Api, about: Any, base_url: str | None, token: str
) -> Iterator[tuple[str, str | None]]:
    """(what the report calls the target, the base URL to send to; None: as recorded)."""
    if base_url is not None:
        yield base_url, base_url
    elif about.get("target") == "mock":
        seed = about.get("seed") if isinstance(about.get("seed"), int) else 0
        with running(api, seed=seed, token=token) as url:
            yield f"the built-in mock server ({url})", url
    else:
        recorded = about.get("base_url")
        yield f"the recorded server ({recorded})" if recorded else "the recorded server", None


def _moved(request: HttpRequest, about: Any, base_url: str | None) -> HttpRequest:
    """``request`` sent to ``base_url`` instead of the recorded base URL (or origin)."""
    if base_url is None:
        return request
    recorded = about.get("base_url")
    if isinstance(recorded, str) and request.url.startswith(recorded.rstrip("/") + "/"):
        rest = request.url[len(recorded.rstrip("/")) :]
    else:
        parts = urlsplit(request.url)
        rest = request.url[len(f"{parts.scheme}://{parts.netloc}") :]
    return HttpRequest(request.method, base_url.rstrip("/") + rest, request.headers, request.body)


class _Sender:
    def __init__(
        self, api: ir.Api, allow: frozenset[str], transport: Transport, token: str, strict: bool
    ):
        self.api = api
        self.strict = strict
        self.operations = {op.operation_id: op for op in api.operations}
        self.validator = SchemaValidator(api)
        self.allow = allow
        self.transport = transport
        self.token = token
        self.sent = 0

    def replay(self, recorded: Recorded, request: HttpRequest) -> Replayed:
        op = self.operations.get(recorded.operation)
        if op is None:
            return Replayed(recorded, "not in the spec")
        answer = self.transport.send(request.with_token(self.token))
        if not isinstance(answer, Answer) and answer.unreachable and self.sent == 0:
            where = urlsplit(request.url)
            raise fail(
                f"{where.scheme}://{where.netloc}",
                f"cannot connect: {answer.message}",
                exit_code=EXIT_USAGE,
            )
        self.sent += 1
        deadline = time.monotonic() + self.transport.timeout
        # the probe was a valid request with the token, as a coverage case is
        kind = "coverage" if recorded.kind == "probe" else recorded.kind
        context = Context(
            self.api, op, kind, self.validator, self.allow, deadline, strict_types=self.strict
        )
        outcomes = tuple(judge(context, answer if isinstance(answer, Answer) else answer.message))
        failed = {o.check for o in outcomes if o.verdict == "fail"}
        if failed & {o.check for o in recorded.failed}:
            verdict: Verdict = "still fails"
        else:
            verdict = "fails otherwise" if failed else "now passes"
        status = answer.status if isinstance(answer, Answer) else 0
        return Replayed(recorded, verdict, outcomes, status)
