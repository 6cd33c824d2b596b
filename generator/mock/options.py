"""The mock's options: how it behaves beyond the spec, and what a request may cost it."""

from __future__ import annotations

from typing import Literal, get_args

from generator.errors import EXIT_USAGE, fail
from generator.mock.faults import Fault
from generator.mock.memory import DEFAULT_CAPACITY
from generator.records import record

__all__ = ["DEFAULT_MAX_BODY", "DEFAULT_MAX_DELAY", "FAULT_SOURCES", "FaultSource", "MockOptions"]

DEFAULT_MAX_BODY = 1024 * 1024
DEFAULT_MAX_DELAY = 30.0
# who may ask for faults: nobody, the X-Mock-Fault header, or the header and the query string
FaultSource = Literal["off", "header", "query"]
FAULT_SOURCES: tuple[FaultSource, ...] = get_args(FaultSource)


@record
class MockOptions:
    """How the mock behaves beyond the spec (the last three: see ``mock.connections``)."""

    seed: int = 0
    token: str | None = None  # None: any non-empty credential is accepted
    faults: tuple[Fault, ...] = ()
    max_body: int = DEFAULT_MAX_BODY
    validate_requests: bool = True
    enforce_security: bool = True
    request_faults: FaultSource = "header"
    max_delay: float = DEFAULT_MAX_DELAY  # seconds one request may wait, all its faults together
    request_timeout: float = 10.0
    idle_timeout: float = 5.0
    max_connections: int = 512
    stateless: bool = False  # True: forget every request; False: remember what was created
    max_resources: int = DEFAULT_CAPACITY  # resources remembered at once, the oldest dropped
    cors: bool = False  # answer browsers' preflights and let any origin read the answers

    def __post_init__(self) -> None:
        if self.request_faults not in FAULT_SOURCES:
            raise _usage("--request-faults", "use off, header or query")
        for flag, value in (
            ("--max-delay", self.max_delay),
            ("--request-timeout", self.request_timeout),
            ("--idle-timeout", self.idle_timeout),
            ("--max-connections", self.max_connections),
            ("--max-resources", self.max_resources),
        ):
            if not 0 < value < float("inf"):  # also refuses NaN
                raise _usage(flag, f"must be a positive number, not {value}")


def _usage(flag: str, message: str) -> Exception:
    return fail(flag, message, exit_code=EXIT_USAGE)
