"""How many cases an operation gets once it keeps failing the same way.

A failure's signature is its check, the answer's status and the failure's shape (where a
body breaks its schema, and by which keyword): two failures with one signature are one
fault. Per operation, the runner records each case's failures by group (valid requests,
coverage and random alike; every other case kind on its own). A case whose failures all
have known signatures, and that did not pass cleanly, repeats what is known. Once
``REPEATS`` cases of a group in a row repeat it with the very same answer (the server does
not even read the input), or ``STREAK`` in a row whatever the answers, the group's
remaining cases on that operation are not sent: they can only say it again. The other
groups still run, and random exploration shrinks only failures with a new signature.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from generator.conformance.checks import Outcome

__all__ = ["REPEATS", "STREAK", "Budget", "signature"]

REPEATS = 5
STREAK = 20
_GROUPS = {"coverage": "valid", "random": "valid"}


def signature(outcome: Outcome, status: int) -> str:
    """What makes two failures of a check one fault: the status and the failure's shape."""
    return f"{status} {outcome.shape}".strip()


@dataclass
class _Streak:
    length: int = 0  # cases in a row that only repeated known failures
    answer: str = ""  # the digest of the last such answer
    same: bool = True  # every answer of the streak was the same


class Budget:
    """Known failure signatures per operation and the streaks of cases that repeat them."""

    def __init__(self) -> None:
        self.known: dict[str, set[tuple[str, str]]] = {}
        self.last: set[tuple[str, str]] = set()  # the signatures of the last recorded case
        self.spared = 0  # cases not sent: they could only repeat known failures
        self._streaks: dict[tuple[str, str], _Streak] = {}

    def snapshot(self, operation: str) -> frozenset[tuple[str, str]]:
        """The (check, signature) pairs known for ``operation`` now."""
        return frozenset(self.known.get(operation, ()))

    def spent(self, operation: str, kind: str) -> bool:
        """True when the cases of this kind on ``operation`` can only repeat known failures."""
        streak = self._streaks.get((operation, _GROUPS.get(kind, kind)))
        if streak is None:
            return False
        return streak.length >= STREAK or (streak.same and streak.length >= REPEATS)

    def record(
        self, operation: str, kind: str, outcomes: Iterable[Outcome], status: int, content: bytes
    ) -> None:
        """Note one case's outcomes and the answer they judged."""
        failures = {(o.check, signature(o, status)) for o in outcomes if o.verdict == "fail"}
        self.last = failures
        known = self.known.setdefault(operation, set())
        key = (operation, _GROUPS.get(kind, kind))
        if not failures or not failures <= known:  # a clean pass, or something new
            known |= failures
            self._streaks[key] = _Streak()
            return
        streak = self._streaks.setdefault(key, _Streak())
        digest = hashlib.sha256(b"%d\n" % status + content).hexdigest()
        streak.same = streak.same and (not streak.answer or streak.answer == digest)
        streak.answer = digest
        streak.length += 1
