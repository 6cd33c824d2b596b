"""Cases from the IR alone: ``apiforge conformance --cases builtin``, asked for by name only.

Random requests are :class:`~generator.exchange.Values` draws driven by Hypothesis's
``randoms()``, so failures still shrink. Coverage starts from the smallest valid body (its
required fields only) and sets one field at a time, through nested models, to each of its
alternatives: every union member, enum and literal value, an empty and a one-item array,
numeric and length bounds. Mutations remove one required field or give one present field a
value of the wrong JSON type; the runner sends only those the spec's validator refuses.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import random
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

from generator import ir
from generator.conformance.source import PLACES, CaseSource, RequestData
from generator.exchange import GenerationError, Values

__all__ = ["BuiltinSource"]

_DEPTH = 3
_WRONG: tuple[tuple[str, Any], ...] = (
    ("integer", 12345),
    ("string", "x"),
    ("boolean", True),
    ("array", []),
    # what lax parsers coerce: JSON Schema keeps booleans, strings and fractions out of integers
    ("numeric string", "5"),
    ("number", 5.5),
    ("null", None),
)
_MAX_CASES = 400


class BuiltinSource(CaseSource):
    """Cases drawn from the IR by :class:`Values`."""

    name = "built-in case generator (--cases builtin)"

    def __init__(self, api: ir.Api):
        super().__init__(api)
        self.values = Values(api, direction="request", max_depth=4)
        self.minimal = Values(api, direction="request", max_depth=0, optional=0.0)

    def _draw(self, op: ir.Operation, rng: Any, values: Values) -> RequestData:
        out: RequestData = {"path": {}, "query": {}, "headers": {}, "cookies": {}}
        for param in op.params:
            if param.required or (values.optional and rng.random() >= 0.5):
                out[PLACES[param.location]][param.wire] = self.param_value(param, values, rng)
        if op.body is not None and (op.body.required or (values.optional and rng.random() >= 0.5)):
            out["body"] = values.value(op.body.type, rng)
        return out

    def requests(self, op: ir.Operation) -> st.SearchStrategy[RequestData]:
        def draw(rng: Any) -> RequestData:
            try:
                return self._draw(op, rng, self.values)
            except GenerationError:
                return {}

        return st.randoms(use_true_random=False).map(draw).filter(bool)

    def coverage(self, op: ir.Operation) -> list[tuple[str, RequestData]]:
        rng = random.Random(f"coverage:{op.operation_id}")
        try:
            base = self._draw(op, rng, self.minimal)
        except GenerationError:
            return []
        out = [("the smallest valid request", base)]
        if op.body is None or "body" not in base:
            return out
        for path, alternative in self._alternatives(op.body.type, base["body"], (), rng, 0):
            body = _replace(base["body"], path, alternative)
            where = "/" + "/".join(str(p) for p in path)
            out.append((f"{_show(alternative)} at {where}", {**base, "body": body}))
            if len(out) >= _MAX_CASES:
                break
        return out

    def _alternatives(
        self, t: ir.TypeRef, value: Any, path: tuple[Any, ...], rng: random.Random, depth: int
    ) -> Iterator[tuple[tuple[Any, ...], Any]]:
        model = _model(self.api, t)
        if model is None or not isinstance(value, dict) or depth > _DEPTH:
            return
        for field in model.fields:
            if field.read_only:
                continue
            for option in _options(self.api, field.type):
                try:
                    yield (*path, field.wire), self.minimal.value(option, rng)
                except GenerationError:
                    continue
            nested = _model(self.api, field.type)
            if nested is not None:
                child = value.get(field.wire)
                if not isinstance(child, dict):
                    try:
                        child = self.minimal.value(ir.ModelRef(nested.name), rng)
                    except GenerationError:
                        continue
                for sub_path, sub in self._alternatives(field.type, child, (), rng, depth + 1):
                    yield (*path, field.wire), _replace(child, sub_path, sub)

    def mutations(self, op: ir.Operation, body: Any) -> list[tuple[str, Any]]:
        if op.body is None:
            return []
        return list(_mutate(self.api, op.body.type, body, ()))


def _model(api: ir.Api, t: ir.TypeRef) -> ir.Model | None:
    target = ir.without_null(t)
    if isinstance(target, ir.AliasRef):
        target = ir.without_null(api.alias(target.name).type)
    return api.model(target.name) if isinstance(target, ir.ModelRef) else None


def _options(api: ir.Api, t: ir.TypeRef, depth: int = 0) -> Iterator[ir.TypeRef]:
    """Each alternative of ``t`` as a narrower type: members, values, sizes and bounds."""
    if depth > _DEPTH:
        return
    if isinstance(t, ir.UnionT):
        for member in t.members:
            yield from _options(api, member, depth + 1)
    elif isinstance(t, ir.AliasRef):
        yield from _options(api, api.alias(t.name).type, depth + 1)
    elif isinstance(t, ir.EnumRef):
        yield from (ir.LiteralT((m.value,)) for m in api.enum(t.name).members)
    elif isinstance(t, ir.LiteralT):
        yield from (ir.LiteralT((v,)) for v in t.values)
    elif isinstance(t, ir.ArrayT):
        yield ir.ArrayT(t.items, t.min_items, t.min_items or 0, t.unique_items)
        yield ir.ArrayT(t.items, max(t.min_items or 0, 1), max(t.min_items or 0, 1), t.unique_items)
    elif isinstance(t, ir.IntT | ir.NumberT | ir.StringT):
        yield from _bounds(t)
    elif isinstance(t, ir.BoolT):
        yield from (ir.LiteralT((False,)), ir.LiteralT((True,)))
    else:
        yield t


# strings at a bound are built only up to this many characters (as the generated cases'
# runtime builds them, `_cases._MAX_STRING`, tested equal), unless they can be no shorter
MAX_STRING = 1024 * 1024


def _bounds(t: ir.IntT | ir.NumberT | ir.StringT) -> Iterator[ir.TypeRef]:
    if isinstance(t, ir.StringT):
        low = t.min_length or 0
        sizes = sorted(
            {n for n in (t.min_length, t.max_length) if n is not None and n <= max(low, MAX_STRING)}
        )
        if t.pattern is not None or not sizes:
            yield t
            return
        yield from (dataclasses.replace(t, min_length=n, max_length=n) for n in sizes)
        return
    b = t.bounds
    edges = [b.ge, b.le]
    if isinstance(t, ir.IntT):
        edges.append(None if b.gt is None else math.floor(b.gt) + 1)
        edges.append(None if b.lt is None else math.ceil(b.lt) - 1)
    found = [e for e in edges if e is not None]
    yield from (ir.LiteralT((e,)) for e in found) if found else (t,)


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    out = copy.copy(value)
    out[path[0]] = _replace(value[path[0]], path[1:], new) if path[0] in value else new
    return out


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _mutate(
    api: ir.Api, t: ir.TypeRef, value: Any, path: tuple[Any, ...]
) -> Iterator[tuple[str, Any]]:
    where = "/" + "/".join(str(p) for p in path)
    model = _model(api, t)
    if model is not None and isinstance(value, dict) and len(path) <= _DEPTH:
        for field in model.fields:
            if field.required and field.wire in value:
                rest = {k: v for k, v in value.items() if k != field.wire}
                yield f"missing required {field.wire!r} at {where}", rest
            if field.wire not in value:
                continue
            for kind, wrong in _WRONG:
                yield (
                    f"wrong type ({kind}) for {field.wire!r} at {where}",
                    {**value, field.wire: wrong},
                )
            for description, inner in _mutate(
                api, field.type, value[field.wire], (*path, field.wire)
            ):
                yield description, {**value, field.wire: inner}
    target = ir.without_null(t)
    if isinstance(target, ir.ArrayT) and isinstance(value, list) and value:
        for description, inner in _mutate(api, target.items, value[0], (*path, 0)):
            yield description, [inner, *value[1:]]
