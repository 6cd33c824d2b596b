"""TypeRef -> the Hypothesis strategy expression that draws wire-format JSON values for it.

The expressions are rendered into ``<package>_tests/strategies.py``, whose helpers come from
``<package>_tests/_support.py`` (``templates/tests/static/_support.py``). Spec values only ever
reach the expressions through :func:`~generator.render.literals.pyrepr`.

Recursion: the named schemas that reach themselves (through models, aliases and unions) get
a ``depth`` parameter; a reference inside the same cycle draws from ``depth - 1`` and, at
depth 0, from ``st.nothing()``, which Hypothesis prunes (an optional key is left out, a
list stays empty, a union picks another member). No ``st.deferred`` is needed.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, assert_never

from generator import ir
from generator.facts.exclusion import (
    admits_nothing,
    kept_apart,
    member_tags,
    shadowed,
    twinned,
)
from generator.facts.typefacts import (
    accepts,
    clashing_names,
    cycles,
    extra_keys,
    fixed_values,
    float_range,
    holding_lossy,
    int_range,
    json_types,
    lossy,
)
from generator.naming import RESERVED, Namespace, snake
from generator.openapi import ENCODINGS
from generator.openapi.numbers import integral_step
from generator.patterns import ecma, lengths
from generator.records import record
from generator.render.literals import pyrepr
from generator.render.pointers import resolving

# string formats with a strategy of their own in _support.FORMATS; others are plain text,
# as JSON Schema treats an unknown format as an annotation
FORMATS = frozenset(
    {
        "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname",
        "ipv4", "ipv6", "ipvanyaddress", "uri", "uri-reference", "iri", "iri-reference", "url",
        "uuid", "decimal",
        "byte", "json-pointer", "relative-json-pointer", "regex",
    }
)  # fmt: skip
RECURSIVE = "depth - 1"  # the argument of a call one level down a recursion
# items drawn beyond the minimum of an unbounded array or map (of objects or arrays: fewer)
SPREAD = 4
SPREAD_NESTED = 2
# the longest minLength a plain string is drawn for by Hypothesis's own text(); a longer one
# by the runtime's texts(), which repeats a drawn run (_support.DRAWN_RUN, held equal by a test)
DRAWN_RUN = 256
# the most items of an array (entries of a map) drawn one by one: past it, not unique, the
# runtime's long_lists() and long_maps() repeat a drawn run (_support.DRAWN_ITEMS, held equal)
DRAWN_ITEMS = 256
# names the generated strategies module defines or imports itself
MODULE_NAMES = frozenset(
    {
        "st", "cache", "Any", "Callable", "SearchStrategy", "SCHEMAS", "REQUESTS", "RESPONSES",
        "RECURSION_DEPTH", "json_values", "json_scalars", "formats", "text", "pattern",
        "multiples", "numbers",
        "unique", "tagged", "apart", "carried", "excluding", "non_integral", "exclusive", "checked",
        "header_text", "cookie_text", "path_text", "filled", "segment", "form_fields", "no_object",
        "header_safe", "cookie_safe", "multiple_of", "searches", "sized", "deep_styled", "listed",
        "depth", "counted", "positional", "holding", "texts", "unblank", "long_lists", "long_maps",
    }
)  # fmt: skip


# the text strategies whose values a header or a cookie carries as they are
_CARRIED = {"header_text": "header", "cookie_text": "cookie"}


@record(slots=True)
class Scope:
    """Where an expression is used: the cycle of the function it is in, and its text rules."""

    cycle: frozenset[str] = frozenset()
    # how plain text is drawn: header and cookie values are printable ASCII (cookies without
    # `;,"\\`), path parameters non-empty letters and digits (no segment reads as `.` or `..`)
    text: str = "st.text"


ANYWHERE = Scope()  # an expression outside any cycle, its text drawn as any text


@record(slots=True)
class Function:
    """One ``@cache``-d module-level function of the generated strategies module."""

    name: str
    returns: str  # the type drawn, e.g. ``dict[str, Any]``
    body: str  # the strategy expression
    doc: str  # plain text, rendered with the docstring filter
    recursive: bool = False  # takes ``depth``


def _call(func: str, *args: str, **kwargs: Any) -> str:
    parts = [*args, *(f"{k}={pyrepr(v)}" for k, v in kwargs.items() if v is not None)]
    return f"{func}({', '.join(parts)})"


def one_of(parts: list[str]) -> str:
    """``st.one_of`` of ``parts`` (members that draw nothing left out); a single part as it is."""
    unique = [p for p in dict.fromkeys(parts) if p != "st.nothing()"]
    if not unique:
        return "st.nothing()"
    return unique[0] if len(unique) == 1 else f"st.one_of({', '.join(unique)})"


# ---------------------------------------------------------------------------- per kind


def _integer(t: ir.IntT) -> str:
    low, high = int_range(t.bounds, t.format)
    if low is not None and high is not None and low > high:
        return "st.nothing()"
    step = t.bounds.multiple_of
    if step is not None and step > 0:  # drawn, not filtered: 1 in 10**9 integers is one of 1e-9
        return _call("multiples", pyrepr(integral_step(step)), low=low, high=high)
    return _call("st.integers", min_value=low, max_value=high)


def _number(t: ir.NumberT) -> str:
    low, low_x, high, high_x = float_range(t.bounds, t.format)
    if t.bounds.multiple_of is not None:
        return _call(
            "multiples",
            pyrepr(t.bounds.multiple_of),
            low=low,
            high=high,
            exclude_low=low_x or None,
            exclude_high=high_x or None,
        )
    return _call(
        "numbers", low=low, high=high, exclude_low=low_x or None, exclude_high=high_x or None
    )


def _string(t: ir.StringT, scope: Scope) -> str:
    sizes = {"min_size": t.min_length, "max_size": t.max_length}
    if scope.text == "path_text":  # an empty segment is no segment
        sizes["min_size"] = max(1, t.min_length or 0)
    within = _CARRIED.get(scope.text)  # a header's or cookie's characters only
    known = t.format if t.format in FORMATS else None
    encoding = t.encoding if known is None and t.encoding in ENCODINGS else None
    bounded = sizes["min_size"] is not None or sizes["max_size"] is not None
    regex = None if t.pattern is None else ecma.translate(t.pattern)
    # the other patterns a value must match: checked on what is drawn from the first
    also = tuple(ecma.translate(more) for more in t.more_patterns) or None
    if known is not None and regex is None and not bounded and within is None:
        return _call("formats", pyrepr(known))
    if known is not None or encoding is not None:
        # the constraints drawn together, checked whole (one runtime function for them all)
        media = t.media if encoding is not None else None
        found = {"format": known, "encoding": encoding, "media": media, "regex": regex}
        return _call("texts", **found, also=also, **sizes, within=within)
    if regex is not None:
        # drawn to a length by the pattern's plan (where it has one), not padded or filtered
        low, high = sizes["min_size"], sizes["max_size"]
        plan = lengths.plan(t.pattern, low, high) if bounded and t.pattern else None
        return _call("pattern", pyrepr(regex), also=also, **sizes, within=within, plan=plan)
    if scope.text == "st.text" and (sizes["min_size"] or 0) > DRAWN_RUN:
        return _call("texts", **sizes)
    return _call(scope.text, **sizes)


def _max_size(s: Strategies, items: ir.TypeRef, low: int | None, high: int | None) -> int:
    # Unbounded arrays and maps draw a few items beyond their minimum: nested collections
    # multiply, and drawing cost grows with the size of the value.
    if high is not None:
        return high
    nested = json_types(s.api, items) & {"array", "object"}
    return (low or 0) + (SPREAD_NESTED if nested else SPREAD)


def _array(s: Strategies, t: ir.ArrayT, scope: Scope) -> str:
    if t.prefix:
        return _positions(s, t, scope)
    high = _max_size(s, t.items, t.min_items, t.max_items)
    if t.min_items is not None and high < t.min_items:
        return "st.nothing()"
    items = s.expr(t.items, scope)
    if items == "st.nothing()" or admits_nothing(s.api, t.items):
        # no item to draw (Hypothesis refuses a list of `st.nothing()`): empty, if it may be
        return "st.nothing()" if t.min_items else "st.just([])"
    long = (t.min_items or 0) > DRAWN_ITEMS
    kind = "unique" if t.unique_items else "long_lists" if long else "st.lists"
    return _bottom(
        _call(kind, items, min_size=t.min_items, max_size=high), items, t.min_items, "[]"
    )


def _positions(s: Strategies, t: ir.ArrayT, scope: Scope) -> str:
    """``prefixItems``: each leading item drawn from its position's type, the rest from
    ``rest``, as many as the bounds allow (by construction, no filtering)."""
    prefix = [s.expr(p, scope) for p in t.prefix]
    rest = s.expr(t.rest, scope) if t.rest is not None else None
    if rest is not None and RECURSIVE in rest:
        rest = f"({rest} if depth else st.nothing())"
    high = t.max_items
    if high is None:
        high = max(len(prefix), t.min_items or 0) + (SPREAD_NESTED if rest is not None else 0)
    if rest is None:
        high = min(high, len(prefix))
    if t.min_items is not None and high < t.min_items:
        return "st.nothing()"
    rest_text = rest if rest is not None else "None"
    return _call(
        "positional",
        f"[{', '.join(prefix)}]",
        rest_text,
        low=t.min_items,
        high=high,
        unique=t.unique_items or None,
    )


def _map(s: Strategies, t: ir.MapT, scope: Scope) -> str:
    high = _max_size(s, t.values, t.min_properties, t.max_properties)
    if t.min_properties is not None and high < t.min_properties:
        return "st.nothing()"
    values = s.expr(t.values, scope)
    if values == "st.nothing()" or admits_nothing(s.api, t.values):
        return "st.nothing()" if t.min_properties else "st.just({})"
    sizes = {"min_size": t.min_properties, "max_size": high}
    if (t.min_properties or 0) > DRAWN_ITEMS:
        text = _call("long_maps", values, **sizes)
    else:
        text = _call("st.dictionaries", "st.text()", values, **sizes)
    return _bottom(text, values, t.min_properties, "{}")


def _bottom(text: str, inner: str, low: int | None, empty: str) -> str:
    # Hypothesis refuses a collection of `st.nothing()`: at the bottom of a recursion, and
    # where the items draw nothing there (a required property that recursion ends), the
    # collection is empty (or, when it may not be, there is none)
    if RECURSIVE not in inner:
        return text
    bottom = f"st.just({empty})" if not low else "st.nothing()"
    return f"({text} if depth and draws({inner}) else {bottom})"


def finite(api: ir.Api, t: ir.TypeRef) -> list[Any] | None:
    """The values of ``t`` when there are only a few (null, booleans, enums, constants)."""
    match t:
        case ir.NullT():
            return [None]
        case ir.BoolT():
            return [False, True]
        case ir.LiteralT() | ir.EnumRef():
            return list(fixed_values(api, t) or ())
        case ir.UnionT():
            return _finite_union(api, t)
        case (
            ir.AnyT() | ir.IntT() | ir.NumberT() | ir.StringT() | ir.ArrayT() | ir.MapT()
            | ir.ModelRef() | ir.AliasRef()
        ):  # fmt: skip
            return None
        case _:
            assert_never(t)


def _finite_union(api: ir.Api, t: ir.UnionT) -> list[Any] | None:
    found = [finite(api, m) for m in t.members]
    if any(values is None for values in found):
        return None
    keys = [(type(v), v) for values in found for v in values or ()]
    # oneOf: a value more than one member accepts is valid under none of them
    return [v for (kind, v) in dict.fromkeys(keys) if not (t.one_of and keys.count((kind, v)) > 1)]


def sampled(values: list[Any]) -> str:
    """One draw from a few values (``true`` and ``1`` kept apart); the first is the simplest."""
    unique = [v for _, v in dict.fromkeys((type(v), v) for v in values)]
    if not unique:
        return "st.nothing()"
    return (
        f"st.just({pyrepr(unique[0])})"
        if len(unique) == 1
        else f"st.sampled_from({pyrepr(unique)})"
    )


def _any(scope: Scope, *, scalars: bool = False) -> str:
    """Any JSON value (or any scalar); in a header or cookie, its texts of the characters
    one carries as they are."""
    return _call("json_scalars" if scalars else "json_values", within=_CARRIED.get(scope.text))


def _literals(values: list[Any], scope: Scope) -> str:
    """One of an enum's or a const's values; in a header or cookie, of those it carries."""
    within = _CARRIED.get(scope.text)
    if within is None:
        return sampled(values)
    unique = [v for _, v in dict.fromkeys((type(v), v) for v in values)]
    return _call("carried", pyrepr(unique), within=within)


def _listed(values: list[Any], scope: Scope) -> str:
    """One of the values an ``enum`` or a ``const`` of arrays or objects lists, each draw a
    copy of its own (a test changing the value it drew changes no other draw); in a header or
    cookie, of those it carries."""
    within = _CARRIED.get(scope.text)
    if within is not None:
        return _call("carried", pyrepr(values), within=within)
    return _call("listed", pyrepr(values))


def _union(s: Strategies, t: ir.UnionT, scope: Scope) -> str:
    values = finite(s.api, t)
    if values is not None:  # one draw instead of one per level
        return sampled(values)
    parts = [s.expr(m, scope) for m in t.members]
    if t.required:
        parts = [s.holding(m, p, t.required, scope) for m, p in zip(t.members, parts, strict=True)]
    if t.discriminator is not None:
        # the validator resolves a discriminator on objects only (null aside: `nullable`)
        parts = [
            p if isinstance(m, ir.NullT) or "object" in json_types(s.api, m) else "st.nothing()"
            for m, p in zip(t.members, parts, strict=True)
        ]
        parts = s.tag_members(t, t.discriminator, parts)
    elif t.one_of:
        parts = s.exclusive(t, parts)
    # a value of a twin matches twice, so is valid under neither: none is drawn
    twins = twinned(s.api, t)
    return one_of(["st.nothing()" if twin else p for p, twin in zip(parts, twins, strict=True)])


# ---------------------------------------------------------------------------- the module


class Strategies:
    """Strategy expressions and function names for the schemas of one API."""

    def __init__(self, api: ir.Api):
        self.api = api
        self.names = Namespace(RESERVED | MODULE_NAMES | frozenset(dir(builtins)))
        self.functions = {
            item.name: self.names.claim(snake(item.name)) for item in api.named.values()
        }
        self.cycles = cycles(api)
        # whether a pointer names a node of the spec (the validator can only check those)
        in_spec = resolving(api.schema_document)
        self.resolves: Callable[[str], bool] = lambda p: p not in api.merged and in_spec(p)
        self.lossy = lossy(api, self.resolves)
        # the schemas holding one of those: their tests may find no valid value either
        self.holding_lossy = holding_lossy(api, self.lossy)

    def claim(self, wanted: str) -> str:
        """A function name for something other than a named schema (operations, bodies)."""
        return self.names.claim(snake(wanted))

    def expr(self, t: ir.TypeRef, scope: Scope = ANYWHERE) -> str:
        """The strategy expression for ``t``."""
        match t:
            case ir.AnyT():
                return _listed(list(t.values), scope) if t.values else _any(scope)
            case ir.NullT():
                return "st.none()"
            case ir.BoolT():
                return "st.booleans()"
            case ir.IntT():
                return _integer(t)
            case ir.NumberT():
                return _number(t)
            case ir.StringT():
                return _string(t, scope)
            case ir.ArrayT():
                return _array(self, t, scope)
            case ir.MapT():
                return _map(self, t, scope)
            case ir.ModelRef() | ir.EnumRef() | ir.AliasRef():
                return self.reference(t.name, scope)
            case ir.LiteralT():
                return _literals(list(t.values), scope)
            case ir.UnionT():
                return _union(self, t, scope)
            case _:
                assert_never(t)

    def reference(self, name: str, scope: Scope) -> str:
        """A call of a named schema's function (one level deeper inside its own cycle).

        In a header or a cookie, an enum's values, an alias's and a model's are drawn in place,
        by the text rules there (the named function draws text of any script, and a filter
        keeping only what a header carries would refuse nearly every object of many texts).
        """
        func = self.functions[name]
        if scope.text in _CARRIED:
            item = self.api.named[name]
            if isinstance(item, ir.Enum):
                return _literals([m.value for m in item.members], scope)
            if not self.cycles.get(name):
                return self._body(item, Scope(text=scope.text))
        if name in scope.cycle:
            return f"({func}({RECURSIVE}) if depth else st.nothing())"
        return f"{func}()"

    def pointer_of(self, name: str) -> str:
        """The JSON pointer of a named schema."""
        return self.api.named[name].pointer

    # ------------------------------------------------------------------ named schemas

    def function(self, item: ir.Model | ir.Enum | ir.Alias) -> Function:
        """The function drawing values of a named schema."""
        scope = Scope(self.cycles.get(item.name, frozenset()))
        returns = "dict[str, Any]" if isinstance(item, ir.Model) else "Any"
        doc = f"{item.title or item.name}: values of `#{item.pointer}`."
        body = self._body(item, scope)
        return Function(self.functions[item.name], returns, body, doc, bool(scope.cycle))

    def _body(self, item: ir.Model | ir.Enum | ir.Alias, scope: Scope) -> str:
        """The strategy expression drawing a named schema's values, in ``scope``."""
        if isinstance(item, ir.Model):
            body = self._model(item, scope)
        elif isinstance(item, ir.Enum):
            body = sampled([m.value for m in item.members])
        else:
            body = self.expr(item.type, scope)
        if item.pointer in self.lossy:
            # a request view's values are a request's: checked as the validator checks one
            writing = True if item.name in self.api.inputs else None
            body = _call("checked", body, pyrepr(item.pointer), writing=writing)
        return body

    def _model(self, model: ir.Model, scope: Scope) -> str:
        required = {f.wire: self._field(f, scope) for f in model.fields if f.required}
        optional = {f.wire: self._field(f, scope) for f in model.fields if not f.required}
        if model.extra is not None:
            # Undeclared properties under names no declared one can have (one, or as many as
            # minProperties needs): the model keeps any undeclared name the same way, and an
            # entry costs less than random names. Beside them, the Python names of declared
            # ones named otherwise on the wire, which pydantic could take for those.
            extra = self.expr(model.extra, scope)
            if extra == _any(scope):
                extra = _any(scope, scalars=True)
            for key in [*extra_keys(model), *clashing_names(model)]:
                optional[key] = extra
        if model.min_properties is not None or model.max_properties is not None:
            # as many optional properties as the bounds leave room for, by construction
            return _call(
                "counted",
                dict_expr(required),
                dict_expr(optional),
                low=model.min_properties,
                high=model.max_properties,
            )
        text = "st.fixed_dictionaries(" + dict_expr(required)
        return text + (f", optional={dict_expr(optional)})" if optional else ")")

    def _field(self, field: ir.Field, scope: Scope) -> str:
        text = self.expr(field.type, scope)
        if field.default is None or not accepts(self.api, field.type, field.default.value):
            return text
        values = finite(self.api, field.type)
        if values is not None:  # the default first: the value shrinking ends at
            return sampled([field.default.value, *values])
        return one_of([f"st.just({pyrepr(field.default.value)})", text])

    # ------------------------------------------------------------------ unions

    def holding(self, member: ir.TypeRef, part: str, names: tuple[str, ...], scope: Scope) -> str:
        """A member's values with the properties ``names`` an object must have (``required``
        beside ``anyOf``/``oneOf``): a model's drawn as required, other objects filtered."""
        if "object" not in json_types(self.api, member):
            return part
        if not isinstance(member, ir.ModelRef):
            return _call("holding", part, pyrepr(names))
        model = self.api.model(member.name)
        fields = [replace(f, required=True) if f.wire in names else f for f in model.fields]
        for wire in names:
            if any(f.wire == wire for f in fields):
                continue
            if model.extra is None:
                return "st.nothing()"  # required, yet the model allows no such property
            fields.append(ir.Field(name=wire, wire=wire, type=model.extra, required=True))
        return self._model(replace(model, fields=tuple(fields)), scope)

    def tag_members(self, t: ir.UnionT, d: ir.Discriminator, parts: list[str]) -> list[str]:
        """Members whose tag property is not already one of their tags get one set: only a
        tag its own schema takes (:func:`generator.facts.exclusion.member_tags`); a member
        that takes none is not drawn, for none of its values is read as it."""
        out = list(parts)
        for index, tags in enumerate(member_tags(self.api, t, d)):
            if tags is None:
                continue
            if not tags:
                out[index] = "st.nothing()"
                continue
            member = t.members[index]
            assert isinstance(member, ir.ModelRef)
            wire = {f.wire: f for f in self.api.model(member.name).fields}.get(d.property)
            fixed = (
                fixed_values(self.api, wire.type) if wire is not None and wire.required else None
            )
            if fixed is None or not set(fixed) <= set(tags):
                out[index] = _call("tagged", parts[index], pyrepr(d.property), pyrepr(tags))
        return out

    def exclusive(self, t: ir.UnionT, parts: list[str]) -> list[str]:
        """``oneOf``: keep each member's values out of the members they overlap.

        A member another one accepts whole (an integer beside an unbounded number, an
        object beside ``{type: object}``) matches twice and is left out; the number member
        draws non-integral values only. Open objects get properties the others refuse
        (see :mod:`generator.facts.exclusion`).
        Named members (objects, aliases) are kept apart by the spec's own validator, where
        their pointer names a node of the spec (not a schema merged from ``allOf``).
        """
        members = t.members
        types = [json_types(self.api, m) for m in members]
        out = list(parts)
        apart = kept_apart(self.api, t)  # as the coverage cases get them
        for i, member in enumerate(members):
            others = [members[j] for j in range(len(members)) if j != i and types[i] & types[j]]
            values = [v for other in others for v in fixed_values(self.api, other) or ()]
            named = [o for o in others if isinstance(o, ir.ModelRef | ir.AliasRef)]
            if shadowed(self.api, member, others):  # another member takes all its values
                out[i] = "st.nothing()"
                continue
            if isinstance(member, ir.NumberT) and any(isinstance(o, ir.IntT) for o in others):
                out[i] = f"non_integral({out[i]})"
            if values and isinstance(member, ir.StringT | ir.IntT | ir.NumberT):
                out[i] = _call("excluding", out[i], pyrepr(values))
            if apart[i]:
                out[i] = _call("apart", out[i], pyrepr(apart[i]))
            if named and isinstance(member, ir.ModelRef | ir.AliasRef):
                pointers = [self.pointer_of(o.name) for o in named]
                pointers = [p for p in pointers if self.resolves(p)]
                own = self.pointer_of(member.name)
                if pointers:  # given up on for the whole `oneOf`: the member named beside
                    own_ = own if self.resolves(own) else None
                    out[i] = _call("exclusive", out[i], pyrepr(pointers), own=own_)
        return out


def dict_expr(entries: Mapping[str, str]) -> str:
    return "{" + ", ".join(f"{pyrepr(k)}: {v}" for k, v in entries.items()) + "}"
