"""Schemas that all apply to one value, read as one: ``allOf`` as JSON Schema reads it.

Every member of an ``allOf`` holds, so a keyword two members set holds twice and the merge
is an intersection: a bound takes the stricter side, ``type`` and ``enum`` what both allow
(:mod:`generator.openapi.intersection`), ``multipleOf`` the least number both steps divide,
``uniqueItems`` holds where one member says so, ``required`` is the union. A property (or
``items``, an ``additionalProperties`` schema) two members declare is both declarations at
once, a :class:`Conjunction` of them, each read at its own place. ``pattern`` and ``format``
keep every member's (a tuple: each must match), and so does any other keyword two members
write differently (``not``, ``contains``...): it is compared as written, so no constraint is
dropped. Two groups of ``anyOf``/``oneOf`` are one of the pairs of their members. Each
keyword keeps the place of the member it came from, where a change to it is reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from typing import Any

from generator.diff.values import Bound, bound, canon, stricter
from generator.openapi.intersection import both_enums, both_types
from generator.openapi.numbers import common_multiple
from generator.records import record

UNIONS = ("anyOf", "oneOf")
# keywords that say nothing of the values a schema admits: the first member's stands
ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "example",
        "examples",
        "externalDocs",
        "deprecated",
        "readOnly",
        "writeOnly",
        "nullable",
        "default",
        "xml",
        "$comment",
        "$id",
        "$schema",
        "$anchor",
        "$dynamicAnchor",
        "$defs",
        "definitions",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
        "discriminator",
    }
)
_ANY_TRUE = frozenset({"uniqueItems", "readOnly", "writeOnly", "deprecated"})
_UPPER = frozenset({"maxLength", "maxItems", "maxProperties", "maxContains"})
_LOWER = frozenset({"minLength", "minItems", "minProperties", "minContains"})
_BOUNDS = {"maximum": True, "exclusiveMaximum": True, "minimum": False, "exclusiveMinimum": False}
_BOUND_KEYS = {True: ("maximum", "exclusiveMaximum"), False: ("minimum", "exclusiveMinimum")}
_SUBSCHEMA = frozenset({"items", "additionalProperties"})  # one schema for the same part
_OWN = frozenset({"allOf", "properties", "required", "type", "enum", "const", "multipleOf"})
_MAX_ALTERNATIVES = 64  # the most pairs two groups of anyOf/oneOf combine into


class Conjunction(dict[str, Any]):
    """``{"allOf": [...]}`` of declarations written apart (a property two members of an
    ``allOf`` declare), with the place each is written at: read as an ``allOf`` whose
    members are there, compared by what they say."""

    def __init__(self, nodes: Sequence[Any], pointers: Sequence[str]) -> None:
        super().__init__(allOf=list(nodes))
        self.pointers = tuple(pointers)

    @property
    def key(self) -> str:
        """What tells two conjunctions apart where they are remembered (their places)."""
        return " & ".join(self.pointers)


def conjunction(entries: Sequence[tuple[Any, str]]) -> tuple[Any, str]:
    """One (node, pointer) for declarations that all apply: the only one, or their
    :class:`Conjunction` at the place of the first (conjunctions met are flattened)."""
    nodes: list[Any] = []
    pointers: list[str] = []
    for node, pointer in entries:
        if isinstance(node, Conjunction):
            nodes += node["allOf"]
            pointers += node.pointers
        elif pointer not in pointers:
            nodes.append(node)
            pointers.append(pointer)
    if len(nodes) == 1:
        return nodes[0], pointers[0]
    return Conjunction(nodes, pointers), pointers[0]


@record
class Part:
    """One schema applying to the value: its keywords, properties and required names."""

    schema: Mapping[str, Any]
    pointer: str
    properties: Mapping[str, tuple[Any, str]] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    origins: Mapping[str, str] = field(default_factory=dict)  # a keyword's place, if not here

    def origin(self, keyword: str) -> str:
        """The place of the schema that wrote ``keyword``."""
        return self.origins.get(keyword, self.pointer)


@record
class Merged:
    """What several schemas say of one value together."""

    schema: Mapping[str, Any]
    origins: Mapping[str, str]
    properties: Mapping[str, tuple[Any, str]]
    required: frozenset[str]
    members: tuple[tuple[Any, str], ...] | None  # the anyOf/oneOf alternatives, with places
    empty: bool  # no value meets every schema (types or enums that share nothing)


def merge(parts: Sequence[Part]) -> Merged:
    """The schemas of ``parts`` read as one (see the module's words)."""
    groups = [g for part in parts for g in _groups(part)]
    members = _product(groups) if groups else None
    if len(parts) == 1:
        part = parts[0]
        schema = part.schema
        if members is not None:
            schema = {k: v for k, v in schema.items() if k not in UNIONS}
        return Merged(schema, part.origins, part.properties, part.required, members, False)
    merger = _Merger()
    for part in parts:
        merger.add(part)
    return merger.done(members)


def _groups(part: Part) -> Iterable[tuple[tuple[Any, str], ...]]:
    for key in UNIONS:
        value = part.schema.get(key)
        if isinstance(value, list):
            at = f"{part.origin(key)}/{key}"
            yield tuple((member, f"{at}/{index}") for index, member in enumerate(value))


def _product(groups: list[tuple[tuple[Any, str], ...]]) -> tuple[tuple[Any, str], ...]:
    """The alternatives of groups that all apply: one member of each, together."""
    found = groups[0]
    for group in groups[1:]:
        if len(found) * len(group) > _MAX_ALTERNATIVES:
            break  # beyond this, the first groups stand for the whole
        found = tuple(conjunction([one, other]) for one in found for other in group)
    return found


class _Merger:
    def __init__(self) -> None:
        self.out: dict[str, Any] = {}
        self.origins: dict[str, str] = {}
        self.declared: dict[str, list[tuple[Any, str]]] = {}
        self.required: set[str] = set()
        self.types: Any = None
        self.enum: list[Any] | None = None
        self.consts = True  # every enum met was a const
        self.bounds: dict[bool, tuple[Bound, str]] = {}
        self.values: dict[str, dict[str, tuple[Any, str]]] = {}  # keyword -> canon -> value
        self.subschemas: dict[str, list[tuple[Any, str]]] = {}

    def add(self, part: Part) -> None:
        for name, entry in part.properties.items():
            self.declared.setdefault(name, []).append(entry)
        self.required |= part.required
        for upper in (True, False):
            found = bound(part.schema, upper, integer=False)
            held = self.bounds.get(upper)
            if found is not None and (held is None or stricter(found, held[0], upper)):
                written = [k for k in _BOUND_KEYS[upper] if k in part.schema]
                self.bounds[upper] = (found, part.origin(written[-1]))
        for key, value in part.schema.items():
            if key not in UNIONS and key not in _BOUNDS:
                self._keyword(part, key, value)

    def _keyword(self, part: Part, key: str, value: Any) -> None:
        at = part.origin(key)
        if key in _OWN:
            self._own(key, value, at)
        elif key in _SUBSCHEMA:
            self._subschema(key, value, at)
        elif key in ANNOTATIONS or key.startswith("x-"):
            if key in _ANY_TRUE and value is True:
                self._set(key, True, at)
            elif key not in self.out:
                self._set(key, value, at)
        elif key in _ANY_TRUE:
            if value is True or key not in self.out:
                self._set(key, value, at)
        elif key in _UPPER | _LOWER and _numeric(value):
            held = self.out.get(key)
            if held is None or ((value < held) if key in _UPPER else (value > held)):
                self._set(key, value, at)
        else:
            self.values.setdefault(key, {}).setdefault(canon(value), (value, at))

    def _own(self, key: str, value: Any, at: str) -> None:
        if key == "type":
            self.types = value if self.types is None else both_types(self.types, value)
            self.origins.setdefault(key, at)
        elif key in ("enum", "const"):
            listed = [value] if key == "const" else value if isinstance(value, list) else None
            if listed is not None:
                self.consts = self.consts and key == "const"
                self.enum = listed if self.enum is None else both_enums(self.enum, listed)
                self.origins["enum"] = at
        elif key == "multipleOf" and _numeric(value) and value > 0:
            held = self.out.get(key)
            self._set(key, value if held is None else common_multiple(held, value), at)

    def _subschema(self, key: str, value: Any, at: str) -> None:
        if value is False:
            self._set(key, False, at)
        elif isinstance(value, Mapping) and self.out.get(key) is not False:
            self.subschemas.setdefault(key, []).append((value, f"{at}/{key}"))

    def _set(self, key: str, value: Any, at: str) -> None:
        self.out[key] = value
        self.origins[key] = at

    def done(self, members: tuple[tuple[Any, str], ...] | None) -> Merged:
        out, empty = self.out, False
        for key, entries in self.subschemas.items():
            if out.get(key) is not False:
                out[key] = conjunction(entries)[0]
        for key, values in self.values.items():
            # a pattern every string matches (the empty one) constrains nothing
            kept = {c: v for c, v in values.items() if not (key == "pattern" and v[0] == "")}
            if kept:
                ordered = [kept[c][0] for c in sorted(kept)]
                out[key] = ordered[0] if len(ordered) == 1 else tuple(ordered)
                self.origins[key] = list(kept.values())[-1][1]
        for upper, ((limit, exclusive), at) in self.bounds.items():
            key = _BOUND_KEYS[upper][exclusive]
            out[key] = limit
            self.origins[key] = at
        if self.types is not None:
            out["type"] = self.types
            empty = self.types == []
        if self.enum is not None:
            key = "const" if self.consts and len(self.enum) == 1 else "enum"
            out[key] = self.enum[0] if key == "const" else self.enum
            self.origins[key] = self.origins.pop("enum")
            empty = empty or not self.enum
        properties = {name: conjunction(entries) for name, entries in self.declared.items()}
        if properties:
            out["properties"] = {name: node for name, (node, _) in properties.items()}
        if self.required:
            out["required"] = sorted(self.required)
        return Merged(out, self.origins, properties, frozenset(self.required), members, empty)


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
