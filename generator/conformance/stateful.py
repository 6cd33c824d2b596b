"""The stateful phase: sequences of calls that follow the links between operations.

Hypothesis's :class:`~hypothesis.stateful.RuleBasedStateMachine` draws sequences of two
kinds of call: a valid request of an operation that is the source of a link (drawn from the
case source's ``requests(op)``, as the random phase draws them, and checked with the
runner's validity check), and a link followed from an answer recorded earlier in the
sequence whose status is the link's (an exact code, a ``2XX`` range, or ``default`` for what
no other response documents). Following a link evaluates each of its values on the earlier
exchange (:mod:`generator.openapi.expressions`; ``segment`` picks a path segment of the URL
a ``Location`` gives; constants as they are) and sets them into a valid request drawn for
the target; a ``GET`` keeps only its required parameters, so it reads the resource and
nothing else. A value that is missing or does not fit the target's schema leaves the link
unfollowed.

Every answer goes through the runner's own judging (the checks of single requests); a
``GET`` whose resource the earlier calls created, updated or deleted also through the
stateful checks, with what :mod:`generator.conformance.resources` says it must find. Before
any search, a first pass follows each link in sequences of its own, from a start and along
the links that lead to it, every body with all its optional properties present, once per
value of the target's enums and booleans (:mod:`generator.conformance.presence`), so that
each link is exercised whatever the seed: the run sends it (:meth:`StatefulPhase.first`)
after the deterministic single requests and before the random ones, since it depends on no
draw. After the random requests (:meth:`StatefulPhase.rest`), sequences are seeded by
``--seed``: ``--max-examples`` of them (:data:`FEWEST` at least) of at most :data:`STEPS`
calls each, without Hypothesis's database or deadline. Each step draws one of a list the
spec fixes (a start, or a link: writes, then reads, then deletes), a valid request of its
operation, and, for a link, which of the answers held that offer it it follows from, by its
place among them: what a step draws never depends on what the server answered before, so
Hypothesis replays the same draws into the same steps however a server's state moved on
(a server that remembers would otherwise end the search as a Hypothesis error). The answers
decide only whether the step calls: a link no answer held offers is passed over, and a
sequence starts a resource only while nothing it holds leads on, or while it started fewer
than :data:`STARTS` (and than there are starts). Each body drawn first draws which of its
optional properties are present (all, first). A failure not known yet stops the search
and Hypothesis shrinks the sequence's values; then, for every failure a sequence met, the
calls it does not need are dropped one at a time (each shorter sequence sent again must
fail the same way), and the report gives the sequence call by call. Up to :data:`SEARCHES`
searches run, each looking for a failure the ones before did not find.
"""

from __future__ import annotations

import copy
import dataclasses
import random
import time
from collections.abc import Iterator, Sequence
from typing import Any, Protocol
from urllib.parse import urlsplit

from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.errors import Flaky, HypothesisException
from hypothesis.stateful import (
    RuleBasedStateMachine,
    rule,
    run_state_machine_as_test,
)

from generator import ir
from generator.conformance.budget import Budget, signature
from generator.conformance.cases import CaseSource, RequestData
from generator.conformance.checks import Answer, CaseKind, Expectation, Outcome
from generator.conformance.presence import complete, present, rounds
from generator.conformance.report import Report, Step
from generator.conformance.resources import Call, expectation
from generator.conformance.searching import search_settings
from generator.conformance.source import PLACES
from generator.conformance.wire import Auth, HttpRequest, curl, python_snippet
from generator.exchange import (
    SchemaValidator,
    follows,
    link_value,
    schema_pointer,
    wire_readings,
)
from generator.openapi import MISSING, Exchange, evaluate, parse_expression, pointer_parts
from generator.records import record

__all__ = ["FEWEST", "SEARCHES", "STARTS", "STEPS", "StatefulPhase", "describe_links"]

STEPS = 6  # calls in one sequence at most: enough for create, update, delete, read
# sequences of one search at least: the first ones Hypothesis draws are the simplest
FEWEST = 50
SEARCHES = 4  # each one looking for a failure not known yet
# resources a sequence starts at most while an answer it holds leads somewhere: beyond
# them it follows links
STARTS = 2


_RANKS = {"get": 1, "head": 1, "delete": 2}  # the order links are tried in: writes first


class Runner(Protocol):
    """What the phase takes from the conformance runner: its sending and judging."""

    api: ir.Api
    base_url: str
    operations: tuple[ir.Operation, ...]  # those the run sends (its selection)
    unsent: frozenset[str]  # operations never sent (on another host, or no valid answer)
    seed: int
    max_examples: int
    budget: Budget
    report: Report
    validator: SchemaValidator
    skipped: int
    unsendable: int
    stateful_left: int

    def _valid(self, op: ir.Operation, request: RequestData) -> bool: ...

    def _can_authenticate(self, op: ir.Operation) -> bool: ...

    def _time_up(self) -> None: ...

    def _http(self, op: ir.Operation, request: RequestData, auth: Auth) -> HttpRequest | None: ...

    def _fresh_keys(
        self, op: ir.Operation, kind: CaseKind, request: RequestData
    ) -> RequestData | None: ...

    def _send(self, request: HttpRequest) -> Answer | str: ...

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
    ) -> list[Outcome]: ...


@record
class _Plan:
    """How one call of a sequence came about, so that it can be sent again."""

    operation: str
    drawn: RequestData  # the valid request drawn, before a link's values are set in
    link: int | None = None  # the link followed, by its index in the phase's links
    earlier: int | None = None  # the call whose answer the link reads, by its index


@record
class _Sent:
    """One call of the running sequence: what the machine keeps of it."""

    index: int
    call: Call
    exchange: Exchange
    step: Step
    plan: _Plan


_Failure = tuple[str, str, str]  # operation, check, signature


class _Fresh(Exception):
    """A failure not known before this search: Hypothesis shrinks its sequence."""


class StatefulPhase:
    """The sequences of one run, judged by ``runner``."""

    def __init__(self, runner: Runner, source: CaseSource):
        self.runner = runner
        self.source = source
        self.api = runner.api
        # the run's operations only: one the selection leaves out (or never sent) is neither
        # a step nor a way to make what a step needs
        self.ops = {op.operation_id: op for op in runner.operations}
        self.links = [
            link
            for link in self.api.links
            if link.source in self.ops
            and link.target in self.ops
            and not {link.source, link.target} & runner.unsent
            and runner._can_authenticate(self.ops[link.source])
            and runner._can_authenticate(self.ops[link.target])
        ]
        # a sequence starts where no link leads: a source that is also a target (a loan of a
        # member) is reached through the link, with an id that exists, not with a drawn one
        sources = {link.source for link in self.links}
        roots = sources - {link.target for link in self.links}
        self.sources = sorted(roots or sources)
        self.starts = min(STARTS, len(self.sources))
        # each step a sequence may take, in a list fixed by the spec (what a step draws must
        # not depend on earlier answers): a start, or a link, writes before reads before
        # deletes, so a sequence updates, reads back, deletes, then reads again
        ranked = sorted(
            range(len(self.links)),
            key=lambda i: (_RANKS.get(self.ops[self.links[i].target].method, 0), i),
        )
        self.steps: list[tuple[str, Any]] = [
            *(("start", source) for source in self.sources),
            *(("link", number) for number in ranked),
        ]
        self.strategies: dict[str, st.SearchStrategy[RequestData]] = {}
        self.followed: set[int] = set()  # indices in self.links
        self.sequences = 0
        self.unfit = 0  # links not followed: a value missing, or not fitting its parameter
        self.fresh = False  # the search under way found a failure not known before it
        # the shortest sequence seen of each failure, and the failures already reduced
        self.seen: dict[_Failure, list[_Plan]] = {}
        self.reduced: set[_Failure] = set()
        self.last: set[_Failure] = set()  # the failures of the last call sent
        self.told = False  # the report says what the sequences ran

    def first(self) -> None:
        """The first pass over the links and the reduction of what it found: deterministic,
        so the run sends it before any random search."""
        if self.runner.max_examples and self.links:
            self._first_pass()
            self._reduce_all()

    def rest(self) -> None:
        """The searches, each looking for a failure the ones before did not find."""
        if self.runner.max_examples and self.links:
            for _ in range(SEARCHES):
                found = self._search()
                self._reduce_all()
                if not found:
                    break

    def tell(self) -> None:
        """Say what the sequences ran, once, whenever the phase ended."""
        if not self.told:
            self.told = True
            self._tell()

    def _tell(self) -> None:
        report = self.runner.report
        spec = sum(1 for i in self.followed if not self.links[i].inferred)
        report.sequences = self.sequences
        report.links_followed = (spec, len(self.followed) - spec)
        declared = sum(1 for link in self.api.links if not link.inferred)
        report.notes.append(
            f"stateful phase: {self.sequences} sequences followed {len(self.followed)} of "
            f"{len(self.api.links)} links ({spec} of {declared} from the spec, "
            f"{len(self.followed) - spec} of {len(self.api.links) - declared} inferred)"
        )
        if self.unfit:
            report.notes.append(
                f"{self.unfit} links were not followed: a value they take was missing from "
                "the earlier answer, or did not fit the parameter it goes to"
            )

    def _requests(self, op: ir.Operation) -> st.SearchStrategy[RequestData]:
        if op.operation_id not in self.strategies:
            body = op.body

            def valid(value: Any) -> bool:
                return body is not None and self.runner.validator.is_valid(body.pointer, value)

            drawn = self.source.requests(op)
            self.strategies[op.operation_id] = present(self.api, op, drawn, valid)
        return self.strategies[op.operation_id]

    # ------------------------------------------------------------------ the first pass

    def _first_pass(self) -> None:
        """Each link followed before any search, in a sequence of its own from a start,
        every call with all its body's optional properties present: once for each value of
        the target's properties with few values (an enum, a boolean)."""
        rng = random.Random(f"first pass:{self.runner.seed}")
        for number, target in enumerate(self.links):
            way = self._way(number) or []
            for round_ in range(rounds(self.api, self.ops[target.target]) if way else 0):
                self.runner._time_up()
                self.sequences += 1
                calls: list[_Sent] = []
                sent = self._complete(calls, self.links[way[0]].source, rng, round_)
                for step in way:
                    link = self.links[step]
                    if sent is None or not self._leads(link, sent):
                        break
                    sent = self._complete(
                        calls, link.target, rng, round_, link=step, earlier=sent.index
                    )

    def _way(self, number: int) -> list[int] | None:
        """The links from a start of a sequence to link ``number``, that one last (the
        fewest); None when no start leads to it."""
        ways: dict[str, list[int]] = {source: [] for source in self.sources}
        queue = list(self.sources)
        while queue:
            operation = queue.pop(0)
            for index, link in enumerate(self.links):
                if link.source != operation:
                    continue
                if index == number:
                    return [*ways[operation], index]
                if link.target not in ways:
                    ways[link.target] = [*ways[operation], index]
                    queue.append(link.target)
        return None

    def _complete(
        self,
        calls: list[_Sent],
        operation: str,
        rng: random.Random,
        round_: int,
        *,
        link: int | None = None,
        earlier: int | None = None,
    ) -> _Sent | None:
        op = self.ops[operation]
        skipped = self.runner.skipped  # a draw that does not fit is drawn again, not skipped
        drawn = complete(self.api, op, rng, lambda request: self.runner._valid(op, request), round_)
        self.runner.skipped = skipped
        if drawn is None:
            return None
        return self._run(calls, _Plan(operation, drawn, link, earlier), None)

    # ------------------------------------------------------------------ one search

    def _search(self) -> bool:
        """One Hypothesis search; True when it found (and shrank) a failure not known before."""
        known = {
            (operation, check, sign)
            for operation, found in self.runner.budget.known.items()
            for check, sign in found
        }
        phase = self
        self.fresh = False

        class Sequence(RuleBasedStateMachine):
            def __init__(self) -> None:
                super().__init__()
                self.calls: list[_Sent] = []
                self.started = 0
                self.held: list[_Sent] = []  # answers links lead on from
                phase.sequences += 1

            @rule(data=st.data())
            def step(self, data: st.DataObject) -> None:
                kind, which = phase.steps[data.draw(st.integers(0, len(phase.steps) - 1))]
                room = len(self.calls) < STEPS
                if kind == "start":
                    # a sequence starts a resource when nothing it holds leads on, or while
                    # it has started fewer than it may
                    may = room and (not self.held or self.started < phase.starts)
                    sent = phase.call(self.calls, which, data, known, may=may)
                    self.started += sent is not None
                else:
                    held = self.held if room else []
                    sent = phase.follow(self.calls, which, held, data, known)
                if sent is not None and any(phase._leads(link, sent) for link in phase.links):
                    self.held.append(sent)

            def teardown(self) -> None:
                phase.runner.stateful_left = max(0, phase.runner.stateful_left - 1)

        # twice as many steps as calls: a step that finds no answer to follow calls nothing
        most = max(self.runner.max_examples, FEWEST)
        options = search_settings(most, stateful_step_count=2 * STEPS)
        try:
            run_state_machine_as_test(hypothesis_seed(self.runner.seed)(Sequence), settings=options)
        except _Fresh:
            return True
        except (Flaky, HypothesisException, ExceptionGroup):
            # Hypothesis may report the run's end met while it replayed a sequence as one of
            # its own errors: the end is the run's, not the search's
            self.runner._time_up()
            return self.fresh
        self.runner._time_up()
        return False

    def call(
        self,
        calls: list[_Sent],
        operation: str,
        data: st.DataObject,
        known: set[_Failure],
        *,
        may: bool,
    ) -> _Sent | None:
        """A valid request of a link's source, drawn, then sent where the sequence ``may``
        start a resource."""
        op = self.ops[operation]
        request = data.draw(self._requests(op))
        if not may or not self.runner._valid(op, request):
            return None
        return self._run(calls, _Plan(operation, request), known)

    def follow(
        self,
        calls: list[_Sent],
        number: int,
        held: Sequence[_Sent],
        data: st.DataObject,
        known: set[_Failure],
    ) -> _Sent | None:
        """Link ``number`` from one of the ``held`` answers that offer it (by a drawn place
        among them), its values set into a drawn valid request of its target; None when no
        held answer offers it."""
        link = self.links[number]
        target = self.ops[link.target]
        drawn = data.draw(self._requests(target))
        place = data.draw(st.integers(0, STEPS - 1))
        offering = [sent for sent in held if self._leads(link, sent)]
        if not offering or not self.runner._valid(target, drawn):
            return None
        earlier = offering[place % len(offering)]
        plan = _Plan(target.operation_id, drawn, number, earlier.index)
        return self._run(calls, plan, known)

    def _leads(self, link: ir.Link, earlier: _Sent) -> bool:
        return bool(earlier.call.status) and follows(link, earlier.call.op, earlier.call.status)

    def _run(self, calls: list[_Sent], plan: _Plan, known: set[_Failure] | None) -> _Sent | None:
        """Send the planned call and judge its answer; None when it cannot be sent. A
        failure not in ``known`` (None: any failure is known) raises :class:`_Fresh`."""
        op = self.ops[plan.operation]
        if self.runner.budget.spent(op.operation_id, "stateful"):
            # its calls repeat known failures with the same answer: one more says it again
            self.runner.budget.spared += 1
            return None
        request, expect = plan.drawn, None
        description = f"{op.operation_id}: a valid request"
        followed = None
        if plan.link is not None and plan.earlier is not None:
            followed = self.links[plan.link], calls[plan.earlier]
            filled = self._fill(followed[0], followed[1].exchange, op, plan.drawn)
            if filled is None:
                self.unfit += 1
                return None
            request = filled
        keyed = self.runner._fresh_keys(op, "stateful", request)
        http = None if keyed is None else self.runner._http(op, keyed, "token")
        request = keyed or request
        if http is None:
            self.runner.unsendable += 1
            return None
        if followed is not None and plan.link is not None:
            link, earlier = followed
            self.followed.add(plan.link)
            what = "an inferred link" if link.inferred else "the spec's link"
            description = f"{op.operation_id}: {what} {link.name!r} from call {earlier.index + 1}"
            expect = self._expect(calls, earlier, link, op, urlsplit(http.url).path)
        began = time.time(), time.monotonic()
        answer = self.runner._send(http)
        timing = began[0], time.monotonic() - began[1]
        step = Step(
            op.operation_id,
            description,
            request,
            curl(http),
            python_snippet(self.api, op, request, self.runner.base_url),
        )
        steps = (*(sent.step for sent in calls), step)
        case = f"call {len(steps)} of a sequence of {len(steps)} calls"
        outcomes = self.runner._judge(
            op, "stateful", case, request, http, answer, expect=expect, steps=steps, timing=timing
        )
        sent = _sent(len(calls), op, request, http, answer, step=step, plan=plan)
        calls.append(sent)
        self.last = {
            (op.operation_id, o.check, signature(o, sent.call.status))
            for o in outcomes
            if o.verdict == "fail"
        }
        plans = [s.plan for s in calls]
        for failure in self.last:
            if len(plans) < len(self.seen.get(failure, plans + plans)):
                self.seen[failure] = plans
        fresh = sorted(self.last - known) if known is not None else []
        if fresh:
            self.fresh = True
            raise _Fresh(fresh[0][1])
        return sent

    def _reduce_all(self) -> None:
        """Reduce the sequence of each failure seen: the one a search stopped at, and those
        met on the way (Hypothesis shrinks only the first)."""
        while unreduced := sorted(set(self.seen) - self.reduced):
            failure = unreduced[0]
            self.reduced.add(failure)
            self._reduce(self.seen[failure], failure)

    def _reduce(self, plans: list[_Plan], failure: _Failure) -> None:
        """Drop the calls a failure does not need, one at a time, sending the rest again:
        Hypothesis shrinks the values of a sequence, this its length."""
        at = 0
        while at < len(plans) - 1:
            trial = _without(plans, at)
            if trial is not None and self._replays(trial, failure):
                plans, at = trial, 0  # a call it read may now be dropped too
            else:
                at += 1

    def _replays(self, plans: list[_Plan], failure: _Failure) -> bool:
        self.sequences += 1
        calls: list[_Sent] = []
        for plan in plans:
            if self._run(calls, plan, None) is None:
                return False
        return failure in self.last

    # ------------------------------------------------------------------ links

    def _fill(
        self, link: ir.Link, earlier: Exchange, target: ir.Operation, drawn: RequestData
    ) -> RequestData | None:
        """``drawn`` with the link's values set in; None when one is missing or does not fit."""
        request = copy.deepcopy(drawn)
        if target.method == "get":  # a read of the resource: nothing optional beside it
            given = {(v.location, v.name) for v in link.values}
            for param in target.params:
                where = PLACES[param.location]
                if not param.required and (param.location, param.wire) not in given:
                    request.get(where, {}).pop(param.wire, None)
        for value in link.values:
            found = link_value(value, earlier)
            if found is MISSING:
                return None
            if value.location == "body":
                request["body"] = found
                continue
            goes = next(
                (p for p in target.params if p.location == value.location and p.wire == value.name),
                None,
            )
            fitted = MISSING if goes is None else self._fit(goes, found)
            if fitted is MISSING:
                return None
            request.setdefault(PLACES[value.location], {})[value.name] = fitted
        tagged = _with_entity_tag(link, earlier, target, request)
        skipped = self.runner.skipped  # a value that does not fit is no generator's fault
        fits = next(
            (r for r in (tagged, request) if r is not None and self.runner._valid(target, r)), None
        )
        self.runner.skipped = skipped
        return fits

    def _fit(self, param: ir.Param, value: Any) -> Any:
        """The value as the parameter reads it: a string from a URL or a header may be
        the text of an integer, say."""
        pointer = schema_pointer(self.api.schema_document, param.pointer)
        if not isinstance(value, str) or self.runner.validator.is_valid(pointer, value):
            return value
        readings = wire_readings(self.api, param, value)
        return next((r for r in readings if self.runner.validator.is_valid(pointer, r)), value)

    def _expect(
        self, calls: list[_Sent], earlier: _Sent, link: ir.Link, target: ir.Operation, path: str
    ) -> Expectation | None:
        """What a read of ``path`` must find, when the link names the resource and nothing
        else does."""
        if target.method != "get":
            return None
        given = {(v.location, v.name) for v in link.values}
        if any(p.required and (p.location, p.wire) not in given for p in target.params):
            return None  # a value drawn at random may name another resource
        identity = {}
        for value in link.values:
            parsed = None if value.is_constant else parse_expression(value.expression)
            parts = (
                pointer_parts(parsed[2]) if parsed and parsed[:2] == ("response", "body") else []
            )
            found = evaluate(value.expression, earlier.exchange) if len(parts) == 1 else MISSING
            if found is not MISSING:
                identity[parts[0]] = found
        done = [sent.call for sent in calls]
        return expectation(self.api, done, earlier.index, target, path, identity=identity)


def _with_entity_tag(
    link: ir.Link, earlier: Exchange, target: ir.Operation, request: RequestData
) -> RequestData | None:
    """``request`` with the entity tag the earlier answer gave (its ``ETag``) as the
    ``If-Match`` of a change (RFC 9110, 13.1.1), where the target takes one the link does not
    set; None where there is none to set. A drawn text is no tag the server issued: its change
    is refused 412, and what the change does is never reached."""
    if target.method in ("get", "head"):
        return None
    tag = evaluate("$response.header.ETag", earlier)
    given = {v.name.lower() for v in link.values if v.location == "header"}
    param = next(
        (p for p in target.params if p.location == "header" and p.wire.lower() == "if-match"),
        None,
    )
    if not isinstance(tag, str) or param is None or param.wire.lower() in given:
        return None
    tagged = copy.deepcopy(request)
    tagged.setdefault(PLACES["header"], {})[param.wire] = tag
    return tagged


def _sent(
    index: int,
    op: ir.Operation,
    request: RequestData,
    http: HttpRequest,
    answer: Answer | str,
    *,
    step: Step,
    plan: _Plan,
) -> _Sent:
    status = answer.status if isinstance(answer, Answer) else 0
    headers = dict(answer.headers) if isinstance(answer, Answer) else {}
    body: Any = MISSING
    if isinstance(answer, Answer) and answer.content and answer.exceeded is None:
        parsed, value = answer.json
        body = value if parsed else MISSING
    sent = request.get("body", MISSING)
    exchange = Exchange(
        url=http.url,
        method=op.method,
        request={place: request.get(key, {}) for place, key in PLACES.items()},
        request_body=sent,
        status=status,
        headers=headers,
        body=body,
    )
    call = Call(op, urlsplit(http.url).path, status, sent, body)
    return _Sent(index, call, exchange, step, plan)


def _without(plans: list[_Plan], at: int) -> list[_Plan] | None:
    """The plans without call ``at``, later links renumbered; None when a link reads it."""
    out: list[_Plan] = []
    for plan in plans[:at] + plans[at + 1 :]:
        if plan.earlier == at:
            return None
        if plan.earlier is not None and plan.earlier > at:
            out.append(dataclasses.replace(plan, earlier=plan.earlier - 1))
        else:
            out.append(plan)
    return out


# ---------------------------------------------------------------------- --show-links


def describe_links(links: Sequence[ir.Link]) -> Iterator[str]:
    """Each link as lines: source and status -> target, then each value it gives."""
    for link in links:
        origin = f"inferred: {link.rule}" if link.inferred else f"spec: {link.pointer}"
        yield f"{link.source} {link.status} -> {link.target}  ({origin})"
        for value in link.values:
            where = "body" if value.location == "body" else f"{value.location} {value.name}"
            given = f"{value.constant!r} (constant)" if value.is_constant else value.expression
            part = f" (path segment {value.segment})" if value.segment is not None else ""
            yield f"    {where} = {given}{part}"
