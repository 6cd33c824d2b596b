"""Specs whose component schemas form one long chain of `$ref`s (S0 -> S1 -> ... -> Sn-1)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

SHAPES = ("property", "items", "mixed", "alias", "ref", "anyOf", "allOf")


def link(shape: str, i: int, n: int) -> dict[str, Any]:
    """The schema of ``S<i>``: it refers to ``S<i+1>`` in the way ``shape`` says."""
    if i == n - 1:
        return {"type": "object", "properties": {"name": {"type": "string"}}}
    after: dict[str, Any] = {"$ref": f"#/components/schemas/S{i + 1}"}
    if shape == "mixed":  # a property, then an array property, in turn
        shape = "property" if i % 2 else "items"
    if shape == "property":
        return {"type": "object", "properties": {"next": after}}
    if shape == "items":
        return {"type": "object", "properties": {"all": {"type": "array", "items": after}}}
    if shape == "alias":  # a named array of the next schema
        return {"type": "array", "items": after}
    if shape == "ref":  # the next schema under another name: no part of the value is read
        return after
    if shape == "allOf":  # the next schema, as the one member of a composition
        return {"allOf": [after]}
    assert shape == "anyOf"  # the next schema or a number, for the same value
    return {"anyOf": [after, {"type": "integer"}]}


def chain_document(
    n: int,
    shape: str = "mixed",
    openapi: str = "3.0.3",
    *,
    back: Iterable[tuple[int, int]] = (),
    shared: Iterable[int] = (),
    aliased: Iterable[int] = (),
) -> dict[str, Any]:
    """A valid spec: one operation answering ``S0``, and the ``n`` schemas of the chain.

    ``back``: pairs ``(i, j)``, a property ``back<j>`` of ``S<i>`` holding ``S<j>`` (``j <= i``
    closes a cycle); ``shared``: for each ``i``, a schema ``Share<i>`` whose property holds
    ``S<i>`` (a link referred to from two places); ``aliased``: for each ``i``, ``S<i-1>``
    holds ``S<i>`` through an alias ``A<i>`` (``S<i>`` or an integer) that ``ShareA<i>``
    refers to as well. All for the ``property`` shape.
    """
    ok = {"description": "ok", "content": {"application/json": {"schema": link(shape, -1, n)}}}
    ok["content"]["application/json"]["schema"] = {"$ref": "#/components/schemas/S0"}
    schemas = {f"S{i}": link(shape, i, n) for i in range(n)}
    for i, j in back:
        schemas[f"S{i}"]["properties"][f"back{j}"] = {"$ref": f"#/components/schemas/S{j}"}
    for i in shared:
        holds = {"s": {"$ref": f"#/components/schemas/S{i}"}}
        schemas[f"Share{i}"] = {"type": "object", "properties": holds}
    for i in aliased:
        schemas[f"A{i}"] = {"anyOf": [{"$ref": f"#/components/schemas/S{i}"}, {"type": "integer"}]}
        schemas[f"S{i - 1}"]["properties"]["next"] = {"$ref": f"#/components/schemas/A{i}"}
        holds = {"a": {"$ref": f"#/components/schemas/A{i}"}}
        schemas[f"ShareA{i}"] = {"type": "object", "properties": holds}
    return {
        "openapi": openapi,
        "info": {"title": "Chain", "version": "1"},
        "paths": {"/s": {"get": {"operationId": "getS", "responses": {"200": ok}}}},
        "components": {"schemas": schemas},
    }


def write_chain(
    folder: Path,
    n: int,
    shape: str = "mixed",
    *,
    back: Iterable[tuple[int, int]] = (),
    shared: Iterable[int] = (),
    aliased: Iterable[int] = (),
) -> Path:
    """``chain_document`` written to ``folder/chain.json``."""
    path = folder / "chain.json"
    doc = chain_document(n, shape, back=back, shared=shared, aliased=aliased)
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path
