"""What a conformance run holds: its settings, the connections and validator of its first
thread, and the counts one operation's cases build up (a lane starts them afresh).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from generator import ir
from generator.conformance.budget import Budget
from generator.conformance.cases import CaseSource, CaseSourceName, RequestData
from generator.conformance.cassette import Recorder
from generator.conformance.checks import CHECKS, CaseKind, Outcome
from generator.conformance.issued import Issued
from generator.conformance.pace import Pace
from generator.conformance.report import Report, Step
from generator.conformance.select import PHASES, Selection
from generator.conformance.stateful import FEWEST
from generator.conformance.transport import Transport
from generator.conformance.wire import Auth, HttpRequest
from generator.exchange import Reading, SchemaValidator
from generator.records import record

Progress = Callable[[int, int, str], None]
FIRST_PASS = 3  # the stateful phase's first pass, run by the whole run before any search
SEQUENCES = 4  # the stateful phase's searches, run by the whole run once the others merged
# the stages of a run, in order: the first case of each kind, the other deterministic
# cases, the first pass of the links, the random search; a failure's found_after_cases
# counts in this order
STAGES = (0, 1, FIRST_PASS, 2)


class TimeUp(BaseException):
    """``max_time`` has passed: stop sending. A BaseException, so that Hypothesis stops at
    once rather than shrinking the example it was running."""


Case = tuple[CaseKind, str, RequestData, Auth]


@record
class Held:
    """A failure judged again at the run's end (see probing), with what keeping it needs."""

    op: ir.Operation
    case: str  # "<kind>: <description>"
    request: RequestData
    http: HttpRequest
    status: int
    outcome: Outcome
    steps: tuple[Step, ...]


class Shared:
    """What the operations of one run count together."""

    def __init__(self, workers: int) -> None:
        self.lock = threading.Lock()
        self.sent = 0  # cases sent by every operation
        self.total = 0  # cases planned
        self.stopping = threading.Event()  # an operation met an error: the others stop
        self.slots = threading.BoundedSemaphore(workers)  # requests under way at once
        # the top-level body texts of valid requests a server took, by digest (see probing):
        # one sent again may be refused as a duplicate of what it stored
        self.taken: set[bytes] = set()
        # renewals of repeated values: of a refused request's (see probing), of a key's
        self.renewed = 0
        self.keys: set[str] = set()  # the idempotency keys sent (conformance.keys)
        # the identifiers the answers gave (see probing): a refused request may refer to one
        self.issued = Issued()
        # refusals of valid requests that may refer to what no answer had given yet: judged
        # again at the run's end, once the answers gave identifiers (see probing)
        self.held: list[Held] = []


class RunState:
    """The settings and counts of a run, or of one operation's lane of it."""

    op: ir.Operation  # the one operation of a lane (see Lanes._lane)
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
        proxy: str | None = None,
        strict_types: bool = False,
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
        # the base URL of each operation served elsewhere than ``base_url`` (by its id)
        self.bases: dict[str, str] = {}
        # operations never sent: on another host, or answered by no valid value
        self.unsent: frozenset[str] = frozenset()
        # those sent that share their method and route with one not sent (exchange.routes)
        self.same_route: frozenset[str] = frozenset()
        self.token = token
        self.max_examples = max_examples
        self.seed = seed
        self.allow = allow
        self.strict_types = strict_types
        self.progress = progress or (lambda done, total, label: None)
        self.cases = cases
        self.recorder = recorder
        self.validator = SchemaValidator(api)
        self.stop_at = None if max_time is None else started + max_time
        self.max_time = max_time
        # a request started before stop_at runs its whole deadline, a resend never past it
        end = None if self.stop_at is None else self.stop_at + timeout
        self.transport = Transport(timeout, max_body, end, pace, proxy)
        self._transports = [self.transport]  # one per worker thread: its own connections
        self._local = threading.local()  # each thread's own transport and validator
        self._local.transport, self._local.validator = self.transport, self.validator
        self._lock = threading.Lock()
        self.shared = Shared(workers)
        self.fetcher: ThreadPoolExecutor | None = None  # sends deterministic cases ahead
        self.lanes: Sequence[RunState] = []  # one runner per operation, merged at the end
        self.plan: tuple[list[Case], list[Case]] = ([], [])  # a lane's deterministic cases
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
        self.refused: set[str] = set()  # operations with a case it refused
        # operations the built-in mock found no valid answer to (not judged)
        self.unanswered: set[str] = set()
        self.still_valid = 0  # near misses the spec's validator accepts
        self.null_bodies = 0  # null near misses of an optional body: many read them as none
        # cases another reading of the spec some servers take judges apart, by that reading
        # (SchemaValidator.read_apart): not sent
        self.readings_differ: Counter[Reading] = Counter()
        self.unsendable = 0  # cases HTTP cannot carry: empty path segments, non-ASCII headers
        # operations whose body apiforge could not write in its media type, and the first reason
        self.unwritten: dict[str, str] = {}
        self.rate_limited = 0  # answers of 429 to a case, which was then sent again
        # the needs a refusal named that a remade request met, by operation (``feedback``)
        self.guided: dict[str, set[str]] = {}
        self.guiding = False  # a request remade to meet them is being judged
        self.untokened: set[str] = set()  # secured operations checked without a token
        self.reached = 0  # deterministic cases the run came to (sent or not)
        self.random_sent: dict[str, int] = {}  # random cases sent, by operation
        self.searched: set[str] = set()  # operations whose random search ended
        self.stage = 0  # of STAGES, under way
        self.stage_sent = [0 for _ in (*STAGES, SEQUENCES)]  # cases sent, by stage
        self.first_seen: dict[tuple[str, str, str], int] = {}  # the stage of each kept failure
        # the outcomes of the answer being judged that are held to the run's end (by id)
        self.holding: set[int] = set()

    def _time_up(self) -> None:
        """Raise :class:`TimeUp` once ``max_time`` has passed, or another operation's error
        ends the run."""
        if self.stop_at is not None and time.monotonic() >= self.stop_at:
            raise TimeUp
        if self.shared.stopping.is_set():
            raise TimeUp
