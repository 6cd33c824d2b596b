"""What the runner asks of a case source, and the one rule both sources follow for parameters.

A source gives, per operation, Hypothesis strategies of valid requests, deterministic valid
requests with what each covers, and near-miss bodies. Two implement it: the generated test
package (:mod:`generator.conformance.cases`, the default) and the IR itself
(:mod:`generator.conformance.builtin`, ``--cases builtin``).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import strategies as st

from generator import ir
from generator.facts.styles import written

__all__ = ["PLACES", "CaseSource", "RequestData", "sendable"]

RequestData = dict[str, Any]  # {"path", "query", "headers", "cookies", "body"?}: wire names
# the key of RequestData that holds the parameters of each location
PLACES = {"path": "path", "query": "query", "header": "headers", "cookie": "cookies"}
_ALIAS_DEPTH = 3


class CaseSource:
    """Valid request strategies, coverage requests and body mutations for each operation."""

    name = "none"

    def __init__(self, api: ir.Api):
        self.api = api

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
    string has a character at least.
    """
    t = written(api, param.type, param.style)
    if param.location != "path" and not param.required:
        return t
    return _non_empty(api, t, path=param.location == "path")


def _non_empty(api: ir.Api, t: ir.TypeRef, *, path: bool, depth: int = 0) -> ir.TypeRef:
    if isinstance(t, ir.AliasRef) and depth < _ALIAS_DEPTH:
        return _non_empty(api, api.alias(t.name).type, path=path, depth=depth + 1)
    if isinstance(t, ir.StringT) and path:
        return dataclasses.replace(t, min_length=max(1, t.min_length or 0))
    if isinstance(t, ir.ArrayT):
        return dataclasses.replace(t, min_items=max(1, t.min_items or 0))
    if isinstance(t, ir.MapT):
        return dataclasses.replace(t, min_properties=max(1, t.min_properties or 0))
    if isinstance(t, ir.UnionT):
        members = tuple(_non_empty(api, m, path=path, depth=depth + 1) for m in t.members)
        return dataclasses.replace(t, members=members)
    return t
