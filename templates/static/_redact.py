"""Credentials kept out of what the client shows: the rules, and text, URLs and requests.

Each client holds a :class:`Redactor`: the credentials it sends (their values, in every form
they take: percent-encoded, in a ``Basic`` header, escaped in a ``repr``), and the headers and
query parameters that carry a credential whatever their value; URL userinfo is hidden too.
The :func:`rules` are those of every live client's redactor together. ``_scrub`` applies them
to exceptions and log records; ``repr(client)`` to its base URL.

What goes on the wire is never changed: an error refers to a redacted copy of the request.
What the server sent (an error's ``body``, response headers and content) is kept as received;
where the client quotes it in a message, the message is redacted.
"""

from __future__ import annotations

import base64
import re
import string
import threading
import weakref
from collections.abc import Iterable, Mapping

import httpx

from ._operation import Scheme

__all__ = [
    "DATA",
    "MARK",
    "SECRET_HEADERS",
    "Redactor",
    "Rules",
    "redact_headers",
    "redact_request",
    "redact_text",
    "redact_url",
    "rules",
    "scrub_response",
]

MARK = "[REDACTED]"
# a credential shorter than this is hidden where the client puts it (a header, a query
# parameter, userinfo) but not searched for in free text, where it would mangle every word
MIN_SEARCHED = 4
# headers that carry credentials: never forwarded to another origin, never shown
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
DATA = frozenset({"body", "parsed"})  # what the server sent: kept as received
_PLAIN = frozenset(string.ascii_letters + string.digits + "-._~")
_USERINFO = re.compile(r"(?<=://)[^/?#@\s'\"<>]+@")


def _hex(byte: int) -> str:
    return "".join(f"[{c.upper()}{c}]" if c.isalpha() else c for c in f"{byte:02x}")


def _loose(text: str) -> str:
    """A pattern for ``text`` as it may be written: raw, percent-encoded (once or twice, any
    case, any mix), ``+`` for a space, or escaped in a Python or JSON string or bytes repr.

    Letters, digits and ``-._~`` are left alone by every encoder, so they match only as they
    are: the pattern stays close to a literal, quick to compile and to search.
    """
    parts = []
    for char in text:
        if char in _PLAIN:
            parts.append(re.escape(char))
            continue
        data = char.encode("utf-8")
        ways = [re.escape(char), "".join(f"%(?:25)?{_hex(b)}" for b in data)]
        if ord(char) <= 0xFFFF:
            ways.append(rf"\\u{_hex(ord(char) >> 8)}{_hex(ord(char) & 0xFF)}")
        if char in "'\"\\/":
            ways.append(re.escape("\\" + char))
        if char == " ":
            ways.append(r"\+")
        if not char.isascii() or not char.isprintable():
            ways.append("".join(rf"\\x{_hex(b)}" for b in data))
        parts.append(f"(?:{'|'.join(ways)})")
    return "".join(parts)


def _forms(value: str) -> set[str]:
    """What a credential value may show as: itself, the password of ``user:password`` and
    the base64 of a ``Basic`` header."""
    forms = {value}
    if ":" in value:
        forms.add(value.partition(":")[2])
    for encoding in ("utf-8", "latin-1"):
        try:
            forms.add(base64.b64encode(value.encode(encoding)).decode("ascii"))
        except UnicodeEncodeError:
            continue
    return {form for form in forms if len(form) >= MIN_SEARCHED}


class Rules:
    """The union of every live redactor, compiled."""

    def __init__(self, values: set[str], query: set[str], headers: set[str]) -> None:
        self.headers = frozenset(headers)
        forms = sorted({form for value in values for form in _forms(value)}, key=len, reverse=True)
        self._values = re.compile("|".join(map(_loose, forms))) if forms else None
        names = "|".join(_loose(name) for name in sorted(query, key=len, reverse=True))
        self._query = re.compile(rf"(?<=[?&;])((?:{names})=)[^&#\s'\"<>]*") if query else None

    def text(self, text: str) -> str:
        """``text`` with every credential, query credential and URL userinfo hidden."""
        if self._values is not None:
            text = self._values.sub(MARK, text)
        if self._query is not None and "=" in text:
            text = self._query.sub(rf"\g<1>{MARK}", text)
        return _USERINFO.sub(MARK + "@", text) if "://" in text else text


class Redactor:
    """What one client must hide; it applies while the client lives."""

    __slots__ = ("__weakref__", "cookies", "headers", "query", "values")

    def __init__(self, schemes: Iterable[Scheme]) -> None:
        keys = [s for s in schemes if s.kind == "api_key"]
        named = {s.wire_name.lower() for s in keys if s.location == "header"}
        self.headers = SECRET_HEADERS | named
        self.query = frozenset(s.wire_name for s in keys if s.location == "query")
        self.cookies = frozenset(s.wire_name for s in keys if s.location == "cookie")
        self.values: set[str] = set()
        _register(self)

    def copy(self) -> Redactor:
        """One for a copy of the client: it hides what this one does, and what the copy adds
        leaves with the copy (a client copied per request does not grow this one)."""
        twin = object.__new__(Redactor)
        twin.headers, twin.query, twin.cookies = self.headers, self.query, self.cookies
        twin.values = set(self.values)
        _register(twin)
        return twin

    def add(self, value: str | None) -> None:
        """Hide ``value`` wherever it shows."""
        if value and value not in self.values:
            with _LOCK:
                self.values.add(value)
                _changed()

    def add_url(self, url: httpx.URL | None) -> None:
        """Hide the userinfo of ``url`` (and the ``Basic`` header httpx makes of it)."""
        if url is not None and (url.username or url.password):
            self.add(f"{url.username}:{url.password}")
            if not url.password:
                self.add(url.username)

    def add_headers(self, headers: Mapping[str, str]) -> None:
        """Hide the credentials a caller sends in headers of their own."""
        for name, value in headers.items():
            lower = name.lower()
            if lower == "cookie":
                for pair in value.split(";"):
                    cookie, _, given = pair.strip().partition("=")
                    if cookie in self.cookies:
                        self.add(given)
            elif lower in self.headers:
                self.add(value)
                self.add(value.partition(" ")[2])  # the token of ``Bearer <token>``


_LOCK = threading.Lock()
_LIVE: weakref.WeakSet[Redactor] = weakref.WeakSet()
_generation = [0]
_cache: list[tuple[tuple[int, int], Rules | None]] = []


def _changed() -> None:
    _generation[0] += 1


def _register(redactor: Redactor) -> None:
    with _LOCK:
        _LIVE.add(redactor)
        _changed()


def rules() -> Rules | None:
    """The rules of every live redactor (None when no client lives), rebuilt on a change."""
    key = (_generation[0], len(_LIVE))
    if _cache and _cache[0][0] == key:
        return _cache[0][1]
    with _LOCK:
        live = list(_LIVE)
        values = {v for r in live for v in r.values}
    made = (
        Rules(values, {q for r in live for q in r.query}, {h for r in live for h in r.headers})
        if live
        else None
    )
    _cache[:] = [(key, made)]
    return made


# ---------------------------------------------------------------------------- values


def redact_text(text: str) -> str:
    """``text`` with every credential a live client holds replaced by :data:`MARK`."""
    now = rules()
    return text if now is None else now.text(text)


def redact_url(url: httpx.URL) -> httpx.URL:
    """``url`` without credentials (userinfo, credential query parameters, known values)."""
    now = rules()
    if now is None:
        return url
    text = str(url)
    clean = now.text(text)
    if clean == text:
        return url
    try:
        return httpx.URL(clean)
    except (httpx.InvalidURL, ValueError):
        return httpx.URL(f"{url.scheme or 'https'}://redacted.invalid/")


def redact_headers(headers: httpx.Headers, hide: Rules) -> httpx.Headers:
    """``headers`` with the values of credential headers and every known credential hidden."""
    pairs = [(k.decode(headers.encoding), v.decode(headers.encoding)) for k, v in headers.raw]
    secret = [name.lower() in hide.headers for name, _ in pairs]
    shown = "\n".join(value for (_, value), hidden in zip(pairs, secret, strict=True) if not hidden)
    if not any(secret) and hide.text(shown) == shown:  # one search for the usual case
        return headers
    return httpx.Headers(
        [
            (name, MARK if hidden else hide.text(value))
            for (name, value), hidden in zip(pairs, secret, strict=True)
        ]
    )


_COPIES: weakref.WeakSet[httpx.Request] = weakref.WeakSet()


def redact_request(request: httpx.Request) -> httpx.Request:
    """A copy of ``request`` without credentials (the same one when it has none to hide)."""
    now = rules()
    if now is None or request in _COPIES:
        return request
    url = redact_url(request.url)
    headers = redact_headers(request.headers, now)
    if url is request.url and headers is request.headers:
        return request
    try:
        content: bytes | None = request.content
    except httpx.RequestNotRead:
        content = None
    copy = httpx.Request(
        request.method,
        url,
        headers=headers,
        content=content,
        stream=request.stream if content is None else None,
        extensions=dict(request.extensions),
    )
    _COPIES.add(copy)
    return copy


def scrub_response(response: httpx.Response) -> None:
    """Point ``response`` (and the redirects before it) at redacted copies of their requests."""
    for each in (response, *response.history):
        if each.next_request is not None:  # httpx's own idea of the redirect to follow
            each.next_request = redact_request(each.next_request)
        try:
            each.request = redact_request(each.request)
        except RuntimeError:  # a response built without a request
            continue
