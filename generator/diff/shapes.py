"""Normalise a schema into the alternatives it admits, so that equal meanings compare equal.

Nullability is pulled out of every spelling (3.0 ``nullable``, 3.1 ``type: [.., 'null']``,
``anyOf``/``oneOf`` with a ``{type: 'null'}`` member, ``null`` in ``enum``), ``anyOf`` and
``oneOf`` are flattened into a list of alternatives (the keywords beside them, ``type:
object`` or ``properties``, holding for each), a type list becomes one alternative per type,
and ``allOf`` is merged into one schema as JSON Schema reads it (:mod:`.merge`). The
``false`` schema, and an ``allOf`` whose members share no value, admit no alternative.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import field, replace
from typing import Any

from generator import ir
from generator.diff.document import Doc, ref_pointer
from generator.diff.merge import ANNOTATIONS, Conjunction, Merged, Part, merge
from generator.diff.values import canon
from generator.openapi import escape_pointer_token
from generator.records import record


@record
class Alt:
    """One alternative of a schema: a single JSON type (``None`` means any value)."""

    type: str | None
    schema: Mapping[str, Any]
    pointer: str
    ref: str | None = None
    properties: Mapping[str, tuple[Any, str]] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    origins: Mapping[str, str] = field(default_factory=dict)  # a keyword's place, if not here
    # the member of a union it comes from, as written, and its keyword (oneOf or anyOf)
    member: tuple[Any, str] | None = None

    def at(self, keyword: str) -> str:
        """The place of the schema that wrote ``keyword`` (one member of a merge)."""
        return self.origins.get(keyword, self.pointer)

    def child(self, keyword: str) -> tuple[Any, str]:
        """A sub-schema keyword and its pointer; an absent one is ``{}`` at its parent."""
        if keyword not in self.schema:
            return {}, self.pointer
        value = self.schema[keyword]
        if isinstance(value, Conjunction):
            return value, value.pointers[0]
        return value, f"{self.at(keyword)}/{keyword}"

    def part(self) -> Part:
        """This alternative as one schema of a merge (its type written out)."""
        schema = {**self.schema, "type": self.type} if self.type is not None else self.schema
        return Part(schema, self.pointer, self.properties, self.required, self.origins)

    @property
    def name(self) -> str:
        """How a report names this alternative: its component name or its type."""
        if self.ref is not None:
            return self.ref.rsplit("/", 1)[-1]
        return self.type or "any value"


@record
class Shape:
    """A schema as a nullability flag and a list of alternatives."""

    nullable: bool
    alts: tuple[Alt, ...]


def enum_values(schema: Mapping[str, Any]) -> list[Any] | None:
    """The non-null values of ``enum`` or ``const``; ``None`` when unrestricted."""
    if "const" in schema:
        return [] if schema["const"] is None else [schema["const"]]
    values = schema.get("enum")
    if not isinstance(values, list):
        return None
    return [v for v in values if v is not None]


def _names(value: Any) -> frozenset[str]:
    """The strings of a ``required`` list (anything else counts as empty)."""
    return (
        frozenset(v for v in value if isinstance(v, str))
        if isinstance(value, list)
        else frozenset()
    )


def _declared_types(schema: Mapping[str, Any]) -> list[str]:
    raw = schema.get("type")
    names = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    return [n for n in names if isinstance(n, str)]


def _is_nullable(schema: Mapping[str, Any]) -> bool:
    if schema.get("nullable") is True or "null" in _declared_types(schema):
        return True
    values = schema.get("enum")
    if isinstance(values, list) and None in values:
        return True
    return "const" in schema and schema["const"] is None


def _only_null(schema: Mapping[str, Any]) -> bool:
    types = _declared_types(schema)
    if types:
        return all(t == "null" for t in types)
    values = schema.get("enum")
    if isinstance(values, list) and values:
        return all(v is None for v in values)
    return "const" in schema and schema["const"] is None


def _inferred_types(schema: Mapping[str, Any]) -> list[str | None]:
    declared = [t for t in _declared_types(schema) if t != "null"]
    if declared:
        return list(dict.fromkeys(declared))
    if any(k in schema for k in ("properties", "additionalProperties", "required")):
        return ["object"]
    if "items" in schema:
        return ["array"]
    values = enum_values(schema)
    if values:
        kinds = sorted({ir.json_type(v) for v in values})
        if len(kinds) == 1:
            return [kinds[0]]
    return [None]


def _structural(schema: Mapping[str, Any]) -> bool:
    return any(k not in ANNOTATIONS and not k.startswith("x-") for k in schema)


def _admits_null(schema: Mapping[str, Any]) -> bool:
    """Whether the keywords of ``schema`` let ``null`` through (no type, or one with null)."""
    types = _declared_types(schema)
    return not types or "null" in types or schema.get("nullable") is True


class Shaper:
    """Turns schema nodes of one document into :class:`Shape` values."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def shape(self, node: Any, pointer: str) -> Shape:
        """The normalised shape of ``node`` (which may be a ``$ref``)."""
        return self._shape(node, pointer, frozenset())

    def _shape(self, node: Any, pointer: str, seen: frozenset[str]) -> Shape:
        ref = ref_pointer(node.get("$ref")) if isinstance(node, Mapping) else None
        target, pointer = self.doc.follow(node, pointer)
        if target is False:  # the schema no value is valid under
            return Shape(False, ())
        schema: Mapping[str, Any] = target if isinstance(target, Mapping) else {}
        if not isinstance(node, Conjunction):  # its place is its first member's
            if pointer in seen:  # a union that contains itself admits nothing new
                return Shape(False, ())
            seen = seen | {pointer}
        nullable = _is_nullable(schema)
        if isinstance(schema.get("allOf"), list):
            merged = self._merge_all_of(schema, pointer, seen)
            if isinstance(merged, Shape):
                return Shape(nullable or merged.nullable, merged.alts)
        else:
            properties = self._properties(schema, pointer)
            merged = merge([Part(schema, pointer, properties, _names(schema.get("required")))])
        if merged.empty:
            return Shape(False, ())
        if merged.members is not None:
            return self._union(merged, pointer, nullable, seen)
        if _only_null(merged.schema):
            return Shape(True, ())
        alts = [
            Alt(t, merged.schema, pointer, ref, merged.properties, merged.required, merged.origins)
            for t in _inferred_types(merged.schema)
        ]
        return Shape(nullable, tuple(alts))

    def _union(self, merged: Merged, pointer: str, nullable: bool, seen: frozenset[str]) -> Shape:
        """The alternatives of ``anyOf``/``oneOf``: each member's, with the keywords beside
        them (``type: object``, ``properties``) holding as well."""
        own = Part(merged.schema, pointer, merged.properties, merged.required, merged.origins)
        asserts = _structural(merged.schema)
        alts: list[Alt] = []
        for member, at in merged.members or ():
            sub = self._shape(member, at, seen)
            nullable = nullable or (sub.nullable and _admits_null(merged.schema))
            written = (member, at.rsplit("/", 2)[-2])
            for alt in sub.alts:
                kept = _conjoined(own, alt) if asserts else [alt]
                alts.extend(replace(a, member=written) for a in kept)
        return Shape(nullable, tuple(alts))

    def _properties(self, schema: Mapping[str, Any], pointer: str) -> dict[str, tuple[Any, str]]:
        raw = schema.get("properties")
        if not isinstance(raw, Mapping):
            return {}
        base = f"{pointer}/properties/"
        return {str(k): (v, base + escape_pointer_token(str(k))) for k, v in raw.items()}

    def _members(self, schema: Mapping[str, Any], pointer: str) -> list[tuple[Any, str]]:
        """The members of ``allOf`` with their places (a conjunction's are where written)."""
        members = schema.get("allOf")
        if not isinstance(members, list):
            return []
        if isinstance(schema, Conjunction):
            return list(zip(members, schema.pointers, strict=True))
        return [(member, f"{pointer}/allOf/{index}") for index, member in enumerate(members)]

    def _all_of_parts(
        self, schema: Mapping[str, Any], pointer: str, seen: frozenset[str]
    ) -> list[Part] | None:
        """The schema without ``allOf``, then its members, nested ``allOf`` flattened; None
        when one of them is the schema no value is valid under."""
        own = {k: v for k, v in schema.items() if k != "allOf"}
        parts = [Part(own, pointer, self._properties(own, pointer), _names(own.get("required")))]
        for member, at in self._members(schema, pointer):
            resolved, where = self.doc.follow(member, at)
            if resolved is False:
                return None
            if where not in seen and isinstance(resolved, Mapping):
                inner = self._all_of_parts(resolved, where, seen | {where})
                if inner is None:
                    return None
                parts.extend(inner)
        return parts

    def _merge_all_of(
        self, schema: Mapping[str, Any], pointer: str, seen: frozenset[str]
    ) -> Shape | Merged:
        """Merge ``allOf`` into one schema, or return its only member that says anything.

        The second case is the 3.0 idiom ``allOf: [$ref], nullable: true``, which means the
        referenced schema itself.
        """
        members = self._members(schema, pointer)
        if any(self.doc.follow(*m)[0] is False for m in members):
            return Shape(False, ())
        telling = [m for m in members if _structural(self.doc.mapping(*m)[0])]
        own = {k: v for k, v in schema.items() if k != "allOf"}
        if len(telling) == 1 and not _structural(own):
            return self._shape(*telling[0], seen)
        parts = self._all_of_parts(schema, pointer, seen)
        return Shape(False, ()) if parts is None else merge(parts)


def _conjoined(own: Part, alt: Alt) -> list[Alt]:
    """``alt`` with the keywords of ``own`` holding too (none when they share no value)."""
    merged = merge([own, alt.part()])
    if merged.empty:
        return []
    return [
        Alt(
            t,
            merged.schema,
            alt.pointer,
            alt.ref,
            merged.properties,
            merged.required,
            merged.origins,
        )
        for t in _inferred_types(merged.schema)
    ]


def match_alts(
    old: tuple[Alt, ...], new: tuple[Alt, ...], same: Callable[[Alt, Alt], bool]
) -> tuple[list[tuple[Alt, Alt]], list[Alt], list[Alt]]:
    """Pair the alternatives of two unions; returns pairs, removed and added ones.

    Alternatives pair up, in this order, when they are identical, name the same component,
    carry the same type and enum, or are the only ones of their type. Left-over alternatives
    of one type pair up in order when both sides have as many.
    """
    if len(old) == 1 and len(new) == 1:
        return [(old[0], new[0])], [], []
    pairs: list[tuple[Alt, Alt]] = []
    rest_old, rest_new = list(old), list(new)

    def take(fits: Callable[[Alt, Alt], bool], *, alike: bool = False) -> None:
        for a in list(rest_old):
            found = [b for b in rest_new if fits(a, b)]
            # identical alternatives written twice are one: any of them pairs
            if (len(found) == 1 or (alike and found)) and sum(
                fits(x, found[0]) for x in rest_old
            ) == 1:
                pairs.append((a, found[0]))
                rest_old.remove(a)
                rest_new.remove(found[0])

    take(lambda a, b: a.type == b.type and same(a, b), alike=True)
    take(lambda a, b: a.ref is not None and a.ref == b.ref and a.type == b.type)
    take(
        lambda a, b: (
            a.type == b.type and canon(enum_values(a.schema)) == canon(enum_values(b.schema))
        )
    )
    take(lambda a, b: a.type == b.type)
    take(lambda a, b: {a.type, b.type} == {"integer", "number"})
    for kind in dict.fromkeys(a.type for a in list(rest_old)):
        olds = [a for a in rest_old if a.type == kind]
        news = [b for b in rest_new if b.type == kind]
        if len(olds) == len(news):
            pairs.extend(zip(olds, news, strict=True))
            rest_old = [a for a in rest_old if a not in olds]
            rest_new = [b for b in rest_new if b not in news]
    return pairs, rest_old, rest_new
