"""``schema.json``: the parts of the spec the generated validator needs, at their own pointers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator import ir
from generator.render.data import json_text


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _step(doc: Any, node: Any, token: str) -> Any:
    # one token down, through a `$ref` on the way (`requestBody: {$ref: ...}`): the builder's
    # pointers name where a schema is used, which may be behind a reference
    for _ in range(32):
        if not (
            isinstance(node, Mapping) and token not in node and isinstance(node.get("$ref"), str)
        ):
            break
        node = _lookup(doc, node["$ref"].removeprefix("#"))
    return node[int(token)] if isinstance(node, list) else node[token]


def _lookup(doc: Any, pointer: str) -> Any:
    node = doc
    for token in _tokens(pointer):
        node = _step(doc, node, token)
    return node


def resolves(doc: Any, pointer: str) -> bool:
    """True when ``pointer`` names a node of ``doc`` (through ``$ref``s on the way)."""
    try:
        _lookup(doc, pointer)
    except (KeyError, IndexError, ValueError, TypeError, RecursionError):
        return False
    return True


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            yield ref[1:]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _place(out: dict[str, Any], doc: Any, tokens: list[str]) -> None:
    # copy the node at ``tokens`` from ``doc`` into ``out``, at the same place; an array on
    # the way is copied whole (its indices must stay what the pointer says)
    target: Any = out
    source: Any = doc
    for depth, token in enumerate(tokens):
        source = _step(doc, source, token)
        if depth == len(tokens) - 1 or isinstance(source, list):
            target[token] = source
            return
        target = target.setdefault(token, {})
        if not isinstance(target, dict):  # inside an array copied whole already
            return


def spec_subset(api: ir.Api, pointers: list[str]) -> dict[str, Any]:
    """The parts of the spec that the schemas at ``pointers`` need, at their own pointers."""
    doc = api.schema_document
    out: dict[str, Any] = {}
    todo = list(pointers)
    done: set[str] = set()
    while todo:
        pointer = todo.pop()
        if pointer in done:
            continue
        done.add(pointer)
        try:
            node = _lookup(doc, pointer)
        except (KeyError, IndexError, ValueError, TypeError):
            continue  # a dangling ref: the validator reports it
        _place(out, doc, _tokens(pointer))
        todo.extend(_refs(node))
    return out


def spec_json(api: ir.Api, pointers: list[str]) -> str:
    """``schema.json``: JSON text, so no spec string ever becomes code (one schema a line)."""
    return json_text(spec_subset(api, pointers), lines=3)
