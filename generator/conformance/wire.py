"""Requests as data, as bytes on the wire, and as reproductions: ``curl`` and the Python client.

A request is ``{"path", "query", "headers", "cookies", "body"?}`` with JSON values by wire
name. Parameters are serialised by their OpenAPI style; credentials are added per the
operation's first security requirement. In reproductions the token is never written out:
``curl`` reads ``$TOKEN`` from the shell and the Python snippet ``os.environ["TOKEN"]``.
"""

from __future__ import annotations

import base64
import json
import re
import shlex
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Literal
from urllib.parse import quote, unquote

from generator import __version__, ir
from generator.conformance.bodies import body_bytes, body_model
from generator.conformance.body import ACCEPT_ENCODING
from generator.conformance.forms import (
    item_text,
    joined_texts,
    query_string,
    spread_object,
    styled_pairs,
    unsplit,
)
from generator.conformance.forms import (
    text as _text,
)
from generator.conformance.source import MEDIA, PLACES
from generator.conformance.unsendable import Unsendable
from generator.facts.styles import (
    read_as_none,
    spread_taken,
    spread_unnamed,
    spreads,
    taken_names,
)
from generator.naming import TOKEN_CHAR, http_token
from generator.openapi.paths import fixed_query, wire_path
from generator.records import record
from generator.render.client import credential_keywords
from generator.render.literals import pyrepr

__all__ = [
    "REDACTED",
    "REDACTED_BASIC",
    "Auth",
    "HttpRequest",
    "Unsendable",
    "curl",
    "encode",
    "python_snippet",
    "sends_blank",
    "sent_body",
    "token_forms",
]

Auth = Literal["token", "none", "wrong"]
_SECRET = "\x00TOKEN\x00"  # stands for the token until a reproduction replaces it
_SECRET_BASIC = "\x00BASIC\x00"  # the same, base64-encoded as HTTP basic wants it
# the shell's reading of the token, as the run sends it (a bare token is basic's password)
_SHELL = {
    _SECRET: '"$TOKEN"',
    _SECRET_BASIC: (
        '"$(case "$TOKEN" in *:*) printf %s "$TOKEN";; *) printf user:%s "$TOKEN";; esac'
        ' | base64 -w0)"'
    ),
}
# what stands for the token where a request is written down (a cassette): plain URL-safe text
REDACTED = "APIFORGE-REDACTED-TOKEN"
REDACTED_BASIC = "APIFORGE-REDACTED-BASIC-CREDENTIALS"
_WRONG = "apiforge-wrong-credential"


# the characters a cookie's value carries as they are (RFC 6265 cookie-octets): a server reads
# quotes, commas and semicolons as the header's own, and may unquote the value
_COOKIE_OCTETS = frozenset(chr(c) for c in range(0x21, 0x7F)) - frozenset('",;\\')


def _carried(location: str, name: str, value: Any) -> None:
    """Raise :class:`Unsendable` when a text in ``value`` (an object's keys too) is not what a
    header or a cookie carries as it is: ASCII without control characters, no space around a
    header's text (a server trims it), cookie-octets only in a cookie."""
    for text in _texts(value):
        if location == "cookie":
            carried = all(c in _COOKIE_OCTETS for c in text)
        else:
            carried = text.isascii() and text.isprintable() and text == text.strip(" ")
        if not carried:
            raise Unsendable(f"{location} {name!r}: {text!r} is not text a {location} carries")


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, str):
        yield value


# what conformance's requests say they come from, where an operation takes no User-Agent
USER_AGENT = f"apiforge/{__version__}"
# the headers a request carries of the client's own, where its operation takes no such header
_OWN_HEADERS = (("User-Agent", USER_AGENT), ("Accept-Encoding", ACCEPT_ENCODING))


@record
class HttpRequest:
    """What is sent: method, URL (path and query), headers and body bytes."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None

    def with_token(self, token: str | None) -> HttpRequest:
        """The request with the placeholder replaced by the real token."""
        real = token or ""
        return self._filled(real, _basic(real))

    def redacted(self) -> HttpRequest:
        """The request as written down: the placeholders become :data:`REDACTED` and
        :data:`REDACTED_BASIC`, which :meth:`unredacted` reads back."""
        return self._filled(REDACTED, REDACTED_BASIC)

    def unredacted(self) -> HttpRequest:
        """A request :meth:`redacted` wrote, its token a placeholder again (see ``with_token``)."""
        return HttpRequest(
            self.method,
            self.url.replace(REDACTED, quote(_SECRET, safe="")),
            tuple(
                (k, v.replace(REDACTED_BASIC, _SECRET_BASIC).replace(REDACTED, _SECRET))
                for k, v in self.headers
            ),
            self.body,
        )

    def _filled(self, token: str, basic: str) -> HttpRequest:
        return HttpRequest(
            self.method,
            self.url.replace(quote(_SECRET, safe=""), quote(token, safe="")).replace(
                _SECRET, token
            ),
            tuple(
                (k, v.replace(_SECRET, token).replace(_SECRET_BASIC, basic))
                for k, v in self.headers
            ),
            self.body,
        )


def _basic(token: str) -> str:
    """The token as HTTP basic credentials: ``user:password`` (a bare token is the password)."""
    pair = token if ":" in token else f"user:{token}"
    return base64.b64encode(pair.encode()).decode()


def token_forms(token: str) -> tuple[str, ...]:
    """Every form the token takes on the wire (as given, percent-encoded, as basic
    credentials), longest first: what a server echoing it back would show of it."""
    forms = {token, quote(token, safe=""), _basic(token)}
    return tuple(sorted(forms, key=len, reverse=True))


def _json_text(value: Any) -> str:
    """A ``content: application/json`` parameter's text: JSON, so ``null`` and ``"a"`` too."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _query_pairs(param: ir.Param | None, name: str, value: Any) -> list[tuple[str, str]]:
    """The percent-encoded pairs of a query parameter in its style."""
    if param is not None and param.style == "json":
        return [(quote(name, safe=""), quote(_json_text(value), safe=""))]
    style, explode = (param.style, param.explode) if param is not None else ("form", True)
    return styled_pairs(f"query parameter {name!r}", name, value, style, explode)


def _simple(value: Any, explode: bool = False, quote_: Callable[[Any], str] = _text) -> str:
    what = "a styled value"
    if isinstance(value, list):
        joined_texts(what, value)
    if isinstance(value, dict):
        texts = [part for k, v in value.items() for part in (str(k), item_text(what, v))]
        unsplit(what, texts, ",=" if explode else ",")
    if isinstance(value, list):
        return ",".join(quote_(v) for v in value)
    if isinstance(value, dict) and explode:
        return ",".join(f"{quote_(k)}={quote_(v)}" for k, v in value.items())
    if isinstance(value, dict):
        return ",".join(f"{quote_(k)},{quote_(v)}" for k, v in value.items())
    return quote_(value)


def _styled(param: ir.Param | None, value: Any) -> str:
    """A header value, or a path segment before quoting, in the parameter's style."""
    if param is None:
        return _simple(value)
    if param.style == "json":
        return _json_text(value)
    return _simple(value, param.explode)


def _headers(
    params: Mapping[tuple[str, str], ir.Param], request: dict[str, Any]
) -> tuple[list[tuple[str, str]], list[str]]:
    """The header parameters' (name, text) and the cookies' ``name=text``, each carried as
    it is (:func:`_carried`; JSON text is quoted or percent-encoded whatever it holds)."""
    headers: list[tuple[str, str]] = []
    for name, value in _present(params, "header", request.get("headers", {})):
        param = params.get(("header", name))
        if not _is_json(param):
            _carried("header", name, value)
        headers.append((name, _styled(param, value)))
    cookies: list[str] = []
    for name, value in _present(params, "cookie", request.get("cookies", {})):
        param = params.get(("cookie", name))
        if not _is_json(param):
            _carried("cookie", name, value)
        cookies.extend(_cookie(param, name, value))
    return headers, cookies


def _cookie(param: ir.Param | None, name: str, value: Any) -> list[str]:
    """A cookie parameter's ``name=text`` pairs in form style: an exploded array repeats
    the cookie (``prefs=a; prefs=b``), an exploded object is a cookie per property."""
    if _is_json(param):
        return [f"{name}={quote(_json_text(value), safe='')}"]
    explode = param.explode if param is not None else True
    what = f"cookie {name!r}"
    if explode and isinstance(value, list):
        return [f"{name}={item_text(what, v)}" for v in value]
    if explode and isinstance(value, dict):
        return [f"{k}={item_text(what, v)}" for k, v in value.items()]
    return [f"{name}={_simple(value)}"]


def _is_json(param: ir.Param | None) -> bool:
    return param is not None and param.style == "json"


def _segment(param: ir.Param | None, name: str, value: Any) -> str:
    """A path parameter's text in its style (simple, label or matrix), percent-encoded."""
    style, explode = (param.style, param.explode) if param is not None else ("simple", False)

    def q(v: Any) -> str:
        return quote(_text(v), safe="")

    if style == "json":
        return quote(_json_text(value), safe="")
    if style == "label":
        sep = "." if explode else ","
        if isinstance(value, list):
            texts = joined_texts("a label", value, sep)
            return "." + sep.join(quote(v, safe="") for v in texts)
        return "." + (
            _simple(value, explode, q).replace(",", sep) if explode else _simple(value, False, q)
        )
    if style == "matrix":
        if value is None:  # no value: RFC 6570 writes nothing, and no segment is left
            return ""
        if isinstance(value, list) and explode:
            return "".join(f";{q(name)}={q(v)}" for v in value)
        if isinstance(value, dict) and explode:
            return "".join(f";{q(k)}={q(v)}" for k, v in value.items())
        return f";{q(name)}={_simple(value, False, q)}"
    return _simple(value, explode, q)


def _credentials(
    api: ir.Api, op: ir.Operation, auth: Auth
) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[str]]:
    """(headers, query pairs, cookies) carrying the credential for ``op``'s first
    requirement."""
    headers: list[tuple[str, str]] = []
    query: list[tuple[str, str]] = []
    cookies: list[str] = []
    if auth == "none" or not op.security or any(not r for r in op.security):
        return headers, query, cookies
    secret = _SECRET if auth == "token" else _WRONG
    schemes = {s.key: s for s in api.security_schemes}
    for key in op.security[0]:
        scheme = schemes.get(key)
        if scheme is None:
            continue
        if scheme.kind == "basic":
            wrong = base64.b64encode(f"user:{secret}".encode()).decode()
            headers.append(
                ("Authorization", f"Basic {_SECRET_BASIC if auth == 'token' else wrong}")
            )
        elif scheme.kind == "api_key" and scheme.param:
            if scheme.location == "query":
                query.append((quote(scheme.param, safe=""), quote(secret, safe="")))
            elif scheme.location == "cookie":
                cookies.append(f"{scheme.param}={secret}")
            else:
                headers.append((scheme.param, secret))
        else:
            headers.append(("Authorization", f"Bearer {secret}"))
    return headers, query, cookies


def sent_body(op: ir.Operation, request: dict[str, Any]) -> ir.Body | None:
    """The body ``request`` goes as: that of the media type it names (:data:`MEDIA`), else
    the operation's preferred one."""
    named = request.get(MEDIA)
    return next((b for b in op.other_bodies if b.content_type == named), op.body)


def encode(
    api: ir.Api, op: ir.Operation, request: dict[str, Any], base_url: str, auth: Auth
) -> HttpRequest:
    """The HTTP request for ``request`` (the token still a placeholder: see ``with_token``)."""
    params: dict[tuple[str, str], ir.Param] = {(p.location, p.wire): p for p in op.params}
    path = wire_path(op.path)
    for name, value in request.get("path", {}).items():
        segment = _segment(params.get(("path", name)), name, value)
        if not segment.strip("."):  # no segment, or one a URL reads as `.` or `..`
            raise Unsendable(f"path parameter {name!r} is empty: no URL can carry it")
        path = path.replace("{" + name + "}", segment)
    _spread_params(api, params, request)
    pairs: list[tuple[str, str]] = []
    for name, value in _present(params, "query", request.get("query", {})):
        param = params.get(("query", name))
        written = _query_pairs(param, name, value)
        if not written and param is not None and param.required:  # an empty exploded object
            raise Unsendable(f"required query parameter {name!r} writes nothing")
        pairs.extend(written)
    headers, cookie_parts = _headers(params, request)
    auth_headers, auth_query, auth_cookies = _credentials(api, op, auth)
    headers.extend(auth_headers)
    pairs.extend(auth_query)
    pairs = _with_fixed(op, pairs)
    if cookie_parts or auth_cookies:  # one Cookie header (RFC 6265 5.4), credentials first
        headers.append(("Cookie", "; ".join([*auth_cookies, *cookie_parts])))
    accept = accepted(op)
    if accept is not None and not any(k.lower() == "accept" for k, _ in headers):
        headers.append(("Accept", accept))
    taken = {p.wire.lower() for p in op.params if p.location == "header"}
    for name, value in _OWN_HEADERS:
        # the client's own, unless the operation reads the header: then only the request's
        # value goes (a request leaving it out goes without one)
        if name.lower() not in taken:
            headers.append((name, value))
    for name, _ in headers:
        if not http_token(name):  # a server's HTTP layer refuses it before any handler
            raise Unsendable(f"header name {name!r} is no token a header line carries")
    body: bytes | None = None
    sent = sent_body(op, request)
    if "body" in request and sent is not None:
        body, media = body_bytes(api, sent, request["body"])
        headers.append(("Content-Type", media))
    url = base_url.rstrip("/") + path + (("?" + query_string(pairs)) if pairs else "")
    return HttpRequest(op.method.upper(), url, tuple(headers), body)


# a media type or range as a header carries it: type/subtype, parameters after `;`, printable
# ASCII without the comma that would split the list
_MEDIA_RANGE = re.compile(rf"{TOKEN_CHAR}+/{TOKEN_CHAR}+(?:[ ]*;[\x20-\x2b\x2d-\x7e]*)?")


def accepted(op: ir.Operation) -> str | None:
    """The ``Accept`` header of a request of ``op``: every media type its responses document,
    in their order, so that a server choosing by it answers in one of them (a request with no
    ``Accept`` takes any, and a server may answer it with a text or HTML error page); None
    where none is documented, or one is no text a header can carry."""
    found: dict[str, None] = {}
    for response in op.responses:
        for media in (response.content_type, *(m for m, _ in response.alternatives)):
            if media:
                found.setdefault(media)
    if not found or not all(_MEDIA_RANGE.fullmatch(media) for media in found):
        return None
    return ", ".join(found)


def sends_blank(op: ir.Operation, request: dict[str, Any]) -> bool:
    """Whether ``request`` sends a parameter as the empty text (``""``, or an empty list or
    object) where a server may read it as no value: a header, a cookie, a query parameter
    without ``allowEmptyValue: true`` (:func:`~generator.facts.styles.read_as_none`). An empty
    list or object spread into pairs of its own (exploded ``form``, ``deepObject``) writes
    nothing at all: it is absent."""
    for param in op.params:
        values = request.get(PLACES[param.location], {})
        value = values.get(param.wire) if isinstance(values, dict) else None
        if not isinstance(value, str | list | dict) or value or not read_as_none(param):
            continue
        if not (spreads(param.style, param.explode) and isinstance(value, list | dict)):
            return True
    return False


def _with_fixed(op: ir.Operation, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The query pairs ``op``'s path fixes (``?beta=true``), then ``pairs``, as the client
    sends them: a pair of the same name in ``pairs`` stands in the fixed pair's place. Sent
    with another value, it is another operation's request (a server tells them apart by
    it): :class:`Unsendable`."""
    fixed = [
        pair
        for name, value in fixed_query(op.path)
        for pair in styled_pairs("the path's query", name, value, "form", True)
    ]
    names = {k for k, _ in pairs}
    for name, value in fixed:
        if name in names and (name, value) not in pairs:
            shown = f"{unquote(name)}={unquote(value)}"
            raise Unsendable(
                f"query parameter {unquote(name)!r} is sent in place of the pair its path fixes "
                f"({shown}) with another value: a request of another operation"
            )
    return [pair for pair in fixed if pair[0] not in names] + pairs


def _spread_params(
    api: ir.Api, params: Mapping[tuple[str, str], ir.Param], request: dict[str, Any]
) -> None:
    """Refuse a query or cookie parameter's object that its style spreads into pairs its
    type declares nothing to read back by (:func:`~generator.conformance.forms.spread_object`),
    or into a pair named like another parameter, which a server reads as that parameter's
    (:func:`~generator.facts.styles.spread_taken`)."""
    for location, key in (("query", "query"), ("cookie", "cookies")):
        here = [p for (where, _), p in params.items() if where == location]
        for name, value in request.get(key, {}).items():
            param = params.get((location, name))
            if param is not None:
                what = f"{location} parameter {name!r}"
                spread_object(
                    api, what, value, param.type, style=param.style, explode=param.explode
                )
                if param.required and spread_unnamed(
                    api, param.type, param.style, param.explode, value
                ):
                    raise Unsendable(
                        f"required {what} holds no property its schema declares: a server "
                        "gathers exploded form pairs back by those names, and reads no value"
                    )
                rest = taken_names(api, (p for p in here if p is not param))
                hit = sorted(rest.intersection(value)) if isinstance(value, dict) else []
                if (
                    hit
                    and spread_taken(api, param.type, param.style, param.explode, rest) is not None
                ):
                    raise Unsendable(
                        f"{what} holds the property {hit[0]!r}, which exploded form style "
                        f"spreads into a pair another {location} parameter takes"
                    )


def _present(
    params: Mapping[tuple[str, str], ir.Param], location: str, values: dict[str, Any]
) -> list[tuple[str, Any]]:
    """The parameters that have a value: no value (``None``) means no parameter.

    Only the ``json`` style (``content``) can write ``null``; in every other style ``None``
    would be an empty value (``name=``), which servers read as a value of its own and refuse
    where it is no string. A required parameter without a value cannot be sent.
    """
    out: list[tuple[str, Any]] = []
    for name, value in values.items():
        param = params.get((location, name))
        if value is None and not _is_json(param):
            if param is not None and param.required:
                raise Unsendable(f"required {location} parameter {name!r} has no value")
            continue
        out.append((name, value))
    return out


def _quote(arg: str) -> str:
    """``shlex.quote`` with the token placeholders left for the shell to expand from ``$TOKEN``."""
    arg = arg.replace(quote(_SECRET, safe=""), _SECRET)
    out = ""
    for piece in re.split(f"({_SECRET}|{_SECRET_BASIC})", arg):
        out += _SHELL.get(piece) or (shlex.quote(piece) if piece else "")
    return out or "''"


def curl(request: HttpRequest) -> str:
    """A shell command that sends ``request``, its body byte for byte; the token comes from
    ``$TOKEN``.

    A body of plain text goes as curl's ``--data-binary`` argument. One that an argument
    cannot carry as it is goes through ``printf`` on curl's standard input, each other byte
    an octal escape (POSIX ``printf %b``): bytes that are not UTF-8 text, control characters
    (a ``\r`` would hide the text before it on a terminal), a NUL (no argument holds one),
    or a leading ``@`` (which curl reads as the name of a file to send).
    """
    args = ["curl", "-sS", "-i", "-X", request.method, request.url]
    for name, value in request.headers:
        args.extend(["-H", f"{name}: {value}"])
    body = request.body
    text = _plain_text(body) if body is not None else None
    if text is not None:
        args.extend(["--data-binary", text])
    command = " ".join(_quote(a) for a in args)
    if body is not None and text is None:
        return f"printf '%b' {_octal(body)} | {command} --data-binary @-"
    return command


def _plain_text(body: bytes) -> str | None:
    """``body`` as text an argument carries as it is, or None."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.startswith("@") or any((c < " " and c not in "\n\t") or c == "\x7f" for c in text):
        return None
    return text


def _octal(body: bytes) -> str:
    """A single-quoted shell word that ``printf %b`` turns into ``body`` exactly."""
    kept = "".join(
        chr(byte) if 0x20 <= byte < 0x7F and byte not in (0x27, 0x5C) else f"\\0{byte:03o}"
        for byte in body
    )
    return f"'{kept}'"


def _credential_keyword(api: ir.Api, op: ir.Operation) -> str | None:
    """The client keyword taking the credential of the operation's first way to authenticate
    (None when the operation needs none: the client then has no such keyword to pass)."""
    keywords = {scheme.key: keyword for scheme, keyword in credential_keywords(api)}
    required = next((alt for alt in op.security if alt), ())
    return next((keywords[key] for key in required if key in keywords), None)


def _as_given(api: ir.Api, spec: ir.Body, value: Any) -> Any:
    """A text or binary body as the client takes it: the text (``str``) or the bytes
    sent, as :func:`~generator.conformance.bodies.body_bytes` wrote them."""
    try:
        written, _ = body_bytes(api, spec, value)
    except Unsendable:  # not sent: the value as drawn
        return value
    if spec.kind == "binary":
        return written
    try:
        return written.decode("utf-8")
    except UnicodeDecodeError:
        return written


def python_snippet(
    api: ir.Api, op: ir.Operation, request: dict[str, Any], base_url: str, *, invalid: bool = False
) -> str:
    """The same call through the generated client (its own validation may refuse a near miss)."""
    kwargs: list[tuple[str, Any]] = []
    for param in op.params:
        source = PLACES[param.location]
        if param.wire in request.get(source, {}):
            kwargs.append((param.name, request[source][param.wire]))
    if "body" in request and op.body is not None:
        model = body_model(api, op.body.type)
        body = request["body"]
        if op.body.kind not in ("json", "form", "multipart"):
            kwargs.append(("body", _as_given(api, op.body, body)))
        elif model is not None and isinstance(body, dict):
            names = {f.wire: f.name for f in model.fields}
            kwargs.extend((names[k], v) for k, v in body.items() if k in names)
            extra = {k: v for k, v in body.items() if k not in names}
            if extra:
                kwargs.append(("extra_body", extra))
        else:
            kwargs.append(("body", body))
    call = ".".join(("client", *op.group, op.name))
    keyword = _credential_keyword(api, op)
    setup = ["import os", ""] if keyword else []
    credential = f'{keyword}=os.environ["TOKEN"], ' if keyword else ""
    caveat = [
        "# an invalid request: the client's own validation may refuse it before sending;",
        "# the curl command sends it as it is",
    ]
    lines = [
        *(caveat if invalid else []),
        *setup,
        f"from {api.package} import Client",
        "",
        f"client = Client({credential}base_url={pyrepr(base_url)})",
        f"{call}(",
        *(f"    {name}={pyrepr(value)}," for name, value in kwargs),
        ")",
    ]
    return "\n".join(lines)
