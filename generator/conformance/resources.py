"""What the earlier calls of a sequence say of the resource a read reaches.

The stateful phase asks, for a ``GET`` that follows a link, what it must find: the
resource a create answered 2xx is there, with the values it stated; one an update answered
2xx shows the values the update set; one a ``DELETE`` answered 2xx is gone. A finding
there must be true, so the answer is None (no expectation, the stateful checks do not
apply) whenever the calls leave room for doubt:

* the read is of the created resource itself: the item path just below the collection a
  ``POST`` created in (``/notes`` -> ``/notes/{id}``), or the path a ``PUT`` wrote;
* a 202 is no 2xx here (the work is queued, not done), and a write answered otherwise
  (a 500 may have done half its work) leaves nothing known;
* a value is expected only where the request sent it and the answer echoed it unchanged,
  or the link took it from the create answer (the id); only plain values are compared
  (booleans, integers, strings without a ``format``, enums and arrays of these), never
  numbers with fractions (a store may round them), date-times (a store may respell them)
  or nested objects;
* a write below the resource (``POST /notes/7/archive``) leaves its existence known but
  its values not; a write above it other than a create in its collection, or a
  ``DELETE`` anywhere else (a cascade), leaves nothing known; a create in its collection
  after it was deleted may reuse its id.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from generator import ir
from generator.conformance.checks import Expectation, Expected
from generator.exchange import gone_status
from generator.openapi import MISSING, SAFE_METHODS, reads_what_it_wrote, segments
from generator.records import record

__all__ = ["Call", "expectation"]

_ALIAS_HOPS = 8


@record
class Call:
    """One call of a sequence as this module reads it."""

    op: ir.Operation
    path: str  # the URL's path as sent
    status: int  # 0: no answer
    sent: Any  # the request's body (MISSING: none)
    body: Any  # the answer's body as JSON (MISSING: none, or not JSON)

    @property
    def done(self) -> bool:
        """Answered 2xx, and not 202 (accepted, not done)."""
        return 200 <= self.status < 300 and self.status != 202

    @property
    def said(self) -> str:
        return f"{self.op.method.upper()} {self.path} answered {self.status}"


def expectation(
    api: ir.Api,
    calls: Sequence[Call],
    start: int,
    read: ir.Operation,
    path: str,
    *,
    identity: Mapping[str, Any],
) -> Expectation | None:
    """What the calls from ``calls[start]`` on (the one whose answer the link read, with
    ``identity``: the properties the link took from its body) say of ``read`` at ``path``."""
    state = _created(api, calls[start], read, path, identity)
    for call in calls[start + 1 :]:
        state = _after(api, state, call, read, path)
    return state


def _created(
    api: ir.Api, first: Call, read: ir.Operation, path: str, identity: Mapping[str, Any]
) -> Expectation | None:
    if not first.done:
        return None
    if not reads_what_it_wrote(first.op.method, first.op.path, read.path):
        return None
    state: Literal["created", "updated"]
    if first.op.method == "post":
        if segments(path)[:-1] != segments(first.path):
            return None
        state = "created"
    elif path == first.path:
        state = "created" if first.status == 201 else "updated"
    else:
        return None
    check = f"{state}_then_read"
    given = {k: v for k, v in identity.items() if _plain(api, read, k, v)}
    values = {**given, **_echoed(api, first, read)}
    expected = {k: Expected(v, check, first.said) for k, v in values.items()}
    return Expectation(state, first.said, expected)


def _after(
    api: ir.Api, state: Expectation | None, call: Call, read: ir.Operation, path: str
) -> Expectation | None:
    method = call.op.method
    if method in SAFE_METHODS:
        return state
    mine, theirs = segments(path), segments(call.path)
    gone = state is not None and state.state == "deleted"
    if theirs == mine:
        return _written(api, state, call, read)
    if theirs[: len(mine)] == mine:  # below the resource: it is there, its values unknown
        return None if state is None or gone else dataclasses.replace(state, values={})
    if mine[: len(theirs)] == theirs:  # its collection or a parent
        return state if method == "post" and not gone else None
    return state if method != "delete" or gone else None


def _written(
    api: ir.Api, state: Expectation | None, call: Call, read: ir.Operation
) -> Expectation | None:
    method = call.op.method
    if not call.done or method not in ("put", "patch", "delete"):
        return None
    if method == "delete":
        # a read can say "gone" only where its operation documents it, and not where the
        # spec links the delete's answer to that read (a documented soft delete): else
        # nothing is due
        gone = gone_status(read) is not None and not _read_after(api, call.op, read)
        return Expectation("deleted", call.said, {}) if gone else None
    kind: Literal["created", "updated"] = (
        "created" if method == "put" and call.status == 201 else "updated"
    )
    kept: dict[str, Expected] = {}
    # a patch of an object (a merge) leaves the properties it does not name; one of any other
    # form (a JSON Patch's list of operations) may have changed any of them
    if method == "patch" and isinstance(call.sent, dict):
        if state is not None and state.state != "deleted":
            kept = {k: v for k, v in state.values.items() if k not in call.sent}
    check = f"{kind}_then_read"
    echoed = {k: Expected(v, check, call.said) for k, v in _echoed(api, call, read).items()}
    return Expectation(kind, call.said, {**kept, **echoed})


def _read_after(api: ir.Api, delete: ir.Operation, read: ir.Operation) -> bool:
    """Whether the spec itself links ``delete``'s answer to ``read``: the resource is still
    there to read, as the spec says (an inferred link says nothing of it)."""
    return any(
        link.source == delete.operation_id and link.target == read.operation_id
        for link in api.links
        if not link.inferred
    )


def _echoed(api: ir.Api, call: Call, read: ir.Operation) -> dict[str, Any]:
    """The plain properties the request sent and the answer gave back unchanged."""
    if not isinstance(call.sent, dict) or not isinstance(call.body, dict):
        return {}
    return {
        k: v
        for k, v in call.sent.items()
        if k in call.body and _same(call.body[k], v) and _plain(api, read, k, v)
    }


def _same(a: Any, b: Any) -> bool:
    return a is not MISSING and json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _plain(api: ir.Api, read: ir.Operation, prop: str, value: Any) -> bool:
    """True when ``read``'s answer declares ``prop`` with a type whose values compare
    exactly, and ``value`` is one of them."""
    if isinstance(value, float) or (
        isinstance(value, list) and any(isinstance(v, float) for v in value)
    ):
        return False
    field = next((f for f in _fields(api, read) if f.wire == prop and not f.write_only), None)
    return field is not None and _exact(api, field.type)


def _exact(api: ir.Api, t: ir.TypeRef, depth: int = 0) -> bool:
    t = ir.without_null(t)
    if isinstance(t, ir.AliasRef):
        return depth < _ALIAS_HOPS and _exact(api, api.alias(t.name).type, depth + 1)
    if isinstance(t, ir.StringT):
        return t.format is None
    if isinstance(t, ir.ArrayT):
        return depth < _ALIAS_HOPS and not t.prefix and _exact(api, t.items, depth + 1)
    return isinstance(t, ir.BoolT | ir.IntT | ir.EnumRef | ir.LiteralT)


def _fields(api: ir.Api, op: ir.Operation) -> tuple[ir.Field, ...]:
    """The properties of the operation's success answer, when it is one JSON object."""
    _, response = op.answer()
    if response is None or response.kind != "json":
        return ()
    return api.object_fields(response.type)
    return ()
