"""Calling the package's client against ``httpx.MockTransport``, and checking what it sent.

The checks read the spec's data (``operations.py``) and the independent validator, never
the client's own tables: a request conforms when its method, path, parameters, credentials
and body are what the operation documents.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import reduce
from typing import Any, cast
from urllib.parse import parse_qsl, quote, urlsplit

import httpx

from . import validation
from ._cases import same_json
from ._package import AsyncClient, Client, moved

# headers the client sends when the caller gives none: its User-Agent, httpx's Accept-Encoding
_CLIENT_HEADERS = frozenset({"user-agent", "accept-encoding"})

__all__ = [
    "BASE_URL",
    "PLACES",
    "Operation",
    "Response",
    "Scheme",
    "arguments",
    "async_client",
    "base_path",
    "check_request",
    "client",
    "credentials",
    "method_of",
    "responder",
    "secret",
    "sse_body",
]

# where a request of ``strategies.REQUESTS`` holds the parameters of each location
PLACES = {"path": "path", "query": "query", "header": "headers", "cookie": "cookies"}

BASE_URL = "https://api.example.test"
Handler = Callable[[httpx.Request], httpx.Response]


@dataclass(frozen=True)
class Scheme:
    """A security scheme: how its credential travels."""

    kind: str  # bearer, basic, api_key, oauth2, open_id_connect
    keyword: str  # the client's keyword argument for the credential
    location: str | None = None  # api_key: header, query or cookie
    param: str | None = None  # api_key: the header, query or cookie name


@dataclass(frozen=True)
class Response:
    """A documented response: the status served for it and how its body reads back."""

    code: int  # a concrete status for "200", "4XX" or "default"
    pointer: str | None  # the body's schema (None: no JSON schema)
    kind: str  # json, empty, text, binary, sse
    model: str | None = None  # the model class the client returns, when it is one
    events: str = "json"  # sse: each event's data is JSON, text, or JSON unless it is text
    # the headers it documents: (name, required, their schema's pointer (None: no schema),
    # explode: an object written as k=v pairs)
    headers: tuple[tuple[str, bool, str | None, bool], ...] = ()
    # no body is valid under its schema (a `oneOf` of members that accept the same values, say)
    no_valid_body: bool = False


@dataclass(frozen=True)
class Operation:
    """What the spec says of one operation, as data."""

    method: str
    path: str
    call: tuple[str, ...]  # attribute path on the client, e.g. ("chat", "completions", "create")
    params: Mapping[tuple[str, str], str] = field(
        default_factory=dict
    )  # (location, wire) -> keyword
    required: tuple[tuple[str, str], ...] = ()  # (location, wire) of the required parameters
    styles: Mapping[tuple[str, str], str] = field(default_factory=dict)  # non-default styles
    body: str | None = None  # the request body's schema pointer
    body_kind: str | None = None  # json, form, multipart, text, binary
    content_type: str | None = None
    security: tuple[tuple[Scheme, ...], ...] = ()  # alternatives; () = no credential needed
    responses: Mapping[str, Response] = field(default_factory=dict)
    elsewhere: str | None = None  # its own server, on another host than the API's
    server: str | None = None  # its own server, as the spec names it
    root: str | None = None  # the API's first server, beside which ``server`` is placed
    # the templates a router may give a path of its to instead (as specific or more), and
    # a pattern of the paths each matches
    taken_by: tuple[tuple[str, str], ...] = ()
    # the statuses HTTP names for a request of it carrying the conditions it takes (304, 412)
    conditional: tuple[int, ...] = ()
    # no value is valid under the schema of the answer a valid request gets: no server can
    # answer as documented, and it is not sent live
    answerless: bool = False
    # the operation (method and path key) a server answers its requests as: they share the
    # method and route on the wire (a fragment of a path key is never sent); not sent live
    shared: str | None = None


# ---------------------------------------------------------------------------- clients


def secret(scheme: Scheme) -> str:
    """The test credential given for a scheme (``user:password`` for basic)."""
    return "test-user:test-password" if scheme.kind == "basic" else f"test-{scheme.keyword}"


def credentials(schemes: Mapping[str, Scheme]) -> dict[str, str]:
    """The client's credential keywords, each with its test secret."""
    return {scheme.keyword: secret(scheme) for scheme in schemes.values()}


def client(handler: Handler, schemes: Mapping[str, Scheme], *, strict: bool = True) -> Client:
    """A client that sends through ``handler``, with every credential set and no retries; it
    follows redirects, as the package's own HTTP client does."""
    http = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    keys: dict[str, Any] = credentials(schemes)
    return Client(base_url=BASE_URL, http_client=http, max_retries=0, strict=strict, **keys)


def async_client(
    handler: Handler, schemes: Mapping[str, Scheme], *, strict: bool = True
) -> AsyncClient:
    """The async twin of :func:`client`."""
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler), follow_redirects=True)
    keys: dict[str, Any] = credentials(schemes)
    return AsyncClient(base_url=BASE_URL, http_client=http, max_retries=0, strict=strict, **keys)


def responder(
    code: int,
    body: Any,
    sent: list[httpx.Request] | None = None,
    *,
    kind: str = "json",
    media: str | None = None,
) -> Handler:
    """A handler answering every request with ``body``: as JSON, as it is (``kind`` text or
    binary, sent as ``media``; ``sse``: an event stream, see :func:`sse_body`), or no
    content (``kind`` empty)."""

    def handle(request: httpx.Request) -> httpx.Response:
        if sent is not None:
            request.read()
            sent.append(request)
        if kind == "empty" or (body is None and kind != "json"):
            return httpx.Response(code)
        if kind == "sse":
            return httpx.Response(code, content=body, headers={"content-type": "text/event-stream"})
        if kind in ("text", "binary"):
            raw = body.encode() if isinstance(body, str) else bytes(body)
            fallback = "text/plain" if kind == "text" else "application/octet-stream"
            return httpx.Response(code, content=raw, headers={"content-type": media or fallback})
        return httpx.Response(
            code, content=json.dumps(body).encode(), headers={"content-type": "application/json"}
        )

    return handle


def sse_body(values: list[Any], events: str) -> bytes | None:
    """``values`` as a ``text/event-stream`` body that reads back as them (None when none
    does): text goes as it is, one ``data:`` line per line, and cannot hold a carriage return
    (a line break there) nor be ``[DONE]`` (the end of a stream); JSON goes as JSON. Under
    ``json_or_text`` a string that parses as JSON of another type would not read back."""
    out = []
    for value in values:
        if events == "json" or not isinstance(value, str):
            text = json.dumps(value)
        elif (
            "\r" in value
            or value == "[DONE]"
            or (events == "json_or_text" and _json_not_string(value))
        ):
            return None
        else:
            text = value
        out.append("".join(f"data: {line}\n" for line in text.split("\n")) + "\n")
    return "".join(out).encode()


def _json_not_string(text: str) -> bool:
    try:
        return not isinstance(json.loads(text), str)
    except ValueError:
        return False


ELSEWHERE = "https://elsewhere.example.test/followed"


def redirecting(code: int, body: bytes, sent: list[httpx.Request]) -> Handler:
    """A handler answering with a ``code`` redirect to another host, which answers ``body``."""

    def handle(request: httpx.Request) -> httpx.Response:
        request.read()
        sent.append(request)
        if request.url == ELSEWHERE:
            return httpx.Response(
                200, content=body, headers={"content-type": "application/octet-stream"}
            )
        return httpx.Response(code, headers={"location": ELSEWHERE})

    return handle


def followed(method: str, code: int) -> str:
    """The method a client sends after a ``code`` redirect of a ``method`` request."""
    if (code == 303 and method != "HEAD") or (code in (301, 302) and method == "POST"):
        return "GET"
    return method


def method_of(root: Any, op: Operation) -> Any:
    """The client method of ``op`` (``client.chat.completions.create``)."""
    return reduce(getattr, op.call, root)


def arguments(op: Operation, request: Mapping[str, Any]) -> dict[str, Any]:
    """Keyword arguments for the client method from a request of ``strategies.REQUESTS``."""
    kwargs = {
        keyword: request[PLACES[location]][wire]
        for (location, wire), keyword in op.params.items()
        if wire in request[PLACES[location]]
    }
    if "body" in request:
        body = request["body"]
        if op.body_kind == "text" and not isinstance(body, str):
            # a text body of another type (`42` as text/plain): the client takes its text
            body = json.dumps(body, ensure_ascii=False)
        kwargs["body"] = body
    return kwargs


# ---------------------------------------------------------------------------- checks


def _text(value: Any) -> str | None:
    # a scalar parameter's text on the wire (JSON's spelling of booleans); None for the rest
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    return None


_EXPRESSION = re.compile(r"\{([^{}]+)\}")  # a template expression, its parameter's name inside


def _path_pattern(op: Operation, request: Mapping[str, Any]) -> re.Pattern[str]:
    """The paths the client may send ``op``'s request to: its template expanded with the
    request's values, each written as a path carries it (the character itself or
    percent-encoded), and any text of a segment for a value whose text the test does not
    spell (a styled one, a list, an object). An expanded path is compared, not split: a
    segment of several values (``/{a}{b}``, ``/{name}.{ext}``) splits more than one way."""
    parts = _EXPRESSION.split(op.path)
    pattern = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            pattern.append("".join(map(_literal, part)))
            continue
        styled = ("path", part) in op.styles
        text = None if styled else _text(request["path"].get(part))
        pattern.append("[^/]*" if text is None else "".join(map(_value_char, text)))
    return re.compile("".join(pattern))


def _encoded(char: str) -> str:
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))


def _literal(char: str) -> str:
    """A character of a path key as a URL may carry it: itself, or percent-encoded (a space
    or a `<` cannot be sent as they are)."""
    if char == "/" or quote(char, safe="") == char:  # a separator, or sent as it is
        return re.escape(char)
    return f"(?:{re.escape(char)}|(?i:{re.escape(_encoded(char))}))"


def _value_char(char: str) -> str:
    """A character of a path value as a URL may carry it: percent-encoded, or itself where
    that reads back as it (not a `/`, which would end the segment, nor a `%`, `?` or `#`)."""
    encoded = f"(?i:{re.escape(_encoded(char))})"
    return encoded if char in "/%?#" else f"(?:{re.escape(char)}|{encoded})"


def base_path(op: Operation, base_url: str = BASE_URL) -> str:
    """The path the client puts before the operation's, at ``base_url``: its own server's,
    placed as the package places it, where it has one."""
    if op.server is None:
        return urlsplit(base_url).path.rstrip("/")
    return urlsplit(moved(base_url, op.root, op.server) or op.server).path.rstrip("/")


def _check_path(op: Operation, request: Mapping[str, Any], sent: httpx.Request) -> None:
    raw = sent.url.raw_path.decode("ascii").split("?", 1)[0]
    base = base_path(op)
    found = _path_pattern(op, request).fullmatch(raw[len(base) :]) if raw.startswith(base) else None
    values = request["path"]
    assert found is not None, (
        f"sent to {raw!r}, not to a path like {base + op.path!r} with {values!r}"
    )


def _check_params(op: Operation, request: Mapping[str, Any], sent: httpx.Request) -> None:
    cookies = dict(
        part.strip().split("=", 1)
        for part in sent.headers.get("cookie", "").split(";")
        if "=" in part
    )
    for location, key in (("query", "query"), ("header", "headers"), ("cookie", "cookies")):
        for wire, value in request[key].items():
            if location == "query":
                got = sent.url.params.get_list(wire)
                found: str | None = got[0] if len(got) == 1 else None
                present = bool(got) or any(
                    k.startswith(wire) or (isinstance(value, dict) and k in value)  # form objects
                    for k in sent.url.params
                )
            elif location == "header":
                found = sent.headers.get(wire)
                present = found is not None
            else:
                found = cookies.get(wire)
                present = found is not None or bool(cookies)
            styled = (location, wire) in op.styles
            if value is None and op.styles.get((location, wire)) != "json":
                # no value, no parameter: only JSON can write null, and ``name=`` is a value
                # (a header the client writes of its own accord is its own then)
                if location == "header" and wire.lower() in _CLIENT_HEADERS:
                    continue
                assert found is None and wire not in sent.url.params, (
                    f"{location} parameter {wire!r} has no value but was sent"
                )
                continue
            if isinstance(value, list | dict) and not value:
                continue  # an empty array or object may rightly leave nothing on the wire
            assert present, f"{location} parameter {wire!r} was given but not sent"
            expected = _text(value)
            if expected is not None and not styled and found is not None:
                assert found == expected, (
                    f"{location} parameter {wire!r}: sent {found!r}, given {value!r}"
                )
    for location, wire in op.required:
        key = PLACES[location]
        assert wire in request[key], (
            f"the request strategy left out the required {location} {wire!r}"
        )


def _satisfied(alternative: tuple[Scheme, ...], sent: httpx.Request) -> bool:
    """Whether ``sent`` carries the credentials of ``alternative``: one in each place they
    are written in (two in one place, ``basic`` and ``bearer`` in ``Authorization``, cannot
    both be carried: the client sends one of them)."""
    places: dict[tuple[str, str], list[Scheme]] = {}
    for scheme in alternative:
        places.setdefault(_place(scheme), []).append(scheme)
    return all(any(_carries(s, sent) for s in group) for group in places.values())


def _place(scheme: Scheme) -> tuple[str, str]:
    if scheme.kind != "api_key":
        return ("header", "authorization")
    if scheme.location == "header":
        return ("header", (scheme.param or "").lower())
    return (scheme.location or "", scheme.param or "")


def _carries(scheme: Scheme, sent: httpx.Request) -> bool:
    value = secret(scheme)
    if scheme.kind == "basic":
        return bool(
            sent.headers.get("authorization")
            == "Basic " + base64.b64encode(value.encode()).decode()
        )
    if scheme.kind != "api_key":
        return bool(sent.headers.get("authorization") == f"Bearer {value}")
    if scheme.location == "query":
        return bool(sent.url.params.get(scheme.param or "") == value)
    if scheme.location == "cookie":
        return f"{scheme.param}={value}" in sent.headers.get("cookie", "")
    return bool(sent.headers.get(scheme.param or "") == value)


def _check_body(op: Operation, request: Mapping[str, Any], sent: httpx.Request) -> None:
    if op.body is None:
        assert not sent.content, "a body was sent to an operation that takes none"
        return
    if "body" not in request:
        return
    assert op.content_type is not None
    media = op.content_type.split(";")[0].strip().lower()
    if op.body_kind != "json":  # an empty form (or one of empty lists or objects) sends nothing
        given = request["body"]
        nothing = not given or (
            isinstance(given, Mapping)
            and all(v is None or (isinstance(v, list | dict) and not v) for v in given.values())
        )
        assert sent.content or nothing, "the body was not sent"
        sent_type = sent.headers.get("content-type", media).lower()
        assert not sent.content or sent_type.startswith(media.split("/")[0]), "wrong Content-Type"
        if op.body_kind in ("form", "multipart") and isinstance(given, Mapping):
            _check_fields(op, given, sent)
        return
    assert sent.headers.get("content-type", "").lower().startswith(media), "wrong Content-Type"
    body = json.loads(sent.content)
    problems = validation.errors(op.body, body)
    assert not problems, f"the body sent is not valid under the spec: {problems}"
    assert same_json(body, request["body"]), f"sent {body!r}, given {request['body']!r}"


# a character a multipart part's name may be written otherwise than as itself (HTML5's form
# encoding escapes a quote, a backslash and control characters): such a name is not looked for
_ESCAPED = re.compile(r'["\\\x00-\x1f\x7f]')


def _carries_a_value(value: Any) -> bool:
    # a form writes no null, and an empty array or object, or one of nulls, may write nothing
    if isinstance(value, Mapping):
        return any(_carries_a_value(v) for v in value.values())
    if isinstance(value, list):
        return any(_carries_a_value(v) for v in value)
    return value is not None


def _check_fields(op: Operation, given: Mapping[str, Any], sent: httpx.Request) -> None:
    """Each field of a form or multipart body given a value is on the wire: in a form, under
    its name, as a ``deepObject``'s ``name[...]`` or spread as an exploded object's
    properties; in a multipart body, as a part of its name. A field given a scalar or a list
    of scalars carries it as :func:`_written` says a client may write it."""
    sent_fields: Mapping[str, list[str | None]] | Mapping[str, list[str]]
    sent_fields = _form_fields(sent) if op.body_kind == "form" else _multipart_fields(sent)
    for wire, value in given.items():
        if not _carries_a_value(value):
            continue
        texts = sent_fields.get(wire, [])
        present = bool(texts)
        if op.body_kind == "form" and not present:
            present = any(
                k.startswith(f"{wire}[") or (isinstance(value, Mapping) and k in value)
                for k in sent_fields
            )
        elif op.body_kind == "multipart" and _ESCAPED.search(wire):
            continue  # its name may be written escaped (see _ESCAPED)
        assert present, f"the body's field {wire!r} was given but not sent"
        if op.body_kind == "form" and any(
            isinstance(other, Mapping) and wire in other
            for name, other in given.items()
            if name != wire
        ):
            continue  # an object spread in exploded form style writes this name too
        written = _written(value)
        if (
            written is not None
            and texts
            and not any(
                texts == each if isinstance(each, list) else texts == [each] for each in written
            )
        ):
            raise AssertionError(f"the body's field {wire!r}: sent {texts!r}, given {value!r}")


def _written(value: Any) -> list[str | list[str]] | None:
    """How a form or multipart field may carry ``value``, a scalar or a list of scalars (else
    None): a scalar as its text or JSON text; a list as one field per item (exploded; each a
    part of JSON text where its encoding says JSON), as one text its style joins (`form`,
    `spaceDelimited`, `pipeDelimited`), or as JSON text."""
    scalar = _text(value)
    items = [_text(item) for item in value] if isinstance(value, list) else []
    if scalar is None and (not items or any(item is None for item in items)):
        return None  # bytes, a file, an object: not compared
    as_json = [json.dumps(value, ensure_ascii=False, separators=sep) for sep in (None, (",", ":"))]
    if scalar is not None:
        return [scalar, *as_json]
    texts = cast("list[str]", items)
    each_as_json = [json.dumps(item, ensure_ascii=False) for item in value]
    return [texts, each_as_json, *(sep.join(texts) for sep in (",", " ", "|")), *as_json]


def _form_fields(sent: httpx.Request) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for key, text in parse_qsl(sent.content.decode("ascii"), keep_blank_values=True):
        fields.setdefault(key, []).append(text)
    return fields


_PART_NAME = re.compile(rb'; name="([^"]*)"')


def _multipart_fields(sent: httpx.Request) -> dict[str, list[str | None]]:
    """The texts of a multipart body's parts by name (a part that is no UTF-8 text: None),
    split at the boundary its Content-Type names."""
    boundary = sent.headers.get("content-type", "").partition("boundary=")[2].strip('"')
    fields: dict[str, list[str | None]] = {}
    if not boundary:
        return fields
    for chunk in (b"\r\n" + sent.content).split(b"\r\n--" + boundary.encode("ascii"))[1:]:
        if chunk.startswith(b"--"):
            break  # the closing delimiter
        head, _, payload = chunk.partition(b"\r\n\r\n")
        named = _PART_NAME.search(head)
        if named is None:
            continue
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        fields.setdefault(named.group(1).decode("utf-8", "replace"), []).append(text)
    return fields


def check_request(op: Operation, request: Mapping[str, Any], sent: httpx.Request) -> None:
    """Assert that ``sent`` is the request ``op`` documents, carrying what ``request`` gave."""
    assert sent.method == op.method, f"sent {sent.method}, the spec says {op.method}"
    _check_path(op, request, sent)
    _check_params(op, request, sent)
    if op.security:
        assert any(_satisfied(alt, sent) for alt in op.security), (
            "no documented credential was sent"
        )
    _check_body(op, request, sent)
