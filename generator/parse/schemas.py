"""JSON Schemas (OpenAPI 3.0 and 3.1 dialects) to IR types, models, enums and aliases."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from functools import lru_cache, partial
from itertools import combinations
from typing import Any, TypeVar

from generator import ir
from generator.naming import CLASS_RESERVED, Namespace, constant, pascal, snake
from generator.openapi import (
    SCHEMA_COMPONENTS as COMPONENTS,
)
from generator.openapi import (
    escape_pointer_token,
    follow_refs,
    marks,
    pointer_of,
    resolve_local,
    unescape_pointer_token,
)
from generator.openapi.alike import all_twinned
from generator.openapi.apart import ObjectShape, apart, object_shape
from generator.openapi.numbers import is_multiple
from generator.parse.discriminators import discriminator_of, selected, tags_all_of, tags_of
from generator.parse.keywords import (
    CONSTRAINTS,
    NOT_IN_30,
    NUMBER_FORMATS,
    OBJECT_EXTRAS,
    OF_ONE_TYPE,
    UNENFORCED,
    examples_of,
    int_or_none,
    lone_member,
    str_or_none,
)
from generator.parse.kinds import ANY_VALUE, OTHER_THAN, json_kinds, narrowed, overlap
from generator.parse.laxity import Laxity
from generator.parse.merge import merge_all_of
from generator.parse.ranges import empty_range
from generator.patterns import ecma, sites
from generator.validate.taken import Judge

# a property's names, once per wire name: the same few hundred names recur over thousands
# of properties
_wire_pascal = lru_cache(maxsize=16384)(pascal)
_wire_snake = lru_cache(maxsize=16384)(snake)

_COMPOSITION = ("anyOf", "oneOf")
_VISIBILITY = ("readOnly", "writeOnly")
_T = TypeVar("_T")
# components built inside one another before the deeper ones wait their turn: a chain of
# `$ref`s (A's property is a B, B's item a C, ...) is as long as the spec makes it, and
# building each link inside the one before would stack up to Python's recursion limit
EAGER_DEPTH = 32


class SchemaBuilder:
    """Builds IR types on demand, registering named models, enums and aliases as it goes."""

    def __init__(self, doc: Mapping[str, Any], *, names: Mapping[str, str] | None = None):
        self.doc = doc
        self.openapi30 = str(doc.get("openapi", "")).startswith("3.0")
        # whether a schema takes a default or an enum member written in it, as `validate`
        # judges a default: one it refuses is never applied, nor drawn
        self.judge = Judge(doc, 0 if self.openapi30 else 1)
        self.models: dict[str, ir.Model] = {}
        self.enums: dict[str, ir.Enum] = {}
        self.aliases: dict[str, ir.Alias] = {}
        self.skipped: list[ir.Skip] = []
        self._at: dict[str, ir.TypeRef] = {}  # the whole type built at each pointer
        self.names = Namespace(CLASS_RESERVED, sep="")
        self._by_pointer: dict[str, ir.TypeRef] = {}
        # named schemas (other than models) being built: one met again inside itself is
        # reached through arrays or maps (the loops that read no part of the value are cut
        # from the document before: see parse.cycles)
        self._building: set[str] = set()
        # pointers of the schemas met that hold a discriminator (see parse.cycles)
        self.discriminated: list[str] = []
        # pointers of the schemas met that name their dialect (`$schema`; see parse.cycles)
        self.dialected: list[str] = []
        # pointers of the schemas that are no schema (`null`, a number): typed as any value,
        # and read so by the validators (parse.cycles)
        self.unreadable: list[str] = []
        # named schemas inside a schema merged from `allOf`: the node at their pointer is one
        # part of what they are (a property a member refines), so no validator can check them
        # there; `_merging` counts the merges the builder is inside
        self.virtual: set[str] = set()
        # `oneOf`s whose members may share a value: where strategies ask the validator
        self.counted: list[str] = []
        self._laxity = Laxity(doc)
        self._merging = 0
        self._depth = 0  # components being built inside one another
        # their builds deferred past EAGER_DEPTH
        self._waiting: deque[Callable[[], object]] = deque()
        components = doc.get("components", {}).get("schemas", {}) or {}
        self._component_names: dict[str, str] = {}
        overrides = names or {}
        for key in sorted(components):
            wanted = overrides.get(key) or pascal(key)
            self._component_names[key] = self.names.claim(wanted)
        self._handlers: dict[str, Callable[[Mapping[str, Any], str, str], ir.TypeRef]] = {
            "null": lambda s, p, n: ir.NullT(),
            "boolean": lambda s, p, n: ir.BoolT(),
            "integer": lambda s, p, n: ir.IntT(self._bounds(s), s.get("format")),
            "number": lambda s, p, n: ir.NumberT(self._bounds(s), s.get("format")),
            "string": self._string,
            "array": self._array,
            "object": self._object,
        }

    # ------------------------------------------------------------------ entry points

    def build_components(self) -> None:
        """Build every component schema (sorted by key, so names are stable)."""
        for key in sorted(self._component_names):
            self.component(key)

    def component(self, key: str) -> ir.TypeRef:
        """The type of ``#/components/schemas/<key>``.

        Past :data:`EAGER_DEPTH` components inside one another, the type is decided without
        building the component's parts, which are built once the outermost component is
        done: a chain of references through named schemas does not stack.
        """
        pointer = COMPONENTS + escape_pointer_token(key)
        schema = self.doc["components"]["schemas"][key]
        name = self._component_names[key]
        defer = self._depth >= EAGER_DEPTH
        self._depth += 1
        try:
            return self._unmerged(lambda: self.named(schema, pointer, name, defer=defer))
        finally:
            self._depth -= 1
            if not self._depth:
                self._finish_waiting()

    def _finish_waiting(self) -> None:
        """Build the parts of the components deferred, each as if it were the outermost."""
        outer = self._merging, self._depth
        try:
            while self._waiting:
                build = self._waiting.popleft()
                self._merging, self._depth = 0, 1
                build()
        finally:
            self._merging, self._depth = outer

    def type_of(self, schema: Any, pointer: str, hint: str) -> ir.TypeRef:
        """The type of an inline schema; objects with properties become named models."""
        if isinstance(schema, bool):
            return ir.AnyT() if schema else ir.NEVER
        # a dict said first: an abstract class check costs eight times as much
        if type(schema) is not dict and not isinstance(schema, Mapping):
            self.unreadable.append(pointer)
            return self._skip(pointer, "a schema must be an object")
        if "discriminator" in schema:
            self.discriminated.append(pointer)
        if "$schema" in schema:
            self.dialected.append(pointer)
        if "$ref" in schema:
            return self._ref(schema, pointer, hint)
        built = self._build(schema, pointer, hint)
        self._at[pointer] = built
        return built

    @property
    def wider(self) -> dict[str, ir.TypeRef]:
        """The whole type at the pointer of each named model or enum that accepts more than
        its class (``null``, or any non-object value of an untyped schema)."""
        bare: list[tuple[str, ir.TypeRef]] = [
            *((m.pointer, ir.ModelRef(m.name)) for m in self.models.values()),
            *((e.pointer, ir.EnumRef(e.name)) for e in self.enums.values()),
        ]
        return {p: self._at[p] for p, ref in bare if self._at.get(p, ref) != ref}

    # ------------------------------------------------------------------ named schemas

    def named(self, schema: Any, pointer: str, name: str, *, defer: bool = False) -> ir.TypeRef:
        """Build a schema that has a name of its own (a component or a hoisted inline object).

        With ``defer`` (an unmerged component), parts whose building cannot change the type
        returned are left to :meth:`_finish_waiting`.
        """
        if pointer in self._by_pointer:
            return self._by_pointer[pointer]
        if self._merging:
            self.virtual.add(pointer)
        if isinstance(schema, Mapping) and "discriminator" in schema:
            self.discriminated.append(pointer)
        if isinstance(schema, Mapping) and "$schema" in schema:
            self.dialected.append(pointer)
        if isinstance(schema, Mapping) and "$ref" not in schema and not self._tags(schema):
            merged = self._merged(schema, pointer)
            if self._is_object(merged) and not any(k in merged for k in _COMPOSITION):
                ref = self._nullable(merged, ir.ModelRef(name))
                types = merged.get("type")
                if isinstance(types, list) and "null" in types and not ir.is_nullable(ref):
                    ref = ir.UnionT((ref, ir.NullT()))  # 3.1's `type: [object, "null"]`
                if "type" not in merged:  # any non-object value is accepted as it is
                    ref = ir.UnionT((ir.ModelRef(name), *OTHER_THAN["object"]))
                    self._by_pointer[pointer] = ref  # before the fields: recursion ends here
                    ref = self._beside_object(merged, pointer, name)
                self._by_pointer[pointer] = ref  # before the fields: recursion ends here
                fields = partial(self._fields, schema, merged, pointer, name, ref)
                self._waiting.append(fields) if defer else fields()
                return ref
        if pointer in self._building:  # a cycle through arrays or maps: the alias refers to itself
            return ir.AliasRef(name)
        if defer and not (isinstance(schema, Mapping) and isinstance(schema.get("enum"), list)):
            # not a model, not an enum: its type is its alias, whatever its parts are
            self._waiting.append(partial(self._other, schema, pointer, name))
            self._by_pointer[pointer] = ref = ir.AliasRef(name)
            return ref
        return self._other(schema, pointer, name)

    def _fields(
        self, schema: Any, merged: Mapping[str, Any], pointer: str, name: str, ref: ir.TypeRef
    ) -> None:
        self._in_merge(merged is not schema, lambda: self._model(merged, pointer, name))
        self._at[pointer] = ref

    def _other(self, schema: Any, pointer: str, name: str) -> ir.TypeRef:
        self._building.add(pointer)
        try:
            return self._named_other(schema, pointer, name)
        finally:
            self._building.discard(pointer)

    def _hoist(self, schema: Mapping[str, Any], pointer: str, hint: str) -> ir.TypeRef:
        """An inline object as a named model (its name claimed only when it is new)."""
        if pointer in self._by_pointer:
            return self._by_pointer[pointer]
        return self.named(schema, pointer, self.names.claim(pascal(hint)))

    def _tags(self, schema: Mapping[str, Any]) -> bool:
        """Whether the spec's validator reads the ``allOf`` of ``schema`` as the tag of the
        ``discriminator`` beside it (OpenAPI 3.0: :func:`tags_all_of`)."""
        return self.openapi30 and tags_all_of(schema)

    def _merged(self, schema: Mapping[str, Any], pointer: str) -> Mapping[str, Any]:
        """The schema and its ``allOf`` members as one: ``null`` is valid where every member
        accepts it, or where ``nullable: true`` stands beside the ``allOf`` (it admits
        ``null`` for the whole Schema Object). A group of ``anyOf`` or ``oneOf`` the merge
        could not pair with another is not enforced by the models, and said."""
        if "allOf" not in schema:
            return schema
        unpaired: list[str] = []
        merged = merge_all_of(
            [{k: v for k, v in schema.items() if k != "allOf"}, *schema["allOf"]],
            self.doc,
            unpaired=unpaired,
        )
        for keyword in dict.fromkeys(unpaired):
            reason = f"`{keyword}` in two `allOf` members: the models enforce the last only"
            self.skip(pointer + "/allOf", reason)
        if self.openapi30 and schema.get("nullable") is True:
            return {**merged, "nullable": True}
        return merged

    def _named_other(self, schema: Any, pointer: str, name: str) -> ir.TypeRef:
        enum = self._enum(schema, pointer, name) if isinstance(schema, Mapping) else None
        if enum is not None:
            self._by_pointer[pointer] = self._at[pointer] = enum
            return enum
        target = self.type_of(schema, pointer, name)
        if isinstance(target, ir.ModelRef | ir.EnumRef | ir.AliasRef) and target.name != name:
            ref: ir.TypeRef = ir.AliasRef(name)
        elif isinstance(target, ir.ModelRef | ir.EnumRef | ir.AliasRef):
            ref = target
        else:
            ref = ir.AliasRef(name)
        if isinstance(ref, ir.AliasRef) and ref.name == name:
            desc = schema.get("description") if isinstance(schema, Mapping) else None
            title = schema.get("title") if isinstance(schema, Mapping) else None
            self.aliases[name] = ir.Alias(name, pointer, target, title, desc)
        self._by_pointer[pointer] = ref
        return ref

    def _ref(self, schema: Mapping[str, Any], pointer: str, hint: str) -> ir.TypeRef:
        ref = schema["$ref"]
        try:
            target_pointer, target = resolve_local(self.doc, ref)
        except (KeyError, IndexError, ValueError, TypeError):
            return self._skip(pointer, f"`$ref` {ref!r} does not resolve to a local schema")
        # keywords beside the reference apply with it: 3.1 says so; 3.0's Reference Object says
        # they are ignored, yet its validator (openapi-schema-validator's, which servers built
        # on openapi-core use) applies them, and the models read them as it does
        siblings = {k: v for k, v in schema.items() if k in CONSTRAINTS}
        if target_pointer.startswith(COMPONENTS) and target_pointer.count("/") == 3:
            key = unescape_pointer_token(target_pointer[len(COMPONENTS) :])
            base = self.component(key)
        else:
            base = self._unmerged(
                lambda: (
                    self._hoist(target, target_pointer, hint)
                    if isinstance(target, Mapping)
                    else self.type_of(target, target_pointer, hint)
                )
            )
        if not siblings:
            return self._nullable(schema, base)
        merged = merge_all_of([target, siblings], self.doc)
        built = self._in_merge(True, lambda: self._build(merged, pointer, hint))
        # the schema here is the reference and its keywords, as a validator reads it there
        self.virtual.discard(pointer)
        return self._nullable(schema, built)

    # ------------------------------------------------------------------ inline schemas

    def _build(self, schema: Mapping[str, Any], pointer: str, hint: str) -> ir.TypeRef:
        if self.openapi30 and any(k in schema for k in NOT_IN_30):
            schema = self._as_30_reads(schema, pointer)
        if _no_value(schema):
            return ir.NEVER
        if "allOf" in schema and not self._tags(schema):
            lone = lone_member(schema)
            if lone is not None:  # `allOf: [$ref]` to annotate a reference: the referred type
                return self._nullable(schema, self.type_of(lone, pointer + "/allOf/0", hint))
            # the merge admits null as the validator does (see ``_merged``)
            merged = self._merged(schema, pointer)
            if self._is_object(merged) and not any(k in merged for k in _COMPOSITION):
                return self._hoist(schema, pointer, hint)
            return self._in_merge(True, lambda: self._build(merged, pointer, hint))
        if "not" in schema:
            self._skip(pointer + "/not", "`not` is not enforced by the models")
        self._unenforced(schema, pointer)
        if "const" in schema or ("enum" in schema and isinstance(schema["enum"], list)):
            return self._enumerated(schema, pointer)
        # (an `allOf` here stands beside a 3.0 `discriminator`, read as `oneOf` beside one)
        for keyword in (*_COMPOSITION, "allOf"):
            if keyword in schema:
                # an object's own keywords beside a union of no properties of its own: what
                # they read (the members' properties too, for `unevaluatedProperties`), no
                # member's model holds
                for beside in OBJECT_EXTRAS:
                    if beside in schema:
                        self._skip(
                            f"{pointer}/{beside}", f"`{beside}` is not enforced by the models"
                        )
                return self._nullable(schema, self._union(schema, keyword, pointer, hint))
        return self._by_type(schema, pointer, hint)

    def _enumerated(self, schema: Mapping[str, Any], pointer: str) -> ir.TypeRef:
        """The type of a schema with a ``const`` or an ``enum``: its values of the schema's type."""
        for keyword in _COMPOSITION:
            if keyword in schema:
                self._skip(
                    f"{pointer}/{keyword}", f"`{keyword}` beside `enum`/`const` is not enforced"
                )
        keyword = "const" if "const" in schema else "enum"
        written = (schema["const"],) if keyword == "const" else tuple(schema["enum"])
        typed = _of_type(schema, written)
        values = self.taken(schema, typed)
        built = self._literal(values, pointer)
        if keyword == "enum":
            built = self._nullable(schema, built)
        if written and not values:
            left = "only null is" if ir.is_nullable(built) else "no value is"
            why = "is valid under the keywords beside it" if typed else "is of the schema's `type`"
            self._skip(f"{pointer}/{keyword}", f"no value of `{keyword}` {why}: {left} valid")
        return built

    def taken(self, schema: Mapping[str, Any], values: tuple[Any, ...]) -> tuple[Any, ...]:
        """The values of ``schema``'s ``enum`` or ``const`` that the keywords beside it take
        (its ``format`` asserted, an array's or an object's keywords read): the others can
        never be valid, and are never drawn."""
        rest = {k: v for k, v in schema.items() if k not in ("enum", "const")}
        return tuple(v for v in values if self.judge.takes(rest, v))

    def _as_30_reads(self, schema: Mapping[str, Any], pointer: str) -> Mapping[str, Any]:
        """``schema`` without the keywords OpenAPI 3.0 does not have, each told: its
        validators ignore them, and the models, which accept what the spec's validator
        accepts, ignore them too."""
        for keyword, instead in NOT_IN_30.items():
            if keyword in schema:
                self._skip(
                    f"{pointer}/{keyword}",
                    f"`{keyword}` is not an OpenAPI 3.0 keyword: 3.0's validators ignore it, "
                    f"and so do the models ({instead})",
                )
        return {k: v for k, v in schema.items() if k not in NOT_IN_30}

    def _by_type(self, schema: Mapping[str, Any], pointer: str, hint: str) -> ir.TypeRef:
        types = schema.get("type")
        if isinstance(types, list) and types:
            members = tuple(
                self._typed(schema, t, pointer, hint) for t in dict.fromkeys(map(str, types))
            )
            return self._nullable(schema, ir.UnionT(members) if len(members) != 1 else members[0])
        if types == []:  # no JSON type is allowed (`allOf` members that require different ones)
            self._skip(pointer, "no value has a type every `allOf` member allows: none is valid")
            return ir.NEVER
        if types is None:
            return self._untyped(schema, pointer, hint)
        return self._nullable(schema, self._typed(schema, types, pointer, hint))

    def _untyped(self, schema: Mapping[str, Any], pointer: str, hint: str) -> ir.TypeRef:
        """No ``type``: ``properties`` or ``items``, ``minLength`` or ``minimum`` (and the
        like) constrain objects, arrays, strings or numbers; any other JSON value is
        accepted as it is (JSON Schema's rule), so those are union members too."""
        implied = self._implied_types(schema)
        if not implied:
            return ir.AnyT()
        if len(implied) == 1 and implied[0] in OTHER_THAN:
            built = self._typed(schema, implied[0], pointer, hint)
            if isinstance(built, ir.UnionT) and built.discriminator is None:
                return built  # a model of an untyped schema: already with every other value
            return ir.UnionT((built, *OTHER_THAN[implied[0]]))
        return ir.UnionT(self._every_kind(schema, implied, pointer, hint))

    def _every_kind(
        self,
        schema: Mapping[str, Any],
        implied: list[str],
        pointer: str,
        hint: str,
        besides: str | None = None,
    ) -> tuple[ir.TypeRef, ...]:
        """The values of an untyped schema: those of each ``implied`` type under the
        keywords of that type (a ``format`` only where it is of that type), and every value of
        the other types as it is, but those of ``besides`` (a type the caller reads)."""
        fmt = schema.get("format")
        members = [
            self._typed(
                schema if _format_type(fmt) in (kind, None) else _without(schema, "format"),
                kind,
                pointer,
                hint,
            )
            for kind in implied
        ]
        others = [t for kind, t in ANY_VALUE.items() if kind not in {*implied, besides}]
        return tuple(dict.fromkeys([*members, *others]))

    def _beside_object(self, schema: Mapping[str, Any], pointer: str, name: str) -> ir.TypeRef:
        """An untyped schema with properties: its model, and every other JSON value, under
        the keywords of its type (``minimum`` for a number, ``maxLength`` for a string), as
        :meth:`_untyped` reads them; a reference to the schema met inside them reads it as
        the model and any other value."""
        implied = [kind for kind in self._implied_types(schema) if kind != "object"]
        others = self._every_kind(schema, implied, pointer, name, besides="object")
        return ir.UnionT((ir.ModelRef(name), *others))

    def _in_merge(self, merging: bool, build: Callable[[], _T]) -> _T:
        """``build()``, inside a merged schema when ``merging``."""
        self._merging += merging
        try:
            return build()
        finally:
            self._merging -= merging

    def _unmerged(self, build: Callable[[], ir.TypeRef]) -> ir.TypeRef:
        """``build()`` for a schema at its own place in the spec (a reference's target)."""
        outer, self._merging = self._merging, 0
        try:
            return build()
        finally:
            self._merging = outer

    def _typed(self, schema: Mapping[str, Any], kind: Any, pointer: str, hint: str) -> ir.TypeRef:
        handler = self._handlers.get(kind) if isinstance(kind, str) else None
        if handler is None:
            return self._skip(pointer + "/type", f"unknown type {kind!r}")
        built = handler(schema, pointer, hint)
        empty = empty_range(kind, schema, built)
        if empty is not None:
            self._skip(pointer, empty)
            return ir.NEVER
        return built

    @staticmethod
    def _implied_types(schema: Mapping[str, Any]) -> list[str]:
        """The JSON types whose values keywords of ``schema`` constrain (:data:`OF_ONE_TYPE`)."""
        found = [kind for kind, words in OF_ONE_TYPE.items() if any(w in schema for w in words)]
        kind = _format_type(schema.get("format"))
        return [*found, kind] if kind is not None and kind not in found else found

    def _nullable(self, schema: Mapping[str, Any], t: ir.TypeRef) -> ir.TypeRef:
        if self.openapi30 and schema.get("nullable") is True and not ir.is_nullable(t):
            return ir.UnionT((t, ir.NullT()))
        return t

    def _bounds(self, s: Mapping[str, Any]) -> ir.Bounds:
        return bounds_of(s)

    def _string(self, s: Mapping[str, Any], pointer: str, hint: str) -> ir.TypeRef:
        written = s.get("pattern")
        # several when `allOf` members each have one (the merge's tuple): all must match
        held = written if isinstance(written, tuple) else () if written is None else (written,)
        patterns = []
        for pattern in held:
            why = ecma.problem(pattern) if isinstance(pattern, str) else "not a string"
            if why is not None:
                self._skip(pointer + "/pattern", f"pattern {why}")
            elif pattern not in patterns:
                patterns.append(pattern)
        encoding = str_or_none(s.get("contentEncoding"))
        return ir.StringT(
            int_or_none(s.get("minLength")),
            int_or_none(s.get("maxLength")),
            patterns[0] if patterns else None,
            str_or_none(s.get("format")),
            None if encoding is None else encoding.lower(),
            # the media type of the bytes encoded (without an encoding, of the text itself,
            # which nothing here draws as such)
            None if encoding is None else str_or_none(s.get("contentMediaType")),
            tuple(patterns[1:]),
        )

    def _array(self, s: Mapping[str, Any], pointer: str, hint: str) -> ir.TypeRef:
        items = s.get("items", True)
        if isinstance(items, list):  # draft-4 style tuples
            self._skip(pointer + "/items", "tuple `items` are typed as a list of any value")
            items = True
        high = int_or_none(s.get("maxItems"))
        if "prefixItems" in s:
            return self._tuple(s, pointer, hint, items, high)
        item = self.type_of(items, pointer + "/items", hint + "Item")
        return ir.ArrayT(item, int_or_none(s.get("minItems")), high, s.get("uniqueItems") is True)

    def _tuple(
        self, s: Mapping[str, Any], pointer: str, hint: str, items: Any, high: int | None
    ) -> ir.TypeRef:
        """``prefixItems``: a list whose items are any of the positions' types (and of
        ``items``, the type of the rest); with ``items: false`` no longer than the prefix."""
        self._skip(
            pointer + "/prefixItems", "`prefixItems` are typed as a list of any of their types"
        )
        prefix = s["prefixItems"] if isinstance(s["prefixItems"], list) else []
        types = [
            self.type_of(member, f"{pointer}/prefixItems/{i}", f"{hint}Item{i}")
            for i, member in enumerate(prefix)
        ]
        positions = tuple(types)
        rest = None
        if items is False:
            high = len(prefix) if high is None else min(high, len(prefix))
        else:
            rest = self.type_of(items, pointer + "/items", hint + "Item")
            types.append(rest)
        members = tuple(dict.fromkeys(types))
        item = members[0] if len(members) == 1 else ir.UnionT(members) if members else ir.AnyT()
        low, unique = int_or_none(s.get("minItems")), s.get("uniqueItems") is True
        return ir.ArrayT(item, low, high, unique, positions, rest)

    def _object(self, s: Mapping[str, Any], pointer: str, hint: str) -> ir.TypeRef:
        if self._is_object(s):
            return self._hoist(s, pointer, hint)
        extra = self._extra(s, pointer, hint)
        if extra is None:
            return self._hoist(s, pointer, hint)
        return ir.MapT(
            extra, int_or_none(s.get("minProperties")), int_or_none(s.get("maxProperties"))
        )

    # ------------------------------------------------------------------ objects

    @staticmethod
    def _is_object(schema: Mapping[str, Any]) -> bool:
        types = schema.get("type")
        if types is not None and "object" not in (types if isinstance(types, list) else [types]):
            return False  # no object is of its type: object keywords constrain nothing
        if _no_value(schema):
            return False
        if "const" in schema or isinstance(schema.get("enum"), list):
            return False  # the values listed, under the keywords beside them (`_enumerated`)
        props = schema.get("properties")
        required = schema.get("required")
        # a required name is a property the model declares, though no `properties` name it
        named = isinstance(required, list) and any(isinstance(r, str) for r in required)
        return (
            (isinstance(props, Mapping) and bool(props))
            or named
            or schema.get("additionalProperties") is False
        )

    def _extra(self, s: Mapping[str, Any], pointer: str, hint: str) -> ir.TypeRef | None:
        for keyword in OBJECT_EXTRAS:
            if keyword in s:
                self._skip(f"{pointer}/{keyword}", f"`{keyword}` is not enforced by the models")
        keys = s.get("patternProperties")
        for key in keys if isinstance(keys, Mapping) else ():
            why = ecma.problem(key) if isinstance(key, str) else None
            if why is not None:
                where = f"{pointer}/patternProperties/{escape_pointer_token(key)}"
                self._skip(where, f"the key {why}; {sites.AS_WRITTEN}")
        extra = s.get("additionalProperties", True)
        if isinstance(keys, Mapping) and keys:
            return self._patterned(keys, extra, pointer, hint)
        if extra is False:
            return None
        return self.type_of(extra, pointer + "/additionalProperties", hint + "Value")

    def _patterned(
        self, keys: Mapping[str, Any], extra: Any, pointer: str, hint: str
    ) -> ir.TypeRef:
        """The type of the undeclared properties beside ``patternProperties``, which the models
        cannot tell by name: any value a pattern's schema or ``additionalProperties`` allows
        (a name that matches a pattern is never an additional one, even where it is
        ``false``). 3.0 has no ``patternProperties``: its validators leave those names out of
        ``additionalProperties`` yet check nothing of their values, so any value."""
        if self.openapi30:
            return ir.AnyT()
        # a schema below a pattern has no pointer a validator reads it at (their copy of the
        # document holds each pattern as Python writes it): as a merge's parts, it is virtual
        types = [
            self._in_merge(
                True,
                partial(
                    self.type_of,
                    value,
                    f"{pointer}/patternProperties/{escape_pointer_token(key)}",
                    hint + "Value",
                ),
            )
            for key, value in keys.items()
        ]
        if extra is not False:
            types.append(self.type_of(extra, pointer + "/additionalProperties", hint + "Value"))
        if any(isinstance(t, ir.AnyT) for t in types):
            return ir.AnyT()
        members = tuple(dict.fromkeys(m for t in types for m in self._flat(t)))
        return members[0] if len(members) == 1 else ir.UnionT(members)

    def _model(self, s: Mapping[str, Any], pointer: str, name: str) -> None:
        raw_required = s.get("required")
        required = (
            {r for r in raw_required if isinstance(r, str)}
            if isinstance(raw_required, list)
            else set()
        )
        names = Namespace()
        fields: list[ir.Field] = []
        properties = s.get("properties")
        for wire, prop in properties.items() if isinstance(properties, Mapping) else ():
            where = pointer + pointer_of(("properties", wire))
            ftype = self.type_of(prop, where, name + _wire_pascal(wire))
            meta: Mapping[str, Any] = (
                prop if type(prop) is dict or isinstance(prop, Mapping) else {}
            )
            is_required = wire in required
            # marked by the property's schema or one applying with it (its `$ref`, `allOf`)
            marked = marks(self.doc, prop, _VISIBILITY)
            written = "default" in meta and not is_required
            default = (
                ir.Default(meta["default"])
                if written and self.judge.takes(meta, meta["default"])
                else None
            )
            fields.append(
                ir.Field(
                    name=names.claim(_wire_snake(wire)),
                    wire=wire,
                    type=ftype,
                    required=is_required,
                    default=default,
                    description=str_or_none(meta.get("description")),
                    title=str_or_none(meta.get("title")),
                    read_only="readOnly" in marked,
                    write_only="writeOnly" in marked,
                    deprecated=meta.get("deprecated") is True,
                    examples=examples_of(meta),
                )
            )
        for keyword in _COMPOSITION:
            if keyword in s:
                reason = f"`{keyword}` beside own properties: the properties are kept"
                self._skip(f"{pointer}/{keyword}", reason)
        if "not" in s:
            self._skip(pointer + "/not", "`not` is not enforced by the models")
        self._unenforced(s, pointer)
        extra = self._extra(s, pointer, name)
        declared = {f.wire for f in fields}
        for wire in raw_required if isinstance(raw_required, list) else ():
            if not isinstance(wire, str) or wire in declared:
                continue
            declared.add(wire)
            if extra is None:  # required, yet no undeclared property is allowed
                self._skip(
                    f"{pointer}/required",
                    f"`{wire}` is required but not allowed: no object is valid",
                )
            # required, not declared: any value that `additionalProperties` allows (none
            # where it allows no property: then the model accepts no object, as the spec)
            fields.append(
                ir.Field(
                    name=names.claim(_wire_snake(wire)),
                    wire=wire,
                    type=ir.NEVER if extra is None else extra,
                    required=True,
                )
            )
        self.models[name] = ir.Model(
            name=name,
            pointer=pointer,
            fields=tuple(fields),
            extra=extra,
            title=str_or_none(s.get("title")),
            description=str_or_none(s.get("description")),
            min_properties=int_or_none(s.get("minProperties")),
            max_properties=int_or_none(s.get("maxProperties")),
            deprecated=s.get("deprecated") is True,
            examples=examples_of(s),
        )

    # ------------------------------------------------------------------ enums, unions

    def _enum(self, s: Mapping[str, Any], pointer: str, name: str) -> ir.TypeRef | None:
        values = s.get("enum")
        if (
            not isinstance(values, list)
            or "const" in s
            or any(k in s for k in ("anyOf", "oneOf", "allOf"))
        ):
            return None
        values = list(self.taken(s, _of_type(s, values)))
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, str) for v in present):
            base: Any = "str"
        elif present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            base = "int"
        else:
            return None
        members = Namespace()
        built = tuple(
            ir.EnumMember(members.claim(constant(str(v))), v) for v in dict.fromkeys(present)
        )
        self.enums[name] = ir.Enum(
            name,
            pointer,
            base,
            built,
            str_or_none(s.get("title")),
            str_or_none(s.get("description")),
        )
        ref: ir.TypeRef = ir.EnumRef(name)
        if len(present) < len(values) or (self.openapi30 and s.get("nullable") is True):
            ref = ir.UnionT((ref, ir.NullT()))
        return ref

    def _literal(self, values: tuple[Any, ...], pointer: str) -> ir.TypeRef:
        if not values:
            return ir.NEVER
        if any(isinstance(v, dict | list) for v in values):
            # the models take any value; the values drawn are the ones listed
            self.skip(pointer, "an `enum`/`const` of objects or arrays is typed as any value")
            return ir.AnyT(values)
        # `true` and `1` are different JSON values, though Python finds them equal
        return ir.LiteralT(tuple({(isinstance(v, bool), v): v for v in values}.values()))

    def _union(self, s: Mapping[str, Any], keyword: str, pointer: str, hint: str) -> ir.TypeRef:
        raw = s[keyword]
        if not isinstance(raw, list) or not raw:
            return self._skip(f"{pointer}/{keyword}", f"`{keyword}` must be a non-empty list")
        # (3.0: beside a `discriminator` the tag decides, and no member of an `allOf` applies)
        unread = {keyword, "discriminator", "nullable", *(("allOf",) if self._tags(s) else ())}
        own = {k: v for k, v in s.items() if k not in unread}
        required = own.get("required")
        names = (
            tuple(dict.fromkeys(r for r in required if isinstance(r, str)))
            if isinstance(required, list)
            else ()
        )
        written_raw = raw
        beside = [k for k in own if k in CONSTRAINTS and k not in ("type", "required")]
        if beside:
            # the schema's own keywords apply beside whichever member: each member is the
            # intersection of the two (for `oneOf` too: a value the own keywords refuse
            # matches no member either way)
            raw = [{"allOf": [own, member]} for member in raw]
            names = ()
        built_all = [
            self._in_merge(
                bool(beside),
                partial(self.type_of, m, f"{pointer}/{keyword}/{i}", f"{hint}Option{i + 1}"),
            )
            for i, m in enumerate(raw)
        ]
        built_all = self._of_own_type(built_all, own.get("type"), f"{pointer}/{keyword}")
        # a member of no value adds none (and matches none)
        written = [b for b in built_all if b != ir.NEVER]
        members = list(dict.fromkeys(m for b in written for m in self._flat(b) if m != ir.NEVER))
        if not members:
            return ir.NEVER
        choices = tuple(written) if keyword == "oneOf" and self._overlap(written) else ()
        # 3.0's validator reads a `discriminator`'s tag in place of the members (of one too)
        tagged = self.openapi30 and "discriminator" in s
        found = self._selected(s, keyword, written_raw, built_all, pointer) if tagged else None
        discriminator: ir.Discriminator | None = None
        if found is not None:
            members, discriminator = found
        elif len(members) == 1 and not choices and not names:
            return members[0]
        else:
            if "discriminator" in s:  # a member named twice (`Alias: {$ref: Pet}`) is its model
                members = [self._model_behind(m) for m in members]
            discriminator = discriminator_of(
                s, written_raw, members, self._resolve, self._whole, openapi31=not self.openapi30
            )
        if discriminator is not None:
            choices = ()  # the tag tells the members apart
        elif not tagged and keyword == "oneOf" and self._all_twinned(written_raw, built_all):
            self._skip(
                f"{pointer}/{keyword}",
                "each member of `oneOf` accepts the same values as another, so no value "
                "matches exactly one: no value is valid",
            )
            return ir.NEVER
        elif tagged or (
            choices and self._read_loosely([*written_raw, own], raw, built_all, pointer, keyword)
        ):
            # 3.0's validator reads the tag in place of the members, where the models cannot
            # (told by _selected), or the models read a member loosely: they may not count
            if choices:  # the strategies ask the validator
                self.counted.append(pointer)
            return ir.UnionT(tuple(members), None, keyword == "oneOf", (), names)
        if choices:
            self.counted.append(pointer)
        # (3.1: a `discriminator` is a hint beside plain `oneOf`/`anyOf`, as its validator reads it)
        return ir.UnionT(tuple(members), discriminator, keyword == "oneOf", choices, names)

    def _read_loosely(
        self,
        written: list[Any],
        members: list[Any],
        built: list[ir.TypeRef],
        pointer: str,
        keyword: str,
    ) -> bool:
        """Whether a member (or the keywords beside them) holds what the models read more
        loosely than the spec (a `not`, an untyped format: :mod:`.laxity`), so that a value
        matching one member in the spec may match two in the models; told where so. Members
        no value of which another accepts, as the models read them, are counted alike."""
        if not any(self._laxity.lax(m) for m in written) or not self._may_share(members, built):
            return False
        self.skip(
            f"{pointer}/{keyword}",
            "a member has constraints the models do not enforce, so they do not count "
            "the members a value matches (the generated tests' validator does)",
        )
        return True

    def _selected(
        self,
        s: Mapping[str, Any],
        keyword: str,
        raw: list[Any],
        built: list[ir.TypeRef],
        pointer: str,
    ) -> tuple[list[ir.TypeRef], ir.Discriminator] | None:
        """OpenAPI 3.0: the members a ``discriminator`` selects and its tags
        (:func:`~generator.parse.discriminators.selected`); None, told, where it selects
        none. A member named twice (``Alias: {$ref: Pet}``) is its model."""
        behind = [self._model_behind(b) for b in built]
        tags = tags_of(s["discriminator"], raw, f"{pointer}/{keyword}", self._resolve)
        unions = sorted({i for i in tags.values() if self._union_of_models(behind[i])})
        if unions:
            # a tag's schema that is itself a union (a discriminator of its own): its values
            # are objects, which a tag selecting models only would refuse
            self._skip(
                f"{pointer}/{keyword}/{unions[0]}",
                "this member the discriminator selects is a union of models, not one model: "
                "the tag is not read, and a value is of the member whose schema it matches",
            )
            return None
        found = selected(s["discriminator"], tags, behind)
        if found is None:
            self._skip(f"{pointer}/discriminator", "no member is an object model a tag selects")
            return None
        return list(found[0]), found[1]

    def _of_own_type(self, built: list[ir.TypeRef], types: Any, where: str) -> list[ir.TypeRef]:
        """Each member's values of the ``type`` beside them (None: there is none), which applies
        to the value whichever member it matches: a member with none matches no valid value
        (told)."""
        if types is None:
            return built
        kept = [narrowed(b, types, self._named_type) for b in built]
        written = " or ".join(map(str, types)) if isinstance(types, list) else str(types)
        for index, (before, after) in enumerate(zip(built, kept, strict=True)):
            if after == ir.NEVER and before != ir.NEVER:
                self._skip(
                    f"{where}/{index}",
                    f"no value of this member has the `type` beside it ({written}): it "
                    "matches none",
                )
        return kept

    def _named_type(self, name: str) -> ir.TypeRef | None:
        """The type of a named enum (its values) or alias built so far; None while unknown."""
        if name in self.enums:
            return ir.LiteralT(tuple(m.value for m in self.enums[name].members))
        return self.aliases[name].type if name in self.aliases else None

    def _all_twinned(self, written: list[Any], built: list[ir.TypeRef]) -> bool:
        """Whether each member that admits a value has a twin written alike (asked where no
        tag tells the members apart)."""
        valued = [m for m, b in zip(written, built, strict=True) if b != ir.NEVER]
        return all_twinned(valued, lambda ref: resolve_local(self.doc, ref)[1])

    @staticmethod
    def _flat(built: ir.TypeRef) -> tuple[ir.TypeRef, ...]:
        """A member's own members where they are a plain union (no tag, count or names)."""
        if isinstance(built, ir.UnionT) and built.discriminator is None:
            if not built.choices and not built.required:
                return built.members
        return (built,)

    def _may_share(self, members: list[Any], built: list[ir.TypeRef]) -> bool:
        """Whether two ``members`` (``built`` as their types) may accept one value as the
        models read them: their JSON types meet, and where both are objects alone, their
        shapes are not apart (:mod:`generator.openapi.apart`)."""
        kinds = [json_kinds(b, self._named_type) for b in built]
        shapes: dict[int, ObjectShape | None] = {}

        def shape(i: int) -> ObjectShape | None:
            if i not in shapes:
                shapes[i] = object_shape(
                    self._whole(members[i]), self._resolve, const=not self.openapi30
                )
            return shapes[i]

        for i, j in combinations(range(len(built)), 2):
            if ir.NEVER in (built[i], built[j]) or not kinds[i] & kinds[j]:
                continue
            one, other = (shape(i), shape(j)) if kinds[i] & kinds[j] == {"object"} else (None, None)
            if one is None or other is None or not apart(one, other):
                return True
        return False

    def _overlap(self, written: list[ir.TypeRef]) -> bool:
        return len(written) > 1 and overlap(written, self._named_type)

    def only_objects(self, t: ir.TypeRef) -> bool:
        """Whether every value of ``t`` but null is an object (an alias not built yet is not
        opened: its values are not known here)."""
        built = {name: alias.type for name, alias in self.aliases.items()}
        leaves = ir.leaves(ir.without_null(t), built)
        return all(isinstance(leaf, ir.ModelRef | ir.MapT | ir.AliasRef) for leaf in leaves)

    def objects_of(self, t: ir.TypeRef, pointer: str) -> ir.TypeRef:
        """The values of ``t`` a form or multipart body carries: its objects (a value of any
        type: any object). Null and the other values have no form encoding, and a body drawn
        or typed as one could not be sent. ``t`` as it is where it holds objects only (a null
        beside them is left to the body's readers), ``NEVER``, told as skipped, where it holds
        none."""
        if self.only_objects(t):
            return t
        built = {name: alias.type for name, alias in self.aliases.items()}
        leaves = list(ir.leaves(ir.without_null(t), built))
        kept = tuple(
            dict.fromkeys(
                ir.MapT(ir.AnyT()) if isinstance(leaf, ir.AnyT) else leaf
                for leaf in leaves
                if isinstance(leaf, ir.ModelRef | ir.MapT | ir.AnyT)
            )
        )
        if not kept:
            self._skip(pointer, "a form or multipart body is an object; this schema admits none")
            return ir.NEVER
        return kept[0] if len(kept) == 1 else ir.UnionT(kept)

    def _union_of_models(self, t: ir.TypeRef) -> bool:
        """Whether ``t`` (through the aliases naming it) is a union whose members are object
        models, or unions of them."""
        found = self._unaliased(t)
        if not isinstance(found, ir.UnionT):
            return False
        return all(isinstance(m, ir.ModelRef) or self._union_of_models(m) for m in found.members)

    def _model_behind(self, t: ir.TypeRef) -> ir.TypeRef:
        """``t``, or the model it names where it is another name of one (an alias of an alias
        of a model, as ``$ref`` hops reach it)."""
        found = self._unaliased(t)
        return found if isinstance(found, ir.ModelRef) else t

    def _unaliased(self, t: ir.TypeRef) -> ir.TypeRef:
        """What ``t`` names through the aliases built so far (32 hops at most)."""
        for _ in range(32):
            if not isinstance(t, ir.AliasRef) or t.name not in self.aliases:
                break
            t = self.aliases[t.name].type
        return t

    def _resolve(self, schema: Any) -> Any:
        """``schema`` with its local ``$ref`` hops followed (None: they lead nowhere)."""
        try:
            return follow_refs(self.doc, "", schema)[1]
        except (KeyError, IndexError, ValueError, TypeError):
            return None

    def _whole(self, schema: Any) -> Any:
        """``schema`` read whole: its ``$ref``s followed, its ``allOf`` members merged."""
        return merge_all_of([schema], self.doc) if isinstance(schema, Mapping) else schema

    def _unenforced(self, schema: Mapping[str, Any], pointer: str) -> None:
        """List the applicator keywords no type expresses (conditions, dependencies)."""
        for keyword, reason in UNENFORCED.items():
            if keyword in schema:
                self._skip(f"{pointer}/{keyword}", reason)

    def _skip(self, pointer: str, reason: str) -> ir.TypeRef:
        self.skip(pointer, reason)
        return ir.AnyT()

    def skip(self, pointer: str, reason: str) -> None:
        """Record that what is at ``pointer`` is not generated exactly, and why."""
        self.skipped.append(ir.Skip(pointer, reason))


# the JSON types of Python values, as `type` names them ("integer" inside "number")
_JSON_TYPES: tuple[tuple[type | tuple[type, ...], frozenset[str]], ...] = (
    (bool, frozenset({"boolean"})),
    (int, frozenset({"integer", "number"})),
    (float, frozenset({"number"})),
    (str, frozenset({"string"})),
    (dict, frozenset({"object"})),
    (list, frozenset({"array"})),
    (type(None), frozenset({"null"})),
)


def _format_type(fmt: Any) -> str | None:
    """The JSON type whose values a ``format`` constrains (None: no format)."""
    if not isinstance(fmt, str):
        return None
    return "number" if fmt in NUMBER_FORMATS else "string"


def _no_value(schema: Mapping[str, Any]) -> bool:
    """Whether ``schema`` is no value's: its ``not`` accepts every value (the schema a loop's
    alternative is cut to, :mod:`generator.parse.cycles`)."""
    held = schema.get("not", False)
    return held is True or (isinstance(held, Mapping) and not held)


def _without(schema: Mapping[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k != key}


def _of_type(schema: Mapping[str, Any], values: Any) -> tuple[Any, ...]:
    """The ``enum``/``const`` values that the schema's own ``type``, lengths, bounds, step and
    pattern let through (the others can never be valid); all of those where ``type`` is absent
    or not a type name."""
    listed = tuple(v for v in values if _own_keywords_take(schema, v))
    given = schema.get("type")
    types = {given} if isinstance(given, str) else set(given) if isinstance(given, list) else None
    if types is None or not all(isinstance(t, str) for t in types):
        return listed  # (an empty list, types no value has, keeps none)
    kept = []
    for value in listed:
        names = next((n for kind, n in _JSON_TYPES if isinstance(value, kind)), frozenset())
        integral = isinstance(value, float) and value.is_integer() and "integer" in types
        if names & types or integral or (value is None and schema.get("nullable") is True):
            kept.append(value)
    return tuple(kept)


def _own_keywords_take(schema: Mapping[str, Any], value: Any) -> bool:
    """Whether the length, bound, step and pattern keywords beside an ``enum`` take ``value``
    (each applies to its own kind of value only)."""
    if isinstance(value, str):
        low, high = int_or_none(schema.get("minLength")), int_or_none(schema.get("maxLength"))
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            return False
        pattern = schema.get("pattern")
        try:
            return not isinstance(pattern, str) or ecma.searcher(pattern)(value)
        except ecma.PatternError:  # the pattern problems say so: the value is not judged here
            return True
    if not isinstance(value, int | float) or isinstance(value, bool):
        return True
    bounds = bounds_of(schema)
    step = bounds.multiple_of
    return bounds.holds(value) and (step is None or is_multiple(value, step))


def bounds_of(s: Mapping[str, Any]) -> ir.Bounds:
    """A schema's numeric bounds, 3.0's boolean ``exclusiveMinimum``/``exclusiveMaximum`` and
    3.1's numbers read alike."""

    def num(key: str) -> int | float | None:
        value = s.get(key)
        return value if isinstance(value, int | float) and not isinstance(value, bool) else None

    ge, le = num("minimum"), num("maximum")
    gt, lt = num("exclusiveMinimum"), num("exclusiveMaximum")
    if s.get("exclusiveMinimum") is True:
        ge, gt = None, ge
    if s.get("exclusiveMaximum") is True:
        le, lt = None, le
    step = num("multipleOf")  # not above 0: the spec is invalid, the keyword left out
    return ir.Bounds(ge=ge, gt=gt, le=le, lt=lt, multiple_of=step if step and step > 0 else None)
