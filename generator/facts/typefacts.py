"""Facts about IR types that the strategies, the shapes, the stubs, the mock and conformance share.

What JSON types a type may take, which named schemas reach themselves, the inclusive range
of numeric bounds, whether a spec's default fits its type, where a response's schema is.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Literal, assert_never

from generator import ir
from generator.openapi import base_media_type, parameter_schema, pointer_of

INT_FORMATS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
# the largest magnitude of `format: float`, a 32-bit float: a server reading one refuses more
FLOAT_MAX = 3.4028234663852886e38
JSON_TYPES = ("null", "boolean", "integer", "number", "string", "array", "object")


def int_range(bounds: ir.Bounds, fmt: str | None = None) -> tuple[int | None, int | None]:
    """The inclusive integer range of ``bounds`` (exclusive and fractional bounds folded in)."""
    lows = [math.ceil(bounds.ge)] if bounds.ge is not None else []
    lows += [math.floor(bounds.gt) + 1] if bounds.gt is not None else []
    highs = [math.floor(bounds.le)] if bounds.le is not None else []
    highs += [math.ceil(bounds.lt) - 1] if bounds.lt is not None else []
    if fmt in INT_FORMATS:
        lows.append(INT_FORMATS[fmt][0])
        highs.append(INT_FORMATS[fmt][1])
    return (max(lows) if lows else None, min(highs) if highs else None)


def float_range(
    bounds: ir.Bounds, fmt: str | None = None
) -> tuple[int | float | None, bool, int | float | None, bool]:
    """(low, low is exclusive, high, high is exclusive): the stricter of each pair; with
    ``fmt``, within what its format holds too (``float``: a 32-bit float's range; ``int32``,
    ``int64``: theirs, which a number's integers must keep, as the format checker of 3.0
    asserts; its fractions too, which it leaves alone, so the draws are a part of the
    values)."""
    low, low_x = bounds.ge, False
    if bounds.gt is not None and (low is None or bounds.gt >= low):
        low, low_x = bounds.gt, True
    high, high_x = bounds.le, False
    if bounds.lt is not None and (high is None or bounds.lt <= high):
        high, high_x = bounds.lt, True
    limits = (-FLOAT_MAX, FLOAT_MAX) if fmt == "float" else INT_FORMATS.get(fmt or "")
    if limits is not None:
        least, most = _as_float(limits[0], high=False), _as_float(limits[1], high=True)
        if low is None or low < least:
            low, low_x = least, False
        if high is None or high > most:
            high, high_x = most, False
    return low, low_x, high, high_x


def _as_float(limit: int | float, *, high: bool) -> int | float:
    """``limit`` where a float holds it exactly, else the nearest float within it (2**63 - 1,
    int64's highest, is no float: a bound of floats drawn must be one)."""
    near = float(limit)
    if near == limit:
        return limit
    if (near > limit) if high else (near < limit):
        near = math.nextafter(near, -math.inf if high else math.inf)
    return near


def json_types(api: ir.Api, t: ir.TypeRef, seen: frozenset[str] = frozenset()) -> frozenset[str]:
    """The JSON types ``t`` may take (``number`` covers non-integral numbers only)."""
    match t:
        case ir.EnumRef():
            base = api.enum(t.name).base
            return frozenset({base.replace("str", "string").replace("int", "integer")})
        case ir.LiteralT():
            return frozenset(ir.json_type(v) for v in t.values)
        case ir.AnyT() if t.values:  # an enum of arrays or objects: the types of its values
            return frozenset(ir.json_type(v) for v in t.values)
        case ir.AliasRef():
            if t.name in seen:
                return frozenset(JSON_TYPES)
            return json_types(api, api.alias(t.name).type, seen | {t.name})
        case ir.UnionT():
            return frozenset().union(*(json_types(api, m, seen) for m in t.members))
        case _:
            own = ir.own_json_types(t)
            return frozenset(JSON_TYPES) if own is None else own


EventData = Literal["json", "text", "json_or_text"]


def event_data(api: ir.Api, t: ir.TypeRef) -> EventData:
    """How the ``data`` of a server-sent event of type ``t`` reads: as JSON (the schema admits
    no string), as text (it admits only strings), or as JSON when it parses to a value of a
    non-string type the schema admits and as text otherwise (it admits both)."""
    types = json_types(api, t)
    if "string" not in types:
        return "json"
    return "text" if types == {"string"} else "json_or_text"


def json_by_range(api: ir.Api, response: ir.Response) -> bool:
    """True when a response documented under a media range that admits JSON (``*/*``,
    ``application/*``) has a structured schema (one that admits a value other than a
    string): an answer that is JSON is read as JSON."""
    t = response.type
    media = base_media_type(response.content_type)
    if t is None or isinstance(t, ir.AnyT) or media not in ("*/*", "application/*"):
        return False
    return bool(json_types(api, t) - {"string"})


def extra_prefix(model: ir.Model) -> str:
    """A prefix no declared property of ``model`` starts with: undeclared ones get it."""
    prefix = "x-"
    while any(f.wire.startswith(prefix) for f in model.fields):
        prefix += "-"
    return prefix


def extra_keys(model: ir.Model) -> list[str]:
    """The undeclared properties drawn for ``model`` when it allows them: one, or as many
    as its ``minProperties`` needs beyond the declared ones."""
    count = max(1, (model.min_properties or 0) - len(model.fields))
    first = extra_prefix(model) + "extra"
    return [first, *(f"{first}{i}" for i in range(1, count))]


def clashing_names(model: ir.Model) -> tuple[str, ...]:
    """The undeclared properties ``model`` keeps that pydantic could take for declared ones:
    the Python name of each property whose wire name differs (``name`` beside ``Name``), where
    the model allows undeclared properties and no declared one is named so on the wire.

    Read by the wire names only, such a property is an undeclared one, but pydantic counts its
    name among the fields set: the model's class notes that it holds one, and the runtime reads
    the data again exactly (``_wire``); the strategies draw these names among the undeclared
    properties."""
    if model.extra is None:
        return ()
    wires = {f.wire for f in model.fields}
    return tuple(f.name for f in model.fields if f.name != f.wire and f.name not in wires)


def response_pointer(response: ir.Response) -> str | None:
    """The pointer of a response's schema (None when it has none)."""
    if response.type is None or response.content_type is None:
        return None
    return response.pointer + pointer_of(("content", response.content_type, "schema"))


# documented response headers never judged: OpenAPI ignores a documented Content-Type, and
# HTTP's framing belongs to the transport (a proxy or compression may change it)
_UNJUDGED_HEADERS = frozenset({"content-type", "content-length", "transfer-encoding"})


def judged_headers(response: ir.Response) -> tuple[ir.Header, ...]:
    """The headers a response documents that an answer is judged by."""
    return tuple(h for h in response.headers if h.wire.lower() not in _UNJUDGED_HEADERS)


def header_pointer(response: ir.Response, header: ir.Header) -> str:
    """The pointer of a response header's schema (through the ``$ref`` a response or header
    may be; a header documented by ``content`` has none there, and so accepts any value)."""
    return response.pointer + pointer_of(("headers", header.wire, "schema"))


def param_pointer(api: ir.Api, param: ir.Param) -> str:
    """The pointer of a parameter's schema, where its type was read (``""``: one the builder
    did not read from the spec)."""
    if not param.pointer:
        return ""
    known: dict[str, str] = api.derived.setdefault("param_pointer", {})
    found = known.get(param.pointer)
    if found is None:
        found = known[param.pointer] = parameter_schema(api.schema_document, param.pointer)
    return found


def lossy(api: ir.Api, resolves: Callable[[str], bool]) -> dict[str, list[str]]:
    """Pointers of the schemas whose IR lost a constraint the spec has (see ``Api.skipped``),
    each with what it lost, in words.

    Each skipped keyword belongs to the innermost named, body, response or parameter schema
    holding it whose pointer names a node of the spec (a schema merged from ``allOf`` may sit
    at a pointer the document does not have); that schema's strategy is filtered by the
    spec's own validator, so it stays valid.
    """
    owners = [item.pointer for item in api.named.values()]
    for op in api.operations:
        owners += [op.body.pointer] if op.body is not None else []
        owners += [p for p in map(response_pointer, op.responses) if p is not None]
        owners += [p for p in (param_pointer(api, param) for param in op.params) if p]
    owners += [h.body.pointer for h in api.webhooks if h.body is not None]
    held = {p for p in owners if resolves(p)}
    found: dict[str, list[str]] = {}
    counted = "a `oneOf` whose members may share a value"
    for pointer, reason in [
        *((s.pointer, s.reason) for s in api.skipped),
        *((p, counted) for p in sorted(api.counted)),
    ]:
        owner = _innermost(pointer, held)
        if owner is not None:
            found.setdefault(owner, []).append(reason)
    return found


def holding_lossy(api: ir.Api, found: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The schemas holding, at any depth, a named schema of ``found`` (:func:`lossy`'s) that
    are not in it themselves (named, body, response, webhook and parameter schemas), each with
    what the nearest one it holds lost, in words: where that one admits no value, a value of
    them may need one of it (a required property, an array's first item), so their tests can
    find no valid value either and must say why."""
    if not found:
        return {}
    pointers = {name: item.pointer for name, item in api.named.items()}
    nearest = _nearest_lossy(api, {n for n, p in pointers.items() if p in found})

    def said(name: str) -> list[str]:
        inside = pointers[nearest[name]]
        return [f"`#{inside}` inside it: {reason}" for reason in found[inside]]

    held = {pointers[name]: said(name) for name in nearest if pointers[name] not in found}
    tops = [(op.body.pointer, op.body.type) for op in api.operations if op.body is not None]
    tops += [(h.body.pointer, h.body.type) for h in api.webhooks if h.body is not None]
    tops += [
        (pointer, response.type)
        for op in api.operations
        for response in op.responses
        if (pointer := response_pointer(response)) is not None and response.type is not None
    ]
    tops += [
        (pointer, param.type)
        for op in api.operations
        for param in op.params
        if (pointer := param_pointer(api, param))
    ]
    for pointer, t in tops:
        reached = next((r.name for r in ir.named_refs(t) if r.name in nearest), None)
        if reached is not None and pointer not in found and pointer not in held:
            held[pointer] = said(reached)
    return held


def checked_params(
    api: ir.Api, found: Mapping[str, list[str]], held: Mapping[str, list[str]]
) -> dict[str, list[str]]:
    """The parameter schemas whose values a draw from the IR may not make valid, by pointer,
    with what the IR does not express of them in words: those of :func:`lossy`'s ``found``
    (a ``oneOf`` whose members may share a value, a constraint left out) and those holding
    one (:func:`holding_lossy`'s ``held``). The spec's validator picks their values."""
    out: dict[str, list[str]] = {}
    for op in api.operations:
        for param in op.params:
            pointer = param_pointer(api, param)
            reasons = found.get(pointer) or held.get(pointer)
            if reasons:
                out[pointer] = sorted(set(reasons))
    return out


def _nearest_lossy(api: ir.Api, lossy_names: set[str]) -> dict[str, str]:
    """For each named schema that is or holds one of ``lossy_names``: the nearest of them."""
    holders: dict[str, set[str]] = {}
    for name in api.named:
        for inner in references(api, name):
            holders.setdefault(inner, set()).add(name)
    nearest = {name: name for name in lossy_names}
    queue = sorted(lossy_names)
    for name in queue:  # breadth first, so each holder keeps its nearest
        for holder in sorted(holders.get(name, ())):
            if holder not in nearest:
                nearest[holder] = nearest[name]
                queue.append(holder)
    return nearest


def _innermost(pointer: str, owners: set[str]) -> str | None:
    # the longest of ``owners`` that is ``pointer`` or a path above it
    end = len(pointer)
    while end >= 0:
        if pointer[:end] in owners:
            return pointer[:end]
        end = pointer.rfind("/", 0, end)
    return None


def fixed_values(api: ir.Api, t: ir.TypeRef) -> tuple[Any, ...] | None:
    """The values of a literal or an enum (None for any other type)."""
    if isinstance(t, ir.LiteralT):
        return t.values
    if isinstance(t, ir.EnumRef):
        return tuple(m.value for m in api.enum(t.name).members)
    return None


def references(api: ir.Api, name: str) -> set[str]:
    """The named types ``name``'s definition refers to (its fields, extras, alias value)."""
    item = api.named[name]
    if isinstance(item, ir.Model):
        types = [f.type for f in item.fields] + ([item.extra] if item.extra is not None else [])
    elif isinstance(item, ir.Alias):
        types = [item.type]
    else:
        types = []
    return {r.name for t in types for r in ir.named_refs(t)}


def cycles(api: ir.Api) -> dict[str, frozenset[str]]:
    """For each named schema that reaches itself: the names in its cycle."""
    edges = {name: references(api, name) for name in api.named}
    found: dict[str, frozenset[str]] = {}
    for component in strongly_connected(edges):
        if len(component) > 1 or any(name in edges[name] for name in component):
            found.update(dict.fromkeys(component, component))  # a loop, or naming itself
    return {name: found[name] for name in edges if name in found}


def strongly_connected(edges: Mapping[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of a graph (Tarjan's, with a stack of its own: a
    chain of named schemas is as long as the spec makes it)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[frozenset[str]] = []
    for root, targets in edges.items():
        if root in index:
            continue
        work = [(root, iter(sorted(targets)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next((c for c in children if c in edges), None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.add(member)
                    if member == node:
                        break
                components.append(frozenset(members))
    return components


def accepts(api: ir.Api, t: ir.TypeRef, value: Any) -> bool:
    """A cheap check that a spec's default fits its type (JSON type, members, bounds, lengths)."""
    kind = ir.json_type(value)  # values come parsed from JSON or YAML (dates stay text)
    match t:
        case ir.UnionT():
            return any(accepts(api, m, value) for m in t.members)
        case ir.AliasRef():
            return accepts(api, api.alias(t.name).type, value)
        case ir.LiteralT() | ir.EnumRef():
            fixed = fixed_values(api, t) or ()
            return any(v == value and type(v) is type(value) for v in fixed)
        case ir.IntT() | ir.NumberT():
            return _in_bounds(t, kind, value)
        case ir.StringT():
            return kind == "string" and _counted(len(value), t.min_length, t.max_length)
        case ir.ModelRef():
            return kind == "object" and _fits_model(api, api.model(t.name), value)
        case ir.ArrayT():
            return (
                kind == "array"
                and _counted(len(value), t.min_items, t.max_items)
                and all(accepts(api, t.items, item) for item in value)
            )
        case ir.MapT():
            return (
                kind == "object"
                and _counted(len(value), t.min_properties, t.max_properties)
                and all(accepts(api, t.values, item) for item in value.values())
            )
        case ir.AnyT():
            return True
        case ir.NullT() | ir.BoolT():
            return kind == t.kind  # these kinds are named as their JSON type
        case _:
            assert_never(t)


def _in_bounds(t: ir.IntT | ir.NumberT, kind: str, value: Any) -> bool:
    integral = kind == "integer" or (kind == "number" and float(value).is_integer())
    if kind not in ("integer", "number") or (isinstance(t, ir.IntT) and not integral):
        return False
    return t.bounds.holds(value)


def _counted(size: int, low: int | None, high: int | None) -> bool:
    return (low or 0) <= size and (high is None or size <= high)


def _fits_model(api: ir.Api, model: ir.Model, value: dict[str, Any]) -> bool:
    """Every required field present, every property accepted (declared ones by their type)."""
    fields = {f.wire: f for f in model.fields}
    if any(f.required and f.wire not in value for f in model.fields):
        return False
    if not _counted(len(value), model.min_properties, model.max_properties):
        return False
    for key, item in value.items():
        declared = fields.get(key)
        target = declared.type if declared is not None else model.extra
        if target is None or not accepts(api, target, item):
            return False
    return True


def holds_model(api: ir.Api, t: ir.TypeRef) -> bool:
    """Whether a value of ``t`` may hold a model instance (aliases followed, models not entered)."""
    if isinstance(t, ir.ModelRef):
        return True
    if isinstance(t, ir.AliasRef):
        return holds_model(api, api.alias(t.name).type)
    return any(holds_model(api, child) for child in ir.children(t))


def applied_default(api: ir.Api, field: ir.Field) -> ir.Default | None:
    """The spec's default of ``field`` when the model can apply it: it fits the type, and a
    value holding an object is either of a model (built from it) or of no model at all."""
    default = field.default
    if default is None or not accepts(api, field.type, default.value):
        return None
    value = default.value
    if not isinstance(value, dict | list) or value == [] or not holds_model(api, field.type):
        return default
    target = ir.without_null(field.type)
    return default if isinstance(target, ir.ModelRef) and isinstance(value, dict) else None
