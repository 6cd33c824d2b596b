"""One case on the wire: encoded, sent on its thread's connections (at most ``workers`` under
way at once) within its deadline, or its answer fetched ahead taken, then judged.
"""

from __future__ import annotations

import time
from concurrent.futures import Future
from functools import partial
from http import HTTPStatus

from httpx import URL, InvalidURL

from generator import ir
from generator.conformance.cases import RequestData
from generator.conformance.checks import MUTATIONS, Answer, CaseKind, Outcome, checks_for
from generator.conformance.judging import Judging
from generator.conformance.keys import carried, fresh_texts, with_key
from generator.conformance.negatives import adjust
from generator.conformance.pace import RESENDS, retry_after
from generator.conformance.state import TimeUp
from generator.conformance.transport import NoAnswer, Transport, shown_proxy
from generator.conformance.unsendable import Unwritable
from generator.conformance.wire import Auth, HttpRequest, encode, sends_blank
from generator.errors import EXIT_USAGE, fail
from generator.exchange import SchemaValidator, taken_elsewhere
from generator.facts.typefacts import param_pointer

# the largest request body a run sends: a valid case past it (a schema allowing megabytes of
# text in many places) is counted with those HTTP cannot carry; the built-in mock takes as
# much, so that its own limit never answers a case the run sends
MAX_REQUEST_BODY = 8 * 1024 * 1024


class Sending(Judging):
    """The sending of a run's cases."""

    def _own(self) -> Transport:
        """This thread's connections."""
        own: Transport | None = getattr(self._local, "transport", None)
        if own is None:
            first = self.transport
            own = self._local.transport = Transport(
                first.timeout, first.max_body, first.end, self.pace, first.proxy
            )
            with self.shared.lock:
                self._transports.append(own)
        return own

    def _own_validator(self) -> SchemaValidator:
        """This thread's validator: one holds the deadline of the check under way."""
        own: SchemaValidator | None = getattr(self._local, "validator", None)
        if own is None:
            own = self._local.validator = SchemaValidator(self.api)
        return own

    def _raw(self, request: HttpRequest) -> Answer | NoAnswer:
        """``request`` sent on this thread's connections, one of at most ``workers`` under way."""
        self._time_up()
        transport = self._own()
        with self.shared.slots:
            return transport.send(request.with_token(self.token))

    def _send(self, request: HttpRequest) -> Answer | str:
        return self._after_rate_limits(request, self._read(self._raw(request)))

    def _after_rate_limits(self, request: HttpRequest, answer: Answer | str) -> Answer | str:
        """A 429 says nothing of the request: it is sent again after the server's
        ``Retry-After`` (at most :data:`RESENDS` times, each wait bounded, never past the run's
        end), and the last answer is judged."""
        for _ in range(RESENDS):
            if not isinstance(answer, Answer) or answer.status != HTTPStatus.TOO_MANY_REQUESTS:
                return answer
            wait = retry_after(answer.headers.get("retry-after"))
            end = self.transport.end
            if end is not None and time.monotonic() + wait >= end:
                return answer
            self.rate_limited += 1
            time.sleep(wait)
            answer = self._read(self._raw(request))
        return answer

    def _read(self, answer: Answer | NoAnswer) -> Answer | str:
        """The answer, or why there is none; :class:`TimeUp` when the run's end cut it."""
        if isinstance(answer, Answer):
            return answer
        if answer.cut:  # the run's end stopped it, not the server: not run
            raise TimeUp
        if answer.unreachable and self.shared.sent == 0:  # nothing answers there: a usage error
            proxy = self.transport.proxy
            through = "" if proxy is None else f" through the proxy {shown_proxy(proxy)}"
            raise fail(
                self.base_url, f"cannot connect{through}: {answer.message}", exit_code=EXIT_USAGE
            )
        return answer.message

    def _http(self, op: ir.Operation, request: RequestData, auth: Auth) -> HttpRequest | None:
        """The case on the wire; None when HTTP cannot carry it to ``op``."""
        try:
            base = self.bases.get(op.operation_id, self.base_url)
            http = adjust(encode(self.api, op, request, base, auth), request)
            for name, value in http.with_token(self.token).headers:  # httpx sends ASCII text
                name.encode("ascii"), value.encode("ascii")
            URL(http.url)  # one httpx can send (a spec's path may make none)
        except Unwritable as exc:  # a body its media type has no faithful writing of
            with self.shared.lock:
                self.unwritten.setdefault(op.operation_id, str(exc))
            return None
        except (ValueError, TypeError, UnicodeEncodeError, InvalidURL):  # Unsendable among them
            return None
        if http.body is not None and len(http.body) > MAX_REQUEST_BODY:
            return None
        # values that spell a path a template as specific or more matches (`/files/x.json`,
        # meant for `/files/{name}` beside `/files/{name}.{ext}`): a router may give it there
        path = http.url[len(base.rstrip("/")) :].partition("?")[0]
        if taken_elsewhere(self.api, op, path) is not None:
            return None
        return http

    def _fresh_keys(
        self, op: ir.Operation, kind: CaseKind, request: RequestData
    ) -> RequestData | None:
        """``request`` with each idempotency key it carries one no request of the run carried
        before (:mod:`generator.conformance.keys`); None when no new key its schema takes was
        found. A near miss's key is left as it is where its schema refuses it: the key may be
        what makes the request a near miss."""
        for where, text in carried(op, request):
            fits = partial(self._key_fits, op, request, where)
            if (kind in MUTATIONS and not fits(text)) or self._new_key(text):
                continue
            with self.shared.lock:  # each renewal's keys made from a seed of its own
                self.shared.renewed += 1
                turn = self.shared.renewed
            fresh = next(
                (t for t in fresh_texts(f"{self.seed}:{turn}", fits) if self._new_key(t)), None
            )
            if fresh is None:
                return None
            request = with_key(request, where, fresh)
        return request

    def _new_key(self, text: str) -> bool:
        """Whether no request of the run carried the key ``text``; it is taken from now on."""
        with self.shared.lock:
            if text in self.shared.keys:
                return False
            self.shared.keys.add(text)
            return True

    def _key_fits(
        self, op: ir.Operation, request: RequestData, where: tuple[str, str], text: str
    ) -> bool:
        """Whether the key ``text`` at ``where`` is valid there: under its header's schema, or
        in the body, which it leaves valid."""
        validator = self._own_validator()
        place, name = where
        if place == "body":
            body = with_key(request, where, text)["body"]
            return op.body is not None and validator.is_valid(op.body.pointer, body)
        param = next((p for p in op.params if p.location == "header" and p.wire == name), None)
        pointer = param_pointer(self.api, param) if param is not None else ""
        return not pointer or validator.is_valid(pointer, text)

    @staticmethod
    def _blank(kind: CaseKind, op: ir.Operation, request: RequestData) -> bool:
        """Whether a case that stands for a valid request sends a parameter empty where a
        server may read it as no value (:func:`~generator.conformance.wire.sends_blank`): it
        is not sent. A mutation is invalid anyway, and is."""
        return kind not in MUTATIONS and sends_blank(op, request)

    @staticmethod
    def _no_body(kind: CaseKind, op: ir.Operation, http: HttpRequest) -> bool:
        """Whether a case that stands for a valid request sends a required body of no bytes
        (an empty text, a file of nothing), which a server may read as no body at all."""
        required = op.body is not None and op.body.required
        return kind not in MUTATIONS and required and http.body == b""

    def _judged(self, kind: CaseKind) -> bool:
        """True when a check --checks left judges a case of ``kind``."""
        return any(name in self.checks for name in checks_for(kind))

    def _case(  # noqa: PLR0917
        self,
        op: ir.Operation,
        kind: CaseKind,
        description: str,
        request: RequestData,
        auth: Auth,
        fetched: Future[Answer | NoAnswer] | None = None,
    ) -> list[Outcome]:
        """Send one case (or take its answer, ``fetched`` ahead of its turn) and judge it."""
        self._time_up()
        if self.budget.spent(op.operation_id, kind):
            self.budget.spared += 1
            return []
        if not self._judged(kind):  # --checks left no check of this kind of case
            return []
        keyed = self._fresh_keys(op, kind, request)
        if keyed is None:
            self.unsendable += 1
            return []
        request = keyed
        http = None if self._blank(kind, op, request) else self._http(op, request, auth)
        if http is not None and self._no_body(kind, op, http):
            http = None
        if http is None:
            self.unsendable += 1
            return []
        began = time.time(), time.monotonic()
        if fetched is None:
            answer = self._send(http)
        else:
            answer = self._after_rate_limits(http, self._read(fetched.result()))
        timing = began[0], time.monotonic() - began[1]
        return self._judge(op, kind, description, request, http, answer, timing=timing)
