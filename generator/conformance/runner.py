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
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, assume, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import Flaky, HypothesisException

from generator import ir
from generator.conformance.budget import Budget, signature
from generator.conformance.cases import CaseSource, CaseSourceName, RequestData, load_source
from generator.conformance.checks import (
    INVALID_KINDS,
    Answer,
    CaseKind,
    Context,
    Expectation,
    Outcome,
    checks_for,
    one_finding,
)
from generator.conformance.lint import lint
from generator.conformance.negatives import RAW, adjust, invalid_requests, raw_snippet
from generator.conformance.report import MAX_DISTINCT, Failure, Report, Step
from generator.conformance.source import PLACES
from generator.conformance.stateful import FEWEST, StatefulPhase
from generator.conformance.transport import Transport
from generator.conformance.wire import Auth, HttpRequest, curl, encode, python_snippet
from generator.errors import EXIT_USAGE, fail
from generator.exchange import SchemaValidator, schema_pointer, wire_readings
from generator.mock import DEFAULT_TOKEN, running

__all__ = ["DEFAULT_TOKEN", "run_conformance"]

Progress = Callable[[int, int, str], None]
_RERUNS = 4  # Hypothesis searches per operation, each one looking for a failure not yet known
_NOT_ANSWERED = "server_answered"
# the built-in mock answers each request on its own, remembering nothing a sequence created:
# reading back what a sequence wrote is judged only against other servers
MOCK_REMEMBERS = False
_WHERE = PLACES
DEFAULT_MAX_BODY = 32 * 1024 * 1024  # bytes of one answer held: large JSON, never a flood


class _TimeUp(BaseException):
    """``max_time`` has passed: stop sending. A BaseException, so that Hypothesis stops at
    once rather than shrinking the example it was running."""


class _Spent(Exception):
    """The operation's valid requests can only repeat known failures: stop the search."""


_Case = tuple[CaseKind, str, RequestData, Auth]


class _Found(Exception):
    def __init__(self, check: str):
        super().__init__(check)
        self.check = check


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
    stateful: bool = True,
) -> Report:
    """Check a live server against ``api``; without ``base_url``, the built-in mock on loopback.

    ``cases`` names where the cases come from: the spec's generated test package, or the
    built-in generator (see :mod:`generator.conformance.cases`). ``timeout`` is each
    request's wall-clock deadline in seconds, ``max_time`` the whole run's (None: no limit),
    ``max_body`` the most bytes of one answer's body read (None: :data:`DEFAULT_MAX_BODY`).
    ``started`` is the ``time.monotonic()`` the run's time counts from (None: now), so that
    a caller's own setup counts too. ``stateful`` runs the sequences that follow links
    (:mod:`generator.conformance.stateful`) after the single requests.
    """
    started = time.monotonic() if started is None else started
    if max_examples < 0:
        raise fail("--max-examples", "must be zero or more", exit_code=EXIT_USAGE)
    for flag, value in (("--timeout", timeout), ("--max-time", max_time)):
        if value is not None and not 0 < value < float("inf"):
            raise fail(flag, "must be a positive number of seconds", exit_code=EXIT_USAGE)
    max_body = DEFAULT_MAX_BODY if max_body is None else max_body
    if max_body < 1:
        raise fail("--max-body", "must be a positive number of bytes", exit_code=EXIT_USAGE)
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise fail(
            "--base-url", f"{base_url!r} is not an http:// or https:// URL", exit_code=EXIT_USAGE
        )
    options: dict[str, Any] = {
        "max_examples": max_examples,
        "seed": seed,
        "allow": frozenset(s.upper() for s in allow_status),
        "progress": progress,
        "timeout": timeout,
        "cases": cases,
        "limits": (started, max_time, max_body),
        "stateful": stateful,
    }
    if base_url is not None:
        # no --token: the one a default `apiforge mock` accepts, if the server takes it
        runner = _Runner(api, base_url, token or DEFAULT_TOKEN, guessed=token is None, **options)
        return runner.run(base_url)
    token = token or DEFAULT_TOKEN
    with running(api, seed=seed, token=token) as url:
        runner = _Runner(api, url, token, read_back=MOCK_REMEMBERS, **options)
        return runner.run(f"the built-in mock server ({url})")


class _Runner:
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
        stateful: bool = True,
        guessed: bool = False,
        read_back: bool = True,
    ):
        started, max_time, max_body = limits
        self.api = api
        self.guessed = guessed  # the token is the default, not one the user gave
        self.base_url = base_url
        self.token = token
        self.max_examples = max_examples
        self.seed = seed
        self.allow = allow
        self.progress = progress or (lambda done, total, label: None)
        self.cases = cases
        self.validator = SchemaValidator(api)
        self.stop_at = None if max_time is None else started + max_time
        self.max_time = max_time
        # a request started before stop_at runs its whole deadline, a resend never past it
        end = None if self.stop_at is None else self.stop_at + timeout
        self.transport = Transport(timeout, max_body, end)
        self.budget = Budget()
        self._order: dict[tuple[str, str, str], tuple[int, int, str]] = {}  # of the kept failures
        self._unlisted: set[tuple[str, str, str]] = set()  # distinct failures beyond the cap
        self.sent = 0
        self.answered = 0  # cases the server answered
        self.total = 0
        self.skipped = 0  # valid cases the spec's validator refuses
        self.still_valid = 0  # near misses the spec's validator accepts
        self.unsendable = 0  # cases HTTP cannot carry: empty path segments, non-latin-1 headers
        self.untokened: set[str] = set()  # secured operations checked without a token
        self.started = started
        self.reached = 0  # deterministic cases the run came to (sent or not)
        self.random_sent: dict[str, int] = {}  # random cases sent, by operation
        self.searched: set[str] = set()  # operations whose random search ended
        self.report = Report(api.spec_file, base_url, seed, max_examples, "")
        self.stateful = stateful
        self.read_back = read_back  # the server remembers: judge reads in sequences
        # sequences of the stateful phase not run yet
        self.stateful_left = max(max_examples, FEWEST) if stateful and api.links else 0

    # ------------------------------------------------------------------ the run

    def run(self, target: str) -> Report:
        self.report.target = target
        self.report.lint = lint(self.api, self.allow)
        source = load_source(self.api, self.cases)
        self.report.source = source.name
        plans: list[tuple[ir.Operation, tuple[list[_Case], list[_Case]]]] = []
        try:
            if self.guessed:
                self._probe(source)
            plans = [(op, self._deterministic(op, source)) for op in self.api.operations]
            self.total = sum(len(a) + len(b) + self.max_examples for _, (a, b) in plans)
            # one case of each kind on every operation first, since each kind catches its own
            # class of bug wherever it is; then the other deterministic cases; then random ones
            for group in (0, 1):
                for op, cases in plans:
                    for kind, description, request, auth in cases[group]:
                        self._case(op, kind, description, request, auth)
                        self.reached += 1
            for op, _ in plans:
                if self._can_authenticate(op):
                    self._random(op, source)
                self.searched.add(op.operation_id)
            if self.stateful:
                StatefulPhase(self, source).run()
        except _TimeUp:
            self._cut_short(plans)
        finally:
            source.close()
            self.transport.close()
        return self._finish()

    def _time_up(self) -> None:
        """Raise :class:`_TimeUp` once ``max_time`` has passed."""
        if self.stop_at is not None and time.monotonic() >= self.stop_at:
            raise _TimeUp

    def _cut_short(self, plans: list[tuple[ir.Operation, tuple[list[_Case], list[_Case]]]]) -> None:
        """Count the planned cases the run did not come to, and say so."""
        planned = sum(len(a) + len(b) for _, (a, b) in plans) if plans else 0
        searches = [
            op.operation_id
            for op, _ in plans
            if op.operation_id not in self.searched and self._can_authenticate(op)
        ]
        random = sum(
            max(0, self.max_examples - self.random_sent.get(operation, 0)) for operation in searches
        )
        self.report.cut_short = True
        self.report.not_run = max(0, planned - self.reached) + random + self.stateful_left
        untold = "" if plans else " (the run was cut before its cases were planned)"
        self.report.notes.insert(
            0,
            f"the run was cut short by --max-time {self.max_time:g}s: "
            f"{self.report.not_run} planned cases were not run{untold}",
        )

    def _finish(self) -> Report:
        """The report with its counts and notes."""
        self.report.cases = self.sent
        self.report.answered = self.answered
        self.report.resent = self.transport.resent
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
                self.transport.resent,
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
                answer = self._send(encode(self.api, op, request, self.base_url, "token"))
            except (ValueError, TypeError):
                continue
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
            for base in (bases[0], largest):
                for description, body in source.mutations(op, base["body"]):
                    if description in seen or op.body is None:
                        continue
                    seen.add(description)
                    if self.validator.is_valid(op.body.pointer, body):
                        self.still_valid += 1
                        continue
                    yield "mutation", description, {**base, "body": body}, "token"
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
            where = _WHERE[param.location]
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
            values = request.get(_WHERE[param.location], {})
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
        @settings(
            max_examples=self.max_examples,
            database=None,
            deadline=None,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
            verbosity=Verbosity.quiet,
            phases=(Phase.generate, Phase.shrink),
            report_multiple_bugs=False,
            print_blob=False,
        )
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

    def _send(self, request: HttpRequest) -> Answer | str:
        self._time_up()
        answer = self.transport.send(request.with_token(self.token))
        if isinstance(answer, Answer):
            return answer
        if answer.cut:  # the run's end stopped it, not the server: not run
            raise _TimeUp
        if answer.unreachable and self.sent == 0:  # nothing answers there: a usage error
            raise fail(self.base_url, f"cannot connect: {answer.message}", exit_code=EXIT_USAGE)
        return answer.message

    def _case(
        self, op: ir.Operation, kind: CaseKind, description: str, request: RequestData, auth: Auth
    ) -> list[Outcome]:
        self._time_up()
        if self.budget.spent(op.operation_id, kind):
            self.budget.spared += 1
            return []
        http = self._http(op, request, auth)
        if http is None:
            return []
        return self._judge(op, kind, description, request, http, self._send(http))

    def _http(self, op: ir.Operation, request: RequestData, auth: Auth) -> HttpRequest | None:
        """The request as sent; None (counted) when HTTP cannot carry it."""
        try:
            http = adjust(encode(self.api, op, request, self.base_url, auth), request)
            for name, value in http.with_token(self.token).headers:  # httpx sends latin-1 only
                name.encode("ascii"), value.encode("latin-1")
        except (ValueError, TypeError, UnicodeEncodeError):  # Unsendable among them
            self.unsendable += 1
            return None
        return http

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
    ) -> list[Outcome]:
        """Count the sent case, run the checks on its answer, keep its failures."""
        self.sent += 1
        if kind == "random":
            self.random_sent[op.operation_id] = self.random_sent.get(op.operation_id, 0) + 1
        self.progress(self.sent, max(self.total, self.sent), f"{op.method.upper()} {op.path}")
        if isinstance(answer, str):
            outcomes = [Outcome(_NOT_ANSWERED, "fail", answer, shape=answer.split(" [")[0])]
        else:
            self.answered += 1
            ctx = Context(self.api, op, kind, self.validator, self.allow, self._deadline(), expect)
            found = (check(ctx, answer) for check in checks_for(kind).values())
            outcomes = one_finding(
                [Outcome(_NOT_ANSWERED, "pass"), *(o for o in found if o is not None)]
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
        """Keep the failing request when it is the smallest seen for its failure signature
        (a sequence of calls: the one of fewest calls, then the smallest)."""
        text = json.dumps([s.request for s in steps] or request, sort_keys=True, default=str)
        sign = signature(outcome, status)
        held = self.report.held(op.operation_id, outcome.check, sign)
        # fewest calls, then shortest, then the simplest of a size (n=0 < n=6)
        order = (len(steps), len(text), text)
        if held is not None and self._order[op.operation_id, outcome.check, sign] <= order:
            return
        if held is None and not self.report.has_room(op.operation_id, outcome.check):
            self._unlisted.add((op.operation_id, outcome.check, sign))  # counted, not listed
            return
        self._order[op.operation_id, outcome.check, sign] = order
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
            found_after_cases=held.found_after_cases if held else self.sent,
            found_after_seconds=held.found_after_seconds
            if held
            else time.monotonic() - self.started,
            size=len(text),
            signature=sign,
            kind=case.partition(":")[0],
            steps=list(steps),
        )
        self.report.keep(failure)
