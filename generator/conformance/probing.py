"""A refused valid request sent once more without the values its schema cannot constrain.

A server may refuse a valid request for a value that means something the schema cannot say:
a cursor it never issued, under ``{type: string}``. When a valid request is refused with 400
or 422 and carries optional values whose schema admits any string
(:mod:`generator.conformance.opaque`), it is sent again without them, still valid. Taken then
(an answer below 500 that is neither a refusal nor a 429), the refusal depended on those
values: ``valid_request_accepted`` warns, naming them, and does not fail. Refused again, or
not answered, or with no time left for it, the failure stands: only an answer is evidence.

The probe is one request of the run: counted as sent, recorded in a cassette (kind ``probe``,
judged by no check, so never replayed), paced and bounded like any other.

A refused valid request carrying credentials (a password, or anything sent to an OAuth2
token URL: :func:`~generator.conformance.opaque.credential_values`) is a warning at once: no
value drawn from a schema is a password the server holds, so no second request can say more.
"""

from __future__ import annotations

import time
from http import HTTPStatus

from generator import ir
from generator.conformance.cases import RequestData
from generator.conformance.cassette import Exchange
from generator.conformance.checks import VALID_KINDS, Answer, CaseKind, Outcome, refusal
from generator.conformance.opaque import (
    Opaque,
    credential_values,
    named,
    opaque_values,
    without,
)
from generator.conformance.sending import Sending
from generator.conformance.state import TimeUp
from generator.mock import UNANSWERABLE_HEADER

_CHECK = "valid_request_accepted"
_PROBED = (HTTPStatus.BAD_REQUEST, HTTPStatus.UNPROCESSABLE_ENTITY)


class Probing(Sending):
    """The second look at a valid request refused for values a schema cannot constrain."""

    def _second_look(
        self,
        op: ir.Operation,
        kind: CaseKind,
        request: RequestData,
        answer: Answer | str,
        outcomes: list[Outcome],
    ) -> list[Outcome]:
        failed = any(o.check == _CHECK and o.verdict == "fail" for o in outcomes)
        if not failed or kind not in VALID_KINDS or not isinstance(answer, Answer):
            return outcomes
        credentials = credential_values(self.api, op, request)
        if credentials and answer.status != HTTPStatus.UNSUPPORTED_MEDIA_TYPE:
            said = (
                f"a valid request was refused with {answer.status}; it carries "
                f"{named(credentials)}, credentials only the server can know, which no "
                "drawn value can be"
            )
            return [Outcome(_CHECK, "warn", said) if o.check == _CHECK else o for o in outcomes]
        if answer.status not in _PROBED:
            return outcomes
        values = opaque_values(self.api, op, request)
        if not values:
            return outcomes
        took = self._probe_without(op, request, values)
        if took is None:
            return outcomes
        message = (
            f"a valid request was refused with {answer.status}, and taken ({took}) without "
            f"{named(values)}: the server may take only values it issued, which a schema "
            "cannot say"
        )
        warned = Outcome(_CHECK, "warn", message)
        return [warned if o.check == _CHECK else o for o in outcomes]

    def _probe_without(
        self, op: ir.Operation, request: RequestData, values: tuple[Opaque, ...]
    ) -> int | None:
        """Send ``request`` without ``values``; the status it was taken with, or None when
        it was refused, not answered, not sendable or not valid, or no time was left."""
        probe = without(request, values)
        body = probe.get("body")
        if op.body is not None and "body" in probe and not isinstance(body, bytes):
            if not self.validator.is_valid(op.body.pointer, body):  # a property it needs
                return None
        http = self._http(op, probe, "token")
        if http is None:
            return None
        began = time.time(), time.monotonic()
        try:
            self._time_up()
            answer = self._send(http)
        except TimeUp:  # no time for evidence: the refusal stands
            return None
        self._count_probe(answer)
        if self.recorder is not None:
            description = f"the refused request again without {named(values)}"
            exchange = Exchange(op.operation_id, "probe", description, http, self.token, answer, [])
            self.recorder(exchange, began[0], time.monotonic() - began[1])
        if not isinstance(answer, Answer) or answer.headers.get(UNANSWERABLE_HEADER):
            return None
        status = answer.status
        taken = status < HTTPStatus.INTERNAL_SERVER_ERROR and status != HTTPStatus.TOO_MANY_REQUESTS
        return status if taken and not refusal(op, status) else None

    def _count_probe(self, answer: Answer | str) -> None:
        """The probe counted as a request of the run, as a case is."""
        self.sent += 1
        self.stage_sent[self.stage] += 1
        if isinstance(answer, Answer):
            self.answered += 1
        with self.shared.lock:
            self.shared.sent += 1
