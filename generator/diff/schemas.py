"""Compare two schemas structurally, in the direction their values travel.

Both documents are walked together, following local ``$ref``s. Each pair of schema
locations is compared once per operation and direction, which both removes duplicates
(two fields sharing one component) and stops recursive schemas from recursing forever.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from generator.diff.assertions import assertion_changes
from generator.diff.discriminators import tag_changes
from generator.diff.document import Doc, Sameness
from generator.diff.merge import Conjunction
from generator.diff.rules import Direction, Sink, Subject, value_rule
from generator.diff.shapes import Alt, Shape, Shaper, enum_values, match_alts
from generator.diff.unions import only_shares_with, overlap, within
from generator.diff.values import canon, limit_changes, show, shown, type_kind, written
from generator.diff.wire import text_change
from generator.openapi import escape_pointer_token, resolve_local
from generator.openapi.alike import alike
from generator.openapi.applying import marks
from generator.records import record


@record
class Where:
    """Where a schema sits, for rule ids and messages."""

    direction: Direction
    subject: Subject
    label: str  # "request body", "query parameter `limit`", "response 200 body"
    field: str = ""  # "messages[].content"
    # the values travel as text a schema reads back (a parameter or header serialised by its
    # style, each field and item too), not as JSON: see generator.diff.wire
    text: bool = False

    def describe(self) -> str:
        """The thing a message names, e.g. ``request body field `messages[].role```."""
        return f"{self.label} field `{self.field}`" if self.field else self.label

    def prop(self, name: str) -> Where:
        """The location of property ``name`` of this object."""
        subject: Subject = self.subject if self.subject in ("parameter", "header") else "property"
        return replace(self, subject=subject, field=f"{self.field}.{name}" if self.field else name)

    def items(self) -> Where:
        """The location of the items of this array."""
        return replace(self, field=f"{self.field}[]")

    def within(self, label: str) -> Where:
        """The location of a schema an assertion of this one holds (``(contains)``)."""
        return replace(self, field=f"{self.field}({label})")


class SchemaComparer:
    """Compares schemas of one operation and reports changes into a sink."""

    def __init__(
        self,
        old: Doc,
        new: Doc,
        same: Sameness,
        sink: Sink,
        operation: str | None,
        *,
        scope: str = "",
    ) -> None:
        self.old, self.new = old, new
        self._old_shapes, self._new_shapes = Shaper(old), Shaper(new)
        self._same = same
        self._sink = sink
        self._operation = operation
        self._scope = scope  # what every message starts with: the callback compared
        self._seen: set[tuple[object, ...]] = set()

    def emit(
        self, rule: str, message: str, old: str | None, new: str | None, where: Where | None = None
    ) -> None:
        """Record a change of this operation; ``message`` starts with what ``where`` names."""
        context = self._scope + where.describe() if where is not None else None
        message = self._scope + message
        assert context is None or message.startswith(context), (message, context)
        self._sink.add(rule, message, operation=self._operation, old=old, new=new, context=context)

    def _value(
        self, where: Where, kind: str, message: str, old: str | None, new: str | None
    ) -> None:
        self.emit(value_rule(where.direction, where.subject, kind), message, old, new, where)

    def compare(
        self, old_node: Any, old_ptr: str, new_node: Any, new_ptr: str, where: Where
    ) -> None:
        """Compare two schema nodes (either may be a ``$ref``)."""
        old_schema, old_at = self.old.mapping(old_node, old_ptr)
        new_schema, new_at = self.new.mapping(new_node, new_ptr)
        key = (_memo_pointer(old_node, old_ptr, old_at), _memo_pointer(new_node, new_ptr, new_at))
        if (*key, where.direction) in self._seen:
            return
        self._seen.add((*key, where.direction))
        if self._same.same(old_node, new_node):
            return
        self._default(old_schema, old_at, new_schema, new_at, where)
        for kind, detail in tag_changes(old_schema, new_schema):
            at = ("/discriminator" if "discriminator" in old_schema else "", "/discriminator")
            self._value(where, kind, f"{where.describe()} {detail}", old_at + at[0], new_at + at[1])
        old_shape = self._old_shapes.shape(old_node, old_ptr)
        new_shape = self._new_shapes.shape(new_node, new_ptr)
        if _admits_nothing(old_shape) != _admits_nothing(new_shape):
            if _admits_nothing(new_shape):
                kind, text = "no-value-valid", f"{where.describe()} admits no value any more"
            else:
                kind, text = (
                    "values-valid",
                    f"{where.describe()} admits values, where it admitted none",
                )
            self._value(where, kind, text, old_at, new_at)
            return
        self._nullable(old_shape, old_at, new_shape, new_at, where)
        self._exclusivity(old_shape, new_shape, old_at, new_at, where)
        pairs, removed, added = match_alts(
            old_shape.alts, new_shape.alts, lambda a, b: self._same.same(a.schema, b.schema)
        )
        for alt in removed:
            text = f"{where.describe()} no longer allows {alt.name}"
            self._value(where, "union-member-removed", text, alt.pointer, new_at)
        kept = [new_alt for _, new_alt in pairs]
        for alt in added:
            self._member_added(alt, kept, old_at, where)
        for old_alt, new_alt in pairs:
            self._compare_alt(old_alt, new_alt, where)

    def compare_defaults(
        self, old_node: Any, old_ptr: str, new_node: Any, new_ptr: str, where: Where
    ) -> None:
        """Compare only the defaults of two schema nodes (their values are judged apart)."""
        old_schema, old_at = self.old.mapping(old_node, old_ptr)
        new_schema, new_at = self.new.mapping(new_node, new_ptr)
        self._default(old_schema, old_at, new_schema, new_at, where)

    def _member_added(self, alt: Alt, kept: list[Alt], old_at: str, where: Where) -> None:
        """A union member added: new values, unless it is written alike one kept."""
        text = f"{where.describe()} now also allows {alt.name}"
        twin = self._twin(alt, kept)
        if twin is None:
            self._subset_added(alt, kept, old_at, where, text)
            return
        text += f", written alike {twin.name}"
        if not (twin.member and twin.member[1] == "oneOf"):
            kind = "any-of-twin-added"
        elif self._twin(twin, [k for k in kept if k is not twin]) is not None:
            # what both accept matched two members already: no value of it was valid
            kind = "one-of-twin-of-twins-added"
            text += " and another member"
        else:
            kind = "one-of-twin-added"
        self._value(where, kind, text, old_at, alt.pointer)

    def _subset_added(
        self, alt: Alt, kept: list[Alt], old_at: str, where: Where, text: str
    ) -> None:
        """A member added that is no twin: one within a kept member (:func:`within`)
        admits no new value, and in a ``oneOf`` refuses what both accept, surely so when it
        shares no value with the other members; one a kept member is within, in a
        ``oneOf``, refuses what that member alone accepted; any other admits new values."""
        keyword = alt.member[1] if alt.member else None
        fellows = [k for k in kept if k.member and k.member[1] == keyword]
        outer = next((k for k in fellows if within(alt, k)), None)
        if outer is not None:
            text += f", within {outer.name}"
            sure = keyword == "oneOf" and only_shares_with(alt, outer, kept)
            kind = "one-of-subset-added" if sure else "subset-member-added"
            self._value(where, kind, text, old_at, alt.pointer)
            return
        inner = next((k for k in fellows if within(k, alt)), None)
        if keyword == "oneOf" and inner is not None and only_shares_with(inner, inner, kept):
            # what the kept member accepts, and it alone did, matches two
            text += f", which takes all {inner.name} takes"
            self._value(where, "one-of-superset-added", text, old_at, alt.pointer)
            return
        self._value(where, "union-member-added", text, old_at, alt.pointer)

    def _exclusivity(self, old: Shape, new: Shape, old_at: str, new_at: str, where: Where) -> None:
        """``anyOf`` made ``oneOf`` refuses a value two members accept; ``oneOf`` made
        ``anyOf`` takes one: told when two members surely share a value, warned of when
        they may, silent when their types never meet."""
        before = {a.member[1] for a in old.alts if a.member}
        after = {a.member[1] for a in new.alts if a.member}
        if len(before) != 1 or len(after) != 1 or before == after:
            return
        found = overlap(new.alts)
        if found == "none":
            return
        was, now = before.pop(), after.pop()
        text = f"{where.describe()} is now {now} rather than {was}"
        if found == "sure":
            kind = "union-became-exclusive" if now == "oneOf" else "union-became-inclusive"
            text += ", and two of its members accept a value both"
        else:
            kind = "union-exclusivity-changed"
        self._value(where, kind, text, old_at, new_at)

    def _twin(self, alt: Alt, kept: list[Alt]) -> Alt | None:
        """The member of ``kept`` that ``alt`` is written alike (:func:`alike`), from the
        same ``oneOf`` or ``anyOf``: then ``alt`` admits no value that one did not."""
        if alt.member is None:
            return None
        (node, keyword), root = alt.member, self.new.root
        for other in kept:
            if other.member is not None and other.member[1] == keyword:
                if alike(node, other.member[0], lambda ref: resolve_local(root, ref)[1]):
                    return other
        return None

    def _default(
        self, old: Mapping[str, Any], old_at: str, new: Mapping[str, Any], new_at: str, where: Where
    ) -> None:
        what = where.describe()
        if "default" in old and "default" in new:
            if canon(old["default"]) != canon(new["default"]):
                text = f"{what} default changed from {show(old['default'])} to "
                text += show(new["default"])
                self._value(
                    where, "default-changed", text, old_at + "/default", new_at + "/default"
                )
        elif "default" in old:
            text = f"{what} no longer defaults to {show(old['default'])}"
            self._value(where, "default-removed", text, old_at + "/default", new_at)
        elif "default" in new:
            text = f"{what} now defaults to {show(new['default'])}"
            self._value(where, "default-added", text, old_at, new_at + "/default")

    def _nullable(self, old: Shape, old_at: str, new: Shape, new_at: str, where: Where) -> None:
        if old.nullable and not new.nullable:
            text = f"{where.describe()} is no longer nullable"
            self._value(where, "nullable-removed", text, old_at, new_at)
        elif new.nullable and not old.nullable:
            self._value(
                where, "nullable-added", f"{where.describe()} is now nullable", old_at, new_at
            )

    def _compare_alt(self, old: Alt, new: Alt, where: Where) -> None:
        places = (tuple(sorted(old.origins.values())), tuple(sorted(new.origins.values())))
        key = (old.pointer, old.type, new.pointer, new.type, *places, where.direction, "alt")
        if key in self._seen:
            return
        self._seen.add(key)
        if where.text and (read := text_change(old, new)) is not None:
            kind, why = read
            verb = kind.removeprefix("type-")
            text = f"{where.describe()} type {verb} from {old.type} to {new.type} ({why})"
            self._value(where, kind, text, old.pointer, new.pointer)
            return
        if old.type != new.type and _follows_format(old, new):
            text = (
                f"{where.describe()} type changed from string to {new.type}, as its format "
                f"`{old.schema.get('format')}` said"
            )
            self._value(where, "type-follows-format", text, old.pointer, new.pointer)
            return
        if old.type != new.type:
            kind = type_kind(old.type, new.type)
            verb = kind.removeprefix("type-")
            text = f"{where.describe()} type {verb} from {old.type or 'any'} to {new.type or 'any'}"
            self._value(where, kind, text, old.pointer, new.pointer)
            if {old.type, new.type} != {"integer", "number"}:
                return
        self._enum(old, new, where)
        self._limits(old, new, where)
        self._assertions(old, new, where)
        for keyword, rule in _TEXT_KEYWORDS.items():
            self._text_keyword(old, new, where, keyword, rule)
        if old.type == new.type == "object" or (old.properties and new.properties):
            self._object(old, new, where)
        if old.type == new.type == "array":
            old_items, old_at = old.child("items")
            new_items, new_at = new.child("items")
            self.compare(old_items, old_at, new_items, new_at, where.items())

    def _enum(self, old: Alt, new: Alt, where: Where) -> None:
        old_values, new_values = enum_values(old.schema), enum_values(new.schema)
        if old_values is None and new_values is None:
            return
        old_key = "const" if "const" in old.schema else "enum"
        new_key = "const" if "const" in new.schema else "enum"
        old_at, new_at = f"{old.at(old_key)}/{old_key}", f"{new.at(new_key)}/{new_key}"
        what = where.describe()
        if old_values is None:
            shown = ", ".join(sorted(canon(v) for v in new_values or ()))
            self._value(
                where, "enum-added", f"{what} is now limited to {shown}", old.pointer, new_at
            )
            return
        if new_values is None:
            text = f"{what} is no longer limited to an enum"
            self._value(where, "enum-removed", text, old_at, new.pointer)
            return
        old_set, new_set = {canon(v) for v in old_values}, {canon(v) for v in new_values}
        for value in sorted(old_set - new_set):
            text = f"{what} enum value {value} was removed"
            self._value(where, "enum-value-removed", text, old_at, new_at)
        for value in sorted(new_set - old_set):
            self._value(
                where, "enum-value-added", f"{what} enum value {value} was added", old_at, new_at
            )

    def _limits(self, old: Alt, new: Alt, where: Where) -> None:
        for kind, detail, keyword in limit_changes(old.schema, old.type, new.schema, new.type):
            text = f"{where.describe()} {detail}"
            self._value(where, kind, text, old.at(keyword), new.at(keyword))

    def _assertions(self, old: Alt, new: Alt, where: Where) -> None:
        found, nested = assertion_changes(old.schema, new.schema)
        for kind, detail, keyword, key in found:
            old_at, new_at = _under(old, keyword, key), _under(new, keyword, key)
            self._value(where, kind, f"{where.describe()} {detail}", old_at, new_at)
        for inner in nested:
            old_at = f"{old.at(inner.keyword)}/{inner.keyword}{inner.tail}"
            new_at = f"{new.at(inner.keyword)}/{inner.keyword}{inner.tail}"
            self.compare(inner.old, old_at, inner.new, new_at, where.within(inner.label))

    def _text_keyword(self, old: Alt, new: Alt, where: Where, keyword: str, rule: str) -> None:
        a, b = written(old.schema, keyword), written(new.schema, keyword)
        if a == b:
            return
        what = where.describe()
        if a < b:
            kind, text = "added", f"{what} now has {keyword} {shown(b - a)}"
        elif b < a:
            kind, text = "removed", f"{what} no longer has {keyword} {shown(a - b)}"
        else:
            kind, text = "changed", f"{what} {keyword} changed from {shown(a)} to {shown(b)}"
        old_at = old.at(keyword) + (f"/{keyword}" if keyword in old.schema else "")
        new_at = new.at(keyword) + (f"/{keyword}" if keyword in new.schema else "")
        self._value(where, f"{rule}-{kind}", text, old_at, new_at)

    def _object(self, old: Alt, new: Alt, where: Where) -> None:
        old_props = self._visible(self.old, old, where.direction)
        new_props = self._visible(self.new, new, where.direction)
        for name in sorted(old_props.keys() | new_props.keys()):
            field = where.prop(name)
            if name not in new_props:
                kept = new.properties.get(name)  # declared still, marked not to travel so
                new_at = new.pointer if kept is None else kept[1]
                marked = kept is not None
                self._property_gone(
                    name in old.required, old_props[name][1], new_at, field, marked=marked
                )
            elif name not in old_props:
                kept = old.properties.get(name)
                old_at = old.pointer if kept is None else kept[1]
                marked = kept is not None
                self._property_new(new, old_at, new_props[name][1], field, name, marked=marked)
            else:
                (old_node, old_at), (new_node, new_at) = old_props[name], new_props[name]
                self._required(
                    field, (name in old.required, old_at), (name in new.required, new_at)
                )
                self.compare(old_node, old_at, new_node, new_at, field)
        self._undeclared(old, new, where)
        self._additional(old, new, where)

    def _visible(self, doc: Doc, alt: Alt, direction: Direction) -> dict[str, tuple[Any, str]]:
        """Properties that travel in this direction (readOnly ones are never sent, writeOnly
        ones never answered): marked by any schema applying to them (:func:`marks`)."""
        hidden = (_MARK[direction],)
        return {
            name: (node, at)
            for name, (node, at) in alt.properties.items()
            if not marks(doc.root, node, hidden)
        }

    def _property_gone(
        self, required: bool, old_at: str, new_at: str, field: Where, *, marked: bool = False
    ) -> None:
        """A property that no longer travels this way: removed, or (``marked``) still declared
        but now marked ``readOnly`` (never sent) or ``writeOnly`` (never answered)."""
        # a client reading a response copes with an optional field's absence already
        rule = f"{field.direction}-property-removed"
        if field.direction == "response" and required:
            rule += "-required"
        text = f"{field.describe()} was removed"
        if marked:
            text = (
                f"{field.describe()} is now {_MARK[field.direction]}: it is no longer in "
                f"{field.direction}s"
            )
        self.emit(rule, text, old_at, new_at, field)

    def _property_new(
        self, new: Alt, old_at: str, new_at: str, field: Where, name: str, *, marked: bool = False
    ) -> None:
        """A property that now travels this way: added, or (``marked``) declared before but
        marked then not to travel so."""
        added = "was added"
        if marked:
            added = f"is no longer {_MARK[field.direction]}: it is now in {field.direction}s"
        if field.direction == "request" and name in new.required:
            text = f"{field.describe()} {added} and is required"
            self.emit("request-property-added-required", text, old_at, new_at, field)
        else:
            rule = f"{field.direction}-property-added"
            self.emit(rule, f"{field.describe()} {added}", old_at, new_at, field)

    def _required(self, field: Where, old: tuple[bool, str], new: tuple[bool, str]) -> None:
        (was, old_at), (now, new_at) = old, new
        if was == now:
            return
        kind = "became-required" if now else "became-optional"
        text = f"{field.describe()} is now {'required' if now else 'optional'}"
        self.emit(f"{field.direction}-property-{kind}", text, old_at, new_at, field)

    def _undeclared(self, old: Alt, new: Alt, where: Where) -> None:
        """A name ``required`` lists with no property declaring it is required all the same:
        a value without it is refused (its property's own changes are told above)."""
        old_at = old.at("required") + ("/required" if "required" in old.schema else "")
        new_at = new.at("required") + ("/required" if "required" in new.schema else "")
        for name in sorted(old.required ^ new.required):
            if name in new.properties or (name in old.properties and name in old.required):
                continue
            now = name in new.required
            self._required(where.prop(name), (not now, old_at), (now, new_at))

    def _additional(self, old: Alt, new: Alt, where: Where) -> None:
        (a, old_at), (b, new_at) = (
            old.child("additionalProperties"),
            new.child("additionalProperties"),
        )
        what = where.describe()
        if a is not False and b is False:
            text = f"{what} no longer allows extra fields"
            self._value(where, "additional-properties-disallowed", text, old_at, new_at)
        elif a is False and b is not False:
            text = f"{what} now allows extra fields"
            self._value(where, "additional-properties-allowed", text, old_at, new_at)
        elif isinstance(a, Mapping) or isinstance(b, Mapping):
            a_node = a if isinstance(a, Mapping) else {}
            b_node = b if isinstance(b, Mapping) else {}
            self.compare(a_node, old_at, b_node, new_at, where.prop("*"))


def _under(alt: Alt, keyword: str, key: str | None) -> str:
    """The place of ``keyword`` in ``alt`` (of ``key`` under it, when it holds one), or the
    place of the schema when it has none."""
    value = alt.schema.get(keyword)
    if value is None:
        return alt.at(keyword)
    at = f"{alt.at(keyword)}/{keyword}"
    if key is not None and isinstance(value, Mapping) and key in value:
        at += "/" + escape_pointer_token(key)
    return at


def _admits_nothing(shape: Shape) -> bool:
    """No value is valid (a ``false`` schema, types an ``allOf`` shares none of)."""
    return not shape.nullable and not shape.alts


def _memo_pointer(node: Any, pointer: str, resolved: str) -> str:
    """The pointer a node is memoised under: its target, unless siblings change the target
    (a conjunction of declarations: all their places)."""
    if isinstance(node, Conjunction):
        return node.key
    if isinstance(node, Mapping) and "$ref" in node and len(node) > 1:
        return pointer
    return resolved


# the mark that keeps a property from travelling each way (never sent, never answered)
_MARK = {"request": "readOnly", "response": "writeOnly"}


# the keywords of a string read as text (a pattern, a format, what its text encodes: JSON
# Schema's `contentEncoding` and `contentMediaType`), by the rule a change of each is named by
_TEXT_KEYWORDS = {
    "pattern": "pattern",
    "format": "format",
    "contentEncoding": "content-encoding",
    "contentMediaType": "content-media-type",
}


# string formats that name a number written as text, and the JSON type they name
_NUMERIC_FORMATS = {
    "integer": "integer",
    "int32": "integer",
    "int64": "integer",
    "number": "number",
    "float": "number",
    "double": "number",
    "decimal": "number",
}


def _follows_format(old: Alt, new: Alt) -> bool:
    """A string whose format named a number became that number: the spec now says what the
    format said (``type: string, format: int64`` -> ``type: integer``)."""
    named = _NUMERIC_FORMATS.get(str(old.schema.get("format")))
    return old.type == "string" and named is not None and new.type in (named, "number")
