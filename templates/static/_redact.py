"""Credentials kept out of what the client shows: log records, errors and ``repr(client)``.

Each client holds a :class:`Redactor`: the credentials it sends (their values, in every form
they take: percent-encoded, in a ``Basic`` header, escaped in a ``repr``), and the headers and
query parameters that carry a credential whatever their value. URL userinfo is hidden too.
Every live client's redactor applies to:

- the log records of httpx, httpcore, hpack and this package: a filter on those loggers
  redacts each record before any handler sees it (other loggers are left alone);
- every error this package raises and every exception a call lets through: message,
  ``args``, notes, the requests, URLs and headers they reference, and their whole
  ``__cause__``/``__context__`` chain (so ``traceback.format_exception`` is clean too).

What goes on the wire is never changed: an error refers to a redacted copy of the request.
What the server sent (an error's ``body``, response headers and content) is kept as received;
where the client quotes it in a message, the message is redacted.
"""

from __future__ import annotations

import base64
import functools
import inspect
import logging
import re
import string
import sys
import threading
import traceback
import weakref
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, ParamSpec, TypeVar, cast

import httpx

from ._operation import Scheme

__all__ = [
    "MARK",
    "SECRET_HEADERS",
    "Redactor",
    "redact_request",
    "redact_text",
    "redact_url",
    "scrub",
    "scrub_current",
    "scrub_response",
    "scrubbed",
]

P = ParamSpec("P")
T = TypeVar("T")

MARK = "[REDACTED]"
# a credential shorter than this is hidden where the client puts it (a header, a query
# parameter, userinfo) but not searched for in free text, where it would mangle every word
MIN_SEARCHED = 4
# headers that carry credentials: never forwarded to another origin, never shown
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
# the loggers a call writes to: httpx's, httpcore's (one per module) and hpack's (HTTP/2
# header compression logs every header); a filter on a logger does not reach its children
_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "hpack",
    "hpack.hpack",
    "hpack.table",
)
_FAMILIES = ("httpx.", "httpcore.", "hpack.")
_DATA = frozenset({"body", "parsed"})  # what the server sent: kept as received
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


class _Rules:
    """The union of every live redactor, compiled."""

    def __init__(self, values: set[str], query: set[str], headers: set[str]) -> None:
        self.headers = frozenset(headers)
        forms = sorted({form for value in values for form in _forms(value)}, key=len, reverse=True)
        self._values = re.compile("|".join(map(_loose, forms))) if forms else None
        names = "|".join(_loose(name) for name in sorted(query, key=len, reverse=True))
        self._query = re.compile(rf"(?<=[?&;])((?:{names})=)[^&#\s'\"<>]*") if query else None

    def text(self, text: str) -> str:
        if self._values is not None:
            text = self._values.sub(MARK, text)
        if self._query is not None:
            text = self._query.sub(rf"\g<1>{MARK}", text)
        return _USERINFO.sub(MARK + "@", text)


class Redactor:
    """What one client must hide; it applies while the client lives."""

    __slots__ = ("__weakref__", "cookies", "headers", "query", "values")

    def __init__(self, schemes: Iterable[Scheme], logger: str) -> None:
        keys = [s for s in schemes if s.kind == "api_key"]
        named = {s.wire_name.lower() for s in keys if s.location == "header"}
        self.headers = SECRET_HEADERS | named
        self.query = frozenset(s.wire_name for s in keys if s.location == "query")
        self.cookies = frozenset(s.wire_name for s in keys if s.location == "cookie")
        self.values: set[str] = set()
        _register(self)
        _install(logger)

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
_cache: list[tuple[tuple[int, int], _Rules | None]] = []
_scanned = [False]


def _changed() -> None:
    _generation[0] += 1


def _register(redactor: Redactor) -> None:
    with _LOCK:
        _LIVE.add(redactor)
        _changed()


def _rules() -> _Rules | None:
    """The rules of every live redactor (None when no client lives), rebuilt on a change."""
    key = (_generation[0], len(_LIVE))
    if _cache and _cache[0][0] == key:
        return _cache[0][1]
    with _LOCK:
        live = list(_LIVE)
        values = {v for r in live for v in r.values}
    rules = (
        _Rules(values, {q for r in live for q in r.query}, {h for r in live for h in r.headers})
        if live
        else None
    )
    _cache[:] = [(key, rules)]
    return rules


class _Filter(logging.Filter):
    """Redacts a log record in place; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        rules = _rules()
        if rules is None:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken record is logging's to report
            return True
        clean = rules.text(message)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info and record.exc_info[1] is not None:
            scrub(record.exc_info[1])
        if record.exc_text:
            record.exc_text = rules.text(record.exc_text)
        if record.stack_info:
            record.stack_info = rules.text(record.stack_info)
        return True


_FILTER = _Filter()


def _install(logger: str) -> None:
    names = {*_LOGGERS, logger}
    if not _scanned[0]:
        _scanned[0] = True
        names.update(n for n in list(logging.root.manager.loggerDict) if n.startswith(_FAMILIES))
    for name in names:
        logging.getLogger(name).addFilter(_FILTER)


# ---------------------------------------------------------------------------- values


def redact_text(text: str) -> str:
    """``text`` with every credential a live client holds replaced by :data:`MARK`."""
    rules = _rules()
    return text if rules is None else rules.text(text)


def redact_url(url: httpx.URL) -> httpx.URL:
    """``url`` without credentials (userinfo, credential query parameters, known values)."""
    rules = _rules()
    if rules is None:
        return url
    text = str(url)
    clean = rules.text(text)
    if clean == text:
        return url
    try:
        return httpx.URL(clean)
    except (httpx.InvalidURL, ValueError):
        return httpx.URL(f"{url.scheme}://redacted.invalid/")


def _redact_headers(headers: httpx.Headers, rules: _Rules) -> httpx.Headers:
    pairs = []
    changed = False
    for raw_name, raw_value in headers.raw:
        name, value = raw_name.decode(headers.encoding), raw_value.decode(headers.encoding)
        clean = MARK if name.lower() in rules.headers else rules.text(value)
        changed = changed or clean != value
        pairs.append((name, clean))
    return httpx.Headers(pairs) if changed else headers


_COPIES: weakref.WeakSet[httpx.Request] = weakref.WeakSet()


def redact_request(request: httpx.Request) -> httpx.Request:
    """A copy of ``request`` without credentials (the same one when it has none to hide)."""
    rules = _rules()
    if rules is None or request in _COPIES:
        return request
    url = redact_url(request.url)
    headers = _redact_headers(request.headers, rules)
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
        extensions=request.extensions,
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


# ---------------------------------------------------------------------------- exceptions


def _clean(value: object, rules: _Rules) -> object:
    if isinstance(value, str):
        return rules.text(value)
    if isinstance(value, httpx.Request):
        return redact_request(value)
    if isinstance(value, httpx.Response):
        scrub_response(value)
    elif isinstance(value, httpx.URL):
        return redact_url(value)
    elif isinstance(value, httpx.Headers):
        return _redact_headers(value, rules)
    return value


def _scrub_one(exc: BaseException, rules: _Rules) -> None:
    args = tuple(_clean(arg, rules) for arg in exc.args)
    if any(new is not old for new, old in zip(args, exc.args, strict=True)):
        exc.args = args
    state = getattr(exc, "__dict__", {})
    for name, value in list(state.items()):
        if name not in _DATA:
            new = _clean(value, rules)
            if new is not value:
                state[name] = new
    if isinstance(exc, OSError):
        for name in ("strerror", "filename", "filename2"):
            value = getattr(exc, name)
            if isinstance(value, str):
                setattr(exc, name, rules.text(value))


def _leaks(exc: BaseException, rules: _Rules) -> bool:
    try:
        shown = f"{exc!s}\n{exc!r}"
    except Exception:
        return True
    return rules.text(shown) != shown


class _Redacted(Exception):
    """Stands in a chain for an exception whose text hides a credential out of reach."""


def _stand_in(exc: BaseException, rules: _Rules) -> BaseException:
    try:
        text = rules.text(str(exc))
    except Exception:
        text = MARK
    stand_in = _Redacted(f"{type(exc).__module__}.{type(exc).__qualname__}: {text}")
    stand_in.__cause__, stand_in.__context__ = exc.__cause__, exc.__context__
    stand_in.__suppress_context__ = exc.__suppress_context__
    return stand_in.with_traceback(exc.__traceback__)


def scrub(exc: BaseException | None) -> BaseException | None:
    """Redact ``exc`` and every exception it leads to, in place.

    Each one's ``args``, notes, text attributes and the requests, responses, URLs and headers
    it references are redacted; a chained exception whose text still shows a credential (a
    ``__str__`` that ignores ``args``) is replaced in the chain by one that does not. Returns
    the exception to raise instead of ``exc`` when ``exc``'s own text is such a one, else None.
    """
    rules = _rules()
    if exc is None or rules is None:
        return None
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        _scrub_one(current, rules)
        notes = getattr(current, "__notes__", None)
        if isinstance(notes, list):
            notes[:] = [rules.text(n) if isinstance(n, str) else n for n in notes]
        for link in ("__cause__", "__context__"):
            chained = getattr(current, link)
            if chained is None:
                continue
            _scrub_one(chained, rules)
            if _leaks(chained, rules):
                chained = _stand_in(chained, rules)
                setattr(current, link, chained)
            todo.append(chained)
        if isinstance(current, BaseExceptionGroup):
            todo.extend(current.exceptions)
    return _stand_in(exc, rules) if _leaks(exc, rules) else None


def scrub_current() -> None:
    """Scrub the exception being handled, which becomes the ``__context__`` of the next."""
    scrub(sys.exception())


def _escaping(exc: BaseException) -> BaseException | None:
    """Scrub an exception leaving the client, and forget the locals of the frames it left:
    they hold the request as sent (an error reporter that records locals would show it).
    Returns the exception to raise instead, if any (see :func:`scrub`)."""
    stand_in = scrub(exc)
    seen: set[int] = set()
    todo: list[BaseException | None] = [stand_in or exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)  # skips the frames still running
        todo += [current.__cause__, current.__context__]
    return stand_in


def scrubbed(method: Callable[P, T]) -> Callable[P, T]:
    """``method`` (blocking or async) with every exception it lets through scrubbed first."""
    if inspect.iscoroutinefunction(method):
        waits = cast(Callable[P, Awaitable[Any]], method)

        @functools.wraps(method)
        async def awaiting(*args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                return await waits(*args, **kwargs)
            except Exception as exc:
                stand_in = _escaping(exc)
                if stand_in is None:
                    raise
            raise stand_in  # outside the handler: the original is not its __context__

        return cast(Callable[P, T], awaiting)

    @functools.wraps(method)
    def calling(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except Exception as exc:
            stand_in = _escaping(exc)
            if stand_in is None:
                raise
        raise stand_in  # outside the handler: the original is not its __context__

    return calling
