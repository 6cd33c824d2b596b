"""Normalise a schema into the alternatives it admits, so that equal meanings compare equal.

Nullability is pulled out of every spelling (3.0 ``nullable``, 3.1 ``type: [.., 'null']``,
``anyOf``/``oneOf`` with a ``{type: 'null'}`` member, ``null`` in ``enum``), ``anyOf`` and
``oneOf`` are flattened into a list of alternatives, a type list becomes one alternative per
type, and ``allOf`` is merged into one object.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import field
from typing import Any

from generator import ir
from generator.diff.document import Doc, ref_pointer
from generator.diff.values import canon
from generator.openapi import escape_pointer_token
from generator.records import record

_ANNOTATIONS = frozenset(
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
    }
)


@record
class Alt:
    """One alternative of a schema: a single JSON type (``None`` means any value)."""

    type: str | None
    schema: Mapping[str, Any]
    pointer: str
    ref: str | None = None
    properties: Mapping[str, tuple[Any, str]] = field(default_factory=dict)
    required: frozenset[str] = frozenset()

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
    return any(k not in _ANNOTATIONS and not k.startswith("x-") for k in schema)


class Shaper:
    """Turns schema nodes of one document into :class:`Shape` values."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def shape(self, node: Any, pointer: str) -> Shape:
        """The normalised shape of ``node`` (which may be a ``$ref``)."""
        return self._shape(node, pointer, frozenset())

    def _shape(self, node: Any, pointer: str, seen: frozenset[str]) -> Shape:
        ref = ref_pointer(node.get("$ref")) if isinstance(node, Mapping) else None
        schema, pointer = self.doc.mapping(node, pointer)
        if pointer in seen:  # a union that contains itself admits nothing new
            return Shape(False, ())
        seen = seen | {pointer}
        nullable = _is_nullable(schema)
        members = self._union_members(schema)
        if members is not None:
            alts: list[Alt] = []
            for key, index, member in members:
                sub = self._shape(member, f"{pointer}/{key}/{index}", seen)
                nullable = nullable or sub.nullable
                alts.extend(sub.alts)
            return Shape(nullable, tuple(alts))
        if isinstance(schema.get("allOf"), list):
            merged = self._merge_all_of(schema, pointer, seen)
            if isinstance(merged, Shape):
                return Shape(nullable or merged.nullable, merged.alts)
            schema, properties, required = merged
        else:
            properties = self._properties(schema, pointer)
            required = _names(schema.get("required"))
        if _only_null(schema):
            return Shape(True, ())
        alts = [Alt(t, schema, pointer, ref, properties, required) for t in _inferred_types(schema)]
        return Shape(nullable, tuple(alts))

    @staticmethod
    def _union_members(schema: Mapping[str, Any]) -> list[tuple[str, int, Any]] | None:
        """Members of anyOf/oneOf when they are alternatives, not extra constraints."""
        if "properties" in schema or ("type" in schema and not _only_null(schema)):
            return None
        members: list[tuple[str, int, Any]] = []
        for key in ("anyOf", "oneOf"):
            value = schema.get(key)
            if isinstance(value, list):
                members.extend((key, i, m) for i, m in enumerate(value))
        return members or None

    def _properties(self, schema: Mapping[str, Any], pointer: str) -> dict[str, tuple[Any, str]]:
        raw = schema.get("properties")
        if not isinstance(raw, Mapping):
            return {}
        base = f"{pointer}/properties/"
        return {str(k): (v, base + escape_pointer_token(str(k))) for k, v in raw.items()}

    def _all_of_parts(
        self, schema: Mapping[str, Any], pointer: str, seen: frozenset[str]
    ) -> list[tuple[Mapping[str, Any], str]]:
        """The schema without ``allOf``, then its members, nested ``allOf`` flattened."""
        parts: list[tuple[Mapping[str, Any], str]] = [
            ({k: v for k, v in schema.items() if k != "allOf"}, pointer)
        ]
        members = schema.get("allOf")
        for index, member in enumerate(members if isinstance(members, list) else ()):
            resolved, where = self.doc.mapping(member, f"{pointer}/allOf/{index}")
            if where not in seen:
                parts.extend(self._all_of_parts(resolved, where, seen | {where}))
        return parts

    def _merge_all_of(
        self, schema: Mapping[str, Any], pointer: str, seen: frozenset[str]
    ) -> Shape | tuple[Mapping[str, Any], dict[str, tuple[Any, str]], frozenset[str]]:
        """Merge ``allOf`` into one schema, or return its only member that says anything.

        The second case is the 3.0 idiom ``allOf: [$ref], nullable: true``, which means the
        referenced schema itself.
        """
        members = [
            (member, f"{pointer}/allOf/{index}") for index, member in enumerate(schema["allOf"])
        ]
        telling = [m for m in members if _structural(self.doc.mapping(*m)[0])]
        own = {k: v for k, v in schema.items() if k != "allOf"}
        if len(telling) == 1 and not _structural(own):
            return self._shape(*telling[0], seen)
        merged: dict[str, Any] = {}
        properties: dict[str, tuple[Any, str]] = {}
        required: set[str] = set()
        for part, where in self._all_of_parts(schema, pointer, seen):
            for key, value in part.items():
                merged.setdefault(key, value)
            for name, entry in self._properties(part, where).items():
                properties.setdefault(name, entry)
            required |= _names(part.get("required"))
        return merged, properties, frozenset(required)


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

    def take(fits: Callable[[Alt, Alt], bool]) -> None:
        for a in list(rest_old):
            found = [b for b in rest_new if fits(a, b)]
            if len(found) == 1 and sum(fits(x, found[0]) for x in rest_old) == 1:
                pairs.append((a, found[0]))
                rest_old.remove(a)
                rest_new.remove(found[0])

    take(lambda a, b: a.type == b.type and same(a, b))
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
