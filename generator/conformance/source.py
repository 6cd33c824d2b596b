"""What the runner asks of a case source, and the one rule both sources follow for parameters.

A source gives, per operation, Hypothesis strategies of valid requests, deterministic valid
requests with what each covers, and near-miss bodies. Two implement it: the generated test
package (:mod:`generator.conformance.cases`, the default) and the IR itself
(:mod:`generator.conformance.builtin`, ``--cases builtin``).
"""

from __future__ import annotations

import dataclasses
from functools import cached_property
from typing import Any

from hypothesis import strategies as st

from generator import ir
from generator.exchange import GenerationError, RandomLike, SchemaValidator, Values
from generator.facts.styles import read_as_none, written
from generator.facts.typefacts import checked_params, holding_lossy, lossy, param_pointer
from generator.render.pointers import resolving

__all__ = ["MEDIA", "PLACES", "CaseSource", "RequestData", "sendable"]

RequestData = dict[str, Any]  # {"path", "query", "headers", "cookies", "body"?}: wire names
# the key of RequestData that holds the parameters of each location
PLACES = {"path": "path", "query": "query", "header": "headers", "cookie": "cookies"}
# the key of RequestData naming another of the operation's media types the body goes as (one
# of ``Operation.other_bodies``; none: the preferred one)
MEDIA = "media"
_ALIAS_DEPTH = 3
# draws of a parameter's value the spec's validator checks before it is given up
_TRIES = 24


class CaseSource:
    """Valid request strategies, coverage requests and body mutations for each operation."""

    name = "none"

    def __init__(self, api: ir.Api):
        self.api = api

    @cached_property
    def _checked(self) -> frozenset[str]:
        """The parameter schemas whose values a draw from the IR may not make valid
        (:func:`generator.facts.typefacts.checked_params`)."""
        in_spec = resolving(self.api.schema_document)
        found = lossy(self.api, lambda p: p not in self.api.merged and in_spec(p))
        return frozenset(checked_params(self.api, found, holding_lossy(self.api, found)))

    @cached_property
    def _validator(self) -> SchemaValidator:
        return SchemaValidator(self.api)

    def param_value(self, param: ir.Param, values: Values, rng: RandomLike) -> Any:
        """A valid value of ``param`` that is sent as something (:func:`sendable`), drawn
        by ``values``: where the IR does not say all its schema does (a ``oneOf`` whose
        members share values), one the spec's validator accepts, drawn up to ``_TRIES``
        times; :class:`GenerationError` where none was, as where no value can be built."""
        t = sendable(self.api, param)
        pointer = param_pointer(self.api, param)
        if pointer not in self._checked:
            return values.value(t, rng)
        for _ in range(_TRIES):
            value = values.value(t, rng)
            if self._validator.is_valid(pointer, value):
                return value
        raise GenerationError(
            f"no value of the {param.location} parameter {param.wire!r} drawn in {_TRIES} "
            f"tries was valid under its schema ({pointer})"
        )

    def requests(self, op: ir.Operation) -> st.SearchStrategy[RequestData]:
        """Valid requests, drawn by Hypothesis (so failures shrink)."""
        raise NotImplementedError

    def coverage(self, op: ir.Operation) -> list[tuple[str, RequestData]]:
        """Deterministic valid requests with what each one covers."""
        return []

    def mutations(self, op: ir.Operation, body: Any) -> list[tuple[str, Any]]:
        """Bodies one change away from the valid ``body``, with descriptions."""
        return []

    def close(self) -> None:
        """Release what loading took (imported modules, temporary files)."""


def sendable(api: ir.Api, param: ir.Param) -> ir.TypeRef:
    """The type a valid value of ``param`` is drawn from: one that is sent as something.

    Its style writes it (a deepObject writes objects only:
    :func:`generator.facts.styles.written`). An empty list or object is sent as no value at
    all (no path segment, no query pair, no header), so the value of a path parameter or a
    required one has an item at least; an empty path segment cannot be sent either, so a path
    string has a character at least. So has the value of a parameter a server may read as no
    value when it is the empty text (:func:`generator.facts.styles.read_as_none`).
    """
    t = written(api, param.type, param.style)
    blank = read_as_none(param)  # sent as the empty text, it may be read as no value
    if param.location != "path" and not param.required and not blank:
        return t
    return _non_empty(api, t, text=param.location == "path" or blank)


def _non_empty(api: ir.Api, t: ir.TypeRef, *, text: bool, depth: int = 0) -> ir.TypeRef:
    if isinstance(t, ir.AliasRef) and depth < _ALIAS_DEPTH:
        return _non_empty(api, api.alias(t.name).type, text=text, depth=depth + 1)
    if isinstance(t, ir.StringT) and text:
        return dataclasses.replace(t, min_length=max(1, t.min_length or 0))
    if isinstance(t, ir.ArrayT):
        return dataclasses.replace(t, min_items=max(1, t.min_items or 0))
    if isinstance(t, ir.MapT):
        return dataclasses.replace(t, min_properties=max(1, t.min_properties or 0))
    if isinstance(t, ir.UnionT):
        members = tuple(_non_empty(api, m, text=text, depth=depth + 1) for m in t.members)
        return dataclasses.replace(t, members=members)
    return t
