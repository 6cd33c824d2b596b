"""The context of ``strategies.py``: one function per schema and operation, and its lookup tables.

The expressions come from :mod:`generator.render.strategies`; this module names the functions
of bodies, responses and requests and builds ``SCHEMAS``, ``REQUESTS`` and ``RESPONSES``.
"""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.facts import typefacts
from generator.facts.styles import (
    may_be_blank,
    object_fields,
    only_blank,
    read_as_none,
    spread_emptied,
    spread_taken,
    spread_unread,
    taken_names,
    unwritable_fields,
    unwritten,
    writable,
    written,
)
from generator.render import strategies as strat
from generator.render.client import body_kind
from generator.render.literals import pyrepr
from generator.render.suite.index import WHERE, operation_base, primary, webhook_bodies

# how plain text is drawn in each location (see strategies.Scope)
_TEXT = {"path": "path_text", "query": "st.text", "header": "header_text", "cookie": "cookie_text"}


_SAFE = {"header": "header_safe", "cookie": "cookie_safe"}
# where a parameter's style may be exploded `form` (a path's and a header's never is)
_SPREAD = frozenset({"query", "cookie"})


def _form_expr(api: ir.Api, body: ir.Body, expr: str) -> str:
    """The values of a urlencoded body's strategy ``expr`` that its fields' styles write."""
    if unwritable_fields(api, body):
        # a required field whose style writes none of its values (a list in deepObject
        # style): no body is sent, and `cases.sendable` skips the operation's tests
        return "st.nothing()"
    # a field written in a style has no text for a null or nested item (a field sent as
    # JSON text holds any value; one in deepObject style nests objects)
    texts = tuple(e.wire for e in body.encoding if e.content_type)
    deep = tuple(e.wire for e in body.encoding if e.style == "deepObject")
    # objects these fields' types declare nothing to gather back by
    spread = _spread_fields(api, body)
    more = f", deep={pyrepr(deep)}" if deep else ""
    more += f", spread={pyrepr(spread)}" if spread else ""
    return f"{expr}.filter(form_fields({pyrepr(texts)}{more}))"


def _spread_fields(api: ir.Api, body: ir.Body) -> tuple[str, ...]:
    """The fields of a urlencoded body whose objects are read as no value
    (:func:`~generator.facts.styles.spread_unread`)."""
    fields = object_fields(api, body.type) or {}
    return tuple(
        e.wire
        for e in body.encoding
        if not e.content_type
        and e.wire in fields
        and spread_unread(api, fields[e.wire], e.style, e.explode)
    )


def _param_expr(
    s: strat.Strategies, param: ir.Param, scope: strat.Scope, taken: frozenset[str]
) -> str:
    expr = _written_expr(s, param, scope)
    clash = None
    if param.location in _SPREAD and expr != "st.nothing()":
        clash = spread_taken(s.api, param.type, param.style, param.explode, taken)
    if clash is True:
        # every object holds a property whose pair another parameter (``taken``) takes
        if typefacts.json_types(s.api, param.type) <= {"object", "null"}:
            return "st.nothing()"
        expr = f"{expr}.filter(no_object)"
    elif clash is False:
        if (
            param.required
            and spread_emptied(s.api, param.type, taken)
            and typefacts.json_types(s.api, param.type) <= {"object", "null"}
        ):
            return "st.nothing()"  # the objects kept apart are empty: none is written
        expr = f"{expr}.filter(keys_apart({pyrepr(sorted(taken))}))"
    pointer = typefacts.param_pointer(s.api, param)
    if expr != "st.nothing()" and pointer in s.lossy and not _named_at(s.api, param.type, pointer):
        # a `oneOf` whose members share values, or a constraint the IR left out: the spec's
        # validator picks the values, as a body's (a named schema's own function does already)
        expr = f"checked({expr}, {pyrepr(pointer)})"
    return expr


def _named_at(api: ir.Api, t: ir.TypeRef, pointer: str) -> bool:
    """Whether ``t`` is the named schema at ``pointer``."""
    return isinstance(t, ir.ModelRef | ir.EnumRef | ir.AliasRef) and (
        api.named[t.name].pointer == pointer
    )


def _written_expr(s: strat.Strategies, param: ir.Param, scope: strat.Scope) -> str:
    # what the style writes: a deepObject's objects only (of a schema taking other values too)
    t = written(s.api, param.type, param.style)
    if not writable(s.api, t, param.style):
        # every value needs an item the style has no text for (a required list inside an
        # object), or is empty, which is no value at all: it is never sent (a required one:
        # no request can be, and `cases.sendable` skips the operation's tests)
        return "st.nothing()"
    blank = read_as_none(param)
    if blank and only_blank(s.api, t):
        # its only values are the empty text, which a server may read as no value: never sent
        return "st.nothing()"
    expr = s.expr(t, scope)
    if param.location == "path":
        # an empty text, no value, an empty list or object: no segment to send (a string's
        # own strategy draws none in a path)
        if not isinstance(t, ir.StringT):
            expr = f"{expr}.filter(segment)"
    elif param.required and {"array", "object"} & typefacts.json_types(s.api, t):
        # an empty list or object is sent as no value at all (no path segment, no query
        # pair, no header): a required parameter is drawn with something in it
        expr = f"{expr}.filter(filled)"
    if blank and may_be_blank(s.api, t, param.style, param.explode):
        # sent as the empty text, it may be read as no value (a header, a cookie, a query
        # parameter without `allowEmptyValue: true`): a valid request never sends it so
        expr = f"{expr}.filter(unblank)"
    if unwritten(s.api, t, param.style):
        # a null item, or a list or object inside one, has no text in a style: not sent
        expr = f"{expr}.filter({_STYLED.get(param.style, 'styled')})"
    if param.location in _SPREAD and spread_unread(s.api, t, param.style, param.explode):
        # an object spread into pairs of its own names, which its type declares nothing to
        # gather back by: read as no value (where every value is such an object, as of a
        # `oneOf` of objects, none is sent at all, as where no value has text)
        if typefacts.json_types(s.api, t) <= {"object", "null"}:
            return "st.nothing()"
        expr = f"{expr}.filter(no_object)"
    if param.location in _SAFE and not _drawn_carried(s.api, t):
        # a model's texts, an object's keys, any JSON value: drawn of any script
        expr = f"{expr}.filter({_SAFE[param.location]})"
    return expr


# the predicate of the values a style writes (`_support.styled` for the others)
_STYLED = {"deepObject": "deep_styled"}


def _drawn_carried(api: ir.Api, t: ir.TypeRef, seen: frozenset[str] = frozenset()) -> bool:
    """Whether a header's or cookie's value of ``t`` is drawn only of text it carries as it
    is (see strategies.Scope): strings, enums, consts and scalars, in lists and unions of
    them, aliases followed (one in a cycle is drawn by its function: not in place)."""
    if isinstance(t, ir.AliasRef):
        return t.name not in seen and _drawn_carried(api, api.alias(t.name).type, seen | {t.name})
    if isinstance(t, ir.ArrayT | ir.UnionT):
        return all(_drawn_carried(api, child, seen) for child in ir.children(t))
    return isinstance(
        t, ir.StringT | ir.LiteralT | ir.EnumRef | ir.IntT | ir.NumberT | ir.BoolT | ir.NullT
    )


def _request(s: strat.Strategies, op: ir.Operation, body: str | None) -> str:
    parts: dict[str, str] = {}
    for location, key in WHERE.items():
        params = [p for p in op.params if p.location == location]
        scope = strat.Scope(text=_TEXT[location])
        exprs = {
            p.wire: _param_expr(s, p, scope, taken_names(s.api, (o for o in params if o is not p)))
            for p in params
        }
        required = {p.wire: exprs[p.wire] for p in params if p.required}
        optional = {p.wire: exprs[p.wire] for p in params if not p.required}
        text = f"st.fixed_dictionaries({strat.dict_expr(required)}"
        parts[key] = text + (f", optional={strat.dict_expr(optional)})" if optional else ")")
    if body is None or op.body is None:
        return f"st.fixed_dictionaries({strat.dict_expr(parts)})"
    if op.body.required:
        return f"st.fixed_dictionaries({strat.dict_expr({**parts, 'body': body + '()'})})"
    return f"st.fixed_dictionaries({strat.dict_expr(parts)}, optional={{'body': {body}()}})"


def strategy_context(api: ir.Api) -> dict[str, Any]:
    """Functions and lookup tables of ``strategies.py``."""
    s = strat.Strategies(api)
    functions = [s.function(item) for item in api.named.values()]
    schemas = {pointer: s.functions[item.name] for pointer, item in sorted(primary(api).items())}
    requests: list[tuple[str, str]] = []
    responses: list[tuple[tuple[str, str], str]] = []
    for op in api.operations:
        base = operation_base(op)
        body = None
        if op.body is not None:
            body = s.claim(base + "_body")
            # a form or multipart body of null has no encoding: it is never sent as one
            written = op.body.kind in ("form", "multipart")
            expr = s.expr(ir.without_null(op.body.type) if written else op.body.type)
            if op.body.pointer in s.lossy:
                expr = f"checked({expr}, {pyrepr(op.body.pointer)})"
            if op.body.kind == "form":
                expr = _form_expr(s.api, op.body, expr)
            doc = f"Request bodies of `{op.operation_id}`."
            values = body
            if body_kind(op.body) == "binary":
                # sent as it is (the client takes bytes or a file); the schema's own tests
                # draw its JSON values
                functions.append(strat.Function(body, "Any", "st.binary()", doc))
                values = s.claim(base + "_body_values")
                doc = f"JSON values of the request body schema of `{op.operation_id}`."
            functions.append(strat.Function(values, "Any", expr, doc))
            schemas.setdefault(op.body.pointer, values)
        for r in op.responses:
            name = s.claim(f"{base}_response_{r.status}")
            pointer = typefacts.response_pointer(r)
            expr = _response_expr(s, r, pointer)
            doc = f"Bodies of the `{r.status}` response of `{op.operation_id}`."
            functions.append(strat.Function(name, "Any", expr, doc))
            responses.append(((op.operation_id, r.status), name))
            if pointer is not None:
                schemas.setdefault(pointer, name)
        name = s.claim(base + "_request")
        doc = f"Requests of `{op.operation_id}` ({op.method.upper()} {op.path})."
        functions.append(strat.Function(name, "dict[str, Any]", _request(s, op, body), doc))
        requests.append((op.operation_id, name))
    for hook, hook_body in webhook_bodies(api):  # payloads the API sends: parsed, not sent
        name = s.claim(hook.name.removeprefix("parse_") + "_payload")
        expr = s.expr(hook_body.type)
        if hook_body.pointer in s.lossy:
            expr = f"checked({expr}, {pyrepr(hook_body.pointer)})"
        doc = f"Payloads at `{hook_body.pointer}`."
        functions.append(strat.Function(name, "Any", expr, doc))
        schemas.setdefault(hook_body.pointer, name)
    # a schema the builder merged (allOf) may sit at a pointer the document does not
    # have: it is drawn inside its parent, but has no entry of its own
    kept = sorted((p, f) for p, f in schemas.items() if s.resolves(p))
    return {
        "functions": functions,
        "schemas": kept,
        "requests": requests,
        "responses": responses,
        # the schemas whose values the validator checks, with what the models do not read,
        # and those holding one of them
        "checked": {
            p: sorted(set(s.lossy.get(p, []) or s.holding_lossy[p]))
            for p, _ in kept
            if p in s.lossy or p in s.holding_lossy
        },
        "checked_params": typefacts.checked_params(api, s.lossy, s.holding_lossy),
    }


def _response_expr(s: strat.Strategies, r: ir.Response, pointer: str | None) -> str:
    if r.type is None:
        if r.content_type is None:
            return "st.none()"
        return "st.text()" if r.kind in ("text", "event_stream") else "st.binary()"
    expr = s.expr(r.type)
    return f"checked({expr}, {pyrepr(pointer)})" if pointer in s.lossy else expr
