"""Paths and methods to IR operations: parameters, bodies, responses, security, names."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Literal, cast

from generator import ir
from generator.naming import Namespace, pascal, snake
from generator.openapi import (
    METHODS,
    base_media_type,
    classify,
    is_json,
    pointer_of,
    resolve_local,
    without_content,
)
from generator.openapi.paths import path_items, variables
from generator.openapi.servers import first_server
from generator.parse.encoding import body_encoding, is_binary
from generator.parse.schemas import SchemaBuilder
from generator.parse.security import scheme_kind
from generator.validate.notes import unsendable
from generator.validate.problems import short

_DEFAULT_STYLE = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}
_BODY_PREFERENCE = (
    "json",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
)


def _deref(doc: Mapping[str, Any], node: Any) -> Any:
    for _ in range(32):
        if not ((type(node) is dict or isinstance(node, Mapping)) and "$ref" in node):
            break
        try:
            node = resolve_local(doc, node["$ref"])[1]
        except (KeyError, IndexError, ValueError, TypeError):
            return {}
    return node


# the kinds of body a request is also sent as, beside its preferred media type, where the
# schema is the same: those every reader of a request (the mock, conformance) writes and reads
_ALSO_SENT = frozenset({"json", "form", "multipart"})


def _entry(content: Mapping[str, Any], media: str) -> Mapping[str, Any]:
    """The Media Type Object of ``media`` (an empty one where it is none)."""
    entry = content[media]
    return entry if isinstance(entry, Mapping) else {}


def _pick_media(content: Mapping[str, Any]) -> str | None:
    types = list(content)
    for wanted in _BODY_PREFERENCE:
        for media in types:
            if (wanted == "json" and is_json(media)) or base_media_type(media) == wanted:
                return media
    return types[0] if types else None


class OperationBuilder:
    """Builds every operation of a document, using one :class:`SchemaBuilder` for types."""

    def __init__(self, doc: Mapping[str, Any], schemas: SchemaBuilder):
        self.doc = doc
        self.schemas = schemas
        self._root = first_server(doc.get("servers"))  # the API's server, which most have
        # requests the API sends (webhooks, callbacks), filled by build()
        self.webhooks: list[ir.Webhook] = []
        self._parsers = Namespace(("parse_webhook",))
        # the request bodies' media types that give no schema (any value), and those of form
        # and multipart bodies whose schema admits other values than objects, by pointer
        self.schemaless: list[str] = []
        self.objects_only: list[str] = []
        self._places, unread = _places(doc)
        for name, why in unread.items():
            self.schemas.skip(pointer_of(("components", "securitySchemes", name)), why)

    def build(self) -> list[ir.Operation]:
        """All operations, sorted by path and method (a Path Item that held a ``$ref`` is read
        as the item it means already: :mod:`generator.load.path_items`)."""
        out: list[ir.Operation] = []
        callbacks: list[Any] = []  # of each operation
        paths = dict(path_items(self.doc.get("paths")))
        for path in sorted(paths):
            item = paths[path]
            if not isinstance(item, Mapping):
                continue
            for method in METHODS:
                op = item.get(method)
                if isinstance(op, Mapping):
                    out.append(self._operation(path, method, item, op))
                    callbacks.append(op.get("callbacks"))
        raw_hooks = self.doc.get("webhooks")
        webhooks: Mapping[str, Any] = raw_hooks if isinstance(raw_hooks, Mapping) else {}
        for name in sorted(webhooks, key=str):
            pointer = pointer_of(("webhooks", str(name)))
            self._sent(webhooks[name], pointer, str(name), str(name), "webhook")
        out = _unique_ids(out)
        for built, raw in zip(out, callbacks, strict=True):  # in the order of the operations
            self._callbacks(raw, built.pointer, built.operation_id)
        return out

    def _callbacks(self, callbacks: Any, pointer: str, operation_id: str) -> None:
        for name in sorted(callbacks, key=str) if isinstance(callbacks, Mapping) else ():
            where = pointer + pointer_of(("callbacks", str(name)))
            callback = _deref(self.doc, callbacks[name])
            if isinstance(callback, Mapping):  # its extensions are no expressions
                callback = {k: v for k, v in callback.items() if not str(k).startswith("x-")}
            for expression in sorted(callback, key=str) if isinstance(callback, Mapping) else ():
                key = f"{operation_id}.{name}" + (f" {expression}" if len(callback) > 1 else "")
                at = where + pointer_of((str(expression),))
                self._sent(callback[expression], at, key, str(name), "callback")

    def _sent(
        self, raw: Any, pointer: str, key: str, name: str, kind: Literal["webhook", "callback"]
    ) -> None:
        """The requests a webhook or callback path item describes: one per method."""
        item = raw
        if not isinstance(item, Mapping):
            return
        methods = [m for m in METHODS if isinstance(item.get(m), Mapping)]
        for method in methods:
            op = item[method]
            at = f"{pointer}/{method}"
            op_id = op.get("operationId") if isinstance(op.get("operationId"), str) else None
            hint = pascal(op_id or f"{name} {kind}")
            several = len(methods) > 1
            params = self._params(item, op, at, hint, Namespace(_RESERVED_KWARGS))
            self.webhooks.append(
                ir.Webhook(
                    key=f"{key} {method.upper()}" if several else key,
                    name=self._parsers.claim(
                        "parse_" + snake(f"{name} {method}" if several else name)
                    ),
                    kind=kind,
                    method=method,
                    pointer=at,
                    body=self._body(op, at, hint),
                    headers=tuple(p for p in params if p.location == "header"),
                    summary=_str(op.get("summary")),
                    description=_str(op.get("description")),
                )
            )

    def _operation(
        self, path: str, method: str, item: Mapping[str, Any], op: Mapping[str, Any]
    ) -> ir.Operation:
        pointer = pointer_of(("paths", path, method))
        op_id = op.get("operationId") if isinstance(op.get("operationId"), str) else None
        op_id = op_id or f"{method}_{path}"
        hint = pascal(op_id)
        kwargs = Namespace(_RESERVED_KWARGS)
        own_security = "security" in op
        security = op.get("security") if own_security else self.doc.get("security", [])
        written = f"{pointer}/security" if own_security else "/security"
        requirements = self._requirements(security, written)
        params = self._params(
            item, op, pointer, hint, kwargs, path=path, credentials=self._credited(requirements)
        )
        body, other_bodies = self._bodies(op, pointer, hint)
        responses = tuple(self._responses(op, pointer, hint, method))
        own = first_server(op.get("servers")) or first_server(item.get("servers"))
        return ir.Operation(
            operation_id=op_id,
            method=method,
            path=path,
            group=(),
            name="",
            pointer=pointer,
            params=params,
            body=body,
            other_bodies=other_bodies,
            responses=responses,
            security=requirements,
            summary=_str(op.get("summary")),
            description=_str(op.get("description")),
            deprecated=op.get("deprecated") is True,
            tags=tuple(t for t in op.get("tags", []) or [] if isinstance(t, str)),
            idempotency_field=self._idempotency_field(body),
            idempotency_header=next(
                (
                    p.wire
                    for p in params
                    if p.location == "header" and p.wire.lower() == "idempotency-key"
                ),
                None,
            ),
            server=own if own != self._root else None,
        )

    def _templated(
        self, merged: dict[tuple[str, str], tuple[str, Mapping[str, Any]]], path: str, pointer: str
    ) -> None:
        """An invalid spec's path parameters made to agree with its path template: one in no
        ``{}`` of it is left out (no request can carry it, so no server can need it), and a
        ``{}`` without one is a required string (the call's URL would hold the braces)."""
        held = variables(path)
        for key in [key for key in merged if key[0] == "path" and key[1] not in held]:
            where = merged.pop(key)[0]
            self.schemas.skip(
                f"{where}/name", f"path parameter {key[1]!r} is in no `{{}}` of the path: left out"
            )
        for name in held:
            if ("path", name) not in merged:
                self.schemas.skip(
                    f"{pointer}/parameters",
                    f"the path's {{{name}}} has no parameter: read as a required string",
                )
                text = {"name": name, "in": "path", "schema": {"type": "string"}}
                merged[("path", name)] = (pointer, text)

    def _params(
        self,
        item: Mapping[str, Any],
        op: Mapping[str, Any],
        pointer: str,
        hint: str,
        kwargs: Namespace,
        *,
        path: str = "",
        credentials: Mapping[tuple[str, str], str] | None = None,
    ) -> tuple[ir.Param, ...]:
        """The operation's parameters; ``credentials``: the places its security schemes write
        an API key in (:meth:`_credited`), where a parameter of the same place is the
        credential's, not the call's."""
        merged: dict[tuple[str, str], tuple[str, Mapping[str, Any]]] = {}
        path_pointer = pointer.rsplit("/", 1)[0]
        for base, source in (
            (path_pointer, item.get("parameters")),
            (pointer, op.get("parameters")),
        ):
            for index, raw in enumerate(source or []):
                param = _deref(self.doc, raw)
                if (
                    isinstance(param, Mapping)
                    and isinstance(param.get("name"), str)
                    and param.get("in") in _DEFAULT_STYLE
                ):
                    merged[(param["in"], param["name"])] = (f"{base}/parameters/{index}", param)
        if path:  # (a webhook's request has no path of the API's)
            self._templated(merged, path, pointer)
        out: list[ir.Param] = []
        for (location, wire), (where, param) in sorted(
            merged.items(), key=lambda kv: (kv[0][0] != "path", kv[0])
        ):
            reason = unsendable(location, wire) or _credential_of(location, wire, credentials)
            if reason is not None:
                self.schemas.skipped.append(ir.Skip(where + "/name", reason))
                continue
            schema, at, style = param.get("schema"), where + "/schema", param.get("style")
            content = param.get("content")
            if schema is None and isinstance(content, Mapping) and content:
                media = next(iter(content))
                entry = content[media]
                schema = entry.get("schema") if isinstance(entry, Mapping) else None
                at = where + pointer_of(("content", str(media), "schema"))
                # a value given as a JSON document, not by style (the IR's "json" style)
                style = "json" if is_json(str(media)) else style
            ptype = self.schemas.type_of(
                schema if schema is not None else True, at, hint + pascal(wire)
            )
            style = style if isinstance(style, str) else _DEFAULT_STYLE[location]
            explode = param.get("explode") if style != "json" else False
            raw_schema = _deref(self.doc, schema) if isinstance(schema, Mapping) else {}
            default = (
                ir.Default(raw_schema["default"])
                if isinstance(raw_schema, Mapping)
                and "default" in raw_schema
                and self.schemas.judge.takes(raw_schema, raw_schema["default"])
                else None
            )
            out.append(
                ir.Param(
                    name=kwargs.claim(snake(wire)),
                    wire=wire,
                    location=cast(ir.ParamLocation, location),
                    type=ptype,
                    required=location == "path" or param.get("required") is True,
                    style=style,
                    explode=explode if isinstance(explode, bool) else style == "form",
                    default=default,
                    description=_str(param.get("description")),
                    deprecated=param.get("deprecated") is True,
                    pointer=where,
                    allow_empty=location == "query" and param.get("allowEmptyValue") is True,
                )
            )
        return tuple(out)

    def _credited(self, requirements: tuple[tuple[str, ...], ...]) -> dict[tuple[str, str], str]:
        """The place of each API key the operation's security requirements send, and its
        scheme's name (an ``Authorization`` parameter is ignored by OpenAPI's own rule)."""
        found: dict[tuple[str, str], str] = {}
        for names in requirements:
            for name in names:
                place = self._places.get(name)
                if place is not None and place != ("header", "authorization"):
                    found.setdefault(place, name)
        return found

    def _requirements(self, security: Any, pointer: str) -> tuple[tuple[str, ...], ...]:
        """The alternatives of the Security Requirement list at ``pointer``, each the schemes
        whose credentials a request carries (a ``mutualTLS`` one's is the client's certificate,
        given to the TLS connection, never written into the request). An alternative of two
        schemes written in one place (``basic`` and ``bearer``, both ``Authorization``) is left
        out, and told, where another remains: no request can carry it."""
        if not isinstance(security, list):
            return ()
        found: dict[tuple[str, ...], int] = {}
        for index, req in enumerate(security):
            if isinstance(req, Mapping):
                names = tuple(sorted(n for n in req if self._places.get(n, n) is not None))
                found.setdefault(names, index)
        clashes = {names: _clash(names, self._places) for names in found}
        sendable = tuple(names for names in found if clashes[names] is None)
        for names, clash in clashes.items():
            if clash is not None and sendable:
                self.schemas.skip(f"{pointer}/{found[names]}", f"{clash}: left out")
            elif clash is not None:
                self.schemas.skip(
                    f"{pointer}/{found[names]}",
                    f"{clash}, and no other alternative can be: the client sends what it can",
                )
        return sendable or tuple(found)

    def _body(self, op: Mapping[str, Any], pointer: str, hint: str) -> ir.Body | None:
        return self._bodies(op, pointer, hint)[0]

    def _bodies(
        self, op: Mapping[str, Any], pointer: str, hint: str
    ) -> tuple[ir.Body | None, tuple[ir.Body, ...]]:
        """The request body of the preferred media type, and those of the other media types
        of the same schema a request may be sent as (:data:`_ALSO_SENT`); the others' types
        are the preferred one's, so no model is made for them."""
        body = _deref(self.doc, op.get("requestBody"))
        if not isinstance(body, Mapping) or not isinstance(body.get("content"), Mapping):
            return None, ()
        content: Mapping[str, Any] = body["content"]
        media = _pick_media(content)
        if media is None:
            return None, ()
        preferred = self._media_body(body, media, pointer, hint)
        schema = _entry(content, media).get("schema", True)
        others = []
        for other in content:
            entry = _entry(content, other)
            if other == media or entry.get("schema", True) != schema:
                continue
            kind = classify(_sent_as(other, _deref(self.doc, schema)))
            objects = kind not in ("form", "multipart") or self.schemas.only_objects(preferred.type)
            if kind in _ALSO_SENT and objects:
                others.append(self._media_body(body, other, pointer, hint, preferred.type))
        return preferred, tuple(others)

    def _media_body(
        self,
        body: Mapping[str, Any],
        media: str,
        pointer: str,
        hint: str,
        btype: ir.TypeRef | None = None,
    ) -> ir.Body:
        """The body of one media type of ``body``; of type ``btype`` where it is known."""
        entry = _entry(body["content"], media)
        where = pointer + pointer_of(("requestBody", "content", media))
        if "schema" not in entry:
            self.schemaless.append(where)
        schema = entry.get("schema", True)
        if btype is None:
            btype = self.schemas.type_of(schema, where + "/schema", hint + "Request")
        sent = _sent_as(media, _deref(self.doc, schema))
        kind = classify(sent)
        if kind in ("form", "multipart"):
            objects = self.schemas.objects_of(btype, where + "/schema")
            if objects != btype:
                self.objects_only.append(where)
                btype = objects
        encoding = body_encoding(
            lambda node: _deref(self.doc, node), kind, schema, entry.get("encoding")
        )
        return ir.Body(
            content_type=sent,
            kind=kind,
            type=btype,
            required=body.get("required") is True,
            pointer=where + "/schema",
            description=_str(body.get("description")),
            examples=_media_examples(entry),
            file_fields=tuple(e.wire for e in encoding if e.file),
            encoding=encoding,
        )

    def _responses(
        self, op: Mapping[str, Any], pointer: str, hint: str, method: str
    ) -> list[ir.Response]:
        out: list[ir.Response] = []
        responses = op.get("responses") or {}
        for status in sorted(responses, key=str):
            if str(status).startswith("1"):  # 100 Continue, 101 Switching Protocols...
                where = pointer + pointer_of(("responses", str(status)))
                self.schemas.skip(where, _INTERIM)
                continue
            resp = _deref(self.doc, responses[status])
            if not isinstance(resp, Mapping):
                continue
            where = pointer + pointer_of(("responses", str(status)))
            raw_content = None if without_content(method, str(status)) else resp.get("content")
            content: Mapping[str, Any] = raw_content if isinstance(raw_content, Mapping) else {}
            media = _pick_media(content) if content else None
            rtype = None
            examples: tuple[Any, ...] = ()
            named: tuple[tuple[str, Any], ...] = ()
            if media is not None:
                entry = content[media] if isinstance(content[media], Mapping) else {}
                if "schema" in entry:
                    rtype = self.schemas.type_of(
                        entry["schema"],
                        where + pointer_of(("content", media, "schema")),
                        f"{hint}Response{status}",
                    )
                examples = _media_examples(entry)
                named = _named_examples(entry)
            headers = tuple(self._headers(resp, where, hint))
            others = tuple((m, classify(m)) for m in content if isinstance(m, str) and m != media)
            out.append(
                ir.Response(
                    str(status),
                    _str(resp.get("description")),
                    media,
                    classify(media) if media is not None else None,
                    rtype,
                    where,
                    headers,
                    examples,
                    named,
                    others,
                )
            )
        return out

    def _headers(self, resp: Mapping[str, Any], where: str, hint: str) -> list[ir.Header]:
        out = []
        for name, raw in sorted((resp.get("headers") or {}).items()):
            header = _deref(self.doc, raw)
            if not isinstance(header, Mapping):
                continue
            htype = self.schemas.type_of(
                header.get("schema", True), f"{where}/headers/{name}/schema", hint + pascal(name)
            )
            required, explode = header.get("required") is True, header.get("explode") is True
            out.append(ir.Header(name, htype, required, explode))
        return out

    def _idempotency_field(self, body: ir.Body | None) -> str | None:
        target = ir.without_null(body.type) if body is not None else None
        model = self.schemas.models.get(target.name) if isinstance(target, ir.ModelRef) else None
        for field in model.fields if model is not None else ():
            if snake(field.wire).rstrip("_") in {"idempotency_key", "idempotencykey"}:
                return field.wire
        return None


# keyword arguments every generated method has: a parameter may not take these names
_RESERVED_KWARGS = frozenset(
    {
        "self",
        "extra_headers",
        "extra_query",
        "extra_body",
        "timeout",
        "retry",
        "body",
        "request_options",
    }
)


# an informational response comes before the answer (or, 101, ends HTTP on the connection):
# no call returns it, and no server answers a request with it alone
_INTERIM = "an informational (1xx) response is not an answer a call returns: left out"


def _places(doc: Mapping[str, Any]) -> tuple[dict[str, tuple[str, str] | None], dict[str, str]]:
    """Where the credential of each of the document's security schemes is written
    (:func:`ir.credential_place`); None: nowhere in the request (a mutualTLS one's is the TLS
    connection's). Beside them, the schemes of no kind apiforge can read (an invalid spec's: a
    ``type`` OpenAPI does not define, an API key in no place it names) and why: the client
    writes no credential of theirs, so they are nowhere too, and a requirement (the mock's,
    conformance's) needs none of them."""
    components = doc.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, Mapping) else None
    out: dict[str, tuple[str, str] | None] = {}
    unread: dict[str, str] = {}
    for name, raw in schemes.items() if isinstance(schemes, Mapping) else ():
        scheme = _deref(doc, raw)
        if not isinstance(scheme, Mapping):
            continue
        kind = scheme_kind(scheme)
        if scheme.get("type") == "mutualTLS":
            out[name] = None
        elif kind is None:
            out[name] = None
            unread[name] = (
                f"security scheme of type {short(scheme.get('type'))} is none apiforge can send "
                "(apiKey in a header, query or cookie, http, oauth2, openIdConnect, mutualTLS): "
                "requests carry no credential of it"
            )
        else:
            key = scheme.get("name")
            out[name] = ir.credential_place(
                kind, scheme.get("in"), key if isinstance(key, str) else None
            )
    return out, unread


def _credential_of(
    location: str, wire: str, credentials: Mapping[tuple[str, str], str] | None
) -> str | None:
    """Why a parameter is left out where the operation's security writes an API key in its
    place (a header's name read case-blind); None when none does. The client writes the
    credential there, and a value of the call beside it would make two of one header, query
    parameter or cookie, of which a server reads one."""
    scheme = (credentials or {}).get(ir.credential_place("api_key", location, wire))
    if scheme is None:
        return None
    return (
        f"{location} parameter {wire!r} is where the security scheme {scheme!r} sends its API "
        "key: the credential given to the client fills it"
    )


def _clash(names: tuple[str, ...], places: Mapping[str, tuple[str, str] | None]) -> str | None:
    """Why no one request can carry the credentials of ``names`` together (two written in
    one place); None when one can (a scheme ``places`` lacks has a place of its own)."""
    seen: dict[tuple[str, str], str] = {}
    for name in names:
        place = places.get(name)
        if place is None:
            continue
        if place in seen:
            location, key = place
            shown = "Authorization" if place == ("header", "authorization") else key
            return (
                f"no request can carry {', '.join(names)} together: {seen[place]} and {name} "
                f"are both written in the {shown} {location}"
            )
        seen[place] = name
    return None


def _unique_ids(ops: list[ir.Operation]) -> list[ir.Operation]:
    """Operation ids made unique (a spec may repeat one): later ones get ``_2``, ``_3``..."""
    taken = {op.operation_id for op in ops}
    seen: set[str] = set()
    out = []
    for op in ops:
        op_id, n = op.operation_id, 1
        while op_id in seen or (op_id != op.operation_id and op_id in taken):
            n += 1
            op_id = f"{op.operation_id}_{n}"
        seen.add(op_id)
        out.append(op if op_id == op.operation_id else dataclasses.replace(op, operation_id=op_id))
    return out


def _sent_as(media: str, schema: Any) -> str:
    """The media type a body is sent as: under a range (``*/*``, ``application/*``), a
    structured schema (not bytes, not a bare string) is sent as JSON, which the range admits."""
    structured = isinstance(schema, Mapping) and bool(schema) and schema.get("type") != "string"
    if base_media_type(media) in ("*/*", "application/*") and structured and not is_binary(schema):
        return "application/json"
    return media


def _media_examples(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    found: list[Any] = []
    if "example" in entry:
        found.append(entry["example"])
    for example in (entry.get("examples") or {}).values():
        if isinstance(example, Mapping) and "value" in example:
            found.append(example["value"])
    return tuple(found)


def _named_examples(entry: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    named = entry.get("examples")
    if not isinstance(named, Mapping):
        return ()
    return tuple(
        (str(k), v["value"]) for k, v in named.items() if isinstance(v, Mapping) and "value" in v
    )


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None
