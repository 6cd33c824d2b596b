"""Values a schema cannot constrain: the optional ones of a request whose schema admits any
string, the request without them, and the words that name them.

Such a value (a pagination cursor, ``starting_after``, ``page_token``: ``{type: string}``)
often means something the schema cannot say: the server takes only the cursors it issued,
and refuses any other with 400, rightly, whatever the spec. A schema admits any string when
it and every schema applying with it (its ``$ref``'s target, its ``allOf`` members:
:func:`generator.openapi.applying`) has no keyword but a type that takes strings, a
``minLength`` of at most 1 and annotations; no type at all admits any string too. An
``enum``, ``const``, ``pattern``, ``format`` or any other bound constrains it, and so does
a keyword this list does not know: the value is then the schema's to judge, not opaque.

The values looked for are parameters of any location and the top-level properties of a
JSON object body. A required value is never one: leaving it out makes the request invalid.

Files are such values too: a multipart part sent as a file, or a body of bytes. Their schema
(``format: binary``) takes any bytes, yet a server may rightly check what kind of file they
are (its name's extension, its first bytes) and refuse any other, whatever the spec says.

Credentials are values a schema cannot constrain either, required or not: a password the
server checks against the accounts it holds (``format: password``: a parameter, or a
top-level property of a JSON or form body), and whatever is sent to the ``tokenUrl`` of an
OAuth2 ``password`` flow (RFC 6749 5.2 answers a wrong one 400 ``invalid_grant``). A valid
request carrying one may be refused, rightly, whatever values are drawn.

So may a text whose schema names a ``format`` apiforge draws no value of (``digits``, ``phone``,
``ObjectId``): JSON Schema reads an unknown format as an annotation, so any text is valid and
any is drawn, while the spec's author and the server give the format a meaning. Such texts
are looked for in parameters and anywhere in a JSON or form body.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from generator import ir
from generator.conformance.places import leaves, types_at
from generator.conformance.source import PLACES, RequestData
from generator.errors import shown_path
from generator.exchange import FORMATS, schema_pointer
from generator.openapi import applying, lookup, pointer_of
from generator.records import record

__all__ = [
    "Opaque",
    "admits_any_string",
    "credential_values",
    "file_values",
    "format_values",
    "named",
    "opaque_values",
    "without",
]

# keywords that leave a string schema free: its type, where it comes from, annotations
_FREE = frozenset(
    (
        "type",
        "minLength",
        "$ref",
        "allOf",
        "title",
        "description",
        "default",
        "example",
        "examples",
        "deprecated",
        "nullable",
        "readOnly",
        "writeOnly",
        "$comment",
        "$id",
        "$schema",
        "externalDocs",
        "xml",
    )
)
# keywords of an object schema that may constrain a property beside its own schema, or
# require it: its properties are then not read as free
_BOUND_OBJECT = frozenset(
    (
        "oneOf",
        "anyOf",
        "not",
        "if",
        "then",
        "else",
        "patternProperties",
        "dependentRequired",
        "dependentSchemas",
        "dependencies",
    )
)
_SHOWN = 20  # characters of a value its warning shows
# formats whose values are opaque on their own terms: credentials and files (above)
_OWN_READING = frozenset(("password", "binary"))


@record
class Opaque:
    """One value of a request that a schema admitting any string took."""

    place: str  # the key of RequestData: "query", "headers", "cookies", "path" or "body"
    name: str  # the wire name: a parameter's, or the body property's
    value: Any


def opaque_values(api: ir.Api, op: ir.Operation, request: RequestData) -> tuple[Opaque, ...]:
    """The optional texts ``request`` carries whose schema admits any string, in the order
    of the operation's parameters, then of the body's properties: only a text can be one a
    server issued (a ``null``, a number or an object there is refused for what it is)."""
    doc = api.schema_document
    found: list[Opaque] = []
    for param in op.params:
        place = PLACES[param.location]
        values = request.get(place)
        if param.required or not isinstance(values, Mapping) or param.wire not in values:
            continue
        if not isinstance(values[param.wire], str) or not param.pointer:
            continue
        if admits_any_string(doc, _node(doc, schema_pointer(doc, param.pointer))):
            found.append(Opaque(place, param.wire, values[param.wire]))
    body = request.get("body")
    if op.body is not None and op.body.kind == "json" and isinstance(body, dict):
        free = _free_properties(doc, _node(doc, op.body.pointer))
        found.extend(
            Opaque("body", name, body[name])
            for name in free
            if name in body and isinstance(body[name], str)
        )
    return tuple(found)


def credential_values(api: ir.Api, op: ir.Operation, request: RequestData) -> tuple[Opaque, ...]:
    """The credentials ``request`` carries (see the module's docstring): each value of
    ``format: password``, and every body value sent to an OAuth2 password flow's token URL."""
    doc = api.schema_document
    found: list[Opaque] = []
    for param in op.params:
        values = request.get(place := PLACES[param.location])
        if isinstance(values, Mapping) and param.wire in values and param.pointer:
            if _password(doc, _node(doc, schema_pointer(doc, param.pointer))):
                found.append(Opaque(place, param.wire, values[param.wire]))
    body = request.get("body")
    if op.body is None or op.body.kind not in ("json", "form") or not isinstance(body, dict):
        return tuple(found)
    token_endpoint = _token_endpoint(doc, op.path)
    properties = _properties(doc, _node(doc, op.body.pointer))
    for name, value in body.items():
        if token_endpoint or any(_password(doc, s) for s in properties.get(name, ())):
            found.append(Opaque("body", name, value))
    return tuple(found)


def file_values(op: ir.Operation, request: RequestData) -> tuple[Opaque, ...]:
    """The files ``request`` carries: a body of bytes, or the parts of a multipart body that
    go as files (see the module's docstring)."""
    body = request.get("body")
    if op.body is None or "body" not in request:
        return ()
    if op.body.kind == "binary":
        return (Opaque("body", "", body),)
    if op.body.kind != "multipart" or not isinstance(body, dict):
        return ()
    files = (name for name in body if op.body.encoding_of(name).file)
    return tuple(Opaque("body", name, body[name]) for name in files)


def format_values(
    api: ir.Api, op: ir.Operation, request: RequestData
) -> tuple[tuple[Opaque, str], ...]:
    """The texts ``request`` carries whose schema names a ``format`` no value of which is
    drawn (see the module's docstring), each with that format: parameters by their wire
    name, body values by their place's pointer."""
    found: list[tuple[Opaque, str]] = []
    for param in op.params:
        values = request.get(place := PLACES[param.location])
        if isinstance(values, Mapping) and isinstance(values.get(param.wire), str):
            named = _undrawn_format(types_at(api, param.type, ()))
            if named is not None:
                found.append((Opaque(place, param.wire, values[param.wire]), named))
    if op.body is None or op.body.kind not in ("json", "form") or "body" not in request:
        return tuple(found)
    for at, value in leaves(request["body"]):
        named = _undrawn_format(types_at(api, op.body.type, at)) if isinstance(value, str) else None
        if named is not None:
            found.append((Opaque("body", pointer_of(at), value), named))
    return tuple(found)


def _undrawn_format(kinds: list[ir.TypeRef]) -> str | None:
    """The format the string types among ``kinds`` name, when each names one no value of
    which is drawn (the first by name, where they differ); else None."""
    formats = [k.format for k in kinds if isinstance(k, ir.StringT)]
    undrawn = {f for f in formats if f is not None and f not in FORMATS and f not in _OWN_READING}
    return min(undrawn) if formats and len(undrawn) == len(set(formats)) else None


def _password(doc: Any, schema: Any) -> bool:
    nodes = applying(doc, schema) if isinstance(schema, Mapping) else ()
    return any(node.get("format") == "password" for node in nodes)


def _properties(doc: Any, schema: Any) -> dict[str, list[Any]]:
    """Each top-level property an object schema declares: its schemas (through ``$ref`` and
    ``allOf``)."""
    declared: dict[str, list[Any]] = {}
    for node in applying(doc, schema) if isinstance(schema, Mapping) else ():
        properties = node.get("properties")
        for name, sub in properties.items() if isinstance(properties, Mapping) else ():
            declared.setdefault(name, []).append(sub)
    return declared


def _token_endpoint(doc: Any, path: str) -> bool:
    """Whether ``path`` is where an OAuth2 password flow of the spec gets its tokens: its
    ``tokenUrl``'s path, read relative to the server's root, ends with ``path``."""
    schemes = _node(doc, "/components/securitySchemes")
    for scheme in schemes.values() if isinstance(schemes, Mapping) else ():
        flows = scheme.get("flows") if isinstance(scheme, Mapping) else None
        flow = flows.get("password") if isinstance(flows, Mapping) else None
        url = flow.get("tokenUrl") if isinstance(flow, Mapping) else None
        if isinstance(url, str) and path != "/":
            token_path = urlsplit(urljoin("/", url)).path.rstrip("/")
            if token_path.endswith(path.rstrip("/")):
                return True
    return False


def without(request: RequestData, values: tuple[Opaque, ...]) -> RequestData:
    """``request`` with none of ``values``, the rest as it was."""
    out = dict(request)
    for place in {v.place for v in values}:
        names = {v.name for v in values if v.place == place}
        out[place] = {k: v for k, v in request[place].items() if k not in names}
    return out


def named(values: tuple[Opaque, ...]) -> str:
    """The values as a message names them: ``query cursor='x…'``, each shortened and
    escaped (a spec's name or a drawn value may hold any character)."""
    return ", ".join(
        f"{_where(v.place)} {shown_path(v.name, 40)}={_shown(v.value)}" for v in values
    )


def _where(place: str) -> str:
    return {"headers": "header", "cookies": "cookie"}.get(place, place)


def _shown(value: Any) -> str:
    if isinstance(value, str):
        cut = value[:_SHOWN] + "…" if len(value) > _SHOWN else value
        return repr(cut)  # repr escapes what is not printable
    text = json.dumps(value, default=str)  # ASCII: every other character escaped
    return text[:_SHOWN] + "…" if len(text) > _SHOWN else text


def _node(doc: Any, pointer: str) -> Any:
    try:
        return lookup(doc, pointer)
    except KeyError:
        return None


def admits_any_string(doc: Any, schema: Any) -> bool:
    """True when ``schema`` admits any string: see the module's docstring."""
    nodes = list(applying(doc, schema)) if isinstance(schema, Mapping) else []
    return bool(nodes) and all(_free_node(node) for node in nodes)


def _free_node(node: Mapping[str, Any]) -> bool:
    if any(key not in _FREE and not key.startswith("x-") for key in node):
        return False
    kind = node.get("type", "string")
    kinds = kind if isinstance(kind, list) else [kind]
    least = node.get("minLength", 0)
    return "string" in kinds and type(least) is int and least <= 1


def _free_properties(doc: Any, schema: Any) -> Iterator[str]:
    """The optional top-level properties of an object schema that admit any string."""
    nodes = list(applying(doc, schema)) if isinstance(schema, Mapping) else []
    if any(_BOUND_OBJECT & set(node) for node in nodes):
        return
    required: set[str] = set()
    tags: set[str] = set()  # a discriminator's property selects a schema by its value
    for node in nodes:
        listed = node.get("required")
        if isinstance(listed, list):
            required.update(n for n in listed if isinstance(n, str))
        discriminator = node.get("discriminator")
        if isinstance(discriminator, Mapping) and isinstance(
            discriminator.get("propertyName"), str
        ):
            tags.add(discriminator["propertyName"])
    for name, schemas in _properties(doc, schema).items():
        if (
            name not in required
            and name not in tags
            and all(admits_any_string(doc, s) for s in schemas)
        ):
            yield name
