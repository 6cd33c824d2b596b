"""Cassettes: every exchange of a conformance run written down as HAR 1.2, and read back.

The format is HAR 1.2 (HTTP Archive, JSON), not VCR-style YAML. Both are in use for this
(schemathesis writes either), but HAR is the one with the tools: browsers' developer tools,
Charles, Fiddler, Insomnia and mitmproxy open it, har-to-curl tools turn it into commands, it
is a W3C draft with a published field list rather than one library's convention, it stores
each exchange's timings, and it says how a body that is not text is kept (``encoding:
base64``). VCR cassettes are read mostly by vcrpy and its pytest plugins, to stub a client
in tests, which is not what a record of a run against a server is for.

One entry per request sent, in the order sent. A request that got no answer has status 0 and
the reason in the response's ``_error``. What apiforge knows besides the HTTP is kept in
fields HAR leaves to extensions (names starting with ``_``): ``log._apiforge`` (the spec, the
target, the seed) and each entry's ``_apiforge`` (the operation, the case's kind and
description, every check's verdict and message). A request body that is not UTF-8 text is
written in base64 with ``postData._encoding: base64`` (HAR names an encoding for answers
only); an answer's body so with the standard ``content.encoding``. Of an answer's body, the
first :data:`MAX_RECORDED_BODY` bytes are kept (``content.size`` is the whole length,
``content._recorded`` what was kept): replay resends the requests, which are kept whole.

Credentials are secrets. Without ``secrets``, the token the run sends stands as
:data:`~generator.conformance.wire.REDACTED` wherever it goes (header, query parameter,
cookie), and basic credentials as :data:`~generator.conformance.wire.REDACTED_BASIC`: the
places come from :mod:`generator.conformance.wire`, which put it there. The same token echoed
back in an answer (its headers or body, as given, percent-encoded or as basic credentials)
is replaced by the placeholder too. Replay (:mod:`generator.conformance.replay`) puts the
token it is given back in those places.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import parse_qsl, urlsplit

from generator import __version__
from generator.conformance.checks import Answer, CaseKind, Outcome
from generator.conformance.wire import REDACTED, HttpRequest, token_forms
from generator.errors import EXIT_USAGE, fail, shown_path
from generator.records import record

__all__ = [
    "MAX_CASSETTE_BYTES",
    "MAX_RECORDED_BODY",
    "Cassette",
    "Exchange",
    "Recorded",
    "Recorder",
    "Recording",
    "read_cassette",
]

_MIN_ECHO = 4  # shorter tokens are not looked for in answers: they would match anything
# bytes of one answer's body kept: a run's cassette is held in memory until it is written
MAX_RECORDED_BODY = 1024 * 1024
# besides the cases, the probes (never judged): whether the server takes the default token,
# and a refused valid request sent again without its opaque values (conformance.probing)
Kind = CaseKind | Literal["probe"]
_KINDS = frozenset(value for part in get_args(Kind) for value in get_args(part))
_VERDICTS = frozenset(("pass", "fail", "warn"))


@record
class Exchange:
    """One request the run sent, what came back and what the checks made of it."""

    operation: str
    kind: Kind
    description: str
    request: HttpRequest  # the token still a placeholder (see ``HttpRequest.with_token``)
    token: str | None  # what the run sent in its place
    answer: Answer | str  # a message: no answer came
    outcomes: list[Outcome]


# called with each exchange, when it was sent (``time.time()``) and how many seconds it took
Recorder = Callable[[Exchange, float, float], None]


class Cassette:
    """The exchanges of one run, as HAR; :meth:`record` is the runner's ``recorder``."""

    def __init__(self, about: Mapping[str, Any], *, secrets: bool = False):
        self.about = dict(about)  # the run: spec, target, seed, ... (``log._apiforge``)
        self.secrets = secrets
        self._entries: list[tuple[float, int, dict[str, Any]]] = []
        self._lock = threading.Lock()

    def record(self, exchange: Exchange, began: float, seconds: float) -> None:
        """Keep ``exchange`` as a HAR entry."""
        entry = _entry(exchange, began, seconds, self.secrets)
        with self._lock:
            self._entries.append((began, len(self._entries), entry))

    def __len__(self) -> int:
        return len(self._entries)

    def to_har(self) -> str:
        """The whole cassette as HAR 1.2 JSON text, entries in the order they were sent."""
        with self._lock:
            entries = [entry for _, _, entry in sorted(self._entries, key=lambda e: e[:2])]
        about = {**self.about, "secrets": "recorded" if self.secrets else "redacted"}
        log = {
            "version": "1.2",
            "creator": {"name": "apiforge", "version": __version__},
            "entries": entries,
            "_apiforge": about,
        }
        # ASCII: a lone surrogate some case carries is escaped, never an encoding error
        return json.dumps({"log": log}, indent=1) + "\n"


def _entry(exchange: Exchange, began: float, seconds: float, secrets: bool) -> dict[str, Any]:
    token = exchange.token or ""
    echoes = () if secrets or len(token) < _MIN_ECHO else token_forms(token)
    request = exchange.request.with_token(token) if secrets else exchange.request.redacted()
    milliseconds = round(seconds * 1000, 3)
    return {
        "startedDateTime": datetime.fromtimestamp(began, UTC).isoformat(timespec="milliseconds"),
        "time": milliseconds,
        "request": _request(request),
        "response": _response(exchange.answer, echoes),
        "cache": {},
        # the transport times the whole exchange only: all of it counts as waiting
        "timings": {"send": 0, "wait": milliseconds, "receive": 0},
        "_apiforge": {
            "operation": exchange.operation,
            "kind": exchange.kind,
            "description": exchange.description,
            "failed": any(o.verdict == "fail" for o in exchange.outcomes),
            "checks": [
                {"check": o.check, "verdict": o.verdict, "message": o.message}
                for o in exchange.outcomes
            ],
        },
    }


def _pairs(items: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in items]


def _cookies(headers: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    out = []
    for name, value in headers:
        if name.lower() == "cookie":
            for part in value.split(";"):
                key, _, text = part.strip().partition("=")
                out.append({"name": key, "value": text})
    return out


def _request(request: HttpRequest) -> dict[str, Any]:
    out: dict[str, Any] = {
        "method": request.method,
        "url": request.url,
        "httpVersion": "HTTP/1.1",
        "cookies": _cookies(request.headers),
        "headers": _pairs(list(request.headers)),
        "queryString": _pairs(parse_qsl(urlsplit(request.url).query, keep_blank_values=True)),
        "headersSize": -1,
        "bodySize": len(request.body) if request.body is not None else 0,
    }
    if request.body is not None:
        media = next((v for k, v in request.headers if k.lower() == "content-type"), "")
        text, encoding = _text(request.body)
        out["postData"] = {"mimeType": media, "text": text, "params": []}
        if encoding:
            out["postData"]["_encoding"] = encoding
    return out


def _text(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 text as it is, anything else in base64."""
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return base64.b64encode(data).decode("ascii"), "base64"


def _head(data: bytes, limit: int) -> bytes:
    """The first ``limit`` bytes of ``data`` or a few fewer, so as not to cut a UTF-8 character."""
    head = data[:limit]
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return head[: len(head) - cut]
    return head


def _scrub(text: str, echoes: tuple[str, ...]) -> str:
    for form in echoes:
        text = text.replace(form, REDACTED)
    return text


def _response(answer: Answer | str, echoes: tuple[str, ...]) -> dict[str, Any]:
    if isinstance(answer, str):
        return {
            "status": 0,
            "statusText": "",
            "httpVersion": "",
            "cookies": [],
            "headers": [],
            "content": {"size": 0, "mimeType": ""},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
            "_error": answer,
        }
    headers = [(k, _scrub(v, echoes)) for k, v in answer.headers.items()]
    body = answer.content
    for form in echoes:
        body = body.replace(form.encode(), REDACTED.encode())
    size = len(body)
    if size > MAX_RECORDED_BODY:
        body = _head(body, MAX_RECORDED_BODY)
    text, encoding = _text(body)
    content: dict[str, Any] = {
        "size": size,
        "mimeType": answer.headers.get("content-type", ""),
        "text": text,
    }
    if encoding:
        content["encoding"] = encoding
    if size > len(body):
        content["_recorded"] = len(body)  # the body's first bytes only
    if answer.exceeded is not None:
        content["_exceeded"] = answer.exceeded  # the cap the body went past: its start only
    try:
        phrase = HTTPStatus(answer.status).phrase
    except ValueError:
        phrase = ""
    return {
        "status": answer.status,
        "statusText": phrase,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _pairs(headers),
        "content": content,
        "redirectURL": answer.headers.get("location", ""),
        "headersSize": -1,
        "bodySize": -1,
    }


# ---------------------------------------------------------------------- reading


@record
class Recorded:
    """One exchange read back from a cassette."""

    index: int  # its place in ``log.entries``
    operation: str
    kind: Kind
    description: str
    request: HttpRequest  # the token a placeholder again where the cassette has one
    outcomes: tuple[Outcome, ...]

    @property
    def failed(self) -> tuple[Outcome, ...]:
        """The checks it failed."""
        return tuple(o for o in self.outcomes if o.verdict == "fail")


@record
class Recording:
    """A cassette read back: the run it records and its exchanges."""

    about: Mapping[str, Any]
    exchanges: tuple[Recorded, ...]


class _Reader:
    """Walks a cassette's JSON, naming the file and the place of the first thing amiss."""

    def __init__(self, path: Path):
        self.path = shown_path(path)

    def wrong(self, pointer: str, message: str) -> Exception:
        return fail(self.path, message, pointer=pointer, exit_code=EXIT_USAGE)

    def get(self, data: Any, pointer: str, key: str, kind: type | tuple[type, ...]) -> Any:
        if not isinstance(data, dict) or key not in data:
            raise self.wrong(pointer, f"{key!r} is missing: not a HAR cassette of apiforge's")
        value = data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            name = (
                kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            )
            raise self.wrong(f"{pointer}/{key}", f"{key!r} is not a {_JSON_NAMES.get(name, name)}")
        return value


_JSON_NAMES = {"dict": "JSON object", "list": "JSON array", "str": "string", "int": "number"}


MAX_CASSETTE_BYTES = 1 << 30  # a cassette read back: 1 GiB, a long run with its bodies


def read_cassette(path: Path, raw: bytes) -> Recording:
    """The cassette read from ``path`` (its bytes ``raw``, read by the caller within
    :data:`MAX_CASSETTE_BYTES`); an invalid one raises an exit-2 error naming the file and the
    place (a line and column, or a JSON pointer)."""
    reader = _Reader(path)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise fail(
            reader.path,
            f"not JSON: {exc.msg}",
            line=exc.lineno,
            column=exc.colno,
            exit_code=EXIT_USAGE,
        ) from None
    except UnicodeDecodeError:
        raise fail(
            reader.path, "not UTF-8 text: not a HAR cassette", exit_code=EXIT_USAGE
        ) from None
    except RecursionError:
        raise fail(
            reader.path, "nested too deeply to be a HAR cassette", exit_code=EXIT_USAGE
        ) from None
    log = reader.get(data, "", "log", dict)
    version = reader.get(log, "/log", "version", str)
    if version != "1.2":
        raise reader.wrong("/log/version", f"HAR version {version!r}; apiforge reads 1.2")
    entries = reader.get(log, "/log", "entries", list)
    about = log.get("_apiforge") if isinstance(log.get("_apiforge"), dict) else {}
    exchanges = tuple(
        _recorded(reader, entry, index, f"/log/entries/{index}")
        for index, entry in enumerate(entries)
    )
    return Recording(about, exchanges)


def _recorded(reader: _Reader, entry: Any, index: int, at: str) -> Recorded:
    request = reader.get(entry, at, "request", dict)
    method = reader.get(request, f"{at}/request", "method", str)
    url = reader.get(request, f"{at}/request", "url", str)
    if not url.startswith(("http://", "https://")):
        raise reader.wrong(f"{at}/request/url", f"{url!r} is not an http:// or https:// URL")
    headers = []
    listed = reader.get(request, f"{at}/request", "headers", list)
    for n, header in enumerate(listed):
        where = f"{at}/request/headers/{n}"
        headers.append(
            (reader.get(header, where, "name", str), reader.get(header, where, "value", str))
        )
    body = _body(reader, request, f"{at}/request")
    own = reader.get(entry, at, "_apiforge", dict)
    kind = reader.get(own, f"{at}/_apiforge", "kind", str)
    if kind not in _KINDS:
        raise reader.wrong(f"{at}/_apiforge/kind", f"{kind!r} is not a kind of case apiforge sends")
    outcomes = []
    for n, item in enumerate(reader.get(own, f"{at}/_apiforge", "checks", list)):
        where = f"{at}/_apiforge/checks/{n}"
        verdict = reader.get(item, where, "verdict", str)
        if verdict not in _VERDICTS:
            raise reader.wrong(f"{where}/verdict", f"{verdict!r} is not pass, fail or warn")
        outcomes.append(
            Outcome(
                reader.get(item, where, "check", str),
                verdict,
                reader.get(item, where, "message", str),
            )
        )
    return Recorded(
        index,
        reader.get(own, f"{at}/_apiforge", "operation", str),
        kind,
        reader.get(own, f"{at}/_apiforge", "description", str),
        HttpRequest(method, url, tuple(headers), body).unredacted(),
        tuple(outcomes),
    )


def _body(reader: _Reader, request: dict[str, Any], at: str) -> bytes | None:
    if "postData" not in request:
        return None
    post = reader.get(request, at, "postData", dict)
    text: str = reader.get(post, f"{at}/postData", "text", str)
    if post.get("_encoding", "") == "":
        return text.encode("utf-8", "surrogatepass")
    if post["_encoding"] != "base64":
        raise reader.wrong(f"{at}/postData/_encoding", "the only encoding read is base64")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise reader.wrong(f"{at}/postData/text", "not base64") from None
