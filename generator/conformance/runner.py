"""Run the conformance suite against a live server (by default, the built-in mock).

Per operation, the deterministic cases first: one of each kind (a near miss, the smallest
valid request without credentials, with the right ones, with a wrong one), since each kind
catches a different class of bug; then the coverage cases (every enum value, union member
and bound the generated ``cases.coverage`` lists, nested models included) and the near-miss
mutations of two valid bodies. Then ``max_examples`` random valid requests drawn by
Hypothesis under ``seed``. When a
random case fails a check, Hypothesis shrinks it to a minimal failing request; the run then
goes on looking for failures of the other checks. Every answer goes through every
applicable check of :mod:`generator.conformance.checks`; for each failing (operation,
check) the report keeps the smallest failing request with its reproductions.

Cases are checked before they are sent: a "valid" case the spec's validator refuses, or a
mutation it accepts, is not sent, and the report counts it in a note.

Time is bounded twice: each request by its wall-clock deadline (``timeout``, see
:mod:`generator.conformance.transport`), and the whole run by ``max_time``, counted from the
call. Once ``max_time`` has passed, no case is sent; a request under way finishes within its
own deadline, and its resend never runs past that. The report says the run was cut short
and how many planned cases were not run; it exits by its findings, and without any (its
verdict incomplete) with 2, never 0.

With ``workers`` above 1, operations run side by side, each in one thread at a time with
its own state (its budget, its failures, its counts) and each thread with its own
connections and validator; the phases stay in order (every operation's first cases, then
the other deterministic ones, then the random searches), and the operations' results merge
in the spec's order. Nothing one operation does changes another's cases, so the verdicts
and the report are those of one worker; each failure's ``found_after_cases`` is counted in
that sequential order too. (A server that keeps state sees the requests in another order,
and may answer them otherwise.) ``rate_limit`` spaces the requests of all workers together
(:mod:`generator.conformance.pace`).
"""

from __future__ import annotations

import copy
import functools
import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from hypothesis import assume, given
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import Flaky, HypothesisException

from generator import ir
from generator.conformance.budget import Budget, signature
from generator.conformance.cases import CaseSource, CaseSourceName, RequestData, load_source
from generator.conformance.cassette import Exchange, Recorder
from generator.conformance.checks import (
    CHECKS,
    INVALID_KINDS,
    Answer,
    CaseKind,
    Context,
    Expectation,
    Outcome,
    checks_for,
    judge,
)
from generator.conformance.lint import lint
from generator.conformance.negatives import RAW, adjust, invalid_requests, raw_snippet
from generator.conformance.order import changed_at, place_by_place
from generator.conformance.pace import Pace
from generator.conformance.report import MAX_DISTINCT, Failure, Report, Step
from generator.conformance.searching import search_settings
from generator.conformance.select import PHASES, Selection
from generator.conformance.source import PLACES
from generator.conformance.stateful import FEWEST, StatefulPhase
from generator.conformance.transport import NoAnswer, Transport
from generator.conformance.wire import Auth, HttpRequest, curl, encode, python_snippet
from generator.errors import EXIT_USAGE, fail
from generator.exchange import SchemaValidator, schema_pointer, wire_readings
from generator.mock import DEFAULT_TOKEN, running

__all__ = ["DEFAULT_TOKEN", "MAX_WORKERS", "check_options", "run_conformance"]

Progress = Callable[[int, int, str], None]
_RERUNS = 4  # Hypothesis searches per operation, each one looking for a failure not yet known
DEFAULT_MAX_BODY = 32 * 1024 * 1024  # bytes of one answer held: large JSON, never a flood
MAX_WORKERS = 64  # requests under way at once, at most
# the stages of a run, in order: the first case of each kind, the other deterministic
# cases, the random search; a failure's found_after_cases counts in this order
_STAGES = (0, 1, 2)
_SEQUENCES = 3  # the stage of the stateful phase, run by the whole run once the others merged
_PROBE = "a valid request with the default token: does the server take it?"


class _TimeUp(BaseException):
    """``max_time`` has passed: stop sending. A BaseException, so that Hypothesis stops at
    once rather than shrinking the example it was running."""


class _Spent(Exception):
    """The operation's valid requests can only repeat known failures: stop the search."""


_Case = tuple[CaseKind, str, RequestData, Auth]


class _Shared:
    """What the operations of one run count together."""

    def __init__(self, workers: int) -> None:
        self.lock = threading.Lock()
        self.sent = 0  # cases sent by every operation
        self.total = 0  # cases planned
        self.stopping = threading.Event()  # an operation met an error: the others stop
        self.slots = threading.BoundedSemaphore(workers)  # requests under way at once


class _Found(Exception):
    def __init__(self, check: str):
        super().__init__(check)
        self.check = check


def check_options(
    *,
    timeout: float,
    max_examples: int = 0,
    max_time: float | None = None,
    max_body: int | None = None,
    base_url: str | None = None,
    workers: int = 1,
    rate_limit: float | None = None,
) -> None:
    """A usage error naming the flag when a setting of :func:`run_conformance` is out of range."""
    if max_examples < 0:
        raise fail("--max-examples", "must be zero or more", exit_code=EXIT_USAGE)
    for flag, value in (("--timeout", timeout), ("--max-time", max_time)):
        if value is not None and not 0 < value < float("inf"):
            raise fail(flag, "must be a positive number of seconds", exit_code=EXIT_USAGE)
    if not 1 <= workers <= MAX_WORKERS:
        raise fail("--workers", f"must be from 1 to {MAX_WORKERS}", exit_code=EXIT_USAGE)
    if rate_limit is not None and not 0 < rate_limit < float("inf"):
        raise fail(
            "--rate-limit", "must be a positive number of requests per second", exit_code=EXIT_USAGE
        )
    if max_body is not None and max_body < 1:
        raise fail("--max-body", "must be a positive number of bytes", exit_code=EXIT_USAGE)
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise fail(
            "--base-url", f"{base_url!r} is not an http:// or https:// URL", exit_code=EXIT_USAGE
        )


def run_conformance(
    api: ir.Api,
    *,
    base_url: str | None,
    token: str | None,
    max_examples: int,
    seed: int,
    allow_status: set[str] | frozenset[str] = frozenset(),
    progress: Progress | None = None,
    timeout: float = 10.0,
    cases: CaseSourceName = "generated",
    max_time: float | None = None,
    max_body: int | None = None,
    started: float | None = None,
    workers: int = 1,
    rate_limit: float | None = None,
    selection: Selection | None = None,
    checks: frozenset[str] | None = None,
    phases: frozenset[str] | None = None,
    recorder: Recorder | None = None,
) -> Report:
    """Check a live server against ``api``; without ``base_url``, the built-in mock on loopback.

    ``cases`` names where the cases come from: the spec's generated test package, or the
    built-in generator (see :mod:`generator.conformance.cases`). ``timeout`` is each
    request's wall-clock deadline in seconds, ``max_time`` the whole run's (None: no limit),
    ``max_body`` the most bytes of one answer's body read (None: :data:`DEFAULT_MAX_BODY`).
    ``started`` is the ``time.monotonic()`` the run's time counts from (None: now), so that
    a caller's own setup counts too. ``workers`` is how many requests may be under way at
    once, ``rate_limit`` the most requests per second of the whole run (None: no limit).
    ``selection`` chooses the operations, ``checks`` the checks (None: all of them),
    ``phases`` the phases (None: all of :data:`~generator.conformance.select.PHASES`; the
    ``stateful`` one runs sequences that follow links, :mod:`generator.conformance.stateful`,
    after the single requests, one call at a time).
    ``recorder`` is called with each exchange sent and its outcomes (see
    :mod:`generator.conformance.cassette`).
    """
    started = time.monotonic() if started is None else started
    check_options(
        max_examples=max_examples,
        timeout=timeout,
        max_time=max_time,
        max_body=max_body,
        base_url=base_url,
        workers=workers,
        rate_limit=rate_limit,
    )
    max_body = DEFAULT_MAX_BODY if max_body is None else max_body
    selection = selection or Selection()
    operations = selection.operations(api)
    options: dict[str, Any] = {
        "max_examples": max_examples,
        "seed": seed,
        "allow": frozenset(s.upper() for s in allow_status),
        "progress": progress,
        "timeout": timeout,
        "cases": cases,
        "limits": (started, max_time, max_body),
        "workers": workers,
        "pace": None if rate_limit is None else Pace(rate_limit),
        "operations": operations,
        "checks": frozenset(CHECKS) if checks is None else checks,
        "phases": frozenset(PHASES) if phases is None else phases,
        "selection": selection,
        "recorder": recorder,
    }
    if base_url is not None:
        # no --token: the one a default `apiforge mock` accepts, if the server takes it
        runner = _Runner(api, base_url, token or DEFAULT_TOKEN, guessed=token is None, **options)
        return runner.run(base_url)
    token = token or DEFAULT_TOKEN
    with running(api, seed=seed, token=token) as url:
        return _Runner(api, url, token, **options).run(f"the built-in mock server ({url})")


class _Runner:
    op: ir.Operation  # the one operation of a lane (see _lane)
    source: CaseSource  # where the run's cases come from, once it started

    def __init__(
        self,
        api: ir.Api,
        base_url: str,
        token: str | None,
        *,
        max_examples: int,
        seed: int,
        allow: frozenset[str],
        progress: Progress | None,
        timeout: float,
        cases: CaseSourceName,
        limits: tuple[float, float | None, int],
        workers: int = 1,
        pace: Pace | None = None,
        operations: tuple[ir.Operation, ...] | None = None,
        checks: frozenset[str] = frozenset(CHECKS),
        phases: frozenset[str] = frozenset(PHASES),
        selection: Selection | None = None,
        recorder: Recorder | None = None,
        guessed: bool = False,
    ):
        started, max_time, max_body = limits
        self.workers = workers
        self.pace = pace
        self.operations = api.operations if operations is None else operations
        self.checks = checks
        self.phases = phases  # read by each phase: "coverage", "random", "stateful"
        self.selection = selection or Selection()
        self.api = api
        self.guessed = guessed  # the token is the default, not one the user gave
        self.base_url = base_url
        self.token = token
        self.max_examples = max_examples
        self.seed = seed
        self.allow = allow
        self.progress = progress or (lambda done, total, label: None)
        self.cases = cases
        self.recorder = recorder
        self.validator = SchemaValidator(api)
        self.stop_at = None if max_time is None else started + max_time
        self.max_time = max_time
        # a request started before stop_at runs its whole deadline, a resend never past it
        end = None if self.stop_at is None else self.stop_at + timeout
        self.transport = Transport(timeout, max_body, end, pace)
        self._transports = [self.transport]  # one per worker thread: its own connections
        self._local = threading.local()  # each thread's own transport and validator
        self._local.transport, self._local.validator = self.transport, self.validator
        self._lock = threading.Lock()
        self.shared = _Shared(workers)
        self.fetcher: ThreadPoolExecutor | None = None  # sends deterministic cases ahead
        self.lanes: list[_Runner] = []  # one runner per operation, merged at the end
        self.plan: tuple[list[_Case], list[_Case]] = ([], [])  # a lane's deterministic cases
        self._fresh()
        self.started = started
        self.report = Report(api.spec_file, base_url, seed, max_examples, "")
        # sequences of the stateful phase not run yet
        sequences = "stateful" in self.phases and bool(api.links)
        self.stateful_left = max(max_examples, FEWEST) if sequences else 0
        self.merged = False  # the operations' results are the run's

    def _fresh(self) -> None:
        """The state one operation's cases build up, empty."""
        self.budget = Budget()
        self._order: dict[tuple[str, str, str], tuple[int, int, str]] = {}  # of kept failures
        self._unlisted: set[tuple[str, str, str]] = set()  # distinct failures beyond the cap
        self.sent = 0
        self.answered = 0  # cases the server answered
        self.skipped = 0  # valid cases the spec's validator refuses
        self.still_valid = 0  # near misses the spec's validator accepts
        self.unsendable = 0  # cases HTTP cannot carry: empty path segments, non-latin-1 headers
        self.untokened: set[str] = set()  # secured operations checked without a token
        self.reached = 0  # deterministic cases the run came to (sent or not)
        self.random_sent: dict[str, int] = {}  # random cases sent, by operation
        self.searched: set[str] = set()  # operations whose random search ended
        self.stage = 0  # of _STAGES, under way
        self.stage_sent = [0 for _ in (*_STAGES, _SEQUENCES)]  # cases sent, by stage
        self.first_seen: dict[tuple[str, str, str], int] = {}  # the stage of each kept failure

    # ------------------------------------------------------------------ the run

    def run(self, target: str) -> Report:
        self.report.target = target
        self.report.lint = lint(self.api, self.allow)
        self.report.selection = self._selected()
        source = self.source = load_source(self.api, self.cases)
        self.report.source = source.name
        pool = ThreadPoolExecutor(self.workers) if self.workers > 1 else None
        self.fetcher = ThreadPoolExecutor(self.workers) if self.workers > 1 else None
        try:
            if self.guessed:
                self._probe(source)
            self.lanes = [self._lane(op) for op in self.operations]
            self.shared.total = sum(
                len(a) + len(b) + (self.max_examples if "random" in self.phases else 0)
                for a, b in (lane.plan for lane in self.lanes)
            )
            # one case of each kind on every operation first, since each kind catches its own
            # class of bug wherever it is; then the other deterministic cases; then random ones
            for group in (0, 1):
                self._stage(pool, functools.partial(_Runner._cases, group=group))
            if "random" in self.phases:
                self._stage(pool, _Runner._search)
            self._merge()
            if self.stateful_left:
                self.stage = _SEQUENCES
                StatefulPhase(self, source).run()
        except _TimeUp:
            self._cut_short()
        finally:
            for threads in (pool, self.fetcher):
                if threads is not None:
                    threads.shutdown(wait=True, cancel_futures=True)
            source.close()
            for transport in self._transports:
                transport.close()
        if not self.merged:
            self._merge()
        return self._finish()

    def _selected(self) -> str:
        """What a selection chose, in words; empty when everything runs."""
        parts = []
        if self.selection.given:
            parts.append(
                f"{len(self.operations)} of {len(self.api.operations)} operations "
                f"({self.selection.describe()})"
            )
        if self.checks != frozenset(CHECKS):
            parts.append("checks " + ", ".join(n for n in CHECKS if n in self.checks))
        if self.phases != frozenset(PHASES):
            parts.append("phases " + ", ".join(n for n in PHASES if n in self.phases))
        return "; ".join(parts)

    # ------------------------------------------------------------------ operations side by side

    def _lane(self, op: ir.Operation) -> _Runner:
        """A runner of ``op`` alone, sharing this one's settings, with its own state and plan."""
        lane = copy.copy(self)
        lane._fresh()
        lane.op = op
        lane.report = Report(
            self.api.spec_file, self.base_url, self.seed, self.max_examples, self.report.source
        )
        lane.report.target = self.report.target
        lane.plan = self._deterministic(op, self.source) if "coverage" in self.phases else ([], [])
        return lane

    def _own(self) -> Transport:
        """This thread's connections."""
        own: Transport | None = getattr(self._local, "transport", None)
        if own is None:
            first = self.transport
            own = self._local.transport = Transport(
                first.timeout, first.max_body, first.end, self.pace
            )
            with self.shared.lock:
                self._transports.append(own)
        return own

    def _own_validator(self) -> SchemaValidator:
        """This thread's validator: one holds the deadline of the check under way."""
        own: SchemaValidator | None = getattr(self._local, "validator", None)
        if own is None:
            own = self._local.validator = SchemaValidator(self.api)
        return own

    def _stage(self, pool: ThreadPoolExecutor | None, work: Callable[[_Runner], None]) -> None:
        """``work`` on every operation: in order, or side by side in ``pool``; the first
        error of an operation, in the spec's order, is the stage's."""
        if pool is None:
            for lane in self.lanes:
                work(lane)
            return
        futures = [pool.submit(self._in_worker, work, lane) for lane in self.lanes]
        try:
            wait(futures)
        except BaseException:  # interrupted: the operations under way stop at their next case
            self.shared.stopping.set()
            raise
        errors = [e for e in (f.exception() for f in futures) if e is not None]
        real = [e for e in errors if not isinstance(e, _TimeUp)]
        if real or errors:
            raise (real or errors)[0]

    def _in_worker(self, work: Callable[[_Runner], None], lane: _Runner) -> None:
        lane.validator = self._own_validator()
        try:
            work(lane)
        except _TimeUp:
            raise
        except BaseException:
            self.shared.stopping.set()  # the other operations stop: the run ends with this
            raise

    def _cases(self, group: int) -> None:
        """The deterministic cases of this runner's operation: its first of each kind (0) or
        the others (1)."""
        self.stage = group
        cases = self.plan[group]
        ahead: dict[int, Future[Answer | NoAnswer]] = {}
        try:
            for index, (kind, description, request, auth) in enumerate(cases):
                self._fetch_ahead(cases[index : index + self.workers], index, ahead)
                self._case(self.op, kind, description, request, auth, ahead.pop(index, None))
                self.reached += 1
        finally:
            for future in ahead.values():
                future.cancel()

    def _fetch_ahead(
        self, cases: list[_Case], first: int, ahead: dict[int, Future[Answer | NoAnswer]]
    ) -> None:
        """Send the next cases before their turn, in the run's pool of request threads; each
        is judged in its turn, as if sent then. A case the budget spares meanwhile was sent
        for nothing: it is neither counted nor judged."""
        if self.fetcher is None:
            return
        for index, (kind, _, request, auth) in enumerate(cases, first):
            if index in ahead or self.budget.spent(self.op.operation_id, kind):
                continue
            http = self._http(self.op, request, auth) if self._judged(kind) else None
            if http is not None:
                ahead[index] = self.fetcher.submit(self._raw, http)

    def _search(self) -> None:
        """The random search of this runner's operation."""
        self.stage = 2
        if self._can_authenticate(self.op):
            self._random(self.op, self.source)
        self.searched.add(self.op.operation_id)

    def _merge(self) -> None:
        """The operations' results in the spec's order, each failure's found_after_cases
        counted as one worker sending every stage's cases in that order would."""
        self.merged = True
        before = 0
        offsets: dict[tuple[int, int], int] = {}
        for stage in _STAGES:
            for index, lane in enumerate(self.lanes):
                offsets[index, stage] = before
                before += lane.stage_sent[stage]
        for index, lane in enumerate(self.lanes):
            kept = [*lane.report.distinct.values(), *lane.report.failures.values()]
            for failure in {id(f): f for f in kept}.values():
                stage = lane.first_seen[failure.operation, failure.check, failure.signature]
                failure.found_after_cases += offsets[index, stage]
            self.report.stats.update(lane.report.stats)
            self.report.failures.update(lane.report.failures)
            self.report.distinct.update(lane.report.distinct)
            self._unlisted |= lane._unlisted
            self._order.update(lane._order)  # a sequence's failure is weighed against them
            self.untokened |= lane.untokened
            self.budget.spared += lane.budget.spared
            self.sent += lane.sent
            self.answered += lane.answered
            self.skipped += lane.skipped
            self.still_valid += lane.still_valid
            self.unsendable += lane.unsendable

    def _time_up(self) -> None:
        """Raise :class:`_TimeUp` once ``max_time`` has passed, or another operation's error
        ends the run."""
        if self.stop_at is not None and time.monotonic() >= self.stop_at:
            raise _TimeUp
        if self.shared.stopping.is_set():
            raise _TimeUp

    def _cut_short(self) -> None:
        """Count the planned cases the run did not come to, and say so."""
        planned = sum(len(a) + len(b) for a, b in (lane.plan for lane in self.lanes))
        reached = sum(lane.reached for lane in self.lanes)
        searches = [
            lane
            for lane in self.lanes
            if "random" in self.phases
            and lane.op.operation_id not in lane.searched
            and lane._can_authenticate(lane.op)
        ]
        random = sum(
            max(0, self.max_examples - lane.random_sent.get(lane.op.operation_id, 0))
            for lane in searches
        )
        self.report.cut_short = True
        self.report.not_run = max(0, planned - reached) + random + self.stateful_left
        untold = "" if self.lanes else " (the run was cut before its cases were planned)"
        self.report.notes.insert(
            0,
            f"the run was cut short by --max-time {self.max_time:g}s: "
            f"{self.report.not_run} planned cases were not run{untold}",
        )

    def _finish(self) -> Report:
        """The report with its counts and notes."""
        self.report.cases = self.sent
        self.report.answered = self.answered
        self.report.resent = sum(transport.resent for transport in self._transports)
        self.report.spared = self.budget.spared
        self.report.seconds = time.monotonic() - self.started
        notes = (
            (
                self.budget.spared,
                "{} cases were not sent: their operation kept failing the same "
                "way, so they could only repeat a failure already reported",
            ),
            (
                len(self._unlisted),
                "{} more distinct failures were counted but not listed "
                f"(at most {MAX_DISTINCT} per check and operation)",
            ),
            (
                self.report.resent,
                "{} requests were lost on a keep-alive connection the server "
                "had closed, before it could read them, and were sent again on a new connection",
            ),
            (
                self.skipped,
                "{} generated cases were not sent: the spec's validator "
                "disagreed with the generator about their validity",
            ),
            (
                len(self.untokened),
                "no --token given: for {} operation(s) that require "
                "credentials, only the refusal of missing credentials was checked",
            ),
            (
                self.unsendable,
                "{} cases were valid but could not be sent (an empty path "
                "parameter, a header value that is not latin-1, a number JSON cannot hold, "
                "a required parameter or form field without a value)",
            ),
            (self.still_valid, "{} near misses were still valid under the spec and were not sent"),
        )
        self.report.notes.extend(text.format(count) for count, text in notes if count)
        self.progress(self.sent, self.sent, "done")
        return self.report

    def _probe(self, source: CaseSource) -> None:
        """Without --token, send one valid request with the default token: a server that
        refuses it (401/403) gets only the refusal of missing credentials checked."""
        skipped = self.skipped
        secured = [op for op in self.api.operations if op.security and all(op.security)]
        cases = ((op, r) for op in secured for _, r in source.coverage(op) if self._valid(op, r))
        for op, request in cases:
            try:
                http = encode(self.api, op, request, self.base_url, "token")
                began = time.time(), time.monotonic()
                answer = self._send(http)
            except (ValueError, TypeError):
                continue
            if self.recorder is not None:
                probe = Exchange(op.operation_id, "probe", _PROBE, http, self.token, answer, [])
                self.recorder(probe, began[0], time.monotonic() - began[1])
            if isinstance(answer, Answer) and answer.status in (401, 403):
                self.token = None
                self.report.notes.append(
                    f"the server refused the default token ({answer.status} to "
                    f"{op.method.upper()} {op.path}): give the one it takes with --token"
                )
            break
        self.skipped = skipped

    def _can_authenticate(self, op: ir.Operation) -> bool:
        secured = bool(op.security) and all(op.security)
        if secured and self.token is None:
            self.untokened.add(op.operation_id)
            return False
        return True

    def _deterministic(
        self, op: ir.Operation, source: CaseSource
    ) -> tuple[list[_Case], list[_Case]]:
        """One case of each kind (each catches a different class of bug), and the rest."""
        valid = [(d, r) for d, r in source.coverage(op) if self._valid(op, r)]
        secured = bool(op.security) and all(op.security)
        refusals: list[tuple[CaseKind, str, RequestData, Auth]] = []
        if secured and valid:
            refusals.append(("no_auth", "a valid request without credentials", valid[0][1], "none"))
            if self.token is not None:
                refusals.append(
                    ("wrong_auth", "a valid request with a wrong credential", valid[0][1], "wrong")
                )
        accepted: list[tuple[CaseKind, str, RequestData, Auth]] = []
        mutations: list[tuple[CaseKind, str, RequestData, Auth]] = []
        if self._can_authenticate(op) and valid:
            accepted = [("coverage", d, r, "token") for d, r in valid]
            mutations = list(self._mutations(op, source, [r for _, r in valid]))
        firsts = [group[0] for group in (refusals[:1], mutations, accepted, refusals[1:]) if group]
        return firsts, [case for case in (*accepted, *mutations) if case not in firsts]

    def _mutations(
        self, op: ir.Operation, source: CaseSource, valid: list[RequestData]
    ) -> Iterator[tuple[CaseKind, str, RequestData, Auth]]:
        seen: set[str] = set()
        # only JSON has types on the wire: a text or binary body of "7" is a valid string
        json_body = op.body is not None and op.body.kind == "json"
        bases = [r for r in valid if "body" in r] if json_body else []
        if bases:
            largest = max(bases, key=lambda r: len(json.dumps(r["body"], default=str)))
            near: list[tuple[tuple[Any, ...], _Case]] = []
            for base in (bases[0], largest):
                for description, body in source.mutations(op, base["body"]):
                    if description in seen or op.body is None:
                        continue
                    seen.add(description)
                    if self.validator.is_valid(op.body.pointer, body):
                        self.still_valid += 1
                        continue
                    case: _Case = ("mutation", description, {**base, "body": body}, "token")
                    near.append((changed_at(base["body"], body), case))
            yield from place_by_place(near)  # each field tried early, not behind the others
        if valid:
            yield from self._param_mutations(op, valid[0])
        for kind, description, request in invalid_requests(self.api, op, valid, self.validator):
            yield kind, description, request, "token"

    def _param_mutations(
        self, op: ir.Operation, base: RequestData
    ) -> Iterator[tuple[CaseKind, str, RequestData, Auth]]:
        for param in op.params:
            if param.location == "path":
                continue
            where = PLACES[param.location]
            if param.required:
                rest = {k: v for k, v in base[where].items() if k != param.wire}
                yield (
                    "mutation",
                    f"missing required {param.location} parameter {param.wire!r}",
                    {
                        **base,
                        where: rest,
                    },
                    "token",
                )
            wrong = "apiforge-not-valid"
            pointer = schema_pointer(self.api.schema_document, param.pointer)
            readings = wire_readings(self.api, param, wrong)  # []: the server sees no parameter
            if readings and not any(self.validator.is_valid(pointer, r) for r in readings):
                yield (
                    "mutation",
                    f"wrong type for {param.location} parameter {param.wire!r}",
                    {
                        **base,
                        where: {**base[where], param.wire: wrong},
                    },
                    "token",
                )

    def _valid(self, op: ir.Operation, request: RequestData) -> bool:
        if op.body is not None:
            if "body" not in request:
                if op.body.required:
                    return self._skip()
            elif not self.validator.is_valid(op.body.pointer, request["body"]):
                return self._skip()
        for param in op.params:
            values = request.get(PLACES[param.location], {})
            if param.wire not in values:
                if param.required:
                    return self._skip()
                continue
            pointer = schema_pointer(self.api.schema_document, param.pointer)
            if not self.validator.is_valid(pointer, values[param.wire]):
                return self._skip()
        return True

    def _skip(self) -> bool:
        self.skipped += 1
        return False

    # ------------------------------------------------------------------ random cases

    def _random(self, op: ir.Operation, source: CaseSource) -> None:
        if self.max_examples == 0:  # the deterministic cases only
            return
        strategy = source.requests(op)
        for _ in range(_RERUNS):  # each search looks for a failure not known yet
            if self.budget.spent(op.operation_id, "random"):
                return
            if self._explore(op, strategy) is None:
                return

    def _explore(self, op: ir.Operation, strategy: Any) -> str | None:
        found: list[str] = []
        known = self.budget.snapshot(op.operation_id)  # failures found before this search

        @hypothesis_seed(self.seed)
        @search_settings(self.max_examples)
        @given(strategy)
        def explore(request: RequestData) -> None:
            if self.budget.spent(op.operation_id, "random"):
                raise _Spent
            assume(self._valid(op, request))
            if not self._case(op, "random", "a random valid request", request, "token"):
                return
            fresh = sorted(self.budget.last - known)  # shrunk: a known failure is not again
            if fresh:
                found.append(fresh[0][0])
                raise _Found(fresh[0][0])

        try:
            explore()
        except _Found as exc:
            return exc.check
        except _Spent:
            return None
        except (Flaky, HypothesisException, ExceptionGroup):
            return found[-1] if found else None
        return None

    # ------------------------------------------------------------------ one case

    def _raw(self, request: HttpRequest) -> Answer | NoAnswer:
        """``request`` sent on this thread's connections, one of at most ``workers`` under way."""
        self._time_up()
        transport = self._own()
        with self.shared.slots:
            return transport.send(request.with_token(self.token))

    def _send(self, request: HttpRequest) -> Answer | str:
        return self._read(self._raw(request))

    def _read(self, answer: Answer | NoAnswer) -> Answer | str:
        """The answer, or why there is none; :class:`_TimeUp` when the run's end cut it."""
        if isinstance(answer, Answer):
            return answer
        if answer.cut:  # the run's end stopped it, not the server: not run
            raise _TimeUp
        if answer.unreachable and self.shared.sent == 0:  # nothing answers there: a usage error
            raise fail(self.base_url, f"cannot connect: {answer.message}", exit_code=EXIT_USAGE)
        return answer.message

    def _http(self, op: ir.Operation, request: RequestData, auth: Auth) -> HttpRequest | None:
        """The case on the wire; None when HTTP cannot carry it."""
        try:
            http = adjust(encode(self.api, op, request, self.base_url, auth), request)
            for name, value in http.with_token(self.token).headers:  # httpx sends latin-1 only
                name.encode("ascii"), value.encode("latin-1")
        except (ValueError, TypeError, UnicodeEncodeError):  # Unsendable among them
            return None
        return http

    def _judged(self, kind: CaseKind) -> bool:
        """True when a check --checks left judges a case of ``kind``."""
        return any(name in self.checks for name in checks_for(kind))

    def _case(  # noqa: PLR0917
        self,
        op: ir.Operation,
        kind: CaseKind,
        description: str,
        request: RequestData,
        auth: Auth,
        fetched: Future[Answer | NoAnswer] | None = None,
    ) -> list[Outcome]:
        """Send one case (or take its answer, ``fetched`` ahead of its turn) and judge it."""
        self._time_up()
        if self.budget.spent(op.operation_id, kind):
            self.budget.spared += 1
            return []
        if not self._judged(kind):  # --checks left no check of this kind of case
            return []
        http = self._http(op, request, auth)
        if http is None:
            self.unsendable += 1
            return []
        began = time.time(), time.monotonic()
        answer = self._send(http) if fetched is None else self._read(fetched.result())
        timing = began[0], time.monotonic() - began[1]
        return self._judge(op, kind, description, request, http, answer, timing=timing)

    def _judge(  # noqa: PLR0917
        self,
        op: ir.Operation,
        kind: CaseKind,
        description: str,
        request: RequestData,
        http: HttpRequest,
        answer: Answer | str,
        *,
        expect: Expectation | None = None,
        steps: tuple[Step, ...] = (),
        timing: tuple[float, float] | None = None,
    ) -> list[Outcome]:
        """Count the sent case, run the chosen checks on its answer, record the exchange
        (``timing``: when it was sent and how long it took), keep its failures. A read in a
        sequence carries what earlier calls said (``expect``) and the calls (``steps``)."""
        self.sent += 1
        self.stage_sent[self.stage] += 1
        if kind == "random":
            self.random_sent[op.operation_id] = self.random_sent.get(op.operation_id, 0) + 1
        with self.shared.lock:
            self.shared.sent += 1
            done, total = self.shared.sent, max(self.shared.total, self.shared.sent)
            self.progress(done, total, f"{op.method.upper()} {op.path}")
        if isinstance(answer, Answer):
            self.answered += 1
        ctx = Context(self.api, op, kind, self.validator, self.allow, self._deadline(), expect)
        outcomes = judge(ctx, answer, self.checks)
        if self.recorder is not None:
            began, took = timing or (time.time(), 0.0)
            self.recorder(
                Exchange(op.operation_id, kind, description, http, self.token, answer, outcomes),
                began,
                took,
            )
        status = answer.status if isinstance(answer, Answer) else 0
        content = answer.content if isinstance(answer, Answer) else answer.encode()
        self.budget.record(op.operation_id, kind, outcomes, status, content)
        for outcome in outcomes:
            if self._count(op, outcome):
                self._keep(op, f"{kind}: {description}", request, http, status, outcome, steps)
        return outcomes

    def _deadline(self) -> float:
        """When judging an answer stops: a deadline as long as a request's, never past the
        run's end."""
        deadline = time.monotonic() + self.transport.timeout
        return deadline if self.transport.end is None else min(deadline, self.transport.end)

    def _count(self, op: ir.Operation, outcome: Outcome) -> bool:
        """Count the outcome; True for a failure."""
        stat = self.report.stat(op.operation_id, outcome.check)
        if outcome.verdict == "pass":
            stat.passed += 1
        elif outcome.verdict == "warn":
            stat.warned += 1
            stat.warning = stat.warning or outcome.message
        else:
            stat.failed += 1
        return outcome.verdict == "fail"

    def _keep(  # noqa: PLR0917
        self,
        op: ir.Operation,
        case: str,
        request: RequestData,
        http: HttpRequest,
        status: int,
        outcome: Outcome,
        steps: tuple[Step, ...] = (),
    ) -> None:
        """Keep the failing request (or sequence of calls) when it is the smallest seen for
        its failure signature."""
        text = json.dumps([s.request for s in steps] or request, sort_keys=True, default=str)
        sign = signature(outcome, status)
        held = self.report.held(op.operation_id, outcome.check, sign)
        # fewest calls, then shortest, then the simplest of a size (n=0 < n=6)
        order = (len(steps), len(text), text)
        key = (op.operation_id, outcome.check, sign)
        if held is not None and self._order[op.operation_id, outcome.check, sign] <= order:
            return
        if held is None and not self.report.has_room(op.operation_id, outcome.check):
            self._unlisted.add((op.operation_id, outcome.check, sign))  # counted, not listed
            return
        self._order[key] = order
        if held is None and self.stage != _SEQUENCES:  # _merge adds the stages before
            self.first_seen[key] = self.stage
        replay = (
            f"apiforge conformance {self.api.spec_file} --seed {self.seed} "
            f"--max-examples {self.max_examples}"
        )
        if not self.report.target.startswith("the built-in mock"):
            replay += f" --base-url {self.base_url}"
        failure = Failure(
            operation=op.operation_id,
            check=outcome.check,
            message=outcome.message,
            case=case,
            status=status,
            curl=curl(http),
            python=raw_snippet(http)
            if RAW in request
            else python_snippet(
                self.api,
                op,
                request,
                self.base_url,
                invalid=case.partition(":")[0] in INVALID_KINDS,
            ),
            replay=replay,
            found_after_cases=held.found_after_cases if held else self._found_after(),
            found_after_seconds=held.found_after_seconds
            if held
            else time.monotonic() - self.started,
            size=len(text),
            signature=sign,
            kind=case.partition(":")[0],
            steps=list(steps),
        )
        self.report.keep(failure)

    def _found_after(self) -> int:
        """The cases sent before a failure found now: within its stage while operations run
        apart (_merge adds the stages before), the whole run's once they merged."""
        return self.sent if self.stage == _SEQUENCES else self.stage_sent[self.stage]
