"""A refused valid request sent once more without the values its schema cannot constrain.

A server may refuse a valid request for a value that means something the schema cannot say:
a cursor it never issued, under ``{type: string}``. When a valid request is refused with 400
or 422 and carries optional values whose schema admits any string
(:mod:`generator.conformance.opaque`), it is sent again without them, still valid. Taken then
(an answer below 500 that is neither a refusal nor a 429), the refusal depended on those
values: ``valid_request_accepted`` warns, naming them, and does not fail. Refused again, or
not answered, or with no time left for it, the failure stands: only an answer is evidence.
A valid request carrying such values and answered with a client error the spec does not
document (a 404 for a cursor never issued) is sent again the same way; taken then,
``status_documented`` warns.

The probe is one request of the run: counted as sent, recorded in a cassette (kind ``probe``,
judged by no check, so never replayed), paced and bounded like any other.

A valid request refused with 400 or 422 whose body repeats, at the same place, a text or an
integer of one the server took before (an email, a name, an id, at the top or nested in objects
and arrays) may be refused as a duplicate of what the server stored: it is sent again with those
values made new (still valid, and none the server took at that place before: a short text under
a narrow pattern keeps its kinds of character in place); taken then, ``valid_request_accepted``
warns.

A valid request refused with 400 or 422 whose JSON or form body holds integers or UUIDs may
refer to something the server does not hold: it is sent again referring to identifiers the
server's answers gave (:mod:`generator.conformance.issued`); taken then,
``valid_request_accepted`` warns.

In a 3.1 spec, a valid request refused with 400 or 422 whose JSON body leaves out a
required ``readOnly`` property (as OpenAPI 3.0 says a request may) is sent again with those
properties given values of their schemas: 3.1 leaves to each server whether ``required`` holds
for them in a request, and one reading JSON Schema plainly requires them. Taken then,
``valid_request_accepted`` warns.

A near miss whose body is invalid only for a ``null`` its schema refuses, taken, whose answer
holds the empty value of a type at the same place (``false``, ``0``, ``""``), was read as
that value, as Ajv's type coercion reads ``null`` (no second request: the answer is the
evidence): ``invalid_request_rejected`` warns. A server that kept the ``null`` fails.

A valid request refused with 400 or 422 that carries an integer past ``2**53 - 1`` either way
(JavaScript's largest safe integer), in a parameter or anywhere in a JSON body, where its
schema sets no bound on that side and no ``format``, is sent again with a smaller one the
schema takes (:mod:`.integers`); taken then, ``valid_request_accepted`` warns: the spec
allows integers a server may not read.

A refused valid request carrying credentials (a password, or anything sent to an OAuth2
token URL: :func:`~generator.conformance.opaque.credential_values`) is a warning at once: no
value drawn from a schema is a password the server holds, so no second request can say more.
So is one refused with 400 or 422 that sends a file
(:func:`~generator.conformance.opaque.file_values`): no drawn bytes are a file of the kind a
server may check for.
So is one that sends a text whose schema names a format apiforge draws no value of
(:func:`~generator.conformance.opaque.format_values`): any text is valid under it, and a
server may check what the format means.

A valid request refused with 400 or 422 whose answer names what its fields need (in the words
of many frameworks' validators: :mod:`.feedback`) is sent again remade to meet that, and again
while each answer names more: each such request is a valid case of its own, so a failure past
the server's own checks (a 500) is found.

A valid request sent without credentials (or with a wrong one) and refused with a client error
other than 401 or 403 fails ``auth_required`` (or ``bad_credentials_rejected``) only if the same
request with the credential is not refused as well: HTTP orders no check before another, and a
server that reads the body first refuses it either way. It is sent again with the credential;
refused then with a client error too, the verdict is a warning, and the refusal of the
request itself is left to the checks of valid requests.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
import uuid
from collections.abc import Callable, Collection, Iterator
from functools import partial
from http import HTTPStatus
from itertools import islice

from generator import ir
from generator.conformance import feedback, unrouted
from generator.conformance.cases import RequestData
from generator.conformance.cassette import Exchange
from generator.conformance.checks import (
    AS_DOCUMENTED,
    AUTH_CHECKS,
    AUTH_KINDS,
    REFUSED,
    VALID_KINDS,
    Answer,
    CaseKind,
    Expectation,
    Outcome,
    Verdict,
    refusal,
    verdicts,
)
from generator.conformance.feedback import Need, needs, same_name
from generator.conformance.integers import body_places, past_safe, smaller, unbounded
from generator.conformance.issued import referring
from generator.conformance.opaque import (
    Opaque,
    credential_values,
    file_values,
    format_values,
    named,
    opaque_values,
    without,
)
from generator.conformance.places import At, leaves, replaced
from generator.conformance.report import Step
from generator.conformance.sending import Sending
from generator.conformance.source import PLACES
from generator.conformance.state import SEQUENCES, TimeUp
from generator.conformance.wire import HttpRequest
from generator.errors import shown_path
from generator.exchange import Values, schema_pointer
from generator.facts.visibility import marked_apart, required_read_only
from generator.mock import UNANSWERABLE_HEADER
from generator.openapi import escape_pointer_token, is_json, lookup, pointer_of

_CHECK = "valid_request_accepted"
_INVALID = "invalid_request_rejected"
_STATUS = "status_documented"
_PROBED = (HTTPStatus.BAD_REQUEST, HTTPStatus.UNPROCESSABLE_ENTITY)
_GUIDED_KINDS = ("coverage", "random")  # the valid cases a refusal's feedback is followed for
_GUIDED_TURNS = 3  # requests remade in a row, each to meet what the last answer named too
_GUIDED_SETS = 4  # the sets of needs followed per operation
_READ = 20_000  # characters of a text answer read for what it names
# the bodies a reference is remade in (the media kinds :mod:`generator.openapi` names)
_REFERRING = ("json", "form")
# the probes of one refused request referring to given ids (all at once, then each alone)
_REFERRALS = 3
# the largest answer whose identifiers are kept, in JSON values (a listing of many is not read)
_ISSUED_VALUES = 2000
# the bodies drawn for a request that left out its optional one, until one is valid
_DRAWS = 5


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
        if not isinstance(answer, Answer):
            return outcomes
        if kind in AUTH_KINDS:
            return self._refused_either_way(op, request, answer, outcomes)
        if kind == "mutation":
            return self._null_read_leniently(op, request, answer, outcomes)
        if kind not in VALID_KINDS:
            return outcomes
        return self._valid_refused(op, request, answer, outcomes)

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
        """The case judged; a valid request's refusal that names what the server wants is
        then followed by requests remade to meet it (:mod:`.feedback`)."""
        outcomes = super()._judge(
            op, kind, description, request, http, answer, expect=expect, steps=steps, timing=timing
        )
        guided = kind in _GUIDED_KINDS and not self.guiding
        if guided and isinstance(answer, Answer) and answer.status in _PROBED:
            self.guiding = True
            try:
                self._follow_feedback(op, kind, request, answer)
            finally:
                self.guiding = False
        return outcomes

    def _follow_feedback(
        self, op: ir.Operation, kind: CaseKind, request: RequestData, answer: Answer
    ) -> None:
        """Where ``answer`` refuses ``request`` (a valid request) naming what its parameters
        or the fields of its JSON or form body need, send it again remade to meet those needs,
        and so on while each answer names more (at most :data:`_GUIDED_TURNS` times): each is
        judged as a valid request of ``kind``. A set of needs is followed once per operation."""
        followed = self.guided.setdefault(op.operation_id, set())
        rng = random.Random(f"{self.seed}:{op.operation_id}:guided:{len(followed)}")
        values = Values(self.api, direction="request", avoid_null=True)
        draw = partial(values.value, rng=rng)
        gathered: dict[tuple[str, ...], Need] = {}
        for _ in range(_GUIDED_TURNS):
            if answer.status not in _PROBED or len(followed) >= _GUIDED_SETS:
                return
            parsed, value = answer.json
            text = "" if parsed else answer.content[:_READ].decode("utf-8", "replace")
            gathered |= {n.field: n for n in needs(parsed, value, text)}
            probe, met = self._params_met(op, request, list(gathered.values()), draw)
            body = request.get("body")
            if op.body is not None and op.body.kind in _REFERRING and isinstance(body, dict):
                rest = [n for n in gathered.values() if n not in met]
                probe["body"], more = feedback.remade(body, rest, draw, partial(self._takes, op))
                met += more
            key = json.dumps(sorted(n.said() for n in met))
            if not met or key in followed:
                return
            followed.add(key)
            said = "guided by the refusals: " + "; ".join(n.said() for n in met[:4])
            sent = self._send_guided(op, kind, said, probe)
            if not isinstance(sent, Answer):
                return
            answer = sent

    def _params_met(
        self, op: ir.Operation, request: RequestData, wanted: list[Need], draw: feedback.Draw
    ) -> tuple[RequestData, list[Need]]:
        """``request`` with a value meeting each need named by a parameter's name, each kept
        only where its schema takes it: the request, and the needs met."""
        probe, met = dict(request), []
        for need in wanted:
            named = len(need.field) == 1 and need.field[0]
            param = next((p for p in op.params if named and same_name(named, p.wire)), None)
            values = probe.get(PLACES[param.location]) if param is not None else None
            if param is None or not isinstance(values, dict) or not param.pointer:
                continue
            made = feedback.meeting(need, values.get(param.wire), draw)
            if made is feedback.NONE or not self._param_takes(param, made):
                continue
            probe[PLACES[param.location]] = {**values, param.wire: made}
            met.append(need)
        return probe, met

    def _send_guided(
        self, op: ir.Operation, kind: CaseKind, description: str, request: RequestData
    ) -> Answer | str | None:
        """Send ``request`` as a case of ``kind`` and judge it; its answer, or None when it is
        not sendable or no time was left."""
        sent = self._sent(op, kind, request)
        if sent is None:
            return None
        keyed, http, answer, timing = sent
        self._judge(op, kind, description, keyed, http, answer, timing=timing)
        return answer

    def _sent(
        self, op: ir.Operation, kind: CaseKind, request: RequestData
    ) -> tuple[RequestData, HttpRequest, Answer | str, tuple[float, float]] | None:
        """``request`` sent with the credential: the request as sent (its keys fresh), its
        HTTP form, its answer (or why there is none) and when it was sent and how long it
        took; None when it is not sendable or no time was left."""
        keyed = self._fresh_keys(op, kind, request)
        http = None if keyed is None else self._http(op, keyed, "token")
        if keyed is None or http is None:
            return None
        began = time.time(), time.monotonic()
        try:
            self._time_up()
            answer = self._send(http)
        except TimeUp:
            return None
        return keyed, http, answer, (began[0], time.monotonic() - began[1])

    def _null_read_leniently(
        self, op: ir.Operation, request: RequestData, answer: Answer, outcomes: list[Outcome]
    ) -> list[Outcome]:
        """``outcomes``, where a body invalid only for a ``null`` its schema refuses was
        taken and the answer holds, at the same place, the empty value of a type (``false``,
        ``0``, ``""``, or a list of those): the server read the ``null`` as that value, as
        Ajv's type coercion (Fastify's default) does. ``invalid_request_rejected`` is then a
        warning that says so; a server that kept the ``null`` (the bug nullability misses)
        still fails."""
        body = request.get("body")
        if (
            not _failed(outcomes, {_INVALID})
            or op.body is None
            or answer.status >= HTTPStatus.MULTIPLE_CHOICES
        ):
            return outcomes
        if not isinstance(body, dict) or not is_json(answer.media_type):
            return outcomes
        issues = self.validator.issues(op.body.pointer, body)
        places = {issue.loc for issue in issues}
        if len(places) != 1:
            return outcomes
        (place,) = places
        parsed, echoed = answer.json
        where = pointer_of(place)
        try:
            if not place or not parsed or lookup(body, where) is not None:
                return outcomes
            read = lookup(echoed, where)
        except KeyError:  # the place is not in the answer
            return outcomes
        if not _empty_value(read):
            return outcomes
        said = (
            f"an invalid request was accepted: {answer.status}; its null at {where}, which the "
            f"schema refuses, was read as {json.dumps(read)} (the answer holds it there), as "
            "Ajv's type coercion (Fastify's default) reads null"
        )
        return _recast(outcomes, {_INVALID}, lambda _: said, "warn")

    def _valid_refused(
        self, op: ir.Operation, request: RequestData, answer: Answer, outcomes: list[Outcome]
    ) -> list[Outcome]:
        """A valid request's answer: where it was refused, looked at again."""
        if not _failed(outcomes, {_CHECK}):
            if answer.status < HTTPStatus.MULTIPLE_CHOICES:
                self._took(request)
                self._gave(op, answer)
            outcomes = self._undocumented_for_opaque(op, request, answer, outcomes)
            return self._unrouted_explained(op, request, answer, outcomes)
        credentials = credential_values(self.api, op, request)
        if credentials and answer.status != HTTPStatus.UNSUPPORTED_MEDIA_TYPE:
            said = (
                f"a valid request was refused with {answer.status}; it carries "
                f"{named(credentials)}, credentials only the server can know, which no "
                "drawn value can be"
            )
            return _warned(outcomes, said)
        repeated = self._repeated(request)
        if repeated and answer.status in _PROBED:
            took = self._probe_renewed(op, request, set(repeated))
            if took is not None:
                shown = ", ".join(
                    f"{shown_path(place, 40)}={text[:40]}{'…' if len(text) > 40 else ''}"
                    for place, text in repeated[:3]
                )
                said = (
                    f"a valid request was refused with {answer.status}, and taken ({took}) with "
                    f"new values in place of {shown}, which a request the server took before "
                    "carried: a server may refuse a duplicate of what it stored"
                )
                return _warned(outcomes, said)
        referred = self._probe_referring(op, request) if answer.status in _PROBED else None
        if referred is not None:
            return _warned(outcomes, _referred(answer.status, *referred))
        files = file_values(op, request)
        if files and answer.status in _PROBED:
            what = ", ".join(f"part {f.name!r}" if f.name else "its body" for f in files)
            said = (
                f"a valid request was refused with {answer.status}; it sends a file ({what}) "
                "whose bytes no schema can say: a server may take only files of a kind it "
                "knows (by their name, by their first bytes)"
            )
            return _warned(outcomes, said)
        formatted = format_values(self.api, op, request) if answer.status in _PROBED else ()
        if formatted:
            what = "; ".join(
                f"{named((v,))} of format `{shown_path(f, 40)}`" for v, f in formatted[:3]
            )
            said = (
                f"a valid request was refused with {answer.status}; it sends {what}, which "
                "apiforge draws as any text (JSON Schema reads a format it does not define as "
                "an annotation): a server may check what the format means, which a `pattern` "
                "would say"
            )
            return _warned(outcomes, said)
        if answer.status == HTTPStatus.UNSUPPORTED_MEDIA_TYPE:
            # no media type is one it takes: a request without its body carries none
            return self._bodiless_explained(op, request, answer, outcomes) or outcomes
        if answer.status not in _PROBED:
            return outcomes
        looked = self._looked_again(op, request, answer, outcomes)
        if self._may_refer_later(op, request):
            # judged again at the run's end, when the answers may have given what it names
            self.holding.update(id(o) for o in looked if o.check == _CHECK and o.verdict == "fail")
        return looked

    def _undocumented_for_opaque(
        self, op: ir.Operation, request: RequestData, answer: Answer, outcomes: list[Outcome]
    ) -> list[Outcome]:
        """``outcomes``, where a valid request carrying values a schema cannot constrain got
        an undocumented client error (a 404 for a cursor the server never issued, as Django
        REST framework's cursor pages answer it) and the same request without them was taken:
        ``status_documented`` a warning that says so."""
        if not _failed(outcomes, {_STATUS}) or not _client_error(answer.status):
            return outcomes
        values = opaque_values(self.api, op, request)
        took = self._probe_without(op, request, values) if values else None
        if took is None:
            return outcomes
        said = (
            f"; the request carries {named(values)}, and without them it was taken ({took}): "
            "the server may take only values it issued, which a schema cannot say, and answers "
            "others so"
        )
        return _recast(outcomes, {_STATUS}, lambda message: message + said, "warn")

    def _unrouted_explained(
        self, op: ir.Operation, request: RequestData, answer: Answer, outcomes: list[Outcome]
    ) -> list[Outcome]:
        """``outcomes``, where a client error to a valid request departed from what the spec
        documents for its status, and the same request with ordinary path values
        (:func:`~generator.conformance.unrouted.ordinary`) got that status as documented: the
        failure stands, saying the path's values are what the server answers otherwise."""
        departed = _failed(outcomes, AS_DOCUMENTED)
        path = request.get("path")
        if not departed or not 400 <= answer.status < 500 or not isinstance(path, dict):
            return outcomes
        params = {p.wire: p for p in op.params if p.location == "path"}
        put = unrouted.ordinary(params, path, self._param_takes)
        if put is None:
            return outcomes
        probe = {**request, "path": {**path, **put}}
        twin = self._send_probe(op, probe, "the request again with ordinary path values")
        if not isinstance(twin, Answer) or twin.status != answer.status:
            return outcomes
        again = verdicts(self._context(op, "coverage"), twin, frozenset(departed))
        if not departed <= {o.check for o in again if o.verdict == "pass"}:
            return outcomes
        why = unrouted.said(path, put, answer.status)
        return _recast(outcomes, departed, lambda message: message + why)

    def _may_refer_later(self, op: ir.Operation, request: RequestData) -> bool:
        """Whether ``request``'s body may refer to something by an identifier of a kind no
        answer of another path gave yet (:meth:`~generator.conformance.issued.Issued.awaited`)."""
        if op.body is None or op.body.kind not in _REFERRING:
            return False
        return self.shared.issued.awaited(request.get("body"), op.path)

    def _judge_held(self, *, probe: bool = True) -> None:
        """The refusals held to the run's end (:meth:`_may_refer_later`) judged now: each sent
        again referring to the identifiers the answers gave by now; taken, a warning, else
        the failure it was (without ``probe``: at once; a probe no time is left for is not
        sent)."""
        self.stage = SEQUENCES  # the operations' results are merged: found after the run's
        while self.shared.held:
            held = self.shared.held.pop(0)
            outcome = held.outcome
            referred = self._probe_referring(held.op, held.request) if probe else None
            if referred is not None:
                said = _referred(held.status, *referred)
                outcome = Outcome(_CHECK, "warn", f"{said} (sent again at the run's end)")
            if self._count(held.op, outcome):
                case, request, http = held.case, held.request, held.http
                self._keep(held.op, case, request, http, held.status, outcome, held.steps)

    def _looked_again(
        self, op: ir.Operation, request: RequestData, answer: Answer, outcomes: list[Outcome]
    ) -> list[Outcome]:
        """A valid request refused with 400 or 422, sent again: with the body it left out, with
        its required readOnly properties, without the values a schema cannot constrain, then
        without the properties its schema does not declare."""
        bodiless = self._bodiless_explained(op, request, answer, outcomes)
        if bodiless is not None:
            return bodiless
        given = self._read_only_given(op, request)
        if given is not None:
            names, probe = given
            description = "the refused request again with its required readOnly properties"
            took = self._probe_with(op, probe, description)
            if took is not None:
                why = (
                    "OpenAPI 3.1 leaves it to each server whether `required` holds for them "
                    "in a request (3.0 said in responses only)"
                    if self.api.openapi.startswith("3.1")
                    else "OpenAPI 3.0 has `required` hold for them in responses only, but "
                    "their `readOnly` is written in another schema than their `required` (an "
                    "`allOf` member), and a server may read it only beside it"
                )
                said = (
                    f"a valid request was refused with {answer.status}, and taken ({took}) with "
                    f"the required readOnly properties {names} given: {why}"
                )
                return _warned(outcomes, said)
        values = opaque_values(self.api, op, request)
        took = self._probe_without(op, request, values) if values else None
        if took is not None:
            message = (
                f"a valid request was refused with {answer.status}, and taken ({took}) without "
                f"{named(values)}: the server may take only values it issued, which a schema "
                "cannot say"
            )
            return _warned(outcomes, message)
        smaller = self._smaller_integers(op, request)
        if smaller is not None:
            shown, probe = smaller
            took = self._probe_with(op, probe, "the refused request again with smaller integers")
            if took is not None:
                message = (
                    f"a valid request was refused with {answer.status}, and taken ({took}) with "
                    f"{shown} in place of integers past 2**53 - 1 (JavaScript's largest safe "
                    "integer; 64-bit integers end at 2**63 - 1): a server may not read such an "
                    "integer, and the spec bounds them by no `maximum`, `minimum` or `format`"
                )
                return _warned(outcomes, message)
        return self._undeclared_refused(op, request, answer, outcomes)

    def _smaller_integers(
        self, op: ir.Operation, request: RequestData
    ) -> tuple[str, RequestData] | None:
        """``request`` with each integer past ``2**53 - 1`` either way that its schema bounds
        by nothing on that side (:mod:`.integers`), in a parameter or in a JSON body, given a
        smaller value its schema takes: what was put where, and the request; None where there
        is none (or no such value)."""
        probe, shown = dict(request), []
        for param in op.params:
            place = PLACES[param.location]
            values = probe.get(place)
            if not isinstance(values, dict):
                continue
            value = values.get(param.wire)
            if not isinstance(value, int) or not past_safe(value):
                continue
            if not unbounded(param.type, value):
                continue
            found = next((c for c in smaller(value) if self._param_takes(param, c)), None)
            if found is None:
                continue
            probe[place] = {**values, param.wire: found}
            shown.append(f"{param.location} {param.wire}={found}")
        if op.body is not None and op.body.kind == "json" and "body" in probe:
            body = probe["body"]
            scalars = dict(leaves(body))
            for at in body_places(self.api, op.body.type, body):
                kept = (c for c in smaller(scalars[at]) if self._takes(op, replaced(body, {at: c})))
                found = next(kept, None)
                if found is not None:
                    body = replaced(body, {at: found})
                    shown.append(f"body {pointer_of(at) or '/'}={found}")
            probe["body"] = body
        return (", ".join(shown), probe) if shown else None

    def _takes(self, op: ir.Operation, body: object) -> bool:
        """Whether ``body`` is valid as ``op``'s JSON request body."""
        assert op.body is not None
        return self.validator.is_valid(op.body.pointer, body)

    def _param_takes(self, param: ir.Param, value: object) -> bool:
        """Whether ``value`` is valid under ``param``'s schema."""
        return self.validator.is_valid(
            schema_pointer(self.api.schema_document, param.pointer), value
        )

    def _bodiless_explained(
        self, op: ir.Operation, request: RequestData, answer: Answer, outcomes: list[Outcome]
    ) -> list[Outcome] | None:
        """``outcomes``, the refusal explained, where ``request`` left out its optional body
        and the same request with one was taken; None where not."""
        bodiless = self._probe_bodiless(op, request)
        if bodiless is None:
            return None
        said = (
            f"a valid request was refused with {answer.status}: it carries no body, which "
            "the spec allows (the request body is not `required: true`), and the same "
            f"request with one was taken ({bodiless}): the server requires the body, or "
            "the spec should say it is required"
        )
        return _explained(outcomes, said)

    def _undeclared_refused(
        self, op: ir.Operation, request: RequestData, answer: Answer, outcomes: list[Outcome]
    ) -> list[Outcome]:
        """``outcomes``, the refusal explained where the request without the properties its
        body's schema does not declare was taken."""
        undeclared = self._undeclared(op, request)
        if undeclared is not None:
            names, probe = undeclared
            took = self._probe_with(op, probe, "the refused request again without " + names)
            if took is not None:
                said = (
                    f"a valid request was refused with {answer.status}: its body carries "
                    f"{names}, which its schema does not declare and allows (it does not say "
                    f"`additionalProperties: false`), and the same request without them was "
                    f"taken ({took}): the server refuses properties the spec does not declare, "
                    "or the spec should say it does"
                )
                return _explained(outcomes, said)
        return outcomes

    def _refused_either_way(
        self, op: ir.Operation, request: RequestData, answer: Answer, outcomes: list[Outcome]
    ) -> list[Outcome]:
        """An auth check failed by a client error other than 401 or 403: a warning when the
        request with the credential is refused with a client error too."""
        if not _failed(outcomes, AUTH_CHECKS) or not _client_error(answer.status):
            return outcomes
        twin = self._send_probe(op, request, "the request again with the credential")
        if not isinstance(twin, Answer) or not _client_error(twin.status):
            return outcomes  # only an answer is evidence: the failure stands
        said = (
            f"refused with {answer.status}, and with the credential too ({twin.status}): "
            "the refusal says nothing of the credential"
        )
        return _recast(outcomes, AUTH_CHECKS, lambda message: f"{message}; {said}", "warn")

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
        return self._probe_with(op, probe, f"the refused request again without {named(values)}")

    def _send_probe(
        self, op: ir.Operation, probe: RequestData, description: str
    ) -> Answer | str | None:
        """Send ``probe`` with the credential, counted and recorded as a request of the run;
        its answer (or why there is none), or None when it is not sendable or no time was
        left."""
        sent = self._sent(op, "coverage", probe)
        if sent is None:
            return None
        _, http, answer, (began, took) = sent
        self._count_probe(answer)
        if self.recorder is not None:
            exchange = Exchange(op.operation_id, "probe", description, http, self.token, answer, [])
            self.recorder(exchange, began, took)
        return answer

    def _probe_with(self, op: ir.Operation, probe: RequestData, description: str) -> int | None:
        """Send ``probe`` (a valid request); the status it was taken with, or None when it
        was refused, not answered or not sendable, or no time was left."""
        answer = self._send_probe(op, probe, description)
        if not isinstance(answer, Answer) or answer.headers.get(UNANSWERABLE_HEADER):
            return None
        status = answer.status
        taken = status < HTTPStatus.INTERNAL_SERVER_ERROR and status != HTTPStatus.TOO_MANY_REQUESTS
        if taken and status < HTTPStatus.MULTIPLE_CHOICES:
            self._took(probe)
        return status if taken and not refusal(op, status) else None

    def _count_probe(self, answer: Answer | str) -> None:
        """The probe counted as a request of the run, as a case is."""
        self.sent += 1
        self.stage_sent[self.stage] += 1
        if isinstance(answer, Answer):
            self.answered += 1
        with self.shared.lock:
            self.shared.sent += 1

    def _probe_renewed(
        self, op: ir.Operation, request: RequestData, repeated: set[tuple[str, str]]
    ) -> int | None:
        """Send ``request`` with new values in place of those of its body that are
        ``repeated`` (as :func:`_stored` keys them), still valid (each way of renewing them
        tried in turn); the status it was taken with, or None."""
        body = request.get("body")
        if op.body is None or not isinstance(body, dict | list):
            return None
        found = [(at, value) for at, value in _leaves(body) if _key(at, value) in repeated]
        with self.shared.lock:  # each probe's values new, not those of an earlier probe
            self.shared.renewed += 1
            turn = self.shared.renewed
        ways = []
        for at, value in found:
            mark = hashlib.sha256(f"{self.seed}:{turn}:{at}:{value!r}".encode()).hexdigest()[:8]
            renewals = _renewals(value, mark)
            with self.shared.lock:  # a value the server took before is no new one
                new = [v for v in renewals if _digest(*_key(at, v)) not in self.shared.taken]
            ways.append((at, new or renewals))
        for attempt in range(max((len(w) for _, w in ways), default=0)):
            fresh = replaced(body, {at: w[min(attempt, len(w) - 1)] for at, w in ways})
            if self.validator.is_valid(op.body.pointer, fresh):
                probe = {**request, "body": fresh}
                return self._probe_with(op, probe, "the refused request again with new values")
        return None

    def _probe_referring(
        self, op: ir.Operation, request: RequestData
    ) -> tuple[int, list[tuple[str, object]]] | None:
        """Send ``request`` with identifiers the server gave in place of its body's integers
        and UUIDs (:func:`~generator.conformance.issued.referring`: at most
        :data:`_REFERRALS` ways, still valid); the status the first taken was taken with and
        what was put where (as a pointer's path), or None."""
        body = request.get("body")
        if op.body is None or op.body.kind not in _REFERRING:
            return None
        pointer = op.body.pointer
        remakes = referring(
            body, self.shared.issued, op.path, lambda b: self.validator.is_valid(pointer, b)
        )
        for remade, given in islice(remakes, _REFERRALS):
            probe = {**request, "body": remade}
            took = self._probe_with(op, probe, "the refused request again referring to given ids")
            if took is not None:
                return took, [("/".join(map(str, place)), value) for place, value in given]
        return None

    def _gave(self, op: ir.Operation, answer: Answer) -> None:
        """Keep the identifiers a 2xx answer's JSON body gives."""
        if not is_json(answer.media_type) or answer.values > _ISSUED_VALUES:
            return
        parsed, body = answer.json
        if parsed:
            self.shared.issued.add(op.path, body)

    def _probe_bodiless(self, op: ir.Operation, request: RequestData) -> int | None:
        """Where ``request`` leaves out the operation's optional JSON body, send it with a
        valid one drawn; the status it was taken with, or None."""
        if op.body is None or op.body.required or op.body.kind != "json" or "body" in request:
            return None
        rng = random.Random(f"{self.seed}:{op.operation_id}:body")
        values = Values(self.api, direction="request", avoid_null=True)
        for _ in range(_DRAWS):
            body = values.value(op.body.type, rng)
            if self.validator.is_valid(op.body.pointer, body):
                description = "the refused request again with a body"
                return self._probe_with(op, {**request, "body": body}, description)
        return None

    def _undeclared(self, op: ir.Operation, request: RequestData) -> tuple[str, RequestData] | None:
        """``request`` without the top-level properties of its object body that the body's
        schema does not declare, still valid: those properties, named, and the request; None
        where there are none, or no such request is valid."""
        body = request.get("body")
        if (
            op.body is None
            or not isinstance(op.body.type, ir.ModelRef)
            or not isinstance(body, dict)
        ):
            return None
        declared = {f.wire for f in self.api.model(op.body.type.name).fields}
        extra = sorted(k for k in body if k not in declared)
        kept = {k: v for k, v in body.items() if k in declared}
        if not extra or (
            op.body.kind == "json" and not self.validator.is_valid(op.body.pointer, kept)
        ):
            return None
        names = ", ".join(repr(k) for k in extra[:3]) + (", ..." if extra[3:] else "")
        return names, {**request, "body": kept}

    def _read_only_given(
        self, op: ir.Operation, request: RequestData
    ) -> tuple[str, RequestData] | None:
        """``request`` with the required ``readOnly`` properties its JSON body leaves out given
        values of their schemas, still valid: the properties, named, and the request; None
        where there are none, or no such request is valid. In a 3.0 spec, only those whose
        mark is written apart from their ``required`` (:func:`marked_apart`)."""
        body = request.get("body")
        if op.body is None or op.body.kind != "json":
            return None
        missing = required_read_only(self.api, op.body.type, body)
        if missing and not self.api.openapi.startswith("3.1"):
            doc = self.api.schema_document
            try:
                schema = lookup(doc, op.body.pointer)
            except KeyError:
                return None
            missing = tuple(f for f in missing if marked_apart(doc, schema, f.wire))
        if not missing or not isinstance(body, dict):
            return None
        rng = random.Random(f"{self.seed}:{op.operation_id}:read-only")
        values = Values(self.api, direction="response", avoid_null=True)
        given = {**body, **{f.wire: values.value(f.type, rng) for f in missing}}
        if not self.validator.is_valid(op.body.pointer, given):
            return None
        names = ", ".join(repr(f.wire) for f in missing[:3]) + (", ..." if missing[3:] else "")
        return names, {**request, "body": given}

    def _took(self, request: RequestData) -> None:
        """Remember what a server may have stored of ``request``, which it took."""
        stored = {_digest(*pair) for pair in _stored(request)}
        if stored:
            with self.shared.lock:
                self.shared.taken.update(stored)

    def _repeated(self, request: RequestData) -> list[tuple[str, str]]:
        """The body values of ``request`` (place, JSON text: :func:`_stored`) that a valid
        request the server took carried too, at the same place."""
        mine = sorted(_stored(request))
        if not mine:
            return []
        with self.shared.lock:
            return [pair for pair in mine if _digest(*pair) in self.shared.taken]


def _empty_value(value: object) -> bool:
    """Whether ``value`` is what a coercing parser reads ``null`` as: ``false``, ``0``, ``""``,
    or a list holding only those (a scalar coerced to an array of it)."""
    if isinstance(value, list):
        return len(value) <= 1 and all(_empty_value(item) for item in value)
    return value is False or value == "" or (type(value) in (int, float) and value == 0)


def _referred(status: int, took: int, put: list[tuple[str, object]]) -> str:
    """The warning of a refusal taken once it referred to identifiers the server gave."""
    shown = ", ".join(f"{shown_path(place, 40)}={value}" for place, value in put[:3])
    return (
        f"a valid request was refused with {status}, and taken ({took}) with {shown}, "
        "identifiers the server gave: a server may take only references to what it holds, "
        "which a schema cannot say"
    )


def _client_error(status: int) -> bool:
    """A refusal of the request itself: a 4xx other than the credential's and a rate limit's."""
    return 400 <= status < 500 and status not in (*REFUSED, HTTPStatus.TOO_MANY_REQUESTS)


def _failed(outcomes: list[Outcome], checks: Collection[str]) -> set[str]:
    """Those of ``checks`` that ``outcomes`` fail."""
    return {o.check for o in outcomes if o.check in checks and o.verdict == "fail"}


def _recast(
    outcomes: list[Outcome],
    checks: Collection[str],
    said: Callable[[str], str],
    verdict: Verdict | None = None,
) -> list[Outcome]:
    """``outcomes`` with each failure of ``checks`` saying ``said(its message)``, and made
    ``verdict`` (None: still a failure)."""
    return [
        Outcome(o.check, verdict or o.verdict, said(o.message), o.shape)
        if o.check in checks and o.verdict == "fail"
        else o
        for o in outcomes
    ]


def _explained(outcomes: list[Outcome], said: str) -> list[Outcome]:
    """``outcomes`` with the refusal of a valid request still a failure, saying ``said``."""
    return [Outcome(_CHECK, "fail", said) if o.check == _CHECK else o for o in outcomes]


def _warned(outcomes: list[Outcome], said: str) -> list[Outcome]:
    """``outcomes`` with the refusal of a valid request a warning saying ``said``; and its
    status, where the spec does not document it, a warning too: a refusal the server may make
    rightly is a gap of the spec's, as an undocumented refusal of an invalid request is."""
    return [
        Outcome(_CHECK, "warn", said)
        if o.check == _CHECK
        else Outcome(o.check, "warn", f"{o.message}; the refusal may be the server's right")
        if o.check == _STATUS and o.verdict == "fail"
        else o
        for o in outcomes
    ]


def _leaves(body: object) -> Iterator[tuple[At, str | int]]:
    """Each non-empty text and each integer of a JSON or form body, with where it is: the
    values a server may keep unique (booleans, numbers with a fraction and ``null`` are not
    told apart by what is stored)."""
    for at, value in leaves(body):
        if (isinstance(value, str) and value) or (
            isinstance(value, int) and not isinstance(value, bool)
        ):
            yield at, value


def _key(at: At, value: str | int) -> tuple[str, str]:
    """A stored value as the run compares them: its place (property names as a JSON pointer
    writes them, any array position as ``*``: an item repeats what another request had at any
    position), and its JSON text."""
    place = "/".join("*" if isinstance(p, int) else escape_pointer_token(p) for p in at)
    return place, json.dumps(value)


def _stored(request: RequestData) -> set[tuple[str, str]]:
    """What a server may store of ``request`` and keep unique: each text and integer of its
    JSON or form body (:func:`_leaves`), keyed by :func:`_key`."""
    body = request.get("body")
    if not isinstance(body, dict | list):
        return set()
    return {_key(at, value) for at, value in _leaves(body)}


def _digest(place: str, text: str) -> bytes:
    """A stored value as the run keeps it: a digest, whatever the text's length."""
    return hashlib.blake2b(f"{place}\0{text}".encode(), digest_size=16).digest()


def _renewals(value: str | int, mark: str) -> list[str | int]:
    """New values in place of ``value``, as a unique value is made new: a UUID stays one, an
    email keeps its domain, any text gets ``mark`` before it or over its end, or each of its
    letters and digits another of its kind (:func:`_reshaped`); an integer moves by an amount
    ``mark`` picks, or by one, up or down (whichever the schema admits)."""
    if isinstance(value, int):
        step = 1 + int(mark, 16) % 9973
        return [value + step, value - step, value + 1, value - 1]
    try:
        uuid.UUID(value)
    except ValueError:
        pass
    else:
        return [str(uuid.UUID(hex=mark * 4))]
    local, at, domain = value.rpartition("@")
    found: list[str | int] = [f"{local}.{mark}@{domain}"] if at and local else []
    found.append(mark + value)
    if len(value) >= len(mark):
        found.append(value[: len(value) - len(mark)] + mark)
    for turn in range(_RESHAPINGS):
        reshaped = _reshaped(value, hashlib.sha256(f"{mark}:{turn}".encode()).hexdigest()[:8])
        if reshaped != value and reshaped not in found:
            found.append(reshaped)
    return found


# how many texts of the same shape a value is made new as: a short one under a narrow pattern
# (one lower-case letter) has few, and the run may have taken most of them already
_RESHAPINGS = 8


# the kinds of character a text made new keeps in place: (first, how many)
_KINDS = ((ord("a"), 26), (ord("A"), 26), (ord("0"), 10))


def _reshaped(value: str, mark: str) -> str:
    """``value`` with each ASCII letter and digit turned into another of its kind, by amounts
    ``mark`` picks: the same length, the same kinds of character in the same places (what a
    pattern such as ``^[a-z]{1,8}$`` or ``^[A-Z]{2}-[0-9]{3}$`` reads), the rest kept."""
    seed = int(mark, 16)
    out = []
    for i, char in enumerate(value):
        code = ord(char)
        kind = next(((f, n) for f, n in _KINDS if f <= code < f + n), None)
        if kind is None:
            out.append(char)
            continue
        first, size = kind
        shift = 1 + (seed >> (i % 24)) % (size - 1)  # never 0: every such one changes
        out.append(chr(first + (code - first + shift) % size))
    return "".join(out)
