"""Spec lint: what in the spec would make a correct server look wrong, said once, up front.

Each warning names the operations it concerns and what the conformance run does about it,
so a failure in the report is never a surprise the spec could have explained.
"""

from __future__ import annotations

from generator import ir
from generator.exchange import documented, one_per_route, told_by_query
from generator.facts.exclusion import no_valid_answer, no_valid_request
from generator.records import record

__all__ = ["LintWarning", "lint"]

_EXAMPLES = 3


@record
class LintWarning:
    """One thing in the spec that affects how results read."""

    code: str
    message: str
    operations: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


def _names(ops: list[ir.Operation]) -> str:
    shown = ", ".join(f"{op.method.upper()} {op.path}" for op in ops[:_EXAMPLES])
    return shown + (f" and {len(ops) - _EXAMPLES} more" if len(ops) > _EXAMPLES else "")


def _secured(op: ir.Operation) -> bool:
    return bool(op.security) and all(requirement for requirement in op.security)


def _documents(op: ir.Operation, status: int, allow: frozenset[str]) -> bool:
    """True when ``status`` is no departure from what ``op`` documents (one that documents no
    response has none to depart from)."""
    return (
        not op.documents_responses
        or documented(op, status) is not None
        or str(status) in allow
        or f"{status // 100}XX" in allow
    )


def lint(api: ir.Api, allow_status: frozenset[str] = frozenset()) -> list[LintWarning]:
    """Warnings for ``api``; statuses in ``allow_status`` count as documented everywhere."""
    out: list[LintWarning] = []
    silent = [op for op in api.operations if not op.documents_responses]
    if silent:
        out.append(
            LintWarning(
                "no-responses",
                f"{_names(silent)}: no response is documented (OpenAPI 3.1 lets an operation "
                "leave them out; an informational 1xx one answers nothing), so no status, "
                "media type or body departs from the spec; "
                "their answers are judged only by what needs no documentation: no server "
                "error, a valid request taken, an invalid one refused.",
                tuple(op.operation_id for op in silent),
            )
        )
    no_401 = [op for op in api.operations if _secured(op) and not _documents(op, 401, allow_status)]
    if no_401:
        out.append(
            LintWarning(
                "undocumented-401",
                f"{_names(no_401)}: credentials are required but no 401 response is "
                "documented. A correct server refuses a request without credentials with 401, "
                "a status the spec does not list, so the no-credentials checks would fail on "
                "every correct server. They accept an undocumented 401/403 and report it as a "
                "warning; pass --allow-status 401 to treat 401 as documented, or add the 401 "
                "response to the spec.",
                tuple(op.operation_id for op in no_401),
            )
        )
    no_4xx = [
        op
        for op in api.operations
        if (op.body is not None or op.params)
        and op.documents_responses
        and not any(r.status.upper() in {"400", "422", "4XX", "DEFAULT"} for r in op.responses)
        and not allow_status & {"400", "422", "4XX"}
    ]
    if no_4xx:
        out.append(
            LintWarning(
                "no-validation-error",
                f"{_names(no_4xx)}: no 400, 422, 4XX or default response is documented, yet "
                "invalid input must be refused with one; an undocumented 4xx answering a "
                "near miss is reported as a warning (--allow-status 422 accepts it).",
                tuple(op.operation_id for op in no_4xx),
            )
        )
    no_success = [op for op in api.operations if op.documents_no_success]
    if no_success:
        out.append(
            LintWarning(
                "no-success",
                f"{_names(no_success)}: no 2xx response is documented, so a valid request is "
                "expected to get one of the error statuses documented.",
                tuple(op.operation_id for op in no_success),
            )
        )
    untyped = [
        op
        for op in api.operations
        for r in op.responses
        if r.status.startswith("2") and r.content_type is not None and r.type is None
    ]
    if untyped:
        out.append(
            LintWarning(
                "no-response-schema",
                f"{_names(untyped)}: a success body is documented without a schema, so its "
                "content is not checked.",
                tuple(op.operation_id for op in untyped),
            )
        )
    for code, found, why in (
        (
            "no-valid-request",
            no_valid_request(api),
            "a required parameter or the required body, so no valid request exists",
        ),
        (
            "no-valid-answer",
            no_valid_answer(api),
            "the response a valid request gets, so no server can answer as documented",
        ),
    ):
        if found:
            out.append(
                LintWarning(
                    code,
                    f"{_names(found)}: no value is valid under the schema of {why}; these "
                    "operations are not sent.",
                    tuple(op.operation_id for op in found),
                )
            )
    kept, shared = one_per_route(api.operations)
    by_query = told_by_query(kept)
    if by_query:
        out.append(
            LintWarning(
                "query-route",
                f"{_names(by_query)}: the same method and path as another operation, told "
                "apart by the query pairs the path fixes (after `?`), which are sent with each "
                "request; a server may route them to one handler, so a near miss of one that a "
                "server accepts is a warning (another of them may take it).",
                tuple(op.operation_id for op in by_query),
            )
        )
    if shared:
        out.append(
            LintWarning(
                "shared-route",
                f"{_names(shared)}: the same method and path on the wire as another "
                "operation (a fragment after `#` is not sent), so no server can tell which is "
                "meant; these operations are not sent, and a near miss of the one sent that a "
                "server accepts is a warning (another of them may take it).",
                tuple(op.operation_id for op in shared),
            )
        )
    out.extend(
        LintWarning("not-enforced", f"{skip.pointer}: {skip.reason}; cases may not honour it")
        for skip in api.skipped
    )
    return out
