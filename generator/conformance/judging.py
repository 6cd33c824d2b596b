"""Judging one answer: count the case, run the chosen checks, record the exchange, keep the
smallest failing request of each failure signature with its reproductions.
"""

from __future__ import annotations

import json
import time

from generator import ir
from generator.conformance.budget import signature
from generator.conformance.cases import RequestData
from generator.conformance.cassette import Exchange
from generator.conformance.checks import (
    INVALID_KINDS,
    Answer,
    CaseKind,
    Context,
    Expectation,
    Outcome,
    one_finding,
    verdicts,
)
from generator.conformance.negatives import RAW, raw_snippet
from generator.conformance.report import Failure, Step
from generator.conformance.source import MEDIA
from generator.conformance.state import SEQUENCES, Held, RunState
from generator.conformance.wire import HttpRequest, curl, python_snippet
from generator.mock import UNANSWERABLE_HEADER


class Judging(RunState):
    """The judging of a run's answers, one case at a time."""

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
            if answer.headers.get(UNANSWERABLE_HEADER):  # the mock found no valid answer
                self.unanswered.add(op.operation_id)
                return []
        ctx = self._context(op, kind, expect)
        outcomes = one_finding(
            self._second_look(op, kind, request, answer, verdicts(ctx, answer, self.checks))
        )
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
            if id(outcome) in self.holding:  # judged again at the run's end
                held = Held(op, f"{kind}: {description}", request, http, status, outcome, steps)
                with self.shared.lock:
                    self.shared.held.append(held)
            elif self._count(op, outcome):
                self._keep(op, f"{kind}: {description}", request, http, status, outcome, steps)
        self.holding.clear()
        return outcomes

    def _context(
        self, op: ir.Operation, kind: CaseKind, expect: Expectation | None = None
    ) -> Context:
        """What the checks look at besides an answer to a case of ``kind`` to ``op``."""
        return Context(
            self.api,
            op,
            kind,
            self.validator,
            self.allow,
            self._deadline(),
            expect,
            same_route=op.operation_id in self.same_route,
            strict_types=self.strict_types,
            guessed=self.guessed,
        )

    def _second_look(
        self,
        op: ir.Operation,
        kind: CaseKind,
        request: RequestData,
        answer: Answer | str,
        outcomes: list[Outcome],
    ) -> list[Outcome]:
        """The checks' verdicts on an answer, each failure kept, as they stand: a layer that
        sends (:class:`~generator.conformance.probing.Probing`) looks again at a refusal of
        a valid request before one finding is kept."""
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
        if held is None and self.stage != SEQUENCES:  # _merge adds the stages before
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
            if RAW in request or MEDIA in request  # the client sends neither as it went
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
        return self.sent if self.stage == SEQUENCES else self.stage_sent[self.stage]
