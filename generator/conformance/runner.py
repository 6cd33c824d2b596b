"""Run the conformance suite against a live server (by default, the built-in mock).

Per operation, the deterministic cases first: one of each kind (a near miss, the smallest
valid request without credentials, with the right ones, with a wrong one), since each kind
catches a different class of bug; then the coverage cases (every enum value, union member
and bound the generated ``cases.coverage`` lists, nested models included) and the near-miss
mutations of two valid bodies. Then, when the API has links, the first pass of the stateful
phase (:mod:`generator.conformance.stateful`): each link followed once, whatever the seed.
Then ``max_examples`` random valid requests drawn by Hypothesis under ``seed``, and last the
stateful phase's searches. When a random case fails a check, Hypothesis shrinks it to a
minimal failing request; the run then goes on looking for failures of the other checks.
Every answer goes through every applicable check of :mod:`generator.conformance.checks`; for
each failing (operation, check) the report keeps the smallest failing request with its
reproductions.

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
the other deterministic ones, then the first pass over the links, one call at a time, then
the random searches), and the operations' results merge in the spec's order into the
run's own (the first pass's). Nothing one operation does changes another's cases, so the verdicts
and the report are those of one worker; each failure's ``found_after_cases`` is counted in
that sequential order too. (A server that keeps state sees the requests in another order,
and may answer them otherwise.) ``rate_limit`` spaces the requests of all workers together
(:mod:`generator.conformance.pace`).

This module holds the run's entry point and the order of its phases; each step is a module
of its own, one layer over the other: :mod:`~generator.conformance.state` (what a run
holds), :mod:`~generator.conformance.judging` (an answer judged, its failures kept),
:mod:`~generator.conformance.sending` (one case on the wire),
:mod:`~generator.conformance.plan` (each operation's deterministic cases),
:mod:`~generator.conformance.exploring` (the random search) and
:mod:`~generator.conformance.lanes` (operations side by side and their merge).
"""

from __future__ import annotations

import functools
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

from generator import ir
from generator.conformance.cases import CaseSource, CaseSourceName, load_source
from generator.conformance.cassette import Exchange, Recorder
from generator.conformance.checks import CHECKS, Answer
from generator.conformance.lanes import Lanes
from generator.conformance.lint import lint
from generator.conformance.pace import Pace
from generator.conformance.plan import named
from generator.conformance.report import MAX_DISTINCT, Report
from generator.conformance.select import PHASES, Selection
from generator.conformance.sending import MAX_REQUEST_BODY
from generator.conformance.state import FIRST_PASS, SEQUENCES, Progress, TimeUp
from generator.conformance.stateful import StatefulPhase
from generator.conformance.transport import shown_proxy
from generator.conformance.wire import encode
from generator.errors import EXIT_USAGE, fail
from generator.exchange import one_per_route, route_of, told_by_query
from generator.facts.exclusion import no_valid_answer, no_valid_request
from generator.mock import DEFAULT_TOKEN, running
from generator.openapi.nullable import unread_nullables
from generator.openapi.servers import moved

__all__ = ["DEFAULT_TOKEN", "MAX_WORKERS", "check_options", "run_conformance"]


DEFAULT_MAX_BODY = 32 * 1024 * 1024  # bytes of one answer held: large JSON, never a flood
MAX_WORKERS = 64  # requests under way at once, at most
_PROBE = "a valid request with the default token: does the server take it?"


def check_options(
    *,
    timeout: float,
    max_examples: int = 0,
    max_time: float | None = None,
    max_body: int | None = None,
    base_url: str | None = None,
    workers: int = 1,
    rate_limit: float | None = None,
    proxy: str | None = None,
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
    if proxy is not None:
        if base_url is None:
            raise fail(
                "--proxy",
                "applies to --base-url only: the built-in mock runs on this machine",
                exit_code=EXIT_USAGE,
            )
        parts = urlsplit(proxy)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            shown = shown_proxy(proxy)
            raise fail(
                "--proxy", f"{shown!r} is not an http:// or https:// URL", exit_code=EXIT_USAGE
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
    proxy: str | None = None,
    strict_types: bool = False,
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
    one call at a time: its first pass before the random requests, its searches after them).
    ``recorder`` is called with each exchange sent and its outcomes (see
    :mod:`generator.conformance.cassette`). ``proxy`` is the HTTP proxy every request to
    ``base_url`` goes through (None: straight to the server, whatever the environment says;
    see :func:`~generator.conformance.transport.shown_proxy`). ``strict_types`` fails a
    near miss a lax parser reads as valid (``"5"`` for a number) when it is accepted, which
    is otherwise a warning (:mod:`generator.conformance.lax`).
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
        proxy=proxy,
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
        "proxy": proxy,
        "strict_types": strict_types,
    }
    if base_url is not None:
        # no --token: the one a default `apiforge mock` accepts, if the server takes it
        runner = _Runner(api, base_url, token or DEFAULT_TOKEN, guessed=token is None, **options)
        return _answerable(_placed(runner)).run(base_url)
    token = token or DEFAULT_TOKEN
    with running(api, seed=seed, token=token, max_body=MAX_REQUEST_BODY) as url:
        runner = _Runner(api, url, token, **options)
        return _answerable(_placed(runner)).run(f"the built-in mock server ({url})")


def _placed(runner: _Runner) -> _Runner:
    """``runner``, told where each operation with a server of its own is beside the API at
    its base URL (:func:`generator.openapi.servers.moved`); one on another host is not sent."""
    api = runner.api
    bases = {
        op.operation_id: moved(runner.base_url, api.server, op.server)
        for op in api.operations
        if op.server is not None
    }
    runner.bases = {name: base for name, base in bases.items() if base is not None}
    elsewhere = frozenset(name for name, base in bases.items() if base is None)
    if elsewhere:
        _withhold(runner, elsewhere)
        away = [op for op in api.operations if op.operation_id in elsewhere]
        shown = ", ".join(f"{op.operation_id} ({op.server})" for op in away[:3])
        runner.report.notes.append(
            f"{len(away)} operations are served by a server of their own on another host, "
            f"not where the API is, and were not sent: {shown}" + (", ..." if len(away) > 3 else "")
        )
    return runner


def _answerable(runner: _Runner) -> _Runner:
    """``runner`` without the operations no valid request of exists, no server can answer
    as documented, or no server can tell from another on its route (said by the lint:
    :mod:`generator.conformance.lint`); those sent on a route another shares, told apart
    by the query their paths fix or not at all, marked."""
    api = runner.api
    kept, shared = one_per_route(api.operations)
    routes = {route_of(op) for op in shared}
    alike = [op for op in kept if route_of(op) in routes] + told_by_query(kept)
    runner.same_route = frozenset(op.operation_id for op in alike)
    none = [*no_valid_request(api), *no_valid_answer(api), *shared]
    if none:
        _withhold(runner, frozenset(op.operation_id for op in none))
    return runner


def _withhold(runner: _Runner, names: frozenset[str]) -> None:
    """Never send the operations ``names``, nor follow a link into or out of one."""
    runner.unsent |= names
    runner.operations = tuple(op for op in runner.operations if op.operation_id not in names)


class _Runner(Lanes):
    """A run: the probe of the default token, its phases in order, then its report."""

    def run(self, target: str) -> Report:
        self.report.target = target
        self.report.lint = lint(self.api, self.allow)
        self.report.selection = self._selected()
        source = self.source = load_source(self.api, self.cases)
        self.report.source = source.name
        pool = ThreadPoolExecutor(self.workers) if self.workers > 1 else None
        self.fetcher = ThreadPoolExecutor(self.workers) if self.workers > 1 else None
        phase: StatefulPhase | None = None
        try:
            if self.guessed:
                self._probe(source)
            self.lanes = [self._lane(op) for op in self.operations]
            self.shared.total = sum(
                len(a) + len(b) + (self.max_examples if "random" in self.phases else 0)
                for a, b in (lane.plan for lane in self.lanes)
            )
            # one case of each kind on every operation first, since each kind catches its own
            # class of bug wherever it is; then the other deterministic cases and the first
            # pass over the links; then random ones, and the searches of sequences last
            for group in (0, 1):
                self._stage(pool, functools.partial(Lanes._cases, group=group))
            if self.stateful_left:
                phase = StatefulPhase(self, source)
                self.stage = FIRST_PASS
                phase.first()
            if "random" in self.phases:
                self._stage(pool, Lanes._search)
            self._merge()
            if phase is not None:
                self.stage = SEQUENCES
                phase.rest()
            self._judge_held()
        except TimeUp:
            self._cut_short()
        finally:
            if phase is not None:
                phase.tell()
            for threads in (pool, self.fetcher):
                if threads is not None:
                    threads.shutdown(wait=True, cancel_futures=True)
            source.close()
            for transport in self._transports:
                transport.close()
        if not self.merged:
            self._merge()
        self._judge_held(probe=False)  # those a run cut short did not come to
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
                "parameter, values that make a path another template as specific or more "
                "matches, a query parameter, header or cookie sent empty, which a server may "
                "read as none, a required body of no bytes, a header value that is not ASCII "
                "or that a server trims, a header name that is no token, a "
                "cookie's quotes or separators, a number JSON cannot hold, a null or "
                "nested item a style cannot write, an object a style spreads where no "
                "declared property reads it back, a required parameter or form field "
                "without a value, a form body whose text reads as an invalid one, a multipart "
                "body without a part, a body its media type cannot be written in faithfully, "
                "a query parameter in place "
                "of a pair its path fixes with another value, a body larger than "
                f"{MAX_REQUEST_BODY // (1024 * 1024)} MiB, the most one request of a run "
                "carries)",
            ),
            (self.still_valid, "{} near misses were still valid under the spec and were not sent"),
            (
                self.readings_differ["discriminator"],
                "{} cases were left out where a 3.0 discriminator's reading and plain "
                "`oneOf`/`anyOf` (which validators built on JSON Schema alone read) disagree "
                "on whether the body is valid: each reading is one a server may take",
            ),
            (
                self.readings_differ["nullable"],
                "{} cases were left out for a null where 3.0's `nullable: true` stands beside "
                "an `enum` without null, or without a `type` (an `allOf`): OpenAPI 3.0.3 (and "
                "openapi-schema-validator, which openapi-core's servers use) reads null as "
                "invalid there, other readers as valid; each reading is one a server may take",
            ),
            (
                self.null_bodies,
                "{} near misses of a body of null where the body is optional were left out: "
                "a server may read one as no body at all (valid) as well as refuse it",
            ),
            (
                self.rate_limited,
                "the server answered 429 (too many requests) {} times: each of those requests "
                "was sent again after its Retry-After (--rate-limit spaces a run's requests)",
            ),
        )
        self.report.notes.extend(text.format(count) for count, text in notes if count)
        if self.unwritten:
            shown = "; ".join(
                f"{op.operation_id} ({op.body.content_type}: {self.unwritten[op.operation_id]})"
                for op in self.operations
                if op.operation_id in self.unwritten and op.body is not None
            )
            self.report.notes.append(
                "valid bodies apiforge cannot write faithfully in their media type were not "
                f"sent, so no refusal of them was judged (the first reason of each): {shown}"
            )
        refused, undrawn = self.unexercised()
        if refused:
            self.report.notes.append(
                f"nothing was sent of {refused}: the spec's validator refused every "
                "case generated, so these operations were not exercised"
            )
        unread = (
            0 if self.api.openapi.startswith("3.0") else unread_nullables(self.api.schema_document)
        )
        if unread:
            self.report.notes.append(
                f"this OpenAPI 3.1 spec says `nullable: true` in {unread} "
                f"{'schema' if unread == 1 else 'schemas'}: an OpenAPI 3.0 keyword that 3.1 "
                "does not read, so null is refused there, in requests and in answers "
                "(`apiforge validate` tells each place and how to allow null)"
            )
        unanswered = [op for op in self.operations if op.operation_id in self.unanswered]
        if unanswered:
            self.report.notes.append(
                f"the mock found no answer valid under the spec to {named(unanswered)} (a "
                "schema whose constraints the models do not read whole may admit none): "
                "those answers were not judged"
            )
        if undrawn:
            self.report.notes.append(
                f"nothing was sent of {undrawn}: no valid request of them was drawn (the "
                "generated cases found none; a schema whose constraints the models do not "
                "read whole may admit none), so these operations were not exercised"
            )
        self.progress(self.sent, self.sent, "done")
        return self.report

    def _probe(self, source: CaseSource) -> None:
        """Without --token, send one valid request with the default token: a server that
        refuses it (401/403) gets only the refusal of missing credentials checked."""
        skipped = self.skipped
        # an operation of the run (its selection), one that reads first: the probe changes
        # nothing where it can
        secured = sorted(
            (op for op in self.operations if op.security and all(op.security)),
            key=lambda op: op.method not in ("get", "head"),
        )
        cases = ((op, r) for op in secured for _, r in source.coverage(op) if self._valid(op, r))
        for op, drawn in cases:
            request = self._fresh_keys(op, "coverage", drawn)
            if request is None:
                continue
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
