"""``$ref`` loops that read no part of the value, cut the same way for models and validators.

A ``$ref`` reached from a schema through ``allOf``, ``anyOf``, ``oneOf``, ``not`` and other
``$ref``s alone applies to the same value as that schema. A loop of such references
(``Factor: {oneOf: [SmsFactor]}`` beside ``SmsFactor: {allOf: [Factor, ...]}``) is valid
OpenAPI, yet following it never reads anything of the value: JSON Schema leaves its outcome
undefined, validators go round until they fail, and a builder merging ``allOf`` members
inline would too. Cycles through ``properties`` or ``items`` are recursion over the value
and are kept.

Each loop is cut at one ``$ref``, which is read as adding nothing to the schema it leads
back to:

- an ``allOf`` member (or a schema that is a ``$ref``) is left out: the schema it leads back
  to applies to the value already, so it adds no constraint. A loop is cut there when it has
  one, the last on the way round: the subtypes of a ``oneOf`` that each take their parent as
  an ``allOf`` member keep their own properties and the parent keeps its ``oneOf``, whichever
  of them is met first. (Reading it as a schema of no value would leave the parent and every
  subtype with no valid value at all.)
- otherwise, the ``$ref`` that closes it (an alternative of ``anyOf``/``oneOf``, or inside
  ``not``) becomes a schema of no value: it adds no value of its own, the least set that
  satisfies it.

The loops are found on the document alone, before any schema is built, in document order:
the models are built from the document so cut, and validators read that same document, so
they agree wherever a schema is first met. OpenAPI 3.0 reads an ``allOf`` beside a
``discriminator`` as alternatives, as its validator does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from generator import ir
from generator.errors import ApiforgeError
from generator.openapi import (
    Parts,
    iter_refs,
    local_pointer,
    lookup,
    mapping_ref,
    pointer_of,
    pointer_parts,
    resolve,
    walk_refs,
)
from generator.parse.discriminators import tags_all_of
from generator.records import record

__all__ = ["Loop", "for_validators", "in_place_loops", "without_loops"]

_SHOWN_HOPS = 8  # a longer loop is shown with its middle left out


@record(slots=True)
class Loop:
    """A ``$ref`` cut where it closes a loop that reads no part of the value."""

    pointer: str  # where the `$ref` object is
    hops: tuple[str, ...]  # the schemas round the loop, from the one holding it back to that one
    conjunct: bool  # an `allOf` member, left out; else a schema of no value

    @property
    def skip(self) -> ir.Skip:
        """The warning: the loop, and how the ``$ref`` is read."""
        shown = [f"#{h}" for h in self.hops]
        if len(shown) > _SHOWN_HOPS:
            shown[_SHOWN_HOPS // 2 : -_SHOWN_HOPS // 2] = ["..."]
        loop = " -> ".join(shown)
        where = f"a `$ref` back to its own schema, reading no part of the value ({loop})"
        if self.conjunct:
            reason = f"{where}: the schema applies already, so it adds no constraint"
        else:
            reason = f"{where}: it adds no value"
        return ir.Skip(self.pointer, reason)


Edge = tuple[str, str, bool]  # the `$ref` object's pointer, the pointer it leads to, conjunct


def in_place_loops(doc: Mapping[str, Any]) -> tuple[Loop, ...]:
    """The ``$ref``s that cut every loop of ``doc`` that reads no part of the value, each
    chosen as the module says."""
    graph = _Graph(doc)
    cut: dict[str, Loop] = {}
    # a pass that cut only the edges closing loops leaves none: one that cut an earlier
    # edge of a loop may have left another way round it, found by the next pass
    while _cut_pass(graph, cut):
        pass
    return tuple(sorted(cut.values(), key=lambda loop: loop.pointer))


def without_loops(doc: Mapping[str, Any], loops: Iterable[Loop]) -> Mapping[str, Any]:
    """``doc`` with each loop's ``$ref`` cut (copied along their paths only): an ``allOf``
    member's ``$ref`` dropped (the keywords beside it stay), any other's object replaced by
    a schema of no value."""
    # the deepest first: a `$ref` object replaced may hold another
    cuts = sorted(((loop.pointer, loop.conjunct) for loop in loops), key=_depth, reverse=True)
    if not cuts:
        return doc
    out: dict[str, Any] = dict(doc)
    for pointer, conjunct in cuts:
        node, key = _copied_to(out, pointer)
        node[key] = {k: v for k, v in node[key].items() if k != "$ref"} if conjunct else {"not": {}}
    return out


def _depth(cut: tuple[str, bool]) -> int:
    return cut[0].count("/")


def _copied_to(doc: dict[str, Any], pointer: str) -> tuple[Any, Any]:
    """The container of the value at ``pointer`` in ``doc`` and its key, every container on
    the way copied (``doc`` itself is a copy already)."""
    *path, last = pointer_parts(pointer)
    node: Any = doc
    for token in path:
        key: Any = int(token) if isinstance(node, list) else token
        child = node[key]
        node[key] = node = list(child) if isinstance(child, list) else dict(child)
    return node, int(last) if isinstance(node, list) else last


class _Graph:
    """The ``$ref``s each schema reaches in place, read from the document on demand."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        self.openapi30 = str(doc.get("openapi", "")).startswith("3.0")
        self._edges: dict[str, list[Edge]] = {}

    def roots(self) -> Iterator[str]:
        """Every pointer a local ``$ref`` leads to, in document order."""
        for _, holder in iter_refs(self.doc):
            target = _target(holder["$ref"])
            if target is not None:
                yield target

    def edges(self, pointer: str) -> list[Edge]:
        if pointer not in self._edges:
            try:
                schema = lookup(self.doc, pointer)
            except (KeyError, IndexError, ValueError, TypeError):
                schema = None
            found = _in_place_refs(schema, pointer_parts(pointer), self.openapi30, True)
            self._edges[pointer] = [
                (pointer_of(at), target, conjunct)
                for at, ref, conjunct in found
                if (target := _target(ref)) is not None
            ]
        return self._edges[pointer]


def _target(ref: str) -> str | None:
    try:
        return local_pointer(ref)
    except ValueError:
        return None


def _cut_pass(graph: _Graph, cut: dict[str, Loop]) -> bool:
    """One depth-first walk of the graph without the edges ``cut``, cutting each loop it
    closes; True when it cut an edge other than the one closing a loop."""
    done: set[str] = set()
    again = False
    for root in graph.roots():
        if root in done:
            continue
        # a stack of its own: chains of refs are as long as the spec makes them
        nodes = [root]
        entered: list[Edge] = []  # entered[i]: the edge from nodes[i] to nodes[i + 1]
        at = {root: 0}
        pending = [iter(graph.edges(root))]
        while pending:
            for edge in pending[-1]:
                holder, target, _ = edge
                if holder in cut or target in done:
                    continue
                if target in at:
                    loop = _closing(nodes[at[target] :], [*entered[at[target] :], edge], cut)
                    if loop is not None:
                        cut[loop.pointer] = loop
                        again = again or loop.pointer != holder
                    continue
                at[target] = len(nodes)
                nodes.append(target)
                entered.append(edge)
                pending.append(iter(graph.edges(target)))
                break
            else:
                finished = nodes.pop()
                del at[finished]
                done.add(finished)
                pending.pop()
                if entered:
                    entered.pop()
    return again


def _closing(nodes: list[str], way: list[Edge], cut: Mapping[str, Loop]) -> Loop | None:
    """The cut of the loop ``way`` round ``nodes`` (``way[i]`` leads from ``nodes[i]`` to
    the next): its last ``allOf`` edge, else the edge closing it; None where an edge of it
    was cut already in this pass."""
    if any(holder in cut for holder, _, _ in way):
        return None
    index = max((i for i, (_, _, conjunct) in enumerate(way) if conjunct), default=len(way) - 1)
    hops = (*nodes[index:], *nodes[:index], nodes[index])
    return Loop(way[index][0], hops, way[index][2])


def _in_place_refs(
    schema: Any, at: Parts, openapi30: bool, conjunct: bool
) -> Iterator[tuple[Parts, str, bool]]:
    """(path, ref, whether only ``allOf`` leads to it) of the local ``$ref``s met from
    ``schema`` without entering the value."""
    if type(schema) is not dict:
        return
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#"):
        yield at, ref, conjunct
    # 3.0's validator reads an `allOf` beside a `discriminator` as alternatives
    alternatives = openapi30 and tags_all_of(schema)
    for keyword in ("allOf", "anyOf", "oneOf"):
        members = schema.get(keyword)
        alone = conjunct and keyword == "allOf" and not alternatives
        for index, member in enumerate(members if type(members) is list else ()):
            yield from _in_place_refs(member, (*at, keyword, index), openapi30, alone)
    yield from _in_place_refs(schema.get("not"), (*at, "not"), openapi30, False)


# ---------------------------------------------------------------------------- validators


def for_validators(
    doc: Mapping[str, Any],
    discriminated: Iterable[str] = (),
    schemaless: Iterable[str] = (),
    objects_only: Iterable[str] = (),
    unreadable: Iterable[str] = (),
    *,
    dialected: Iterable[str] = (),
) -> Mapping[str, Any]:
    """``doc`` (its loops cut, :func:`without_loops`) as validators read it: the
    discriminators of the schemas at ``discriminated`` that map a value to a schema's name
    map it to its reference (a validator reads each value as a reference); the media types
    of request bodies at ``schemaless``, which give no schema, hold that of any value (``{}``)
    so that the body's pointer names one; those at ``objects_only``, form and multipart
    bodies, admit objects only, as their encodings (and the models) do; and a schema at
    ``unreadable`` that is no schema (``null``, a number: the spec is invalid) is that of any
    value, as the models read it. A schema at ``dialected`` whose ``$schema`` names the
    document's own dialect is read without it: a validator meeting one switches to its stock
    class for that dialect, and would no longer read the spec as apiforge does (``multipleOf``
    of the numbers as written, ECMA-262 patterns, a request without its required ``readOnly``
    properties)."""
    placed = {
        **_own_dialect(doc, dialected),
        **_mappings_by_ref(doc, discriminated),
        **_media_schemas(doc, schemaless, frozenset(objects_only)),
        **{pointer: {} for pointer in unreadable if _no_schema(doc, pointer)},
    }
    if not placed:
        return doc
    out: dict[str, Any] = dict(doc)
    # a schema before what is placed inside it (a discriminator's mapping)
    for pointer, value in sorted(placed.items(), key=lambda item: item[0].count("/")):
        node, key = _copied_to(out, pointer)
        node[key] = value
    return out


# JSON Schema 2020-12 and OpenAPI 3.1's dialect built on it: what a 3.1 schema is read as
_OWN_DIALECTS = frozenset(
    {
        "https://json-schema.org/draft/2020-12/schema",
        "https://spec.openapis.org/oas/3.1/dialect/base",
        "https://spec.openapis.org/oas/3.1/dialect/2024-11-10",
    }
)


def _own_dialect(doc: Mapping[str, Any], dialected: Iterable[str]) -> dict[str, Any]:
    """Each schema at ``dialected`` whose ``$schema`` names the document's own dialect, without
    that keyword."""
    found: dict[str, Any] = {}
    for pointer in dict.fromkeys(dialected):
        try:
            node = lookup(doc, pointer)
        except KeyError:
            continue
        named = node.get("$schema") if isinstance(node, Mapping) else None
        if isinstance(named, str) and named.rstrip("#") in _OWN_DIALECTS:
            found[pointer] = {k: v for k, v in node.items() if k != "$schema"}
    return found


def _no_schema(doc: Mapping[str, Any], pointer: str) -> bool:
    """Whether the document holds, at ``pointer`` itself, a value that is no schema."""
    try:
        value = lookup(doc, pointer)
    except KeyError:  # a pointer into a merge of `allOf` members, say: no place of its own
        return False
    return not isinstance(value, Mapping | bool)


_OBJECT = {"type": "object"}


def _media_schemas(
    doc: Mapping[str, Any], schemaless: Iterable[str], objects_only: frozenset[str]
) -> dict[str, Any]:
    """The schema of each media type at ``schemaless`` or ``objects_only`` as validators read
    it, by the pointer it is at once the ``$ref``s on the way are followed (a body of
    ``components``): ``{}`` where it has none. For ``objects_only``, objects only: ``type:
    object`` where the schema names no type or a list of types with ``object`` in it (a lone
    ``$ref``, whose siblings 3.0 ignores, wrapped in an ``allOf``); a schema whose ``type``
    admits no object is left as it is (the body has no value then)."""
    found: dict[str, Any] = {}
    for pointer in dict.fromkeys([*schemaless, *objects_only]):
        there, node, where = walk_refs(doc, pointer_parts(pointer))
        if not there or not isinstance(node, Mapping):
            continue
        schema = node.get("schema", {})
        if pointer in objects_only:
            schema = _objects_of(schema)
        if "schema" not in node or schema is not node["schema"]:
            found[pointer_of(where) + "/schema"] = schema
    return found


def _objects_of(schema: Any) -> Any:
    """``schema`` admitting objects only (see :func:`_media_schemas`)."""
    if schema is True:  # 3.1's schema of any value
        return _OBJECT
    if not isinstance(schema, Mapping):
        return schema
    kind = schema.get("type")
    if "$ref" in schema:
        return {"allOf": [schema, _OBJECT]} if kind is None else schema
    if kind is None or (isinstance(kind, list) and "object" in kind and kind != ["object"]):
        return {**schema, **_OBJECT}
    return schema


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
