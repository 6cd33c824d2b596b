"""The random search of one operation: valid requests drawn by Hypothesis under the run's
seed, searched again while each search finds a failure not known before it.
"""

from __future__ import annotations

from typing import Any

from hypothesis import assume, given
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import Flaky, HypothesisException

from generator import ir
from generator.conformance.cases import CaseSource, RequestData
from generator.conformance.plan import Planning
from generator.conformance.probing import Probing
from generator.conformance.searching import search_settings

_RERUNS = 4  # Hypothesis searches per operation, each one looking for a failure not yet known


class _Spent(Exception):
    """The operation's valid requests can only repeat known failures: stop the search."""


class _Found(Exception):
    def __init__(self, check: str):
        super().__init__(check)
        self.check = check


class Exploring(Probing, Planning):
    """The random search of an operation."""

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
            unsendable = self.unsendable
            judged = self._case(op, "random", "a random valid request", request, "token")
            # a draw HTTP cannot carry (an empty required form field, say) is drawn again:
            # it takes none of the search's examples
            assume(self.unsendable == unsendable)
            if not judged:
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
