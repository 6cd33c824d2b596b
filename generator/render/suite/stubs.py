"""The context of one readable test stub per operation (``test_operation.py.jinja``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.naming import snake, words
from generator.openapi.paths import fixed_query
from generator.render.client import method

_ERRORS = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}


def error_class(code: int) -> str:
    """The client's exception for an error status (``_exceptions.py`` of the package)."""
    return "InternalServerError" if code >= 500 else _ERRORS.get(code, "APIStatusError")


def json_safe(values: tuple[Any, ...]) -> list[Any]:
    """The examples that are JSON (YAML dates become their text; anything else is dropped)."""
    out = []
    for value in values:
        try:
            out.append(json.loads(json.dumps(value, default=str)))
        except (TypeError, ValueError):
            continue
    return out


_READABLE = ("json", "empty", "text", "binary")
_REDIRECTS = (301, 302, 303, 307, 308)


def _sample(kind: str, examples: list[Any]) -> dict[str, Any]:
    """A text or binary body to answer with: the spec's first string example, else a stand-in."""
    if kind not in ("text", "binary"):
        return {}
    text = next((e for e in examples if isinstance(e, str)), kind)
    return {"sample": text}


def stub_context(api: ir.Api, op: ir.Operation, data: Mapping[str, Any]) -> dict[str, Any]:
    """What ``test_operation.py.jinja`` needs for one operation."""
    examples = {r.status: json_safe(r.examples) for r in op.responses}
    success: dict[str, Any] | None = None
    errors = []
    for status, r in data["responses"]:
        entry = {**r, "status": status, "examples": examples[status]}
        if r["kind"] in _READABLE and 200 <= r["code"] < 300 and success is None:
            success = entry | _sample(r["kind"], examples[status])
        elif r["kind"] == "json" and r["code"] >= 400 and r["pointer"] is not None:
            error = error_class(r["code"])
            name = "_".join([*words(status), "raises", snake(error)])
            errors.append({**entry, "error": error, "name": name})
    if success is None:  # a documented redirect: follow it
        success = next(
            (
                {**r, "status": status, "examples": [], "kind": "redirect"}
                for status, r in data["responses"]
                if r["code"] in _REDIRECTS
            ),
            None,
        )
    if success is None:  # only `default` documents a body: the client reads it on a 2xx too
        success = next(
            (
                {**r, "status": status, "examples": examples[status], "code": 200}
                | _sample(r["kind"], examples[status])
                for status, r in data["responses"]
                if status == "default" and r["kind"] in _READABLE
            ),
            None,
        )
    code, response = op.answer()
    # the call gets an error it documents, or a 3xx that is no redirect to follow (300, 304):
    # the client raises both
    if success is None and (op.documents_no_success or 300 <= code < 400):
        status = response.status if response is not None else str(code)
        success = {
            "status": status,
            "code": code,
            "pointer": None,
            "examples": [],
            "model": None,
            "kind": "error",
            "media": None,
            "error": error_class(code),
        }
    if success is None:  # none readable (a stream, say): answer 204 and check the request only
        success = {
            "status": "(none documented)",
            "code": 204,
            "pointer": None,
            "examples": [],
            "model": None,
            "kind": "empty",
            "media": None,
            # the client returns a stream of events for an operation documenting one
            "stream": any(r["kind"] == "sse" for _, r in data["responses"]),
        }
    body_examples: list[Any] = []
    if op.body is not None:
        body_examples = json_safe(op.body.examples)
        target = ir.without_null(op.body.type)
        if isinstance(target, ir.ModelRef):
            body_examples += json_safe(api.model(target.name).examples)
    typed = method(api, op, "")
    call = ".".join(data["call"])
    doc = f"{op.method.upper()} {op.path} through `{call}`: sent and received as documented.\n\n"
    doc += "Built from the spec's examples where it has valid ones, else from the simplest values."
    return {
        **data,
        "name": data["call"][-1],
        "doc": doc,
        "success": success,
        "errors": errors,
        "body_examples": body_examples,
        # the query pairs its path key fixes (``/responses/{id}?beta=true``), sent with it
        "fixed_query": list(fixed_query(op.path)),
        # the client method is typed to return None (not overloaded: a call through **kwargs
        # picks no overload, and its value is Any): using its value is a type error
        "returns_none": typed.returns == "None" and not typed.overload,
    }
