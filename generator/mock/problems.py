"""Error answers in the spec's own documented shape when it has one, else a JSON problem.

For a documented error response (``422``, ``400``, ``401``, ``4XX`` or ``default``) with a
JSON schema, the mock tries the common error shapes in turn (FastAPI's
``{"detail": [{"loc", "msg", "type"}]}``, RFC 9457 problems, ``{"error": {...}}``,
``{"message": ...}``) and sends the first one the schema accepts; failing all, a value
drawn from the schema itself, written in the documented media type. One documented in a
media type without a schema (any content) comes in that type: the spec's first example of
it, else the problem below (a JSON type) or its detail as text. Undocumented errors are
RFC 9457 problems (``application/problem+json``) with an ``errors`` list of
``{loc, msg, type}``.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

from generator import ir
from generator.exchange import (
    GenerationError,
    Issue,
    SchemaValidator,
    Values,
    documented,
    response_schema_pointer,
)
from generator.mock.answer import Answer, unschemaed, written
from generator.mock.headers import required_headers
from generator.openapi import is_range

__all__ = ["UNANSWERABLE_HEADER", "VIOLATIONS_HEADER", "problem", "violations_header"]

PROBLEM_JSON = "application/problem+json"


VIOLATIONS_HEADER = "apiforge-violations"
# on an answer the mock found no body valid under the spec for (a 500 where no success is
# found, an error whose documented schema takes none of its bodies; a schema whose constraints
# the models do not read whole may admit none): not a fault of a server, so a conformance run
# does not judge it
UNANSWERABLE_HEADER = "apiforge-unanswerable"
_MAX_VIOLATIONS_HEADER = 4096  # bytes of the header at most: the body has every one


def violations_header(issues: tuple[Issue, ...]) -> str:
    """The violations as a JSON array of ``{"location": [...], "message", "keyword"}``, in
    ASCII (a header value can carry no other text), as many as fit the size limit."""
    out: list[dict[str, Any]] = []
    for issue in issues:
        item = {"location": list(issue.loc), "message": issue.message, "keyword": issue.keyword}
        if len(json.dumps([*out, item], ensure_ascii=True)) > _MAX_VIOLATIONS_HEADER:
            break
        out.append(item)
    return json.dumps(out, ensure_ascii=True, separators=(",", ":"))


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _candidates(status: int, detail: str, issues: list[Issue]) -> Iterator[Any]:
    errors = [{"loc": list(i.loc), "msg": i.message, "type": i.keyword} for i in issues]
    title = _title(status)
    if errors:
        yield {"detail": errors}
    yield {"detail": detail}
    yield {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "errors": errors,
    }
    yield {"type": "about:blank", "title": title, "status": status, "detail": detail}
    yield {"error": {"message": detail, "type": title.lower().replace(" ", "_"), "code": status}}
    yield {"error": {"message": detail}}
    yield {"error": detail}
    yield {"message": detail, "errors": errors}
    yield {"message": detail}
    yield {"code": status, "message": detail}


def problem(
    op: ir.Operation | None,
    status: int,
    detail: str,
    *,
    issues: list[Issue] | None = None,
    prefer: tuple[int, ...] = (),
    validator: SchemaValidator | None = None,
    values: Values | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> Answer:
    """An error answer: ``status`` unless one of ``prefer`` is the code the spec documents."""
    issues = issues or []
    for code in prefer:
        exact = next((r for r in (op.responses if op else ()) if r.status == str(code)), None)
        if exact is not None:
            status = code
            break
    response = documented(op, status)
    pointer = response_schema_pointer(response) if response is not None else None
    if (
        response is not None
        and pointer is not None
        and validator is not None
        and response.type is not None
    ):
        fitted = _fit(
            response=response,
            pointer=pointer,
            status=status,
            detail=detail,
            issues=issues,
            validator=validator,
            values=values,
        )
        if fitted is not None:
            headers = _with_required(
                response, status, detail, given=headers, validator=validator, values=values
            )
            return written(status, response, fitted, headers, tuple(issues))
        # no body the documented schema takes was found (a schema that admits none, say): the
        # problem below breaks it, which is no fault of a server's
        headers = (*headers, (UNANSWERABLE_HEADER, "1"))
    errors = [{"loc": list(i.loc), "msg": i.message, "type": i.keyword} for i in issues]
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _title(status),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    if response is not None and validator is not None and values is not None:
        headers = _with_required(
            response, status, detail, given=headers, validator=validator, values=values
        )
    if response is not None and _any_content(response):
        fallback = body if response.kind == "json" else detail
        return unschemaed(status, response, fallback, headers, tuple(issues))
    return Answer(status, body, PROBLEM_JSON, headers, violations=tuple(issues))


def _any_content(response: ir.Response) -> bool:
    """True when ``response`` documents a media type without a schema, which admits any
    content: the answer comes in that type. A range names no one type to answer in (a
    problem is one ``*/*`` takes)."""
    return (
        response.content_type is not None
        and response.type is None
        and not is_range(response.content_type)
    )


def _with_required(
    response: ir.Response,
    status: int,
    detail: str,
    *,
    given: tuple[tuple[str, str], ...],
    validator: SchemaValidator,
    values: Values | None,
) -> tuple[tuple[str, str], ...]:
    """``given`` and the headers the documented response requires that it lacks (a 401's
    `WWW-Authenticate` for an API key, say), drawn as a success's are."""
    if values is None:
        return given
    have = {name.lower() for name, _ in given}
    rng = random.Random(f"problem-headers:{status}:{detail}")
    drawn = required_headers(response, rng, values, validator)
    return (*given, *((name, text) for name, text in drawn if name.lower() not in have))


def _fit(
    *,
    response: ir.Response,
    pointer: str,
    status: int,
    detail: str,
    issues: list[Issue],
    validator: SchemaValidator,
    values: Values | None,
) -> Any:
    for candidate in _candidates(status, detail, issues):
        if validator.is_valid(pointer, candidate):
            return candidate
    if values is None or response.type is None:
        return None
    rng = random.Random(f"problem:{status}:{detail}")
    plain = values.without_null()  # a null error body says nothing (and None is "no fit")
    for _ in range(5):
        try:
            drawn = plain.value(response.type, rng)
        except GenerationError:
            return None
        if drawn is not None and validator.is_valid(pointer, drawn):
            return drawn
    return None
