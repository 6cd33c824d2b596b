"""The rules of ``_redact`` applied to exceptions and log records.

- every error this package raises (``_exceptions`` calls :func:`scrub_current`) and every
  exception a call lets through (:func:`scrubbed`): message, ``args``, notes, text attributes,
  the requests, URLs and headers they reference, and the whole ``__cause__``/``__context__``
  chain, so ``traceback.format_exception`` is clean too;
- the log records of httpx, httpcore, hpack and this package: a filter on those loggers
  redacts each record before any handler sees it, whatever the logging configuration; other
  loggers are left alone.
"""

from __future__ import annotations

import functools
import inspect
import logging
import sys
import traceback
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar, cast

import httpx

from ._redact import (
    DATA,
    MARK,
    Rules,
    redact_headers,
    redact_request,
    redact_url,
    rules,
    scrub_response,
)

__all__ = ["redact_logs", "scrub", "scrub_current", "scrubbed"]

P = ParamSpec("P")
T = TypeVar("T")

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
_scanned = [False]


class _Filter(logging.Filter):
    """Redacts a log record in place; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        now = rules()
        if now is None:
            return True
        try:
            message = record.getMessage()
        except Exception:  # a broken record is logging's to report
            return True
        clean = now.text(message)
        if clean != message:
            record.msg, record.args = clean, ()
        if record.exc_info and record.exc_info[1] is not None:
            scrub(record.exc_info[1])
        if record.exc_text:
            record.exc_text = now.text(record.exc_text)
        if record.stack_info:
            record.stack_info = now.text(record.stack_info)
        return True


_FILTER = _Filter()


def redact_logs(logger: str) -> None:
    """Redact the records of httpx, httpcore, hpack and ``logger`` (idempotent)."""
    names = {*_LOGGERS, logger}
    if not _scanned[0]:
        _scanned[0] = True
        names.update(n for n in list(logging.root.manager.loggerDict) if n.startswith(_FAMILIES))
    for name in names:
        logging.getLogger(name).addFilter(_FILTER)


def _clean(value: object, hide: Rules) -> object:
    if isinstance(value, str):
        return hide.text(value)
    if isinstance(value, httpx.Request):
        return redact_request(value)
    if isinstance(value, httpx.Response):
        scrub_response(value)
    elif isinstance(value, httpx.URL):
        return redact_url(value)
    elif isinstance(value, httpx.Headers):
        return redact_headers(value, hide)
    return value


def _scrub_one(exc: BaseException, hide: Rules) -> None:
    args = tuple(_clean(arg, hide) for arg in exc.args)
    if any(new is not old for new, old in zip(args, exc.args, strict=True)):
        exc.args = args
    state = getattr(exc, "__dict__", {})
    for name, value in list(state.items()):
        if name not in DATA:
            new = _clean(value, hide)
            if new is not value:
                state[name] = new
    if isinstance(exc, OSError):
        for name in ("strerror", "filename", "filename2"):
            value = getattr(exc, name)
            if isinstance(value, str):
                setattr(exc, name, hide.text(value))


def _leaks(exc: BaseException, hide: Rules) -> bool:
    try:
        shown = f"{exc!s}\n{exc!r}"
    except Exception:
        return True
    return hide.text(shown) != shown


class _Redacted(Exception):
    """Stands in for an exception whose text shows a credential out of the redaction's reach."""


def _stand_in(exc: BaseException, hide: Rules) -> BaseException:
    try:
        text = hide.text(str(exc))
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
    now = rules()
    if exc is None or now is None:
        return None
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        _scrub_one(current, now)
        notes = getattr(current, "__notes__", None)
        if isinstance(notes, list):
            notes[:] = [now.text(n) if isinstance(n, str) else n for n in notes]
        for link in ("__cause__", "__context__"):
            chained = getattr(current, link)
            if chained is None:
                continue
            _scrub_one(chained, now)
            if _leaks(chained, now):
                chained = _stand_in(chained, now)
                setattr(current, link, chained)
            todo.append(chained)
        if isinstance(current, BaseExceptionGroup):
            todo.extend(current.exceptions)
    return _stand_in(exc, now) if _leaks(exc, now) else None


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
