"""Context and rendering for templates/tests/: strategies, coverage cases, property tests, stubs.

The generated test package (``<package>_tests/`` beside the package) holds:

- ``strategies.py``: one Hypothesis strategy per schema (see :mod:`generator.render.strategies`)
  and the lookup tables ``SCHEMAS``, ``REQUESTS``, ``RESPONSES``;
- ``cases.py``: compact per-schema data (``SHAPES``, rendered with ``pyrepr``) from which
  ``_cases.py`` derives deterministic coverage cases and near-miss mutations;
- ``validation.py`` and ``schema.json``: the spec's own schemas and an independent validator;
- ``adapters.py``: how each schema's values go through the generated models;
- ``test_*.py``: the property tests and one readable stub per operation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import jinja2

from generator import ir
from generator.build.operations import is_json
from generator.naming import Namespace, snake, words
from generator.render import strategies as strat
from generator.render.client import credential_keywords
from generator.render.data import json_text
from generator.render.literals import pyrepr
from generator.render.types import hint

Shape = dict[str, Any]
# where each parameter location goes in a request of ``strategies.REQUESTS``
WHERE = {"path": "path", "query": "query", "header": "headers", "cookie": "cookies"}
# how plain text is drawn in each location (see strategies.Scope)
_TEXT = {"path": "path_text", "query": "st.text", "header": "header_text", "cookie": "cookie_text"}


def tests_folder(api: ir.Api) -> str:
    """The folder beside the package that holds its generated tests."""
    return f"{api.package}_tests"


# ---------------------------------------------------------------------------- strategies


def primary(api: ir.Api) -> dict[str, ir.Model | ir.Enum | ir.Alias]:
    """The named schema that stands for each pointer.

    A model reaching a ``readOnly`` property has a request-only twin at the same pointer;
    the full model (more fields, shorter name) stands for the pointer.
    """
    out: dict[str, ir.Model | ir.Enum | ir.Alias] = {}
    for item in api.named.values():
        rank = (len(item.fields) if isinstance(item, ir.Model) else 0, -len(item.name))
        held = out.get(item.pointer)
        if held is None or rank > (
            len(held.fields) if isinstance(held, ir.Model) else 0,
            -len(held.name),
        ):
            out[item.pointer] = item
    return out


def inline_schemas(api: ir.Api) -> dict[str, ir.TypeRef]:
    """The type of every request body and response schema, by pointer (the first use wins)."""
    out: dict[str, ir.TypeRef] = {}
    for op in api.operations:
        if op.body is not None:
            out.setdefault(op.body.pointer, op.body.type)
        for r in op.responses:
            pointer = strat.response_pointer(r)
            if pointer is not None and r.type is not None:
                out.setdefault(pointer, r.type)
    return out


def operation_base(op: ir.Operation) -> str:
    """The stem of an operation's function and file names: its client path, snake_cased."""
    return snake(" ".join((*op.group, op.name)))


def _request(s: strat.Strategies, op: ir.Operation, body: str | None) -> str:
    parts: dict[str, str] = {}
    for location, key in WHERE.items():
        params = [p for p in op.params if p.location == location]
        scope = strat.Scope(text=_TEXT[location])
        required = {p.wire: s.expr(p.type, scope) for p in params if p.required}
        optional = {p.wire: s.expr(p.type, scope) for p in params if not p.required}
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
            expr = s.expr(op.body.type)
            if op.body.pointer in s.lossy:
                expr = f"checked({expr}, {pyrepr(op.body.pointer)})"
            functions.append(
                strat.Function(body, "Any", expr, f"Request bodies of `{op.operation_id}`.")
            )
            schemas.setdefault(op.body.pointer, body)
        for r in op.responses:
            name = s.claim(f"{base}_response_{r.status}")
            pointer = strat.response_pointer(r)
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
    # a schema the builder merged (allOf) may sit at a pointer the document does not
    # have: it is drawn inside its parent, but has no entry of its own
    kept = sorted((p, f) for p, f in schemas.items() if resolves(api.schema_document, p))
    return {
        "functions": functions,
        "schemas": kept,
        "requests": requests,
        "responses": responses,
    }


def same_as(api: ir.Api, pointers: set[str]) -> dict[str, str]:
    """Body and response schemas that are only a reference to a named schema: to its pointer."""
    named = primary(api)
    out: dict[str, str] = {}
    for pointer, t in inline_schemas(api).items():
        if not isinstance(t, ir.ModelRef | ir.EnumRef | ir.AliasRef):
            continue
        target = api.named[t.name].pointer
        if target != pointer and target in pointers and named.get(target) is api.named[t.name]:
            out[pointer] = target
    return dict(sorted(out.items()))


def _response_expr(s: strat.Strategies, r: ir.Response, pointer: str | None) -> str:
    if r.type is None:
        if r.content_type is None:
            return "st.none()"
        return "st.text()" if r.content_type.startswith("text/") else "st.binary()"
    expr = s.expr(r.type)
    return f"checked({expr}, {pyrepr(pointer)})" if pointer in s.lossy else expr


# ---------------------------------------------------------------------------- shapes


def _numeric(t: ir.IntT | ir.NumberT) -> Shape:
    b = t.bounds
    found = {
        "ge": b.ge,
        "gt": b.gt,
        "le": b.le,
        "lt": b.lt,
        "multiple_of": b.multiple_of,
        "format": t.format,
    }
    return {"kind": t.kind, **{k: v for k, v in found.items() if v is not None}}


def _union_shape(api: ir.Api, t: ir.UnionT) -> Shape:
    shape: Shape = {
        "kind": "union",
        "members": [shape_of(api, m) for m in t.members],
        "one_of": t.one_of,
    }
    if t.discriminator is not None:
        positions = [i for i, m in enumerate(t.members) if not isinstance(m, ir.NullT)]
        tags: dict[str, list[str]] = {}
        for value, position in t.discriminator.mapping:
            tags.setdefault(str(positions[position]), []).append(value)
        shape.update(discriminator=t.discriminator.property, tags=tags)
    return shape


def _drop_none(kind: str, **found: Any) -> Shape:
    return {"kind": kind, **{k: v for k, v in found.items() if v is not None and v is not False}}


SHAPES: Mapping[ir.Kind, Callable[[ir.Api, Any], Shape]] = {
    "any": lambda api, t: {"kind": "any"},
    "null": lambda api, t: {"kind": "null"},
    "boolean": lambda api, t: {"kind": "boolean"},
    "integer": lambda api, t: _numeric(t),
    "number": lambda api, t: _numeric(t),
    "string": lambda api, t: _drop_none(
        "string",
        min_length=t.min_length,
        max_length=t.max_length,
        pattern=t.pattern,
        format=t.format,
    ),
    "array": lambda api, t: _drop_none(
        "array",
        items=shape_of(api, t.items),
        min_items=t.min_items,
        max_items=t.max_items,
        unique=t.unique_items,
    ),
    "map": lambda api, t: _drop_none(
        "map",
        values=shape_of(api, t.values),
        min_properties=t.min_properties,
        max_properties=t.max_properties,
    ),
    "model": lambda api, t: {"kind": "ref", "name": t.name},
    "enum": lambda api, t: {"kind": "ref", "name": t.name},
    "alias": lambda api, t: {"kind": "ref", "name": t.name},
    "literal": lambda api, t: {"kind": "literal", "values": list(t.values)},
    "union": _union_shape,
}


def shape_of(api: ir.Api, t: ir.TypeRef) -> Shape:
    """Compact data describing ``t`` for the coverage and mutation helpers (``_cases.py``)."""
    return SHAPES[t.kind](api, t)


def named_shape(api: ir.Api, item: ir.Model | ir.Enum | ir.Alias) -> Shape:
    """The shape of a named schema: an object's fields, an enum's values, an alias's type."""
    if isinstance(item, ir.Enum):
        return {
            "kind": "literal",
            "values": [m.value for m in item.members] + ([None] if item.nullable else []),
        }
    if isinstance(item, ir.Alias):
        return shape_of(api, item.type)
    fields = []
    for f in item.fields:
        field: Shape = {"wire": f.wire, "type": shape_of(api, f.type), "required": f.required}
        if f.default is not None and strat.accepts(api, f.type, f.default.value):
            field["default"] = f.default.value
        fields.append(field)
    extra = shape_of(api, item.extra) if item.extra is not None else None
    return {
        "kind": "object",
        "fields": fields,
        "extra": extra,
        "extra_prefix": strat.extra_prefix(item),
    }


def cases_context(api: ir.Api, schemas: list[tuple[str, str]]) -> dict[str, Any]:
    """``NAMED`` (shapes by schema name) and ``SHAPES`` (by pointer) for ``cases.py``."""
    named = {item.name: named_shape(api, item) for item in api.named.values()}
    by_pointer: dict[str, Shape] = {
        p: {"kind": "ref", "name": item.name} for p, item in primary(api).items()
    }
    for pointer, t in inline_schemas(api).items():
        by_pointer.setdefault(pointer, shape_of(api, t))
    wanted = {p for p, _ in schemas}
    parameters = {
        op.operation_id: [
            [WHERE[p.location], p.wire, _param_shape(api, p)] for p in op.params if p.required
        ]
        for op in api.operations
    }
    bodies = {
        op.operation_id: op.body.pointer
        for op in api.operations
        if op.body is not None and op.body.required
    }
    return {
        "named": dict(sorted(named.items())),
        "shapes": {p: by_pointer[p] for p in sorted(wanted)},
        "same_as": same_as(api, wanted),
        "parameters": parameters,
        "bodies": bodies,
    }


def _param_shape(api: ir.Api, param: ir.Param) -> Shape:
    shape = shape_of(api, param.type)
    if param.location == "path" and shape["kind"] == "string":  # a path segment is never empty
        shape["min_length"] = max(1, shape.get("min_length", 0))
    return shape


# ---------------------------------------------------------------------------- spec data


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _step(doc: Any, node: Any, token: str) -> Any:
    # one token down, through a `$ref` on the way (`requestBody: {$ref: ...}`): the builder's
    # pointers name where a schema is used, which may be behind a reference
    for _ in range(32):
        if not (
            isinstance(node, Mapping) and token not in node and isinstance(node.get("$ref"), str)
        ):
            break
        node = _lookup(doc, node["$ref"].removeprefix("#"))
    return node[int(token)] if isinstance(node, list) else node[token]


def _lookup(doc: Any, pointer: str) -> Any:
    node = doc
    for token in _tokens(pointer):
        node = _step(doc, node, token)
    return node


def resolves(doc: Any, pointer: str) -> bool:
    """True when ``pointer`` names a node of ``doc`` (through ``$ref``s on the way)."""
    try:
        _lookup(doc, pointer)
    except (KeyError, IndexError, ValueError, TypeError, RecursionError):
        return False
    return True


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            yield ref[1:]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _place(out: dict[str, Any], doc: Any, tokens: list[str]) -> None:
    # copy the node at ``tokens`` from ``doc`` into ``out``, at the same place; an array on
    # the way is copied whole (its indices must stay what the pointer says)
    target: Any = out
    source: Any = doc
    for depth, token in enumerate(tokens):
        source = _step(doc, source, token)
        if depth == len(tokens) - 1 or isinstance(source, list):
            target[token] = source
            return
        target = target.setdefault(token, {})
        if not isinstance(target, dict):  # inside an array copied whole already
            return


def spec_subset(api: ir.Api, pointers: list[str]) -> dict[str, Any]:
    """The parts of the spec that the schemas at ``pointers`` need, at their own pointers."""
    doc = api.schema_document
    out: dict[str, Any] = {}
    todo = list(pointers)
    done: set[str] = set()
    while todo:
        pointer = todo.pop()
        if pointer in done:
            continue
        done.add(pointer)
        try:
            node = _lookup(doc, pointer)
        except (KeyError, IndexError, ValueError, TypeError):
            continue  # a dangling ref: the validator reports it
        _place(out, doc, _tokens(pointer))
        todo.extend(_refs(node))
    return out


def spec_json(api: ir.Api, pointers: list[str]) -> str:
    """``schema.json``: JSON text, so no spec string ever becomes code (one schema a line)."""
    return json_text(spec_subset(api, pointers), lines=3)


# ---------------------------------------------------------------------------- models


def adapters_context(api: ir.Api, schemas: list[tuple[str, str]]) -> dict[str, Any]:
    """For each pointer: the model class (``from_dict``/``to_dict``) or a type annotation."""
    named = primary(api)
    types = inline_schemas(api)
    models: list[tuple[str, str]] = []
    adapters: list[tuple[str, str]] = []
    for pointer, _ in schemas:
        item = named.get(pointer)
        target = types.get(pointer)
        if isinstance(item, ir.Model):
            models.append((pointer, item.name))
        elif item is not None:
            nullable = isinstance(item, ir.Enum) and item.nullable
            adapters.append((pointer, f"{item.name} | None" if nullable else item.name))
        elif isinstance(target, ir.ModelRef):
            models.append((pointer, target.name))
        elif target is not None:
            adapters.append((pointer, hint(target)))
    exports = sorted(i.name for i in api.named.values())
    return {"models": models, "adapters": adapters, "exports": exports}


# ---------------------------------------------------------------------------- operations

_DEFAULT_STYLES = {
    "path": ("simple", False),
    "query": ("form", True),
    "header": ("simple", False),
    "cookie": ("form", True),
}


def status_code(status: str, documented: list[str]) -> int:
    """A concrete status to serve for a documented one (``4XX`` -> 400, ``default`` -> 599)."""
    if status.isdigit():
        return int(status)
    taken = {int(s) for s in documented if s.isdigit()}
    is_range = status[:1].isdigit() and status[1:].upper() == "XX"
    code, step = (int(status[0]) * 100, 1) if is_range else (599, -1)
    while code in taken:
        code += step
    return code


def _response_kind(r: ir.Response) -> str:
    if r.content_type is None:
        return "empty"
    if r.streaming:
        return "sse"
    if is_json(r.content_type):
        return "json" if r.type is not None else "text"
    return "text" if r.content_type.startswith("text/") else "binary"


def _body_kind(body: ir.Body) -> str:
    media = body.content_type.split(";")[0].strip().lower()
    if is_json(media):
        return "json"
    if media.startswith("multipart/"):
        return "multipart"
    return {"application/x-www-form-urlencoded": "form", "text/plain": "text"}.get(media, "binary")


def _operation(op: ir.Operation, known: set[str]) -> dict[str, Any]:
    documented = [r.status for r in op.responses]
    responses = []
    for r in op.responses:
        model = r.type.name if isinstance(r.type, ir.ModelRef) else None
        code = status_code(r.status, documented)
        entry = {
            "code": code,
            "pointer": strat.response_pointer(r),
            "kind": _response_kind(r),
            "model": model,
        }
        responses.append((r.status, entry))
    security = [alt for alt in op.security if set(alt) <= known]
    styled = [p for p in op.params if (p.style, p.explode) != _DEFAULT_STYLES[p.location]]
    return {
        "operation_id": op.operation_id,
        "method": op.method.upper(),
        "path": op.path,
        "call": [*op.group, op.name],
        "params": [((p.location, p.wire), p.name) for p in op.params],
        "required": [(p.location, p.wire) for p in op.params if p.required],
        "styles": [((p.location, p.wire), p.style) for p in styled],
        "body": op.body.pointer if op.body is not None else None,
        "body_kind": _body_kind(op.body) if op.body is not None else None,
        "content_type": op.body.content_type if op.body is not None else None,
        # an alternative the client cannot satisfy: credentials are not checked at all
        "security": security if len(security) == len(op.security) else [],
        "responses": responses,
    }


def operations_context(api: ir.Api) -> dict[str, Any]:
    """``SCHEMES`` and ``OPERATIONS`` of ``operations.py``: what each operation documents."""
    schemes = [
        (s.key, {"kind": s.kind, "keyword": keyword, "location": s.location, "param": s.param})
        for s, keyword in credential_keywords(api)
    ]
    known = {key for key, _ in schemes}
    return {"schemes": schemes, "operations": [_operation(op, known) for op in api.operations]}


# ---------------------------------------------------------------------------- stubs

_ERRORS = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}


def error_class(code: int) -> str:
    """The client's exception for an error status (``_exceptions.py`` of the package)."""
    return "InternalServerError" if code >= 500 else _ERRORS.get(code, "APIStatusError")


def json_safe(values: tuple[Any, ...]) -> list[Any]:
    """The examples that are JSON (YAML dates become their text; anything else is dropped)."""
    out = []
    for value in values:
        try:
            out.append(json.loads(json.dumps(value, default=str)))
        except (TypeError, ValueError):
            continue
    return out


def stub_context(api: ir.Api, op: ir.Operation, data: Mapping[str, Any]) -> dict[str, Any]:
    """What ``test_operation.py.jinja`` needs for one operation."""
    examples = {r.status: json_safe(r.examples) for r in op.responses}
    success: dict[str, Any] | None = None
    errors = []
    for status, r in data["responses"]:
        entry = {**r, "status": status, "examples": examples[status]}
        if r["kind"] in ("json", "empty") and 200 <= r["code"] < 300 and success is None:
            success = entry
        elif r["kind"] == "json" and r["code"] >= 400 and r["pointer"] is not None:
            error = error_class(r["code"])
            name = "_".join([*words(status), "raises", snake(error)])
            errors.append({**entry, "error": error, "name": name})
    if success is None:  # none readable (a stream, say): answer 204 and check the request only
        success = {
            "status": "(none documented)",
            "code": 204,
            "pointer": None,
            "examples": [],
            "model": None,
            "kind": "empty",
        }
    body_examples: list[Any] = []
    if op.body is not None:
        body_examples = json_safe(op.body.examples)
        target = ir.without_null(op.body.type)
        if isinstance(target, ir.ModelRef):
            body_examples += json_safe(api.model(target.name).examples)
    call = ".".join(data["call"])
    doc = f"{op.method.upper()} {op.path} through `{call}`: sent and received as documented.\n\n"
    doc += "Built from the spec's examples where it has valid ones, else from the simplest values."
    return {
        **data,
        "name": data["call"][-1],
        "doc": doc,
        "success": success,
        "errors": errors,
        "body_examples": body_examples,
    }


# ---------------------------------------------------------------------------- rendering

MODULES = (
    "__init__.py",
    "conftest.py",
    "_support.py",
    "_cases.py",
    "_http.py",
    "validation.py",
    "strategies.py",
    "cases.py",
    "adapters.py",
    "operations.py",
    "test_schemas.py",
    "test_requests.py",
    "test_responses.py",
)


def render(api: ir.Api, env: jinja2.Environment, header: str) -> dict[str, str]:
    """Every file of ``<package>_tests/``: the modules above and one stub per operation."""
    folder = tests_folder(api)
    context: dict[str, Any] = {
        "api": api,
        "header": header,
        "tests": folder,
        "package": api.package,
    }
    context.update(strategy_context(api))
    context.update(adapters_context(api, context["schemas"]))
    context.update(operations_context(api))
    context["request_bodies"] = sorted(
        {op.body.pointer for op in api.operations if op.body is not None}
    )
    out = {
        f"{folder}/schema.json": spec_json(api, [p for p, _ in context["schemas"]]),
        f"{folder}/cases.json": json_text(cases_context(api, context["schemas"])),
    }
    for name in MODULES:
        out[f"{folder}/{name}"] = env.get_template(f"tests/{name}.jinja").render(**context)
    names = Namespace((n.removesuffix(".py") for n in MODULES), fold_case=True)
    template = env.get_template("tests/test_operation.py.jinja")
    for op, data in zip(api.operations, context["operations"], strict=True):
        name = names.claim("test_" + operation_base(op))
        out[f"{folder}/{name}.py"] = template.render(
            **{**context, "op": stub_context(api, op, data)}
        )
    return out
