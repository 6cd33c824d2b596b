"""``schema.json``: the parts of the spec the generated validator needs, at their own pointers:
each schema asked for, and what its ``$ref``s and its discriminators' ``mapping`` values (which
OpenAPI 3.0's validator resolves as references) lead to.

Its patterns are the spec's ECMA-262 patterns written as equal Python patterns
(:mod:`generator.patterns.sites`), as ``jsonschema`` searches them with :mod:`re`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator import ir
from generator.openapi import mapping_ref, pointer_parts
from generator.patterns.sites import for_python
from generator.render.data import json_text
from generator.render.pointers import Nodes


def _refs(node: Any, walked: set[int]) -> list[str]:
    # the local references under ``node`` in document order (a discriminator's mapping values
    # after its object's `$ref`), skipping what was walked before: its references were found
    # then (a property's schema sits inside its model's); depth first with a stack of its
    # own, as deep as the spec nests
    found: list[str] = []
    stack: list[Iterator[Any]] = [iter((node,))]
    while stack:
        for value in stack[-1]:
            kind = type(value)  # the document's JSON data: dicts and lists, no other kinds
            if (kind is not dict and kind is not list) or id(value) in walked:
                continue
            walked.add(id(value))
            if kind is dict:
                ref = value.get("$ref")
                if type(ref) is str and ref.startswith("#"):
                    found.append(ref[1:])
                held = value.get("discriminator")
                if type(held) is dict and type(held.get("mapping")) is dict:
                    found.extend(_mapped(held["mapping"]))
                stack.append(iter(value.values()))
            else:
                stack.append(iter(value))
            break
        else:
            stack.pop()
    return found


def _mapped(mapping: dict[Any, Any]) -> list[str]:
    # the local pointers a discriminator's mapping values refer to (a name: its component's)
    refs = (mapping_ref(v) for v in mapping.values() if type(v) is str)
    return [ref[1:] for ref in refs if ref.startswith("#")]


def _place(out: dict[str, Any], nodes: Nodes, tokens: tuple[str, ...]) -> Any:
    # copy the node at ``tokens`` from ``doc`` into ``out``, at the same place; an array on
    # the way is copied whole (its indices must stay what the pointer says), and returned:
    # the validator reaches the node through its items' `$ref`s (a shared parameter's)
    target: Any = out
    for depth, token in enumerate(tokens):
        source = nodes.at(tokens[: depth + 1])
        if depth == len(tokens) - 1 or isinstance(source, list):
            target[token] = source
            return source if depth < len(tokens) - 1 else None
        target = target.setdefault(token, {})
        if not isinstance(target, dict):  # inside an array copied whole already
            return None
    return None


def spec_subset(api: ir.Api, pointers: list[str]) -> dict[str, Any]:
    """The parts of the spec that the schemas at ``pointers`` need, at their own pointers."""
    nodes = Nodes(api.schema_document)
    out: dict[str, Any] = {}
    todo = list(pointers)
    done: set[str] = set()
    walked: set[int] = set()
    while todo:
        pointer = todo.pop()
        if pointer in done:
            continue
        done.add(pointer)
        tokens = pointer_parts(pointer)
        try:
            node = nodes.at(tokens)
        except (KeyError, IndexError, ValueError, TypeError):
            continue  # a dangling ref: the validator reports it
        on_the_way = _place(out, nodes, tokens)
        if on_the_way is not None:
            todo.extend(_refs(on_the_way, walked))
        todo.extend(_refs(node, walked))
    return out


def spec_json(api: ir.Api, pointers: list[str]) -> str:
    """``schema.json``: JSON text, so no spec string ever becomes code (one schema a line)."""
    return json_text(for_python(spec_subset(api, pointers)), lines=3)
