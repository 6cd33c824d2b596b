"""Operations side by side: a lane per operation, with its own state and plan, sharing the
run's settings; each stage run on every lane, in order or in a pool of threads; the lanes'
results merged in the spec's order into the run's own (the stateful first pass, sent by the
run itself), each failure's ``found_after_cases`` counted as one worker sending every
stage's cases in that order would.
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
        for nothing: it is neither counted nor judged. An operation taking an idempotency key
        is sent in turn: each case gets a key of its own as it is sent
        (:mod:`generator.conformance.keys`)."""
        if self.fetcher is None or self.op.idempotency_header or self.op.idempotency_field:
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
        """The operations' results in the spec's order, folded into the run's own (the first
        pass over the links), each failure's found_after_cases counted as one worker sending
        every stage's cases in that order would."""
        self.merged = True
        runners = [*self.lanes, self]  # the run itself sends the first pass, the lanes none
        before = 0
        offsets: dict[tuple[int, int], int] = {}
        for stage in STAGES:
            for index, runner in enumerate(runners):
                offsets[index, stage] = before
                before += runner.stage_sent[stage]
        for index, runner in enumerate(runners):
            kept = [*runner.report.distinct.values(), *runner.report.failures.values()]
            for failure in {id(f): f for f in kept}.values():
                stage = runner.first_seen[failure.operation, failure.check, failure.signature]
                failure.found_after_cases += offsets[index, stage]
        for lane in self.lanes:
            self._fold(lane)
            self.untokened |= lane.untokened
            self.budget.spared += lane.budget.spared
            self.sent += lane.sent
            self.answered += lane.answered
            self.skipped += lane.skipped
            self.refused |= lane.refused
            self.unanswered |= lane.unanswered
            self.still_valid += lane.still_valid
            self.null_bodies += lane.null_bodies
            self.readings_differ += lane.readings_differ
            self.unsendable += lane.unsendable
            for operation, reason in lane.unwritten.items():
                self.unwritten.setdefault(operation, reason)
            self.rate_limited += lane.rate_limited
        self._unlisted -= set(self.report.distinct)

    def _fold(self, lane: Lanes) -> None:
        """A lane's checks and failures added to the run's: counts summed; of one failure
        signature found by both, the smaller request (as judging keeps it), found when the
        first of the two was; of one (operation, check), the smaller of the two kept."""
        for pair, stat in lane.report.stats.items():
            held_stat = self.report.stats.get(pair)
            self.report.stats[pair] = stat if held_stat is None else stat.plus(held_stat)
        for key, failure in lane.report.distinct.items():
            held = self.report.distinct.get(key)
            if held is None and not self.report.has_room(*key[:2]):
                self._unlisted.add(key)
                continue
            if held is not None:
                first = min((held, failure), key=lambda f: f.found_after_cases)
                if self._order[key] <= lane._order[key]:
                    held.found_after_cases = first.found_after_cases
                    held.found_after_seconds = first.found_after_seconds
                    continue
                failure.found_after_cases = first.found_after_cases
                failure.found_after_seconds = first.found_after_seconds
            self.report.distinct[key] = failure
            self._order[key] = lane._order[key]  # a sequence's failure is weighed against it
        self._unlisted |= lane._unlisted
        for pair, failure in lane.report.failures.items():
            held = self.report.failures.get(pair)
            candidates = [
                self.report.distinct.get((f.operation, f.check, f.signature))
                for f in (held, failure)
                if f is not None
            ]
            listed = [f for f in candidates if f is not None]
            if listed:
                self.report.failures[pair] = min(
                    listed, key=lambda f: (f.size, f.found_after_cases)
                )
