"""The answer to a valid request: the documented success status, a body valid under the spec.

The body is drawn from the IR by :class:`~generator.exchange.Values` with a Random seeded
from ``(seed, operation, request)``, so the same seed and request always give the same bytes.
It is checked with the same validator that checks requests before it is sent; a draw the
schema refuses (a ``oneOf`` matched twice, an unsatisfiable pattern) is redrawn, then the
spec's examples are tried, and failing those the mock answers 500 and says why.
"""

from __future__ import annotations

import hashlib
import json
import random
from typing import Any

from generator import ir
from generator.exchange import (
    GenerationError,
    SchemaValidator,
    Values,
    response_schema_pointer,
)
from generator.facts.typefacts import EventData, event_data, json_by_range
from generator.mock.answer import Answer, unschemaed, written
from generator.mock.headers import ATTEMPTS as _ATTEMPTS
from generator.mock.headers import required_headers
from generator.mock.problems import UNANSWERABLE_HEADER

__all__ = [
    "documented_answer",
    "request_seed",
    "sse_event",
    "success_answer",
    "success_response",
]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SSE_EVENTS = 2


def success_response(op: ir.Operation) -> tuple[int, ir.Response | None]:
    """The status a valid request gets and its documentation (:meth:`ir.Operation.answer`)."""
    return op.answer()


def request_seed(seed: int, op: ir.Operation, request: Any) -> str:
    """A stable Random seed for one request (``random.Random`` hashes strings with SHA-512)."""
    text = json.dumps(request, sort_keys=True, default=str, separators=(",", ":"))
    digest = hashlib.sha256(text.encode()).hexdigest()[:32]
    return f"{seed}:{op.operation_id}:{digest}"


def _draw(
    response: ir.Response,
    pointer: str | None,
    rng: random.Random,
    values: Values,
    validator: SchemaValidator,
) -> tuple[Any, str | None]:
    assert response.type is not None
    problem = "no value drawn"
    for attempt in range(_ATTEMPTS):
        if attempt == _ATTEMPTS // 2:
            values = values.without_null()
        try:
            value = values.value(response.type, rng)
        except (GenerationError, RecursionError) as exc:
            problem = str(exc) or type(exc).__name__
            continue
        issues = validator.issues(pointer, value) if pointer else []
        if not issues:
            return value, None
        problem = f"{issues[0].message} at {list(issues[0].loc)}"
    for example in response.examples:
        if pointer is None or validator.is_valid(pointer, example):
            return example, None
    return None, problem


def success_answer(
    op: ir.Operation, request: Any, seed: int, values: Values, validator: SchemaValidator
) -> Answer:
    """The answer to a valid request (status 500 with the reason when no valid body exists)."""
    status, response = success_response(op)
    return documented_answer(op, status, response, request, seed, values, validator)


def documented_answer(  # noqa: PLR0917
    op: ir.Operation,
    status: int,
    response: ir.Response | None,
    request: Any,
    seed: int,
    values: Values,
    validator: SchemaValidator,
    example: tuple[str, Any] | None = None,
) -> Answer:
    """``status`` answered as ``response`` documents it: its headers, and a body drawn from its
    schema or, given, the named ``example``."""
    moved = (("location", "/"),) if status in _REDIRECTS else ()
    if response is None:
        return Answer(status, None, None, moved)
    rng = random.Random(request_seed(seed, op, request))
    headers = tuple(required_headers(response, rng, values, validator))
    if not any(name.lower() == "location" for name, _ in headers):
        headers += moved
    if response.content_type is None:
        return Answer(status, None, None, headers)
    if example is not None:
        return written(status, response, example[1], headers)
    if response.type is None:  # any content: its example, else a minimal body
        return unschemaed(status, response, {} if response.kind == "json" else "ok", headers)
    pointer = response_schema_pointer(response)
    if response.streaming:
        return _event_stream(status, response, headers, pointer, rng, values, validator)
    value, problem = _draw(response, pointer, rng, values, validator)
    if problem is not None:
        return _cannot(problem)
    if json_by_range(values.api, response):  # */* with a structured schema: JSON is one answer
        return Answer(status, value, "application/json", headers)
    return written(status, response, value, headers)


def _event_stream(  # noqa: PLR0917
    status: int,
    response: ir.Response,
    headers: tuple[tuple[str, str], ...],
    pointer: str | None,
    rng: random.Random,
    values: Values,
    validator: SchemaValidator,
) -> Answer:
    """A few drawn events of ``response``'s schema as one server-sent event stream."""
    assert response.type is not None
    mode = event_data(values.api, response.type)
    events: list[str] = []
    for _ in range(_SSE_EVENTS * _ATTEMPTS):
        value, problem = _draw(response, pointer, rng, values, validator)
        if problem is not None:
            return _cannot(problem)
        event = sse_event(value, mode)
        if event is not None:
            events.append(event)
        if len(events) == _SSE_EVENTS:
            break
    else:
        return _cannot("no drawn event can be sent as server-sent event data")
    return Answer(status, None, response.content_type, headers, raw="".join(events).encode())


def sse_event(value: Any, mode: EventData) -> str | None:
    """``value`` as one server-sent event that reads back as ``value`` (None when none does).

    Text data goes as it is, one ``data:`` line per line; it cannot hold a carriage return
    (a line break in the event-stream format) nor be ``[DONE]`` (the end of a stream), and
    in ``json_or_text`` mode it must not read as JSON of another type.
    """
    if mode == "json" or not isinstance(value, str):
        text = json.dumps(value)
    elif "\r" in value or value == "[DONE]" or (mode == "json_or_text" and _json_not_string(value)):
        return None
    else:
        text = value
    return "".join(f"data: {line}\n" for line in text.split("\n")) + "\n"


def _json_not_string(text: str) -> bool:
    try:
        return not isinstance(json.loads(text), str)
    except ValueError:
        return False


def _cannot(problem: str) -> Answer:
    body = {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "detail": f"the mock could not draw a response valid under the spec: {problem}",
    }
    return Answer(500, body, "application/problem+json", headers=((UNANSWERABLE_HEADER, "1"),))
