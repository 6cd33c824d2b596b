"""What the mock remembers of the resources it created, read along the spec's links.

The links (``ir.Api.links``: the spec's own and the inferred ones) say which answer creates
what, and where it is read: when the mock answers a link's source with the response that
carries the link, it remembers, for each target path, the values the link gives
(``$response.body#/id``, the ``Location`` header's last segment, ``$request.path.user``)
with the body it sent. A request to a target with those values then meets the resource:

- ``GET`` answers the stored body when its documented schema accepts it, otherwise a drawn
  answer with the properties the link read set to the stored values (when still valid);
- ``PUT`` replaces and ``PATCH`` merges the request's properties into the stored body, where
  the path's read schema (its ``GET`` answer, else the operation's own) has them and the
  result is still valid under it; either answers the stored body as ``GET`` would;
- ``DELETE`` forgets it and every resource under its path: later requests there answer 404
  (or 410) when the operation documents it (``4XX`` and ``default`` can say 404), otherwise
  as without memory, with a log line.

The answer to a create is what the request made: the request body's properties that its
schema has, the ``readOnly`` ones drawn, the optional ones it left out at their default or
left out; what its links read is never left out, nor (as far as the schema allows) the same
as a live resource's. So what was created reads back as created. A link source that only
reads (a list whose first item a link follows) makes nothing: what it answers is remembered
only where nothing live is, never over a resource a create made. Every body is checked
against the spec before it is sent, as every other answer of the mock is. Requests for
values the mock never created are answered as without memory. Which links lead where, and
the keys of requests and resources, are :mod:`generator.mock.linked`'s; the bounded store
is :mod:`generator.mock.memory`.
"""

from __future__ import annotations

import dataclasses
import random
import threading
from collections.abc import Callable
from typing import Any

from generator import ir
from generator.exchange import (
    GenerationError,
    SchemaValidator,
    Values,
    documented,
    gone_status,
    response_schema_pointer,
)
from generator.mock.answer import Answer
from generator.mock.linked import Links, Sent, filled
from generator.mock.logline import shown
from generator.mock.memory import DEFAULT_CAPACITY, Entry, Key, Memory
from generator.mock.problems import UNANSWERABLE_HEADER, problem
from generator.openapi import (
    MISSING,
    SAFE_METHODS,
    covers,
    is_json,
    pointer_of,
    pointer_parts,
)

__all__ = ["Resources", "Sent"]

Log = Callable[[str], None]
_READ_OR_CHANGE = frozenset({"get", "put", "patch", "delete"})
_DRAWS = 3  # answers drawn for a create, then as many made fresh, before one takes a place


class Resources:
    """The resources created through ``api``'s links, at most ``capacity`` remembered."""

    def __init__(
        self,
        api: ir.Api,
        validator: SchemaValidator,
        values: Values,
        log: Log,
        capacity: int = DEFAULT_CAPACITY,
    ):
        self.api = api
        self.validator = validator
        self.values = values
        self.log = log
        self.memory = Memory(capacity)
        self._lock = threading.Lock()
        self._highest: dict[str, int] = {}  # the highest integer an answer's pointer gave
        self._count = 0  # fresh values made
        self.links = Links(api)
        # the schema a path's resource is read with: its GET's success answer
        self.read: dict[str, ir.Response] = {}
        for op in api.operations:
            status, response = op.answer()
            if op.method == "get" and 200 <= status < 300 and response is not None:
                self.read[op.path] = response

    def answer(self, op: ir.Operation, sent: Sent, stateless: Callable[[int], Answer]) -> Answer:
        """The answer to ``sent``: ``stateless(0)`` as the memory changes or replaces it
        (``stateless(n)``: another draw, for a create whose id the mock already holds)."""
        key = self.links.key(op, sent) if op.operation_id in self.links.targets else None
        entry = self.memory.get(key) if key is not None else None
        if key is not None and entry is not None and entry.gone:
            creates = op.operation_id in self.links.creates
            if op.operation_id not in self.links.recreates:
                gone = self._gone(op, key, creates)
                if gone is not None or not creates:
                    return gone or stateless(0)
            # a create under what was deleted, which cannot say so: what it answers it keeps,
            # so that what a 2xx said was made can be read back
            entry = None
        answer = stateless(0)
        if not 200 <= answer.status < 300:
            return answer
        if key is not None and entry is not None and op.method in _READ_OR_CHANGE:
            return self._use(op, key, entry, sent, answer)
        if op.operation_id in self.links.creates:
            return self._create(op, sent, answer, stateless)
        return answer

    def _create(
        self, op: ir.Operation, sent: Sent, answer: Answer, stateless: Callable[[int], Answer]
    ) -> Answer:
        """The create's answer, remembered. While what it gives is taken by a live resource
        (the same request twice creates two resources) or left out, it is drawn again, then
        made fresh; failing those, the last draw takes the place (as a PUT at an id does),
        unless the source only reads: a list never takes the place of what a create made."""
        drawn = op.operation_id in self.links.drawn
        for attempt in range(_DRAWS if drawn else 1):
            if attempt:
                answer = stateless(attempt)
            answer = self._echo(op, answer, sent.body)
            entries = self.links.entries(op, sent, answer)
            if not entries and self.links.read_from_answer(op):
                continue  # an optional id the draw left out: draw again
            if self._claim(entries):
                return answer
        if drawn:
            for _ in range(_DRAWS):
                fresh = self._fresh(op, answer)
                if fresh is None:
                    break
                if self._claim(self.links.entries(op, sent, fresh)):
                    return fresh
        if op.method not in SAFE_METHODS:  # a source that only reads (a list) makes nothing
            self._claim(entries, replace=True)
        return answer

    def _claim(self, entries: dict[Key, Entry], replace: bool = False) -> bool:
        """Remember ``entries`` (over live ones only with ``replace``), noting the highest
        integer each answer property gave."""
        if replace:
            self.memory.put(entries)
        elif not self.memory.claim(entries):
            return False
        with self._lock:
            for entry in entries.values():
                for pointer, value in entry.given:
                    if isinstance(value, int) and not isinstance(value, bool):
                        self._highest[pointer] = max(self._highest.get(pointer, value), value)
        return True

    def _fresh(self, op: ir.Operation, answer: Answer) -> Answer | None:
        """``answer`` with the properties its links read at values none was given yet: an
        integer past the highest given, a string with a count appended (one of a format drawn
        anew); None when the schema refuses them (the draws are all the mock has)."""
        pointer = self._json_pointer(op, answer)
        if pointer is None or not isinstance(answer.body, dict):
            return None
        response = documented(op, answer.status)
        assert response is not None
        types = {f.wire: f.type for f in self._model_fields(response)}
        body = dict(answer.body)
        with self._lock:
            self._count += 1
            count = self._count
            highest = dict(self._highest)
        for name in self.links.read_from_answer(op):
            value = body.get(name, MISSING)
            if value is MISSING and name in types:  # left out: one of its type
                value = self._draw(types[name], count)
            elif isinstance(value, str) and _formatted(types.get(name)):
                # a count appended would break its format (a uuid's 8-4-4-4-12): drawn anew
                value = self._draw(types[name], count)
            elif isinstance(value, str):
                value = f"{value}{count}"
            if isinstance(value, int) and not isinstance(value, bool):
                value = highest.get(pointer_of((name,)), value) + count
            if value is not MISSING:
                body[name] = value
        if body == answer.body or not self.validator.is_valid(pointer, body):
            return None
        return dataclasses.replace(answer, body=body)

    # ------------------------------------------------------------ a known resource

    def _use(self, op: ir.Operation, key: Key, entry: Entry, sent: Sent, answer: Answer) -> Answer:
        if op.method == "delete":
            self.memory.remove(key)
            return answer
        if op.method in ("put", "patch") and isinstance(sent.body, dict):
            body = sent.body
            entry = self.memory.change(key, lambda e: self._changed(op, e, body)) or entry
        if op.method in ("get", "put", "patch"):
            return self._show(op, answer, entry)
        return answer

    def _changed(self, op: ir.Operation, entry: Entry, body: dict[str, Any]) -> Entry:
        """``entry`` with ``body`` put (PUT) or merged (PATCH) in, or as it was when the read
        schema refuses the result."""
        status, own = op.answer()
        read = self.read.get(op.path) or (own if 200 <= status < 300 else None)
        pointer = response_schema_pointer(read) if read is not None else None
        if read is None or pointer is None or not isinstance(entry.body, dict):
            return entry
        writable = self._fields(read)
        given = {k: v for k, v in body.items() if k in writable}
        if op.method == "put":
            kept = {k: v for k, v in entry.body.items() if k not in writable}
            new = {**kept, **given}
        else:
            new = {**entry.body, **given}
            if op.body is not None and "merge-patch" in op.body.content_type:
                new = {k: v for k, v in new.items() if not (k in given and v is None)}
        if self.validator.is_valid(pointer, new):
            return dataclasses.replace(entry, body=new)
        return entry

    def _show(self, op: ir.Operation, answer: Answer, entry: Entry) -> Answer:
        """``answer`` with the stored body, or the part of it the read's schema declares (a
        create may answer more than a read shows: a secret shown once), or the values the
        link read, whichever is first valid."""
        pointer = self._json_pointer(op, answer)
        if pointer is None:
            return answer
        if entry.body is not None and self.validator.is_valid(pointer, entry.body):
            return dataclasses.replace(answer, body=entry.body)
        response = documented(op, answer.status)
        if isinstance(entry.body, dict) and response is not None:
            shown = self._fields(response)
            declared = {k: v for k, v in entry.body.items() if k in shown}
            if declared != entry.body and self.validator.is_valid(pointer, declared):
                return dataclasses.replace(answer, body=declared)
        overlaid = _overlay(answer.body, entry.given)
        if overlaid is not MISSING and self.validator.is_valid(pointer, overlaid):
            answer = dataclasses.replace(answer, body=overlaid)
        return self._kept(pointer, answer, entry)

    def _kept(self, pointer: str, answer: Answer, entry: Entry) -> Answer:
        """``answer`` (drawn for a read) with each property of the stored body set as it was,
        one after the other, where the read's schema still takes it: what was created or
        changed reads back as it was, as far as the read shows it."""
        if not isinstance(entry.body, dict) or not isinstance(answer.body, dict):
            return answer
        body = answer.body
        for name, value in entry.body.items():
            if name in body and body[name] == value:
                continue
            tried = {**body, name: value}
            if self.validator.is_valid(pointer, tried):
                body = tried
        return dataclasses.replace(answer, body=body) if body is not answer.body else answer

    def _gone(self, op: ir.Operation, key: Key, creates: bool = False) -> Answer | None:
        """The documented answer for a deleted resource (:func:`~generator.exchange.gone_status`);
        None, and a log line, when none is documented or no valid body for it exists (a create
        then creates anew)."""
        answer = self._documented_gone(op)
        if answer is None:
            done = "created anew" if creates else "answered as without memory"
            self.log(
                f"memory: {op.method.upper()} {shown(filled(key))} was deleted, but "
                f"{shown(op.operation_id)} documents no 404, 410, 4XX or default for it: {done}"
            )
        return answer

    def _documented_gone(self, op: ir.Operation) -> Answer | None:
        status = gone_status(op)
        if status is None:
            return None
        response = documented(op, status)
        assert response is not None
        detail = "this resource was deleted"
        answer = problem(op, status, detail, validator=self.validator, values=self.values)
        if dict(answer.headers).get(UNANSWERABLE_HEADER):
            # the documented body admits no value (a `oneOf` of twins, say): no server can
            # write a valid one, and the status still tells the truth
            return answer
        pointer = response_schema_pointer(response)
        wanted = response.content_type
        if pointer is not None and answer.raw is not None:
            # a value problem() found valid, written as the text of the documented media type
            fits = answer.content_type == wanted
        elif pointer is not None:
            fits = answer.content_type == wanted and self.validator.is_valid(pointer, answer.body)
        else:
            got = answer.content_type or ""
            fits = wanted is None or covers(wanted, got) or (is_json(got) and is_json(wanted))
        return answer if fits else None

    # ------------------------------------------------------------ a create

    def _echo(self, op: ir.Operation, answer: Answer, body: Any) -> Answer:
        """The create's answer as the request made it: the request's properties its schema
        has, those the request left out at their default or (when optional) left out, the
        ``readOnly`` ones drawn; failing that, as many of the request's as stay valid."""
        pointer = self._json_pointer(op, answer)
        response = documented(op, answer.status)
        if pointer is None or response is None or not isinstance(body, dict):
            return answer
        if not isinstance(answer.body, dict):
            return answer
        fields = self._fields(response)
        wanted = {k: v for k, v in body.items() if k in fields}
        linked = self.links.read_from_answer(op)
        made = {}
        for name, value in answer.body.items():
            field = fields.get(name)
            if field is None or field.required or name in linked:
                made[name] = value
            elif field.default is not None:
                made[name] = field.default.value
        made.update(wanted)
        if self.validator.is_valid(pointer, made):
            return dataclasses.replace(answer, body=made)
        current = dict(answer.body)
        for name, value in wanted.items():
            trial = {**current, name: value}
            if self.validator.is_valid(pointer, trial):
                current = trial
        return dataclasses.replace(answer, body=current)

    def _json_pointer(self, op: ir.Operation, answer: Answer) -> str | None:
        """The schema of ``answer``'s body when it is JSON the memory may change."""
        response = documented(op, answer.status)
        if response is None or response.kind != "json" or response.streaming:
            return None
        if answer.raw is not None or answer.content_type is None:
            return None
        return response_schema_pointer(response)

    def _fields(self, response: ir.Response) -> dict[str, ir.Field]:
        """The properties of a JSON answer's object a client may set, by wire name: not
        ``readOnly``, and not ``writeOnly`` (an answer never holds those)."""
        fields = self._model_fields(response)
        return {f.wire: f for f in fields if not (f.read_only or f.write_only)}

    def _model_fields(self, response: ir.Response) -> tuple[ir.Field, ...]:
        """The properties of a JSON answer that is one object (through an alias)."""
        t = ir.without_null(response.type) if response.type is not None else None
        if isinstance(t, ir.AliasRef):
            t = ir.without_null(self.api.alias(t.name).type)
        return self.api.model(t.name).fields if isinstance(t, ir.ModelRef) else ()

    def _draw(self, t: ir.TypeRef, count: int) -> Any:
        try:
            return self.values.value(t, random.Random(f"fresh:{count}"))
        except GenerationError:
            return MISSING


def _formatted(t: ir.TypeRef | None) -> bool:
    """Whether ``t`` is a string of a format (through null)."""
    target = ir.without_null(t) if t is not None else None
    return isinstance(target, ir.StringT) and target.format is not None


def _overlay(body: Any, given: tuple[tuple[str, Any], ...]) -> Any:
    """``body`` with each value of ``given`` set at its pointer; MISSING when none fits."""
    changed = False
    for pointer, value in given:
        *parents, last = pointer_parts(pointer)
        body = _copy(body)
        node = body
        for token in parents:
            node = node.get(token) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node[last] = value
            changed = True
    return body if changed else MISSING


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
