"""Operations side by side: a lane per operation, with its own state and plan, sharing the
run's settings; each stage run on every lane, in order or in a pool of threads; the lanes'
results merged in the spec's order, each failure's ``found_after_cases`` counted as one
worker sending every stage's cases in that order would.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait

from generator import ir
from generator.conformance.checks import Answer
from generator.conformance.exploring import Exploring
from generator.conformance.report import Report
from generator.conformance.state import STAGES, Case, TimeUp
from generator.conformance.transport import NoAnswer


class Lanes(Exploring):
    """The lanes of a run and their merge."""

    lanes: Sequence[Lanes]  # one runner per operation, merged at the end

    def _lane(self, op: ir.Operation) -> Lanes:
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

    def _stage(self, pool: ThreadPoolExecutor | None, work: Callable[[Lanes], None]) -> None:
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
        real = [e for e in errors if not isinstance(e, TimeUp)]
        if real or errors:
            raise (real or errors)[0]

    def _in_worker(self, work: Callable[[Lanes], None], lane: Lanes) -> None:
        lane.validator = self._own_validator()
        try:
            work(lane)
        except TimeUp:
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
        self, cases: list[Case], first: int, ahead: dict[int, Future[Answer | NoAnswer]]
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
        for stage in STAGES:
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
