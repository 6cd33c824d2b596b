"""Faults the mock injects on request, to test retries and timeouts against a real socket.

A request asks for faults with the ``X-Mock-Fault`` header (or, when the server takes them
from there, an ``x-mock-fault`` query parameter, removed before validation: see
``MockOptions.request_faults``); ``apiforge mock --faults`` applies the same grammar to every
request, at a rate. Items are separated by commas::

    429                      answer 429 with ``Retry-After: 1``
    503;retry-after=3        answer 503 with ``Retry-After: 3`` (any 4xx/5xx status works)
    500                      answer 500 with a JSON problem body
    slow=2.5                 wait 2.5 seconds, then answer as usual
    drop                     close the connection without sending a response
    503;times=2;id=abc       only the first 2 requests with exactly this value get the fault,
                             then requests are served normally (to test "fail twice, then succeed")
    429;rate=0.1             (for --faults) apply to about 10% of requests, drawn from the seed

``slow`` combines with the others: ``slow=1, 503`` waits one second, then answers 503.

Faults cost the server nothing it does not bound: a directive is at most
:data:`MAX_DIRECTIVE` characters and :data:`MAX_ITEMS` items, the waits of one request add up
to at most the server's ``max_delay`` (:func:`total_delay`), and the counts behind ``times=``
are kept for the :data:`MAX_TRACKED` directives used most recently (an older one starts
counting afresh).
"""

from __future__ import annotations

import random
from collections import OrderedDict
from typing import Literal

from generator.errors import EXIT_USAGE, fail
from generator.records import record

__all__ = [
    "FAULT_HEADER",
    "MAX_DIRECTIVE",
    "MAX_ITEMS",
    "MAX_TRACKED",
    "Fault",
    "FaultPlan",
    "FaultSyntaxError",
    "parse",
    "parse_option",
    "total_delay",
]

FAULT_HEADER = "x-mock-fault"
MAX_DIRECTIVE = 256  # characters of one directive
MAX_ITEMS = 8  # faults in one directive
MAX_TRACKED = 1024  # directives whose times= count is remembered
FaultKind = Literal["status", "slow", "drop"]


class FaultSyntaxError(ValueError):
    """A fault directive that does not follow the grammar above."""


@record(slots=True)
class Fault:
    """One fault to inject."""

    kind: FaultKind
    status: int | None = None
    delay: float = 0.0
    retry_after: int | None = None
    times: int | None = None
    rate: float = 1.0


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise FaultSyntaxError(f"{what} must be a number, not {text!r}") from None
    if not 0 <= value < float("inf"):
        raise FaultSyntaxError(f"{what} must be zero or more, not {text!r}")
    return value


def _item(text: str) -> Fault:
    head, *params = [part.strip() for part in text.split(";")]
    options: dict[str, str] = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep:
            raise FaultSyntaxError(f"expected key=value, got {param!r}")
        options[key.strip().lower()] = value.strip()
    unknown = set(options) - {"retry-after", "times", "rate", "id"}
    if unknown:
        raise FaultSyntaxError(f"unknown fault option {sorted(unknown)[0]!r}")
    times = int(_number(options["times"], "times")) if "times" in options else None
    rate = _number(options.get("rate", "1"), "rate")
    if rate > 1:
        raise FaultSyntaxError("rate must be between 0 and 1")
    name, _, value = head.partition("=")
    name = name.strip().lower()
    if name == "slow":
        return Fault("slow", delay=_number(value, "slow"), times=times, rate=rate)
    if name == "drop":
        return Fault("drop", times=times, rate=rate)
    if name.isdigit() and 400 <= int(name) <= 599:
        status = int(name)
        default_wait = "1" if status in {429, 503} else None
        wait = options.get("retry-after", default_wait)
        retry_after = int(_number(wait, "retry-after")) if wait is not None else None
        return Fault("status", status=status, retry_after=retry_after, times=times, rate=rate)
    raise FaultSyntaxError(f"unknown fault {head!r}: use a 4xx/5xx status, slow=SECONDS or drop")


def parse(text: str) -> tuple[Fault, ...]:
    """The faults a directive asks for (empty for an empty directive)."""
    if len(text) > MAX_DIRECTIVE:
        raise FaultSyntaxError(f"a directive is at most {MAX_DIRECTIVE} characters")
    items = [part for part in text.split(",") if part.strip()]
    if len(items) > MAX_ITEMS:
        raise FaultSyntaxError(f"a directive has at most {MAX_ITEMS} faults")
    return tuple(_item(part) for part in items)


def total_delay(faults: tuple[Fault, ...], cap: float) -> float:
    """How long a request with these faults waits: the ``slow`` items added up, at most ``cap``."""
    return min(sum(f.delay for f in faults if f.kind == "slow"), cap)


def parse_option(text: str) -> tuple[Fault, ...]:
    """``--faults TEXT`` for the command line: a usage error (exit 2) when it does not parse."""
    try:
        return parse(text)
    except FaultSyntaxError as exc:
        raise fail("--faults", str(exc), exit_code=EXIT_USAGE) from None


class FaultPlan:
    """Decides which faults apply to each request: its own directive, then the server's rules."""

    def __init__(self, rules: tuple[Fault, ...] = (), seed: int = 0):
        self.rules = rules
        self._rng = random.Random(f"faults:{seed}")
        self._rule_counts = [0] * len(rules)
        # directive -> requests that carried it, least recently used first
        self.tracked: OrderedDict[str, int] = OrderedDict()

    def pick(self, directive: str | None) -> tuple[Fault, ...]:
        """Faults for one request; raises :class:`FaultSyntaxError` for a bad directive."""
        chosen: list[Fault] = []
        if directive:
            faults = parse(directive)
            count = self._count(directive) if any(f.times is not None for f in faults) else 0
            chosen.extend(f for f in faults if f.times is None or count <= f.times)
        for index, rule in enumerate(self.rules):
            if rule.times is not None:
                if self._rule_counts[index] >= rule.times:
                    continue
                self._rule_counts[index] += 1
            if self._rng.random() < rule.rate:
                chosen.append(rule)
        return tuple(chosen)

    def _count(self, directive: str) -> int:
        count = self.tracked.pop(directive, 0) + 1
        self.tracked[directive] = count
        while len(self.tracked) > MAX_TRACKED:
            self.tracked.popitem(last=False)
        return count
