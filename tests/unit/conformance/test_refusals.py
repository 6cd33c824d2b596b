"""Verdicts of the checks on refusals: which answer to which invalid request fails or warns."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from generator import ir
from generator.conformance.checks import CHECKS, Answer, CaseKind, Context, checks_for


def _op(*statuses: str, path: str = "/things/{id}") -> ir.Operation:
    return ir.Operation(
        operation_id="op",
        method="get",
        path=path,
        group=(),
        name="op",
        pointer=f"/paths/{path.replace('/', '~1')}/get",
        responses=tuple(ir.Response(s, None, None, None, None, "") for s in statuses),
    )


class _Api:
    def __init__(self, *ops: ir.Operation, schemes: tuple[ir.SecurityScheme, ...] = ()):
        self.operations = ops
        self.security_schemes = schemes


def _verdict(check: str, kind: CaseKind, status: int, op: ir.Operation, **headers: str) -> Any:
    ctx = Context(_Api(op), op, kind, None, frozenset())  # type: ignore[arg-type]
    outcome = CHECKS[check](ctx, Answer(status, headers, b""))
    return None if outcome is None else outcome.verdict


@pytest.mark.parametrize(
    ("kind", "status", "statuses", "verdict"),
    [
        ("path_mutation", 404, ("200", "422"), "warn"),  # no such resource: HTTP's answer
        # the path names a resource, which a drawn id need not: whatever the case's kind
        ("mutation", 404, ("200", "422"), "warn"),
        ("coverage", 404, ("200", "422"), "warn"),
        ("wrong_media_type", 415, ("200", "422"), "warn"),
        ("malformed_body", 415, ("200", "422"), "fail"),
        ("malformed_body", 400, ("200", "422"), "warn"),  # HTTP's "malformed request syntax"
        ("malformed_body", 400, ("200",), "warn"),  # the spec says nothing of refusals
        ("mutation", 409, ("200",), "warn"),
        ("no_media_type", 400, ("200", "422"), "warn"),  # HTTP lets a server refuse it
        ("mutation", 422, ("200", "422"), "pass"),
        ("mutation", 400, ("200", "422"), "fail"),  # the spec says how it refuses
    ],
)
def test_which_undocumented_refusal_is_a_warning(
    kind: CaseKind, status: int, statuses: tuple[str, ...], verdict: str
) -> None:
    assert _verdict("status_documented", kind, status, _op(*statuses)) == verdict


@pytest.mark.parametrize("kind", ["coverage", "mutation"])
def test_a_404_where_the_path_names_no_resource_fails(kind: CaseKind) -> None:
    # `/things` is there or not: a 404 is no missing item
    assert _verdict("status_documented", kind, 404, _op("200", "422", path="/things")) == "fail"


@pytest.mark.parametrize(
    ("status", "headers", "method_verdict", "allow_verdict", "server_verdict"),
    [
        (405, {"allow": "GET"}, "pass", "pass", "pass"),
        (405, {"allow": "POST"}, "pass", "warn", "pass"),  # the documented GET left out
        (405, {}, "pass", "fail", "pass"),  # RFC 9110: a 405 MUST carry Allow
        (501, {}, "pass", None, "pass"),  # a method the server implements nowhere
        (404, {}, "warn", None, "pass"),  # routers that match method and path together
        (401, {}, "warn", None, "pass"),
        (200, {}, "fail", None, "pass"),
        (500, {}, "fail", None, "fail"),
    ],
)
def test_an_unknown_method(
    status: int,
    headers: dict[str, str],
    method_verdict: str,
    allow_verdict: str | None,
    server_verdict: str,
) -> None:
    op = _op("200")
    assert _verdict("unsupported_method", "unknown_method", status, op, **headers) == method_verdict
    assert _verdict("allow_header", "unknown_method", status, op, **headers) == allow_verdict
    assert _verdict("no_server_error", "unknown_method", status, op) == server_verdict
    # the operation's documented answers say nothing of a method it does not have; the cap
    # on what is read of an answer holds for every answer
    assert set(checks_for("unknown_method")) == {
        "no_server_error",
        "unsupported_method",
        "allow_header",
        "answer_size",
    }


def test_a_405_without_allow_fails_whatever_was_sent() -> None:
    assert _verdict("allow_header", "coverage", 405, _op("200", "405")) == "fail"
    assert _verdict("allow_header", "coverage", 200, _op("200")) is None


@pytest.mark.parametrize(
    ("kind", "status", "verdict"),
    [
        # read as the documented one, with no credential a cross-site request carries
        ("wrong_media_type", 201, "warn"),
        ("wrong_media_type", 415, "pass"),
        ("wrong_media_type", 500, "fail"),
        ("no_media_type", 201, "warn"),  # RFC 9110 8.3: a server may sniff it
        ("no_media_type", 415, "pass"),
        ("no_media_type", 500, "fail"),
        ("mutation", 201, None),
    ],
)
def test_media_types(kind: CaseKind, status: int, verdict: str | None) -> None:
    assert _verdict("media_type_enforced", kind, status, _op("201", "422")) == verdict


@pytest.mark.parametrize(
    ("scheme", "strict", "verdict"),
    [
        (ir.SecurityScheme("s", "s", "api_key", "cookie", "session"), False, "fail"),
        (ir.SecurityScheme("s", "s", "basic"), False, "fail"),
        (ir.SecurityScheme("s", "s", "bearer"), False, "warn"),
        (ir.SecurityScheme("s", "s", "api_key", "header", "X-Key"), False, "warn"),
        (ir.SecurityScheme("s", "s", "bearer"), True, "fail"),
    ],
)
def test_a_body_read_whatever_its_media_type_fails_where_a_browser_sends_the_credential(
    scheme: ir.SecurityScheme, strict: bool, verdict: str
) -> None:
    """A cross-site form posts a body as text/plain with the cookie (or HTTP Basic) a browser
    sends by itself: read as JSON, that is a weakness; behind a header credential, a lax
    reading, unless types are strict."""
    op = dataclasses.replace(_op("201", "422"), security=(("s",),))
    ctx = Context(
        _Api(op, schemes=(scheme,)),  # type: ignore[arg-type]
        op,
        "wrong_media_type",
        None,  # type: ignore[arg-type]
        frozenset(),
        strict_types=strict,
    )
    outcome = CHECKS["media_type_enforced"](ctx, Answer(201, {}, b""))
    assert outcome is not None and outcome.verdict == verdict


@pytest.mark.parametrize(
    ("check", "kind", "path", "verdict"),
    [
        # a drawn id names no resource: the 404 says nothing of the body or the query
        ("invalid_request_rejected", "mutation", "/things/{id}", None),
        ("media_type_enforced", "wrong_media_type", "/things/{id}", None),
        ("media_type_enforced", "no_media_type", "/things/{id}", None),
        # the path itself was the near miss: its 404 is the refusal
        ("invalid_request_rejected", "path_mutation", "/things/{id}", "pass"),
        # a path naming no resource: a 404 refuses the request
        ("invalid_request_rejected", "mutation", "/things", "pass"),
    ],
)
def test_a_404_for_a_resource_not_there_is_no_verdict_on_the_request(
    check: str, kind: CaseKind, path: str, verdict: str | None
) -> None:
    assert _verdict(check, kind, 404, _op("200", "422", path=path)) == verdict
