"""Invalid requests beyond body near misses, each one that only a wrong server accepts.

- **Parameters** in every location (path included) get out-of-range numbers, fractions and
  ``true`` where an integer is wanted, unknown enum values, strings too short, too long or
  off their pattern. A violation is sent only when its *wire text* is invalid: every reading
  a server may make of the text (the text itself, the JSON value it spells, the typed value
  the mock reads) breaks the parameter's schema. ``?n=5`` is a valid integer, so ``"5"`` is
  never sent as a wrong type. Empty texts are never sent (a server may read ``?n=`` as no
  parameter, and an empty path segment routes elsewhere), nor texts with spaces a header
  would lose, nor path texts that another documented path template also matches or that
  another split of the path reads as valid values (``/tags/x--1``, ``-1`` below the minimum
  of ``{n}`` in ``/tags/{label}-{n}``, reads as ``x-`` and ``1``). ``format``
  is an annotation in JSON Schema: a server need not assert it, so it is not violated.
- **Bodies**: JSON cut short (malformed), a valid JSON body under a media type the operation
  does not document (only when the schema refuses the body's text read as a string, so no
  reading of it as text can be valid), and a valid body with no ``Content-Type`` at all
  (HTTP lets a server sniff it: only a 5xx is wrong there).
- **Methods**: each of GET, PUT, POST, DELETE and PATCH a documented path does not document.
  HEAD (answered wherever GET is) and OPTIONS (CORS middleware answers it) are not probed.

Cases that need bytes ``encode`` would not write carry them under the ``raw`` key of the
request (``method``, ``content_type``: None for none, ``body``); :func:`adjust` applies them.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from generator import ir
from generator.conformance.cases import RequestData
from generator.conformance.checks import CaseKind
from generator.conformance.source import PLACES
from generator.conformance.wire import _SECRET, _SECRET_BASIC, HttpRequest, encode
from generator.exchange import (
    SchemaValidator,
    object_fields,
    read_path,
    route_methods,
    schema_pointer,
    wire_readings,
)
from generator.openapi import base_media_type, covers, ignored_parameter, lookup, resolve_local
from generator.openapi.paths import route, wire_path
from generator.openapi.splits import split
from generator.render.literals import pyrepr

__all__ = ["RAW", "Negative", "adjust", "invalid_requests", "raw_snippet"]

RAW = "raw"
Negative = tuple[CaseKind, str, RequestData]
_PROBED = ("GET", "PUT", "POST", "DELETE", "PATCH")
# undocumented media types to send a JSON body as, in order of preference
_OTHER_MEDIA = ("text/plain", "application/octet-stream", "application/xml")
_NOT_VALID = "apiforge-not-valid"
_MAX_TEXT = 256  # longer texts risk a 414 or 431 from a proxy, not the server's validation
_SAFE = re.compile(r"^[A-Za-z0-9._~+-]+$")  # unreserved in URLs, unchanged in headers


def invalid_requests(
    api: ir.Api,
    op: ir.Operation,
    valid: list[RequestData],
    validator: SchemaValidator,
    methods: Callable[[str], bool] = lambda method: True,
) -> Iterator[Negative]:
    """The invalid requests of ``op``, built from its valid requests ``valid``; a method the
    path does not document is sent only where ``methods`` holds for it (the run's
    selection)."""
    if not valid:
        return
    yield from _parameter_cases(api, op, valid[0], validator)
    with_body = [r for r in valid if "body" in r]
    if with_body:
        yield from _body_cases(api, op, with_body[0], validator)
    path = route(op.path)
    if op is next(o for o in api.operations if route(o.path) == path):  # once per path
        yield from _method_cases(api, op, valid[0], methods)


# ---------------------------------------------------------------------- parameters


def _parameter_cases(
    api: ir.Api, op: ir.Operation, base: RequestData, validator: SchemaValidator
) -> Iterator[Negative]:
    for param in op.params:
        if (
            param.style == "json"
            or ignored_parameter(param.location, param.wire)
            or object_fields(api, param.type) is not None  # objects spread over several texts
        ):
            continue
        where = PLACES[param.location]
        pointer = schema_pointer(api.schema_document, param.pointer)
        # elsewhere: the wrong-type text of query, header and cookie parameters is sent already
        seen = set() if param.location == "path" else {_NOT_VALID}
        for label, text in _texts(api, param):
            if text in seen or not _sendable(param, text):
                continue
            seen.add(text)
            readings = _readings(api, param, text)
            if not readings or any(validator.is_valid(pointer, r) for r in readings):
                continue
            request = {**base, where: {**base.get(where, {}), param.wire: text}}
            if param.location == "path" and _misread(api, op, request, validator):
                continue
            kind: CaseKind = "path_mutation" if param.location == "path" else "mutation"
            yield kind, f"{label} for {param.location} parameter {param.wire!r}: {text!r}", request


def _sendable(param: ir.Param, text: str) -> bool:
    if not text or len(text) > _MAX_TEXT or not _SAFE.match(text):
        return False
    # label and matrix styles use "." and "," themselves; keep their texts plain
    return param.style not in {"label", "matrix"} or text.isalnum()


def _readings(api: ir.Api, param: ir.Param, text: str) -> list[Any]:
    """Every value a server may read from ``text``: the text, the JSON it spells, the mock's."""
    found = wire_readings(api, param, text)
    if not found:
        return []
    spelled: list[Any] = [text]
    try:
        spelled.append(json.loads(text))
    except ValueError:
        pass
    if _array_items(api, param.type) is not None:  # one item, or the text itself
        spelled += [[v] for v in spelled]
    return [*found, *spelled]


def _resolved(api: ir.Api, t: ir.TypeRef, depth: int = 0) -> list[ir.TypeRef]:
    """The non-null members of ``t``, aliases followed."""
    if depth > 8:
        return []
    if isinstance(t, ir.AliasRef):
        return _resolved(api, api.alias(t.name).type, depth + 1)
    if isinstance(t, ir.UnionT):
        return [r for m in t.members for r in _resolved(api, m, depth + 1)]
    return [] if isinstance(t, ir.NullT) else [t]


def _array_items(api: ir.Api, t: ir.TypeRef) -> ir.TypeRef | None:
    arrays = [m for m in _resolved(api, t) if isinstance(m, ir.ArrayT)]
    return arrays[0].items if arrays else None


def _texts(api: ir.Api, param: ir.Param) -> Iterator[tuple[str, str]]:
    """(what is wrong, wire text) candidates; the caller keeps only invalid ones."""
    items = _array_items(api, param.type)
    if items is not None:
        if param.location != "query" or param.style != "form":
            return  # a lone item in other styles may read as a text the array does not hold
        for label, text in _scalar_texts(api, items):
            yield f"an item with {label}", text
        return
    yield "a wrong type", _NOT_VALID
    yield from _scalar_texts(api, param.type)


def _scalar_texts(api: ir.Api, t: ir.TypeRef) -> Iterator[tuple[str, str]]:
    members = _resolved(api, t)
    for member in members:
        if isinstance(member, ir.IntT | ir.NumberT):
            yield from _numeric_texts(member)
        elif isinstance(member, ir.BoolT):
            yield "a wrong type", _NOT_VALID
        elif isinstance(member, ir.StringT):
            yield from _string_texts(member)
        elif isinstance(member, ir.EnumRef | ir.LiteralT):
            values = (
                [m.value for m in api.enum(member.name).members]
                if isinstance(member, ir.EnumRef)
                else list(member.values)
            )
            yield from _enum_texts(values)


def _numeric_texts(t: ir.IntT | ir.NumberT) -> Iterator[tuple[str, str]]:
    b = t.bounds
    integral = isinstance(t, ir.IntT)
    if b.ge is not None:
        yield f"below the minimum {b.ge}", _number(math.ceil(b.ge) - 1 if integral else b.ge - 1)
    if b.gt is not None:
        yield (
            f"not above the exclusive minimum {b.gt}",
            _number(math.floor(b.gt) if integral else b.gt),
        )
    if b.le is not None:
        yield f"above the maximum {b.le}", _number(math.floor(b.le) + 1 if integral else b.le + 1)
    if b.lt is not None:
        yield (
            f"not below the exclusive maximum {b.lt}",
            _number(math.ceil(b.lt) if integral else b.lt),
        )
    yield "a boolean", "true"
    if integral:
        low = b.ge if b.ge is not None else (b.gt + 1 if b.gt is not None else 1)
        yield "a fraction", f"{math.ceil(low)}.5"


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _string_texts(t: ir.StringT) -> Iterator[tuple[str, str]]:
    if t.min_length is not None and t.min_length >= 2:
        yield f"shorter than {t.min_length}", "a" * (t.min_length - 1)
    if t.max_length is not None:
        yield f"longer than {t.max_length}", "a" * (t.max_length + 1)
    if t.pattern is not None:
        # the first text off a pattern (one that must match: an `allOf` may have several),
        # at a length the bounds allow (the validator, not this search, decides whether it
        # is sent)
        size = max(1, t.min_length or 0)
        units = ("~", "0", "a", "-", "Z")
        candidates = [unit * size for unit in units]
        fitting = [c for c in candidates if t.max_length is None or len(c) <= t.max_length]
        for candidate in fitting:
            try:
                off = any(re.search(p, candidate) is None for p in t.patterns)
            except re.error:
                break
            if off:
                yield "off the pattern", candidate
                break


def _enum_texts(values: list[Any]) -> Iterator[tuple[str, str]]:
    strings = [v for v in values if isinstance(v, str)]
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if strings:
        yield "not an enum value", _NOT_VALID
    if numbers:
        yield "not an enum value", _number(max(numbers) + 1)


# ---------------------------------------------------------------------- routing


def _concrete(api: ir.Api, op: ir.Operation, request: RequestData) -> str:
    url = encode(api, op, {"path": request.get("path", {})}, "", "none").url
    return url.split("?", 1)[0]


def _shadowed(
    api: ir.Api, op: ir.Operation, request: RequestData, method: str | None = None
) -> bool:
    """True when another documented path template matches the request's path: the server
    may route it there (``/items/me`` beside ``/items/{id}``). One that differs only in a
    query or a fragment in its key is the same path on the wire, not another."""
    try:
        path = _concrete(api, op, request)
    except ValueError:
        return True
    return any(
        route(other.path) != route(op.path)
        and (method is None or other.method.upper() == method)
        and any(split(other.path, p) is not None for p in (path, path.removesuffix("/")))
        for other in api.operations
    )


def _misread(
    api: ir.Api, op: ir.Operation, request: RequestData, validator: SchemaValidator
) -> bool:
    """True when a near miss of a path value may not reach a server as one: another template
    takes its path (:func:`_shadowed`), or a split of the path other than the one it was
    written by has parts the parameters' schemas all take."""
    if _shadowed(api, op, request):
        return True
    return read_path(api, op, _concrete(api, op, request), validator) is not None


# ---------------------------------------------------------------------- bodies


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _documented_media(api: ir.Api, op: ir.Operation) -> list[str] | None:
    """The request body's media types as the spec lists them (None when unreadable)."""
    try:
        node = lookup(api.schema_document, op.pointer)["requestBody"]
        for _ in range(16):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                break
            node = resolve_local(api.schema_document, node["$ref"])[1]
        content = node["content"]
    except (KeyError, IndexError, ValueError, TypeError):
        return None
    return [base_media_type(str(m)) for m in content] if content else None


def _undocumented_media(api: ir.Api, op: ir.Operation) -> str | None:
    documented = _documented_media(api, op)
    if documented is None:
        return None
    for media in _OTHER_MEDIA:
        if not any(covers(d, media) for d in documented):
            return media
    return None


def _body_cases(
    api: ir.Api, op: ir.Operation, base: RequestData, validator: SchemaValidator
) -> Iterator[Negative]:
    if op.body is None or op.body.kind != "json":
        return
    try:
        text = json.dumps(base["body"], allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError):
        return
    cut = text[:-1]
    malformed = cut if cut.strip() and not _parses(cut) else "[" + text
    yield (
        "malformed_body",
        "a JSON body that does not parse (a valid one cut short)",
        {**base, RAW: {"body": malformed}},
    )
    media = _undocumented_media(api, op)
    if media is not None and not validator.is_valid(op.body.pointer, text):
        yield (
            "wrong_media_type",
            f"a valid JSON body sent as {media}, a media type the operation does not take",
            {**base, RAW: {"content_type": media}},
        )
    yield (
        "no_media_type",
        "a valid JSON body without a Content-Type",
        {**base, RAW: {"content_type": None}},
    )


# ---------------------------------------------------------------------- methods


def _method_cases(
    api: ir.Api, op: ir.Operation, base: RequestData, methods: Callable[[str], bool]
) -> Iterator[Negative]:
    documented = route_methods(api.operations, op)
    path = wire_path(op.path)
    request: RequestData = {"path": dict(base.get("path", {})), "query": {}, "headers": {}}
    request["cookies"] = {}
    for method in _PROBED:
        if method in documented or not methods(method) or _shadowed(api, op, request, method):
            continue
        yield (
            "unknown_method",
            f"{method} {path}, a method the path does not document",
            {**request, RAW: {"method": method}},
        )


# ---------------------------------------------------------------------- the wire


def adjust(http: HttpRequest, request: RequestData) -> HttpRequest:
    """``http`` with the request's ``raw`` parts (method, media type, body bytes) applied."""
    raw = request.get(RAW)
    if not raw:
        return http
    headers = http.headers
    if "content_type" in raw:
        headers = tuple((k, v) for k, v in headers if k.lower() != "content-type")
        if raw["content_type"] is not None:
            headers = (*headers, ("Content-Type", raw["content_type"]))
    body = raw["body"].encode() if "body" in raw else http.body
    if "method" in raw:
        body = None
        headers = tuple((k, v) for k, v in headers if k.lower() != "content-type")
    return HttpRequest(raw.get("method", http.method), http.url, headers, body)


def _expression(text: str) -> str:
    """Python for ``text``, the token placeholders read from the environment."""
    parts: list[str] = []
    for piece in re.split(f"({_SECRET}|{_SECRET_BASIC})", text):
        if piece == _SECRET:
            parts.append("token")
        elif piece == _SECRET_BASIC:  # as the runner sends it: user:token unless it has a ':'
            parts.append(
                'base64.b64encode((token if ":" in token else "user:" + token).encode()).decode()'
            )
        elif piece:
            parts.append(pyrepr(piece))
    return " + ".join(parts) or "''"


def raw_snippet(http: HttpRequest) -> str:
    """The request through httpx: the generated client sends only documented requests."""
    from urllib.parse import quote

    url = http.url.replace(quote(_SECRET, safe=""), _SECRET)
    lines = [
        "# the generated client sends only what the spec documents: this request goes as bytes",
        "import base64",
        "import os",
        "",
        "import httpx",
        "",
        'token = os.environ.get("TOKEN", "")',
        "response = httpx.request(",
        f"    {pyrepr(http.method)},",
        f"    {_expression(url)},",
        *(
            [
                "    headers=[",
                *(f"        ({pyrepr(k)}, {_expression(v)})," for k, v in http.headers),
                "    ],",
            ]
            if http.headers
            else []
        ),
        f"    content={pyrepr(http.body)},",
        ")",
        "print(response.status_code, response.headers, response.text)",
    ]
    return "\n".join(lines)
