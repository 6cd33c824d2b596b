"""The checks run on each answer, keyed by name; each one passes, fails, warns or does not apply.

================================  =====================================================
``no_server_error``               no 5xx, whatever was sent
``status_documented``             the status (or its ``NXX`` range, or ``default``) is listed
                                  (an operation that documents no response lists none to
                                  depart from: it does not apply)
``content_type_documented``       the media type is the one documented for that status
``response_schema``               the body conforms to the schema of its status (one that
                                  admits no value: a warning, no server can)
``response_headers``              each header its status documents as required is there, and
                                  each documented header's value fits its schema
``response_formats``              the body's strings are of their ``date``, ``date-time`` and
                                  ``uuid`` formats (an annotation: a warning, never a failure)
``write_only_returned``           the body holds no ``writeOnly`` value (a password sent back:
                                  a warning, as OpenAPI says SHOULD NOT)
``valid_request_accepted``        a valid request is not refused (400, 415, 422; 401/403
                                  despite the credentials given); a refusal the same
                                  request without its opaque values escapes: a warning
``invalid_request_rejected``      a near-miss invalid request gets a 4xx: not a 2xx, not a 5xx
                                  (one a lax parser reads as valid accepted: a warning)
``auth_required``                 a request without credentials is refused (401/403)
``bad_credentials_rejected``      a request with a wrong credential is refused (401/403)
``malformed_json_rejected``       a JSON body that does not parse gets a 4xx
``media_type_enforced``           a body in a media type the operation does not take gets a 4xx
                                  (one without ``Content-Type`` accepted: a warning)
``unsupported_method``            a method the path does not document is refused: 405 (or 501)
``allow_header``                  every 405 carries ``Allow`` (RFC 9110 15.5.6: it MUST)
``answer_size``                   the body fits the cap on what is read of one answer
                                  (``--max-body``); a longer one is not judged further
``created_then_read``             a resource a sequence just created reads back: no
                                  404/410, the values its create answer echoed unchanged
``updated_then_read``             a resource a sequence just updated reads back with the
                                  values its update answer echoed
``deleted_then_read``             a resource a sequence just deleted is gone: not a 2xx
================================  =====================================================

The last three judge a read that follows earlier calls of a sequence (the stateful phase,
:mod:`generator.conformance.stateful`): what those calls say of the resource comes as the
context's :class:`Expectation`; without one they do not apply.

Bodies are checked with :class:`~generator.exchange.SchemaValidator` on the spec's own
schemas, never through the generated models. An undocumented 401/403 answering a request
without (or with wrong) credentials, or an undocumented 4xx answering an invalid request
where the spec documents no validation error (no 400, 422, 4XX or default), is a warning,
not a failure: the spec, not the server, is incomplete (``conformance.lint`` says so up
front). Besides, the refusal HTTP names for a case is a warning when undocumented: 404 for
any request whose path names a resource (drawn ids name none, nor do those a sequence
deleted), 415 for a media type the operation does not take, 400 for a body that does not
parse. An undocumented method answered 404 or another 4xx than 405 is a warning too: HTTP
prefers 405 with ``Allow`` but does not require it. A 4xx refusing a path whose value its
template's schema refuses is not judged as the operation documents that status (its media
type, body and headers depart from it as a warning): a router may refuse such a path before
any operation is reached, as it refuses a path no operation has. ``--allow-status`` makes a status
documented for every operation.

Judging a body is bounded as reading it is: one with more than :data:`MAX_VALUES` JSON
values is not parsed (parsing cannot be stopped halfway, and a few megabytes of ``[]`` make
millions of objects), and a schema check still under way at the case's deadline is stopped;
either is a warning that the body was not checked, never a failure: nothing is known against
the server.

A refusal is an answer that judges the request invalid: 400, 415 or 422, and 401/403 to a
request that carried the credentials. Other 4xx answers to a valid request are the
server's business (404 for an id that does not exist, 409, 410, 429...): not refusals.

A refusal may depend on values the schema cannot constrain: an opaque cursor (``cursor``,
``page_token``: ``{type: string}``) the server never issued is answered 400, rightly. A valid
request refused with 400 or 422 that carries optional values whose schema admits any string
(:mod:`generator.conformance.opaque`) is sent once more without them
(:mod:`generator.conformance.probing`); taken then, ``valid_request_accepted`` warns, naming
the values, where it would fail. Refused again, unanswered, or with no time left for it,
the failure stands; a refused ``enum`` value, number or required string has no such escape.
The checks here judge one answer; that second look, which sends, is the runner's, so a
replay (:mod:`generator.conformance.replay`) judges a recorded failure by the checks alone.

One answer gives at most one finding: when several checks fail on the same answer, the
first in :data:`PRECEDENCE` is the finding and the others are not counted, since they
describe the same fault (a 500 is also undocumented; a refused valid request also has no
success body). A check not listed there ranks after those listed, in the order of
:data:`CHECKS`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from functools import cached_property
from http import HTTPStatus
from typing import Any, Literal

from generator import ir
from generator.exchange import (
    TOO_DEEP,
    Issue,
    OutOfTime,
    SchemaValidator,
    documented,
    header_readings,
    response_schema_pointer,
    route_methods,
)
from generator.facts.conditions import conditional_statuses
from generator.facts.exclusion import no_valid_body
from generator.facts.typefacts import header_pointer, json_by_range, judged_headers
from generator.openapi import base_media_type, covers, is_json, pointer_of
from generator.openapi.paths import variables
from generator.records import record

__all__ = [
    "AS_DOCUMENTED",
    "AUTH_CHECKS",
    "AUTH_KINDS",
    "CHECKS",
    "INVALID_KINDS",
    "MAX_VALUES",
    "MUTATIONS",
    "PRECEDENCE",
    "REFUSED",
    "VALID_KINDS",
    "Answer",
    "CaseKind",
    "Context",
    "Expectation",
    "Expected",
    "Outcome",
    "allowed",
    "checks_for",
    "judge",
    "one_finding",
    "refusal",
    "verdicts",
]

CaseKind = Literal[
    "coverage",
    "random",
    "mutation",
    "lax_mutation",  # a near miss of a body that a lax parser reads as valid
    "no_auth",
    "wrong_auth",
    "path_mutation",  # an invalid path parameter
    "malformed_body",  # JSON that does not parse
    "wrong_media_type",  # a valid body in a media type the operation does not take
    "no_media_type",  # a valid body without Content-Type (HTTP lets a server sniff it)
    "unknown_method",  # a method the path does not document
    "stateful",  # a valid request of a sequence, with values earlier answers gave
]
Verdict = Literal["pass", "fail", "warn"]
VALID_KINDS: tuple[CaseKind, ...] = ("coverage", "random", "stateful")  # requests valid as sent
# the near misses of a valid request, made invalid on purpose
MUTATIONS: tuple[CaseKind, ...] = ("mutation", "lax_mutation", "path_mutation")
NOT_ANSWERED = "server_answered"  # the check a request without an answer fails
MAX_VALUES = 1_000_000  # JSON values of one body parsed and checked against its schema


@record
class Unread:
    """The value of a JSON body Python cannot read whole, though it may well be valid: why."""

    why: str


NESTED = Unread("it is nested deeper than Python reads or checks")


AUTH_KINDS: tuple[CaseKind, ...] = ("no_auth", "wrong_auth")
AUTH_CHECKS = ("auth_required", "bad_credentials_rejected")  # their verdicts, one each
REFUSED = (401, 403)  # the refusals of a credential
_INVALID = (400, 415, 422)  # the answers that judge a request invalid
# requests outside what the spec describes as valid, each with the refusals HTTP itself
# names for it (undocumented, they are warnings); a body without Content-Type is not
# invalid, HTTP only lets a server refuse it
INVALID_KINDS: Mapping[CaseKind, tuple[int, ...]] = {
    "mutation": (),
    "lax_mutation": (),
    "path_mutation": (404,),
    "malformed_body": (400,),  # "malformed request syntax" (RFC 9110 15.5.1)
    "wrong_media_type": (415,),
    "no_media_type": (400, 415),
}
# what applies to a method the path lacks: nothing the documented operations say
_METHOD_CHECKS = ("no_server_error", "unsupported_method", "allow_header", "answer_size")


@record
class Answer:
    """What the server sent back."""

    status: int
    headers: Mapping[str, str]  # lower-case names
    content: bytes
    # the cap the body went past (``content`` is its first bytes only); None: read whole
    exceeded: int | None = None
    repeated: frozenset[str] = frozenset()  # names that came more than once (joined by ", ")

    @property
    def media_type(self) -> str:
        """The base media type, lower case ("" when absent)."""
        return base_media_type(self.headers.get("content-type"))

    @cached_property
    def values(self) -> int:
        """At least as many as the JSON values the body holds (a comma in a string counts
        too): what parsing it would build, counted without parsing it."""
        content = self.content
        return content.count(b",") + content.count(b"[") + content.count(b"{") + 1

    @cached_property
    def json(self) -> tuple[bool, Any]:
        """(parsed, value) of the body as JSON; (False, :class:`Unread`) for JSON Python
        cannot read whole (nested too deep, an integer of too many digits), which may well
        be valid."""
        try:
            return True, json.loads(self.content)
        except RecursionError:
            return False, NESTED
        except (json.JSONDecodeError, UnicodeDecodeError):
            return False, None
        except ValueError:  # the one other: an integer longer than Python converts
            limit = sys.get_int_max_str_digits()
            return False, Unread(f"it holds an integer of more than {limit:,} digits")


@record
class Expected:
    """A value reading a resource back must show, and the call that stated it."""

    value: Any
    check: str  # created_then_read or updated_then_read
    by: str  # the call, as "POST /notes answered 201"


@record
class Expectation:
    """What the earlier calls of a sequence say of the resource a read reaches."""

    state: Literal["created", "updated", "deleted"]  # by the last call that settled it
    by: str  # that call, as "DELETE /notes/7 answered 204"
    values: Mapping[str, Expected]  # top-level properties of the answer's body


@record
class Context:
    """Everything a check may look at besides the answer."""

    api: ir.Api
    op: ir.Operation
    kind: CaseKind
    validator: SchemaValidator
    allow_status: frozenset[str]
    deadline: float | None = None  # time.monotonic() by which judging the answer stops
    expect: Expectation | None = None  # a read in a sequence: what earlier calls said
    # another operation has the same method and route on the wire (exchange.one_per_route),
    # told apart, if at all, by the query their paths fix (exchange.told_by_query)
    same_route: bool = False
    # a near miss a lax parser reads as valid (conformance.lax), accepted, fails: --strict-types
    strict_types: bool = False
    # the credential sent is the default token, not one the user gave: a live server may take
    # it for one operation (which checks no more than its form) and refuse it for another
    guessed: bool = False


@record
class Outcome:
    """One check's verdict on one answer."""

    check: str
    verdict: Verdict
    message: str = ""
    # what makes two failures of a check on one status the same fault (where a body breaks
    # its schema and by which keyword, say); "" when the status says it all
    shape: str = ""


def allowed(ctx: Context, status: int) -> bool:
    """True when ``--allow-status`` lists the status or its range."""
    return str(status) in ctx.allow_status or f"{status // 100}XX" in ctx.allow_status


def _validation_errors_documented(op: ir.Operation) -> bool:
    """True when the spec says how invalid input is refused: 400, 422, 4XX or default."""
    return any(r.status.upper() in {"400", "422", "4XX", "DEFAULT"} for r in op.responses)


def no_server_error(ctx: Context, answer: Answer) -> Outcome | None:
    # RFC 9110 15.6.2: 501 is the answer to a method the server does not implement at all
    if answer.status >= 500 and not (ctx.kind == "unknown_method" and answer.status == 501):
        said = f"the server answered {answer.status}"
        if _only_server_errors(ctx.op, answer.status):
            return Outcome(
                "no_server_error",
                "warn",
                f"{said}, the only kind of answer the spec documents for this operation",
            )
        return Outcome("no_server_error", "fail", said)
    return Outcome("no_server_error", "pass")


def _only_server_errors(op: ir.Operation, status: int) -> bool:
    """True when every answer ``op`` documents is a server error (by code or ``5XX``), and
    ``status`` is one of them: answering it is what the spec says the operation does."""
    said = [r.status.upper() for r in op.responses]
    return (
        bool(said)
        and all(s.startswith("5") for s in said)
        and (str(status) in said or f"{status // 100}XX" in said)
    )


def status_documented(ctx: Context, answer: Answer) -> Outcome | None:
    name = "status_documented"
    if not ctx.op.documents_responses:  # none documented: no status departs from that
        return None
    if documented(ctx.op, answer.status) is not None or allowed(ctx, answer.status):
        return Outcome(name, "pass")
    listed = ", ".join(r.status for r in ctx.op.responses)
    message = f"{answer.status} is not documented (documented: {listed})"
    if ctx.kind in AUTH_KINDS and answer.status in REFUSED:
        return Outcome(
            name, "warn", f"{message}; the spec omits the refusal of missing credentials"
        )
    named = _named_by_http(ctx.op, answer.status)
    if named is not None:
        return Outcome(name, "warn", f"{message}; HTTP names it for {named}")
    if _resource_missing(ctx, answer):
        # the path names a resource, which the server may not hold: drawn ids, and those a
        # sequence deleted, name none (a read after a create is checked elsewhere)
        return Outcome(name, "warn", f"{message}; HTTP names it for a resource that is not there")
    if ctx.kind in INVALID_KINDS and 400 <= answer.status < 500:
        if answer.status in INVALID_KINDS[ctx.kind]:
            return Outcome(name, "warn", f"{message}; HTTP names it for this refusal")
        if not _validation_errors_documented(ctx.op):
            return Outcome(name, "warn", f"{message}; the spec documents no validation error")
    return Outcome(name, "fail", message)


def _equivalent(got: str, wanted: str) -> bool:
    # */* covers every type, application/* every application/ type; the JSON family is one
    # format: application/json and application/problem+json parse alike
    return covers(wanted, got) or (is_json(got) and is_json(wanted))


def _answered_as(response: ir.Response, answer: Answer) -> str | None:
    """The media type the response documents that the answer came as: one naming it, else
    one covering it (a range, the JSON family); None when none does."""
    media = [m for m in (response.content_type, *(m for m, _ in response.alternatives)) if m]
    exact = next((m for m in media if base_media_type(m) == answer.media_type), None)
    return exact or next((m for m in media if _equivalent(answer.media_type, m)), None)


def content_type_documented(ctx: Context, answer: Answer) -> Outcome | None:
    response = documented(ctx.op, answer.status)
    if response is None or response.content_type is None or not answer.content:
        return None
    if _answered_as(response, answer) is not None:
        return Outcome("content_type_documented", "pass")
    got = answer.media_type or "no content type"
    return Outcome(
        "content_type_documented",
        "fail",
        f"{answer.status} came as {got}; documented: {response.content_type}",
    )


def _json_schema(ctx: Context, answer: Answer) -> str | None:
    """The pointer of the schema the answer's body is judged by as JSON; None: it is not."""
    if answer.exceeded is not None:  # only its first bytes were read: no verdict on them
        return None
    response = documented(ctx.op, answer.status)
    if response is None or response.content_type is None:
        return None
    came_as = _answered_as(response, answer)
    if came_as is not None and came_as != response.content_type:
        # another media type it documents (an image beside the JSON): judged by that one's
        # schema when it is JSON, else not read as JSON at all
        return (
            response.pointer + pointer_of(("content", came_as, "schema"))
            if is_json(came_as)
            else None
        )
    pointer = response_schema_pointer(response)
    if pointer is None:
        return None
    if response.kind != "json" and not (
        # a structured value documented under */*: checked when the answer is JSON
        json_by_range(ctx.api, response)
        and (is_json(answer.media_type) or (answer.values <= MAX_VALUES and answer.json[0]))
    ):
        return None
    return pointer


def response_schema(ctx: Context, answer: Answer) -> Outcome | None:
    pointer = _json_schema(ctx, answer)
    if pointer is None:
        return None
    if answer.values > MAX_VALUES:
        return Outcome(
            "response_schema",
            "warn",
            f"the {answer.status} body was not checked: it holds more than {MAX_VALUES} "
            "JSON values",
        )
    parsed, value = answer.json
    unread = value if isinstance(value, Unread) else None
    if not parsed and unread is None:
        return Outcome("response_schema", "fail", f"the {answer.status} body is not JSON")
    try:
        issues = [] if unread else ctx.validator.issues(pointer, value, deadline=ctx.deadline)
    except OutOfTime:
        return Outcome(
            "response_schema",
            "warn",
            f"the {answer.status} body was not checked: its schema check did not finish "
            "within --timeout",
        )
    if any(issue.keyword == TOO_DEEP for issue in issues):
        unread = NESTED
    if unread is not None:
        return Outcome(
            "response_schema", "warn", f"the {answer.status} body was not checked: {unread.why}"
        )
    if not issues:
        return Outcome("response_schema", "pass")
    first = issues[0]
    where = "/" + "/".join(str(p) for p in first.loc)
    more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
    # array indices aside: the same field missing in item 0 or item 3 is one fault
    shape = "/".join("*" if isinstance(p, int) else str(p) for p in first.loc)
    said = f"the {answer.status} body breaks its schema at {where}: {first.message}{more}"
    if _admits_no_body(ctx, answer.status, pointer):
        # a fault of the spec's, which no server can help: told, not held against this one
        said += (
            f"; no body is valid under the schema the spec documents for {answer.status}, so "
            "no server can answer it as documented"
        )
        return Outcome("response_schema", "warn", said)
    return Outcome("response_schema", "fail", said, shape=f"/{shape} {first.keyword}")


def _admits_no_body(ctx: Context, status: int, pointer: str) -> bool:
    """Whether the schema at ``pointer``, the one ``status``'s documented response gives its
    body, is one no value is valid under."""
    response = documented(ctx.op, status)
    return (
        response is not None
        and pointer == response_schema_pointer(response)
        and no_valid_body(ctx.api, response)
    )


def _annotation(keyword: str, name: str) -> Callable[[Context, Answer], Outcome | None]:
    """A check of the answer's JSON body against the schema's ``keyword`` annotation: each
    departure a warning, never a failure (JSON Schema does not assert annotations)."""

    def check(ctx: Context, answer: Answer) -> Outcome | None:
        pointer = _json_schema(ctx, answer)
        if pointer is None or answer.values > MAX_VALUES:
            return None
        parsed, value = answer.json
        if not parsed:
            return None
        try:
            issues = ctx.validator.annotation_issues(pointer, value, deadline=ctx.deadline)
        except OutOfTime:
            return None
        first = next((issue for issue in issues if issue.keyword == keyword), None)
        if first is None:
            return Outcome(name, "pass")
        where = "/" + "/".join(str(p) for p in first.loc)
        shape = "/".join("*" if isinstance(p, int) else str(p) for p in first.loc)
        if keyword == "writeOnly":
            said = f"the {answer.status} body holds {where}, which {first.message}"
        else:
            said = (
                f"the {answer.status} body's {where}: {_at(value, first.loc)!r} is {first.message}"
            )
        return Outcome(name, "warn", said, shape=f"/{shape} {keyword}")

    check.__name__ = name
    return check


def _at(value: Any, loc: tuple[str | int, ...]) -> Any:
    for part in loc:
        value = value[part]
    return value


def response_headers(ctx: Context, answer: Answer) -> Outcome | None:
    response = documented(ctx.op, answer.status)
    if response is None or not judged_headers(response):
        return None
    for header in judged_headers(response):
        name = header.wire.lower()
        text = answer.headers.get(name)
        if text is None:
            if header.required:
                message = f"the {answer.status} answer lacks the required header {header.wire}"
                return Outcome("response_headers", "fail", message, shape=f"{name} missing")
            continue
        if name in answer.repeated:  # the values joined: a scalar's reading would be wrong
            continue
        try:  # valid where one reading of its text is (`a,b`: a list, or a text)
            issues = _header_issues(ctx, header_pointer(response, header), header, text)
        except OutOfTime:
            message = f"the {answer.status} answer's headers were not all checked within --timeout"
            return Outcome("response_headers", "warn", message)
        if issues:
            why = issues[0].message
            message = f"the {answer.status} answer's header {header.wire}: {text!r}: {why}"
            return Outcome("response_headers", "fail", message, shape=f"{name} {issues[0].keyword}")
    return Outcome("response_headers", "pass")


def _header_issues(ctx: Context, pointer: str, header: ir.Header, text: str) -> list[Issue]:
    """How the header's text breaks its schema: none where one reading of it is valid, else
    the first reading's issues."""
    first: list[Issue] | None = None
    for value in header_readings(ctx.api, header, text):
        issues = ctx.validator.issues(pointer, value, deadline=ctx.deadline)
        if not issues:
            return []
        first = issues if first is None else first
    return first or []


def refusal(op: ir.Operation, status: int) -> bool:
    """True when ``status`` judges a valid request of ``op`` invalid: 400, 415, 422, and
    401/403 where the run's credentials were sent."""
    credentials = bool(op.security) and all(op.security)  # the token was sent
    return status in _INVALID or (credentials and status in REFUSED)


def valid_request_accepted(ctx: Context, answer: Answer) -> Outcome | None:
    if ctx.kind not in VALID_KINDS:
        return None
    # an operation that documents no success answers with an error it documents
    expected = ctx.op.documents_no_success and documented(ctx.op, answer.status) is not None
    if ctx.guessed and answer.status in REFUSED and refusal(ctx.op, answer.status):
        said = (
            f"the default token was refused with {answer.status}: the server takes no "
            "credential apiforge made up here; give the one it takes with --token"
        )
        return Outcome("valid_request_accepted", "warn", said)
    if refusal(ctx.op, answer.status) and not expected:
        return Outcome(
            "valid_request_accepted", "fail", f"a valid request was refused with {answer.status}"
        )
    return Outcome("valid_request_accepted", "pass")


# what HTTP names a status for, whatever a spec allows: a request larger than the server takes
# (RFC 9110 15.5.14, 15.5.15; RFC 6585 5), and the outcome of a conditional request
# (facts.conditions)
_TOO_LARGE = {413: "a body", 414: "a target URI", 431: "header fields"}


def _named_by_http(op: ir.Operation, status: int) -> str | None:
    """Why HTTP names ``status`` for a request of ``op`` a server may rightly refuse so,
    worded; None where it names none."""
    if status in _TOO_LARGE and (status != 413 or op.body is not None):
        return f"{_TOO_LARGE[status]} larger than the server takes"
    return conditional_statuses(op).get(status)


def _resource_missing(ctx: Context, answer: Answer) -> bool:
    """Whether ``answer`` is a 404 to a path that names a resource (by a drawn id, or one a
    sequence deleted): HTTP's answer where the resource is not there."""
    return answer.status == HTTPStatus.NOT_FOUND and bool(variables(ctx.op.path))


def _not_there(ctx: Context, answer: Answer) -> bool:
    """Whether ``answer`` says only that the resource the path names is not there
    (:func:`_resource_missing`): nothing of the rest of the request, which a server may read
    after it looked the resource up; a refusal of the path itself (``path_mutation``)
    excepted."""
    return ctx.kind != "path_mutation" and _resource_missing(ctx, answer)


def _rejected(
    name: str, kinds: tuple[CaseKind, ...], what: str
) -> Callable[[Context, Answer], Outcome | None]:
    def check(ctx: Context, answer: Answer) -> Outcome | None:
        if ctx.kind not in kinds or _not_there(ctx, answer):
            return None
        if 400 <= answer.status < 500:
            return Outcome(name, "pass")
        how = "accepted" if answer.status < 400 else "not rejected with a 4xx"
        if ctx.kind == "lax_mutation" and answer.status < 400 and not ctx.strict_types:
            said = (
                f"{what} was {how}: {answer.status}; read leniently "
                '("5" as 5, 1 as true, a repeat or an undeclared property dropped), as many '
                "frameworks read on purpose, "
                "it is valid, though JSON Schema refuses it"
            )
            return Outcome(name, "warn", said)
        if ctx.same_route and answer.status < 400:
            # valid, it may be, for another operation of the same method and route, which a
            # server may route to one handler
            said = f"{what} was {how}: {answer.status}; another operation shares its route"
            return Outcome(name, "warn", said)
        return Outcome(name, "fail", f"{what} was {how}: {answer.status}")

    check.__name__ = name
    return check


invalid_request_rejected = _rejected("invalid_request_rejected", MUTATIONS, "an invalid request")


_wrong_media_type = _rejected(
    "media_type_enforced",
    ("wrong_media_type",),
    "a body in a media type the operation does not take",
)


def media_type_enforced(ctx: Context, answer: Answer) -> Outcome | None:
    """A body in another media type gets a 4xx; one without Content-Type may be sniffed
    (RFC 9110 8.3), so accepting it is only a warning. So is a body in another media type
    read as the documented one, where no credential a browser sends by itself (a cookie,
    HTTP Basic) reaches the operation, unless types are strict."""
    if ctx.kind == "no_media_type" and answer.status < 500:
        if _not_there(ctx, answer):
            return None
        if 400 <= answer.status < 500:
            return Outcome("media_type_enforced", "pass")
        return Outcome(
            "media_type_enforced",
            "warn",
            f"a JSON body without Content-Type was accepted ({answer.status}): HTTP lets a "
            "server sniff it, but browsers send such bodies cross-site without a preflight",
        )
    if ctx.kind == "no_media_type":
        return Outcome(
            "media_type_enforced", "fail", f"a body without Content-Type got {answer.status}"
        )
    outcome = _wrong_media_type(ctx, answer)
    if (
        outcome is not None
        and outcome.verdict == "fail"
        and answer.status < 400
        and not ctx.strict_types
        and not _ambient(ctx.api, ctx.op)
    ):
        # read as the documented media type, as frameworks read a body on purpose: a lax
        # reading, a weakness only where a cross-site request carries the authority
        said = (
            f"{outcome.message}; read leniently as the documented media type, as some "
            "frameworks read a body on purpose: no credential a browser sends by itself "
            "reaches this operation, so no cross-site request can use it"
        )
        return Outcome("media_type_enforced", "warn", said)
    return outcome


def _ambient(api: ir.Api, op: ir.Operation) -> bool:
    """Whether some alternative of ``op``'s security is met by credentials a browser sends
    by itself, cross-site: a cookie, or HTTP Basic it remembers."""
    if not op.security:
        return False
    schemes = {s.key: s for s in api.security_schemes}

    def by_itself(key: str) -> bool:
        scheme = schemes.get(key)
        if scheme is None:
            return False
        return scheme.kind == "basic" or (scheme.kind == "api_key" and scheme.location == "cookie")

    return any(alternative and all(map(by_itself, alternative)) for alternative in op.security)


def unsupported_method(ctx: Context, answer: Answer) -> Outcome | None:
    """405 (or 501) for a method the path does not document; 2xx and other 5xx fail."""
    name = "unsupported_method"
    if ctx.kind != "unknown_method":
        return None
    if answer.status in (405, 501):
        return Outcome(name, "pass")
    what = "an undocumented method"
    if answer.status < 300 or answer.status >= 500:
        how = "accepted" if answer.status < 300 else "not refused with 405"
        return Outcome(name, "fail", f"{what} was {how}: {answer.status}")
    return Outcome(name, "warn", f"{what} got {answer.status}; HTTP's answer is 405 with Allow")


def allow_header(ctx: Context, answer: Answer) -> Outcome | None:
    """Every 405 carries Allow; for a method the path lacks, Allow names the documented ones."""
    allow = answer.headers.get("allow")
    if answer.status != 405:
        return None
    if allow is None:
        return Outcome("allow_header", "fail", "a 405 came without the Allow header HTTP requires")
    listed = {m.strip().upper() for m in allow.split(",")}
    documented = route_methods(ctx.api.operations, ctx.op)
    missing = sorted(documented - listed) if ctx.kind == "unknown_method" else []
    if missing:
        return Outcome(
            "allow_header",
            "warn",
            f"Allow: {allow} leaves out {', '.join(missing)}, which the spec documents here",
        )
    return Outcome("allow_header", "pass")


def answer_size(ctx: Context, answer: Answer) -> Outcome | None:
    """Fails when the body went past the cap; does not apply to a body read whole."""
    if answer.exceeded is None:
        return None
    return Outcome(
        "answer_size",
        "fail",
        f"the {answer.status} answer exceeded {answer.exceeded} bytes (--max-body); "
        "the rest was not read",
    )


def _same(a: Any, b: Any) -> bool:
    """Equal as JSON: ``true`` is not ``1``, ``1`` is not ``1.0``."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _read_back(name: str, state: str) -> Callable[[Context, Answer], Outcome | None]:
    """A resource the sequence ``state`` (created or updated) is there, as it was said."""

    def check(ctx: Context, answer: Answer) -> Outcome | None:
        expect = ctx.expect
        if expect is None or expect.state == "deleted":
            return None
        values = {k: v for k, v in expect.values.items() if v.check == name}
        if expect.state != state and not values:
            return None
        url = f"{ctx.op.method.upper()} {ctx.op.path}"
        if expect.state == state and answer.status in (404, 410):
            return Outcome(
                name,
                "fail",
                f"{url} answered {answer.status} after {expect.by}: the resource is there",
                shape="gone",
            )
        body: Any = None
        parsed, body = answer.json if 200 <= answer.status < 300 else (False, None)
        for prop, wanted in sorted(values.items()) if parsed and isinstance(body, dict) else ():
            if (
                prop in body
                and not _same(body[prop], wanted.value)
                and _could_say(ctx, answer.status, body, prop, wanted.value)
            ):
                return Outcome(
                    name,
                    "fail",
                    f"{url} read {prop!r} back as {json.dumps(body[prop])[:80]}, "
                    f"but {wanted.by} with {json.dumps(wanted.value)[:80]}",
                    shape=f"/{prop}",
                )
        return Outcome(name, "pass")

    check.__name__ = name
    return check


def _could_say(ctx: Context, status: int, body: dict[str, Any], prop: str, value: Any) -> bool:
    """Whether the read's documented schema takes ``value`` as ``prop`` of ``body``: where it
    does not (the write's answer and the read name different things alike, a ``type`` of
    other values), no server can read the value back, and a difference is no finding."""
    response = documented(ctx.op, status)
    pointer = response_schema_pointer(response) if response is not None else None
    return pointer is None or ctx.validator.is_valid(pointer, {**body, prop: value})


def deleted_then_read(ctx: Context, answer: Answer) -> Outcome | None:
    """A resource the sequence deleted is gone: a read of it gets no 2xx."""
    expect = ctx.expect
    if expect is None or expect.state != "deleted":
        return None
    if 200 <= answer.status < 300:
        return Outcome(
            "deleted_then_read",
            "fail",
            f"{ctx.op.method.upper()} {ctx.op.path} answered {answer.status} after "
            f"{expect.by}: the resource is gone, 404 or 410 was due",
        )
    return Outcome("deleted_then_read", "pass")


def checks_for(kind: CaseKind) -> Mapping[str, Callable[[Context, Answer], Outcome | None]]:
    """The checks that may apply to an answer to a case of ``kind``."""
    if kind == "unknown_method":
        return {name: CHECKS[name] for name in _METHOD_CHECKS}
    return CHECKS


def _refusal(name: str, wanted: CaseKind, what: str) -> Callable[[Context, Answer], Outcome | None]:
    def check(ctx: Context, answer: Answer) -> Outcome | None:
        if ctx.kind != wanted:
            return None
        if answer.status in REFUSED:
            return Outcome(name, "pass")
        return Outcome(name, "fail", f"a request {what} got {answer.status}, not 401 or 403")

    check.__name__ = name
    return check


CHECKS: Mapping[str, Callable[[Context, Answer], Outcome | None]] = {
    "no_server_error": no_server_error,
    "status_documented": status_documented,
    "content_type_documented": content_type_documented,
    "response_schema": response_schema,
    "response_headers": response_headers,
    "response_formats": _annotation("format", "response_formats"),
    "write_only_returned": _annotation("writeOnly", "write_only_returned"),
    "valid_request_accepted": valid_request_accepted,
    "invalid_request_rejected": invalid_request_rejected,
    "auth_required": _refusal("auth_required", "no_auth", "without credentials"),
    "bad_credentials_rejected": _refusal(
        "bad_credentials_rejected", "wrong_auth", "with a wrong credential"
    ),
    "malformed_json_rejected": _rejected(
        "malformed_json_rejected", ("malformed_body",), "a JSON body that does not parse"
    ),
    "media_type_enforced": media_type_enforced,
    "unsupported_method": unsupported_method,
    "allow_header": allow_header,
    "answer_size": answer_size,
    "created_then_read": _read_back("created_then_read", "created"),
    "updated_then_read": _read_back("updated_then_read", "updated"),
    "deleted_then_read": deleted_then_read,
}

# which failure of one answer is the finding: the most specific cause first
PRECEDENCE: tuple[str, ...] = (
    "server_answered",
    "no_server_error",
    "auth_required",
    "bad_credentials_rejected",
    "invalid_request_rejected",
    "valid_request_accepted",
    "deleted_then_read",
    "created_then_read",
    "updated_then_read",
    "status_documented",
    "answer_size",
    "content_type_documented",
    "response_schema",
    "response_headers",
)


def _rank(check: str) -> tuple[int, int]:
    if check in PRECEDENCE:
        return 0, PRECEDENCE.index(check)
    names = list(CHECKS)
    return 1, names.index(check) if check in names else len(names)


def one_finding(outcomes: list[Outcome]) -> list[Outcome]:
    """``outcomes`` of one answer with only its first failure by :data:`PRECEDENCE` kept."""
    failed = [o for o in outcomes if o.verdict == "fail"]
    if len(failed) <= 1:
        return outcomes
    first = min(failed, key=lambda o: _rank(o.check))
    return [o for o in outcomes if o.verdict != "fail" or o is first]


def verdicts(
    ctx: Context, answer: Answer | str, chosen: frozenset[str] | None = None
) -> list[Outcome]:
    """Every applicable check's verdict on ``answer`` (a message: the request got no answer),
    each failure kept; only the ``chosen`` checks when given (``--checks``)."""
    if isinstance(answer, str):
        return [Outcome(NOT_ANSWERED, "fail", answer, shape=answer.split(" [")[0])]
    applicable = checks_for(ctx.kind).items()
    found = (check(ctx, answer) for name, check in applicable if chosen is None or name in chosen)
    outcomes = [Outcome(NOT_ANSWERED, "pass"), *(o for o in found if o is not None)]
    if ctx.kind == "path_mutation" and 400 <= answer.status < 500:
        return [_before_the_operation(o) for o in outcomes]
    return outcomes


# what an answer's status documents beside the status itself: its media type, body, headers
AS_DOCUMENTED = frozenset(("content_type_documented", "response_schema", "response_headers"))


def _before_the_operation(outcome: Outcome) -> Outcome:
    """A refusal of a path holding a value its template's schema refuses, judged as what a
    router may answer before any operation is reached: as it answers a path no operation has
    (Django's and BlackSheep's integer converters send their own 404 page for ``/items/1.5``),
    not as the operation documents that status; a departure from it is a warning."""
    if outcome.check not in AS_DOCUMENTED or outcome.verdict != "fail":
        return outcome
    message = (
        f"{outcome.message}; the path holds a value its template's schema refuses, which a "
        "router may refuse before the operation is reached, as it refuses a path no operation has"
    )
    return Outcome(outcome.check, "warn", message, outcome.shape)


def judge(
    ctx: Context, answer: Answer | str, chosen: frozenset[str] | None = None
) -> list[Outcome]:
    """:func:`verdicts` with at most one finding."""
    return one_finding(verdicts(ctx, answer, chosen))
