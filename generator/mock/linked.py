"""What the links of an API say to the mock: who creates, where it is read, with what values.

A resource is known by a :data:`~generator.mock.memory.Key`: a path template and the
values of its path parameters as they read in a URL (``/items/{id}`` with ``id=7``). A
request has the key of its own path; a link's source, once answered, gives one to each of
its targets from the values the link reads off the exchange (``exchange.link_value``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.exchange import follows, link_value
from generator.mock.answer import Answer
from generator.mock.memory import Entry, Key
from generator.openapi import MISSING, Exchange, parse_expression, pointer_parts
from generator.openapi.expressions import render
from generator.openapi.paths import EXPRESSION
from generator.records import record

__all__ = ["Links", "Sent", "filled"]


@record
class Sent:
    """A valid request as the memory reads it: path values from the wire, typed parameters
    by location (``path``, ``query``, ``header``, ``cookie``) and the parsed body."""

    path: Mapping[str, str]
    params: Mapping[str, Mapping[str, Any]]
    body: Any


class Links:
    """``api``'s links by source, and what they make of the operations."""

    def __init__(self, api: ir.Api):
        self.api = api
        self.by_source: dict[str, list[ir.Link]] = {}
        for link in api.links:
            self.by_source.setdefault(link.source, []).append(link)
        self.creates = frozenset(self.by_source)
        self.targets = frozenset(link.target for link in api.links)
        # sources whose links read the answer: another draw may create elsewhere
        self.drawn = frozenset(
            link.source
            for link in api.links
            if any(not v.is_constant and "$response." in v.expression for v in link.values)
        )
        # sources that create at the path of their own request (PUT at an id)
        self.recreates = frozenset(
            link.source
            for link in api.links
            if api.operation_by_id[link.source].path == api.operation_by_id[link.target].path
        )
        self._read = {
            source: frozenset(
                pointer_parts(pointer)[0]
                for link in links
                for value in link.values
                if (pointer := _answer_pointer(value)) is not None
            )
            for source, links in self.by_source.items()
        }

    def read_from_answer(self, op: ir.Operation) -> frozenset[str]:
        """The answer's properties that ``op``'s links read (``id`` of ``$response.body#/id``)."""
        return self._read.get(op.operation_id, frozenset())

    def entries(self, op: ir.Operation, sent: Sent, answer: Answer) -> dict[Key, Entry]:
        """What ``answer`` creates, by the key of each link target it leads to."""
        sent_body = answer.body if answer.raw is None and answer.content_type else MISSING
        exchange = Exchange(
            method=op.method,
            request={**sent.params, "path": _path_values(op, sent)},
            request_body=MISSING if sent.body is None else sent.body,
            status=answer.status,
            headers=dict(answer.headers),
            body=sent_body,
        )
        found: dict[Key, Entry] = {}
        for link in self.by_source[op.operation_id]:
            if not follows(link, op, answer.status):
                continue
            key = self._target(link, exchange)
            if key is not None:
                body = None if sent_body is MISSING else sent_body
                found[key] = Entry(body, _given(link, exchange))
        return found

    def _target(self, link: ir.Link, exchange: Exchange) -> Key | None:
        """Where ``link`` leads for ``exchange``: every path parameter of the target given."""
        target = self.api.operation_by_id[link.target]
        names = {p.wire for p in target.params if p.location == "path"}
        values: dict[str, str] = {}
        for value in link.values:
            if value.location != "path":
                continue
            got = link_value(value, exchange)
            if got is MISSING or isinstance(got, (dict, list)):
                return None
            values[value.name] = render(got)
        if not names or set(values) != names:
            return None
        return target.path, tuple(sorted(values.items()))

    def key(self, op: ir.Operation, sent: Sent) -> Key | None:
        """Where ``sent`` goes: the operation's path and its path parameters' values."""
        values = _path_values(op, sent)
        if not values:
            return None
        return op.path, tuple(sorted((k, render(v)) for k, v in values.items()))


def _path_values(op: ir.Operation, sent: Sent) -> dict[str, Any]:
    """The request's path parameters, typed where they could be read, else as sent."""
    typed = sent.params.get("path", {})
    out: dict[str, Any] = {}
    for param in op.params:
        if param.location == "path":
            value = typed.get(param.wire, sent.path.get(param.wire))
            if value is not None:
                out[param.wire] = value
    return out


def _given(link: ir.Link, exchange: Exchange) -> tuple[tuple[str, Any], ...]:
    """The answer body's values ``link`` reads (``$response.body#/id``), by pointer."""
    out = []
    for value in link.values:
        pointer = _answer_pointer(value)
        got = link_value(value, exchange) if pointer is not None else MISSING
        if pointer is not None and got is not MISSING:
            out.append((pointer, got))
    return tuple(out)


def _answer_pointer(value: ir.LinkValue) -> str | None:
    """The pointer into the answer body a link value reads (``/id``), None for others."""
    parsed = None if value.is_constant else parse_expression(value.expression)
    if parsed is not None and parsed[:2] == ("response", "body") and parsed[2]:
        return parsed[2]
    return None


def filled(key: Key) -> str:
    """The path of ``key`` with its values in place."""
    path, values = key
    given = dict(values)
    return EXPRESSION.sub(lambda m: given.get(m.group(1), m.group(0)), path)
