"""The checks run on each answer, keyed by name; each one passes, fails, warns or does not apply.

================================  =====================================================
``no_server_error``               no 5xx, whatever was sent
``status_documented``             the status (or its ``NXX`` range, or ``default``) is listed
``content_type_documented``       the media type is the one documented for that status
``response_schema``               the body conforms to the schema of its status
``valid_request_accepted``        a valid request is not refused with a 4xx (429 aside)
``invalid_request_rejected``      a near-miss invalid request gets a 4xx: not a 2xx, not a 5xx
``auth_required``                 a request without credentials is refused (401/403)
``bad_credentials_rejected``      a request with a wrong credential is refused (401/403)
================================  =====================================================

Bodies are checked with :class:`~generator.mock.validate.SchemaValidator` on the spec's own
schemas, never through the generated models. An undocumented 401/403 answering a request
without (or with wrong) credentials, or an undocumented 400/422 answering an invalid request
where the spec documents no validation error (no 400, 422, 4XX or default), is a warning,
not a failure: the spec, not the server, is incomplete (``conformance.lint`` says so up
front). ``--allow-status`` makes a status documented for every operation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from generator import ir
from generator.build.operations import is_json
from generator.mock.problems import documented, response_schema_pointer
from generator.mock.validate import SchemaValidator
from generator.render.typefacts import json_by_range, media_range

__all__ = ["CHECKS", "Answer", "CaseKind", "Context", "Outcome", "allowed"]

CaseKind = Literal["coverage", "random", "mutation", "no_auth", "wrong_auth"]
Verdict = Literal["pass", "fail", "warn"]
_AUTH_KINDS = ("no_auth", "wrong_auth")
_REFUSED = (401, 403)


@dataclass(frozen=True)
class Answer:
    """What the server sent back."""

    status: int
    headers: Mapping[str, str]  # lower-case names
    content: bytes

    @property
    def media_type(self) -> str:
        """The base media type, lower case ("" when absent)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @cached_property
    def json(self) -> tuple[bool, Any]:
        """(parsed, value) of the body as JSON."""
        try:
            return True, json.loads(self.content)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return False, None


@dataclass(frozen=True)
class Context:
    """Everything a check may look at besides the answer."""

    api: ir.Api
    op: ir.Operation
    kind: CaseKind
    validator: SchemaValidator
    allow_status: frozenset[str]


@dataclass(frozen=True)
class Outcome:
    """One check's verdict on one answer."""

    check: str
    verdict: Verdict
    message: str = ""


def allowed(ctx: Context, status: int) -> bool:
    """True when ``--allow-status`` lists the status or its range."""
    return str(status) in ctx.allow_status or f"{status // 100}XX" in ctx.allow_status


def _validation_errors_documented(op: ir.Operation) -> bool:
    """True when the spec says how invalid input is refused: 400, 422, 4XX or default."""
    return any(r.status.upper() in {"400", "422", "4XX", "DEFAULT"} for r in op.responses)


def no_server_error(ctx: Context, answer: Answer) -> Outcome | None:
    if answer.status >= 500:
        return Outcome("no_server_error", "fail", f"the server answered {answer.status}")
    return Outcome("no_server_error", "pass")


def status_documented(ctx: Context, answer: Answer) -> Outcome | None:
    name = "status_documented"
    if documented(ctx.op, answer.status) is not None or allowed(ctx, answer.status):
        return Outcome(name, "pass")
    listed = ", ".join(r.status for r in ctx.op.responses) or "none"
    message = f"{answer.status} is not documented (documented: {listed})"
    if ctx.kind in _AUTH_KINDS and answer.status in _REFUSED:
        return Outcome(
            name, "warn", f"{message}; the spec omits the refusal of missing credentials"
        )
    refusal = answer.status in (400, 422)
    if ctx.kind == "mutation" and refusal and not _validation_errors_documented(ctx.op):
        return Outcome(name, "warn", f"{message}; the spec documents no validation error")
    return Outcome(name, "fail", message)


def _equivalent(got: str, wanted: str) -> bool:
    wanted = wanted.split(";", maxsplit=1)[0].strip().lower()
    if media_range(wanted):  # */* covers every type, application/* every application/ type
        kind, _, sub = wanted.partition("/")
        return kind == "*" or (got.partition("/")[0] == kind and sub == "*")
    # the JSON family is one format: application/json and application/problem+json parse alike
    return got == wanted or (is_json(got) and is_json(wanted))


def content_type_documented(ctx: Context, answer: Answer) -> Outcome | None:
    response = documented(ctx.op, answer.status)
    if response is None or response.content_type is None or not answer.content:
        return None
    if _equivalent(answer.media_type, response.content_type):
        return Outcome("content_type_documented", "pass")
    got = answer.media_type or "no content type"
    return Outcome(
        "content_type_documented",
        "fail",
        f"{answer.status} came as {got}; documented: {response.content_type}",
    )


def response_schema(ctx: Context, answer: Answer) -> Outcome | None:
    response = documented(ctx.op, answer.status)
    pointer = response_schema_pointer(response) if response is not None else None
    if response is None or pointer is None or response.content_type is None:
        return None
    if not is_json(response.content_type) and not (
        # a structured value documented under */*: checked when the answer is JSON
        json_by_range(ctx.api, response) and (is_json(answer.media_type) or answer.json[0])
    ):
        return None
    parsed, value = answer.json
    if not parsed:
        return Outcome("response_schema", "fail", f"the {answer.status} body is not JSON")
    issues = ctx.validator.issues(pointer, value)
    if not issues:
        return Outcome("response_schema", "pass")
    first = issues[0]
    where = "/" + "/".join(str(p) for p in first.loc)
    more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
    return Outcome(
        "response_schema",
        "fail",
        f"the {answer.status} body breaks its schema at {where}: {first.message}{more}",
    )


def valid_request_accepted(ctx: Context, answer: Answer) -> Outcome | None:
    if ctx.kind not in ("coverage", "random"):
        return None
    if 400 <= answer.status < 500 and answer.status != 429:
        return Outcome(
            "valid_request_accepted", "fail", f"a valid request was refused with {answer.status}"
        )
    return Outcome("valid_request_accepted", "pass")


def invalid_request_rejected(ctx: Context, answer: Answer) -> Outcome | None:
    if ctx.kind != "mutation":
        return None
    if 400 <= answer.status < 500:
        return Outcome("invalid_request_rejected", "pass")
    what = "accepted" if answer.status < 400 else "not rejected with a 4xx"
    return Outcome(
        "invalid_request_rejected", "fail", f"an invalid request was {what}: {answer.status}"
    )


def _refusal(name: str, wanted: CaseKind, what: str) -> Callable[[Context, Answer], Outcome | None]:
    def check(ctx: Context, answer: Answer) -> Outcome | None:
        if ctx.kind != wanted:
            return None
        if answer.status in _REFUSED:
            return Outcome(name, "pass")
        return Outcome(name, "fail", f"a request {what} got {answer.status}, not 401 or 403")

    check.__name__ = name
    return check


CHECKS: Mapping[str, Callable[[Context, Answer], Outcome | None]] = {
    "no_server_error": no_server_error,
    "status_documented": status_documented,
    "content_type_documented": content_type_documented,
    "response_schema": response_schema,
    "valid_request_accepted": valid_request_accepted,
    "invalid_request_rejected": invalid_request_rejected,
    "auth_required": _refusal("auth_required", "no_auth", "without credentials"),
    "bad_credentials_rejected": _refusal(
        "bad_credentials_rejected", "wrong_auth", "with a wrong credential"
    ),
}
