"""Requests of a sequence with their body's optional properties present more often.

A case source's strategies favour leaving optional properties out (the simplest body is the
smallest one), so most bodies a sequence sends are ``{}``, and a fault behind one value of an
optional property (an update to one stage, a member added as an admin) is met by luck. In the
stateful phase each write's body therefore first draws which of its optional top-level
properties are present: all of them (the first choice, where Hypothesis looks first), the
ones the source drew, none, or a subset drawn property by property. A present enum is drawn
across its values (so is a string whose pattern admits only a few, `^(basic|gold)$`), a
boolean as either, a constant as itself; a property of another type keeps the source's value,
or is drawn from the IR when the source left it out. A body that
this makes invalid (a bound between properties the IR does not hold) is sent as drawn.

:func:`complete` is the deterministic counterpart, for the phase's first pass over the
links: a valid request with every optional property present with a value (never a null, which
an update often reads as "no change"), round ``n`` of them giving each property with few
values (:func:`rounds` of them) its ``n``-th value, so that the rounds together send every
value of each.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from generator import ir
from generator.conformance.source import PLACES, RequestData, sendable
from generator.exchange import GenerationError, Values
from generator.patterns import ecma
from generator.patterns.finite import words

__all__ = ["complete", "present", "rounds"]

_MODES = ("all", "drawn", "none", "some")
_DEPTH = 2  # nesting of a value drawn from the IR
_TRIES = 8  # draws of a complete request before giving up on it
_ROUNDS = 8  # rounds of the first pass at most, whatever the size of an enum

Valid = Callable[[Any], bool]  # whether a body fits the operation's body schema


def _optional(api: ir.Api, op: ir.Operation) -> tuple[ir.Field, ...]:
    if op.body is None or op.body.kind != "json":
        return ()
    return tuple(f for f in api.object_fields(op.body.type) if not f.required and not f.read_only)


def _choices(api: ir.Api, t: ir.TypeRef) -> tuple[Any, ...] | None:
    """Every value of a type with few of them (an enum, a boolean, a constant, a string whose
    pattern admits only a few); None for any other type."""
    t = ir.without_null(t)
    for _ in range(len(api.aliases) + 1):
        if not isinstance(t, ir.AliasRef):
            break
        t = ir.without_null(api.alias(t.name).type)
    if isinstance(t, ir.EnumRef):
        return tuple(member.value for member in api.enum(t.name).members)
    if isinstance(t, ir.BoolT):
        return (True, False)
    if isinstance(t, ir.LiteralT):
        return t.values
    if isinstance(t, ir.StringT) and t.pattern is not None and t.format is None:
        found = words(t.pattern)  # an enum in all but name: `^(basic|gold)$`
        low, high = t.min_length or 0, t.max_length
        others = [ecma.compiled(more).search for more in t.more_patterns]
        fitting = tuple(
            w
            for w in found or ()
            if len(w) >= low
            and (high is None or len(w) <= high)
            and all(search(w) is not None for search in others)
        )
        return fitting or None
    return None


def present(
    api: ir.Api, op: ir.Operation, requests: st.SearchStrategy[RequestData], valid: Valid
) -> st.SearchStrategy[RequestData]:
    """``requests`` with the body's optional properties present as the module says."""
    fields = _optional(api, op)
    if not fields:
        return requests
    values = Values(api, direction="request", max_depth=_DEPTH)

    @st.composite
    def draw(data: st.DrawFn) -> RequestData:
        request = data(requests)
        body = request.get("body")
        if not isinstance(body, dict):
            return request
        mode = data(st.sampled_from(_MODES))
        if mode == "drawn":
            return request
        out = {k: v for k, v in body.items() if k not in {f.wire for f in fields}}
        for field in fields:
            if mode == "none" or (mode == "some" and not data(st.booleans())):
                continue
            choices = _choices(api, field.type)
            if choices:
                out[field.wire] = data(st.sampled_from(choices))
            elif field.wire in body:
                out[field.wire] = body[field.wire]
            else:
                rng = data(st.randoms(use_true_random=False))
                try:
                    out[field.wire] = values.value(field.type, rng)
                except GenerationError:
                    continue
        return {**request, "body": out} if valid(out) else request

    return draw()


def rounds(api: ir.Api, op: ir.Operation) -> int:
    """The rounds that send every value of each optional property with few of them."""
    sizes = [len(_choices(api, f.type) or ()) for f in _optional(api, op)]
    return min(_ROUNDS, max([1, *sizes]))


def complete(
    api: ir.Api,
    op: ir.Operation,
    rng: random.Random,
    valid: Callable[[RequestData], bool],
    round_: int = 0,
) -> RequestData | None:
    """A valid request of ``op`` with its required parameters and a body with every optional
    property present, those with few values at their ``round_``-th; None when a few draws
    give none."""
    values = Values(api, direction="request", max_depth=_DEPTH, optional=1.0)
    for _ in range(_TRIES):
        out: RequestData = {place: {} for place in PLACES.values()}
        try:
            for param in op.params:
                if param.required:
                    out[PLACES[param.location]][param.wire] = values.value(
                        sendable(api, param), rng
                    )
            if op.body is not None:
                out["body"] = values.value(op.body.type, rng)
        except GenerationError:
            continue
        if isinstance(out.get("body"), dict):
            for field in _optional(api, op):
                choices = _choices(api, field.type)
                if choices:
                    out["body"][field.wire] = choices[round_ % len(choices)]
                elif out["body"].get(field.wire) is None:  # a null often means "no change"
                    try:
                        out["body"][field.wire] = values.value(ir.without_null(field.type), rng)
                    except GenerationError:
                        pass
        if valid(out):
            return out
    return None
