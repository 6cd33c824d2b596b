"""The context of ``operations.py``: what each operation documents, as data for the client tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator import ir
from generator.facts import typefacts
from generator.facts.conditions import conditional_statuses
from generator.facts.exclusion import answers_nothing, no_valid_body
from generator.facts.routes import rivals, served_instead
from generator.facts.typefacts import event_data, json_by_range
from generator.openapi.paths import wire_path
from generator.openapi.servers import on_another_host
from generator.openapi.splits import shape_pattern
from generator.render.client import body_kind, credential_keywords
from generator.render.pointers import resolving

_DEFAULT_STYLES = {
    "path": ("simple", False),
    "query": ("form", True),
    "header": ("simple", False),
    "cookie": ("form", True),
}


def status_code(status: str, documented: list[str]) -> int:
    """A concrete status to serve for a documented one (``4XX`` -> 400, ``default`` -> 599)."""
    if status.isdigit():
        return int(status)
    taken = {int(s) for s in documented if s.isdigit()}
    is_range = status[:1].isdigit() and status[1:].upper() == "XX"
    code, step = (int(status[0]) * 100, 1) if is_range else (599, -1)
    while code in taken:
        code += step
    return code


def _response_kind(api: ir.Api, r: ir.Response) -> str:
    if r.kind is None:
        return "empty"
    if r.kind == "event_stream":
        return "sse"
    if r.kind == "json":
        return "json" if r.type is not None else "text"
    if json_by_range(api, r):  # the tests answer a media range with JSON
        return "json"
    return "text" if r.kind == "text" else "binary"


def _operation(
    api: ir.Api,
    op: ir.Operation,
    known: set[str],
    resolves: Callable[[str], bool],
    *,
    instead: ir.Operation | None = None,
) -> dict[str, Any]:
    documented = [r.status for r in op.responses]
    responses = []
    for r in op.responses:
        model = r.type.name if isinstance(r.type, ir.ModelRef) else None
        code = status_code(r.status, documented)
        entry = {
            "code": code,
            "pointer": typefacts.response_pointer(r),
            "kind": _response_kind(api, r),
            "media": r.content_type,
            "model": model,
            "events": event_data(api, r.type) if r.streaming and r.type is not None else None,
            "headers": [
                (h.wire, h.required, pointer if resolves(pointer) else None, h.explode)
                for h in typefacts.judged_headers(r)
                for pointer in [typefacts.header_pointer(r, h)]
            ],
            # no body is valid under its schema: no server can answer it as documented
            "no_valid_body": no_valid_body(api, r),
        }
        responses.append((r.status, entry))
    security = [alt for alt in op.security if set(alt) <= known]
    styled = [p for p in op.params if (p.style, p.explode) != _DEFAULT_STYLES[p.location]]
    return {
        "operation_id": op.operation_id,
        "method": op.method.upper(),
        # the path it is sent to: a query in its key is sent as pairs, a fragment never
        "path": wire_path(op.path),
        "call": [*op.group, op.name],
        "params": [((p.location, p.wire), p.name) for p in op.params],
        "required": [(p.location, p.wire) for p in op.params if p.required],
        "styles": [((p.location, p.wire), p.style) for p in styled],
        "body": op.body.pointer if op.body is not None else None,
        "body_kind": body_kind(op.body) if op.body is not None else None,
        "content_type": op.body.content_type if op.body is not None else None,
        # an alternative the client cannot satisfy: credentials are not checked at all
        "security": security if len(security) == len(op.security) else [],
        "responses": responses,
        # served on a host of its own: the client sends it there, not to the server tested
        "elsewhere": op.server if op.server and on_another_host(api.server, op.server) else None,
        # a server of its own, and the API's beside it: where the client puts its path
        "server": (op.server, api.server) if op.server else None,
        # the templates a router may give a path of its to instead, and the paths they match
        "taken_by": [(o.path, shape_pattern(o.path)) for o in rivals(api, op)],
        # the statuses HTTP names for a request carrying the conditions it takes
        "conditional": sorted(conditional_statuses(op)),
        # no server can answer a valid request as documented: not sent live
        "answerless": answers_nothing(api, op),
        # the operation a server answers its requests as (the same method and route on the
        # wire): not sent live
        "shared": None if instead is None else f"{instead.method.upper()} {instead.path}",
    }


def header_pointers(operations: list[dict[str, Any]]) -> list[str]:
    """The schemas of the response headers in ``operations`` (:func:`operations_context`'s),
    which ``schema.json`` holds for the live tests to judge them by."""
    return sorted(
        {
            pointer
            for op in operations
            for _, r in op["responses"]
            for _, _, pointer, _ in r["headers"]
            if pointer is not None
        }
    )


def operations_context(api: ir.Api) -> dict[str, Any]:
    """``SCHEMES`` and ``OPERATIONS`` of ``operations.py``: what each operation documents, and
    whether any success is an event stream with a schema (``streams``)."""
    schemes = [
        (s.key, {"kind": s.kind, "keyword": keyword, "location": s.location, "param": s.param})
        for s, keyword in credential_keywords(api)
    ]
    known = {key for key, _ in schemes}
    resolves = resolving(api.schema_document)
    served = served_instead(api)
    operations = [
        _operation(api, op, known, resolves, instead=served.get(op.operation_id))
        for op in api.operations
    ]
    # whether any success streams events with a schema: test_responses reads them back
    streams = any(
        r["events"] is not None and r["code"] < 300 for op in operations for _, r in op["responses"]
    )
    return {"schemes": schemes, "operations": operations, "streams": streams}
