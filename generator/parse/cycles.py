"""The spec's schemas for validators, with ``$ref`` cycles that never reach the instance cut.

A ``$ref`` the models found to loop back without reading the value (``R: {oneOf: [R, ...]}``)
adds no value there, and becomes a schema of no value, as the models read it.

Two schemas that ``allOf`` each other are valid OpenAPI, but a validator following them goes
round forever without looking at anything of the instance (JSON Schema leaves the outcome
undefined). Where a ``$ref`` reached through ``allOf``/``anyOf``/``oneOf``/``not`` and other
``$ref``s alone leads back to a schema on the way, that ``$ref`` is dropped: the schema it
closes already applies there, so for ``allOf`` nothing is lost. Cycles through ``properties``
or ``items`` are recursion over the instance and are kept. The document is copied only when
there is something to cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from generator.errors import ApiforgeError
from generator.openapi import copied, iter_refs, mapping_ref, pointer_parts, resolve

__all__ = ["for_validators"]

_IN_PLACE = ("allOf", "anyOf", "oneOf")
Parts = tuple[str | int, ...]


def for_validators(
    doc: Mapping[str, Any], loops: Iterable[str], discriminated: Iterable[str] = ()
) -> Mapping[str, Any]:
    """``doc`` as validators read it: each ``$ref`` at a pointer of ``loops`` (one that loops
    back to its schema without reading the value, which the models take as adding no value)
    becomes a schema of no value, the ``$ref``s closing an in-place cycle are dropped, and the
    discriminators of the schemas at ``discriminated`` that map a value to a schema's name map
    it to its reference (a validator reads each value as a reference)."""
    mapped = _mappings_by_ref(doc, discriminated)
    return without_idle_cycles(_no_value_at(doc, mapped, sorted(set(loops))))


def _mappings_by_ref(doc: Mapping[str, Any], discriminated: Iterable[str]) -> dict[str, Any]:
    """The ``mapping`` of each discriminator at ``discriminated`` (pointers of schemas; one the
    document lacks, a merged schema's, is passed over) that maps to a schema's name, by its
    pointer, every value a reference (:func:`~generator.openapi.mapping_ref`)."""
    found: dict[str, Any] = {}
    for pointer in dict.fromkeys(discriminated):
        try:
            node = resolve(doc, "#" + pointer)
        except ApiforgeError:
            continue
        held = node.get("discriminator") if isinstance(node, Mapping) else None
        mapping = held.get("mapping") if isinstance(held, Mapping) else None
        if not isinstance(mapping, Mapping):
            continue
        refs = {k: mapping_ref(v) if isinstance(v, str) else v for k, v in mapping.items()}
        if refs != mapping:
            found[f"{pointer}/discriminator/mapping"] = refs
    return found


def _no_value_at(
    doc: Mapping[str, Any], replaced: Mapping[str, Any], pointers: list[str]
) -> Mapping[str, Any]:
    """``doc`` with each pointer of ``replaced`` holding its value and ``{"not": {}}`` at each
    of ``pointers``, copied along their paths only."""
    if not pointers and not replaced:
        return doc
    out: dict[str, Any] = dict(doc)
    for pointer, value in [*replaced.items(), *((p, {"not": {}}) for p in pointers)]:
        *path, last = pointer_parts(pointer)
        node: Any = out
        for token in path:
            key: Any = int(token) if isinstance(node, list) else token
            child = node[key]
            node[key] = copied = list(child) if isinstance(child, list) else dict(child)
            node = copied
        node[int(last) if isinstance(node, list) else last] = value
    return out


def without_idle_cycles(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    """``doc``, or a copy of it without the ``$ref``s that close a cycle in place."""
    cuts = sorted(_closing_refs(doc), key=len, reverse=True)
    if not cuts:
        return doc
    out: dict[str, Any] = copied(dict(doc))
    for parts in cuts:
        node: Any = out
        for part in parts:
            node = node[part]
        node.pop("$ref", None)
    return out


def _closing_refs(doc: Mapping[str, Any]) -> set[Parts]:
    """The path of every ``$ref`` object that closes an in-place cycle."""
    state: dict[str, bool] = {}  # False: on the way (gray); True: done (black)
    cuts: set[Parts] = set()

    def refs_of(target: str) -> Iterator[tuple[Parts, str]]:
        try:
            schema = resolve(doc, "#" + target)
        except ApiforgeError:
            schema = None
        return _in_place_refs(schema, pointer_parts(target))

    for _, holder in iter_refs(doc):
        ref = holder["$ref"]
        if not ref.startswith("#") or ref[1:] in state:
            continue
        # depth first with a stack of its own: chains of refs are as long as the spec makes them
        state[ref[1:]] = False
        stack = [(ref[1:], refs_of(ref[1:]))]
        while stack:
            target, pending = stack[-1]
            for parts, inner in pending:
                nested = inner[1:]
                if state.get(nested) is False:
                    cuts.add(parts)
                elif nested not in state:
                    state[nested] = False
                    stack.append((nested, refs_of(nested)))
                    break
            else:
                state[target] = True
                stack.pop()
    return cuts


def _in_place_refs(schema: Any, at: Parts) -> Iterator[tuple[Parts, str]]:
    """(path, ref) of the local ``$ref``s met from ``schema`` without entering the instance."""
    if type(schema) is not dict:
        return
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#"):
        yield at, ref
    for keyword in _IN_PLACE:
        members = schema.get(keyword)
        for index, member in enumerate(members if type(members) is list else ()):
            yield from _in_place_refs(member, (*at, keyword, index))
    yield from _in_place_refs(schema.get("not"), (*at, "not"))
