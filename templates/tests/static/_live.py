"""Live runs: the operation tests' requests sent to a real server, its answers judged by the spec.

With ``APIFORGE_BASE_URL`` set, each live test sends a valid request through the package's
client (no retries) to that server. The answer must be documented (its status, its ``NXX``
range or ``default``), and a JSON body of a status documented as JSON must match the spec's
own schema (``validation.py``, not the client's models), as must every header it documents:
one it requires is there, and each one's value is one its schema accepts. The credential is
``APIFORGE_TOKEN`` (given for every scheme; ``user:password`` for basic), else what the
client reads from its own environment variables.

A request whose path a template as specific or more also matches (``/items/new`` drawn for
``/items/{id}``) is not sent: a router may give it to that template's operation, whose answer
says nothing of this one's. Nor is one of an operation that shares its method and route on
the wire with another (``/files/{id}#add_link`` beside ``/files/{id}``: a fragment is never
sent): a server answers its requests as it answers that one's.

What says nothing against the server is not a failure: an undocumented 4xx is the server's
business (404 for an id that does not exist, 409, 429, a credential refused) and skips the
test with the status as its reason, as a missing credential or an unset base URL does, and so
does the ``304`` or ``412`` with which HTTP answers a request whose drawn condition fails
(``If-None-Match: *``). An
operation that documents no response (OpenAPI 3.1 lets it) documents no status to depart
from: only a 5xx fails it.
"""

from __future__ import annotations

import json
import os
import re
import ssl
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

import httpx
import pytest

from . import validation
from ._http import Operation, Response, Scheme, arguments, base_path, method_of
from ._package import APIError, APIRequestValidationError, Client, MissingCredentialsError

__all__ = [
    "BASE_URL_ENV",
    "TOKEN_ENV",
    "UNANSWERABLE",
    "NotSent",
    "Refused",
    "answer_live",
    "check_live",
    "documented",
    "judge",
    "live",
    "send_live",
]

BASE_URL_ENV = "APIFORGE_BASE_URL"
TOKEN_ENV = "APIFORGE_TOKEN"
TIMEOUT = 60.0  # seconds an answer may take
_SHOWN = 3  # schema errors quoted in a failure
_INT = re.compile(r"-?[0-9]+")
_FLOAT = re.compile(r"-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")

# the header apiforge's mock marks an answer with where it found none the spec allows (a
# schema that admits no value, say): a verdict on it would be one on the spec, not the server
UNANSWERABLE = "apiforge-unanswerable"

# the mark of a live test: skipped, with the reason, when no server is named
live = pytest.mark.skipif(
    not os.environ.get(BASE_URL_ENV),
    reason=f"a live test: set {BASE_URL_ENV} to the server to run it against",
)


def documented(op: Operation, status: int) -> Response | None:
    """The response ``op`` documents for ``status``: its own, its range's, or ``default``."""
    by_key = {key.upper(): response for key, response in op.responses.items()}
    for key in (str(status), f"{status // 100}XX", "DEFAULT"):
        if key in by_key:
            return by_key[key]
    return None


def _is_json(media: str) -> bool:
    base = media.split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


def _typed(text: str) -> Any:
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text == "true" if text in ("true", "false") else text


def _readings(text: str, explode: bool, pointer: str) -> list[Any]:
    """What a header's text may stand for in the ``simple`` style: itself, a number or a
    boolean, a list (RFC 9110 lets spaces stand around its commas), its items as texts or
    typed, or an object: ``k=v`` pairs exploded, else keys and values in turn, each value
    typed where the schema refuses its text."""
    parts = [part.strip() for part in text.split(",")] if text.strip() else []
    if explode:
        pairs = [part.partition("=") for part in parts]
        found = {k: v for k, sep, v in pairs if sep} if all(s for _, s, _ in pairs) else None
    else:
        found = dict(zip(parts[::2], parts[1::2], strict=False)) if len(parts) % 2 == 0 else None
    readings = [text, _typed(text), parts, [_typed(part) for part in parts]]
    return readings if found is None else [*readings, _object(found, pointer)]


def _object(found: dict[str, str], pointer: str) -> dict[str, Any]:
    """``found`` with the values typed whose text its schema refuses there."""
    value: dict[str, Any] = dict(found)
    for error in validation.validator(pointer).iter_errors(found):
        path = list(error.absolute_path)
        if len(path) == 1 and path[0] in found:
            value[path[0]] = _typed(found[path[0]])
    return value


def _check_headers(where: str, response: Response, headers: httpx.Headers) -> None:
    """Fail when a header the response requires is missing, or one it documents came once
    with a value its schema refuses under every reading of its text."""
    for wire, required, pointer, explode in response.headers:
        values = headers.get_list(wire)
        if not values:
            assert not required, f"{where} without the header {wire}, which the spec requires"
            continue
        if pointer is None or len(values) > 1:  # several are joined: no reading of one value
            continue
        readings = _readings(values[0], explode, pointer)
        if not any(validation.accepts(pointer, value) for value in readings):
            problems = validation.errors(pointer, readings[0])
            raise AssertionError(
                f"{where} with a header {wire}: {values[0]!r}, which the spec refuses: "
                + "; ".join(problems[:_SHOWN])
            )


def judge(
    op: Operation,
    status: int,
    media: str,
    content: bytes | None,
    headers: httpx.Headers | None = None,
) -> str | None:
    """Fail unless the answer (``content`` None: a stream, not read) is one ``op`` documents,
    with the headers it requires, every documented header's value and the body as its
    schema accepts them; an undocumented 4xx, a body too deep to read or documented by a
    schema no value is valid under, and an answer the mock marks :data:`UNANSWERABLE`, are
    not judged: returns why."""
    where = f"{op.method} {op.path} answered {status}"
    if headers is not None and headers.get(UNANSWERABLE):
        return f"{where}: the mock found no answer the spec allows ({UNANSWERABLE}): not judged"
    response = documented(op, status)
    if response is None:
        return _undocumented(op, status, where)
    if headers is not None:
        _check_headers(where, response, headers)
    if response.kind != "json" or response.pointer is None or content is None:
        return None
    if not _is_json(media):
        return None  # another media type than the one documented: its body is not judged here
    if response.no_valid_body:
        return (
            f"{where}: no body is valid under the schema the spec documents for it, so no "
            "server can answer it as documented: not judged"
        )
    deep = f"{where} with a JSON body nested deeper than Python reads or checks: not judged"
    try:
        body: Any = json.loads(content)
    except RecursionError:
        return deep  # JSON the schema may well accept (a deep tree): no verdict, either way
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise AssertionError(f"{where} with a JSON body that does not parse") from None
    except ValueError:  # the one other: an integer longer than Python converts
        return f"{where} with an integer of more digits than Python reads: not judged"
    try:
        problems = validation.errors(response.pointer, body)
    except RecursionError:
        return deep
    assert not problems, f"{where} with a body the spec refuses: " + "; ".join(problems[:_SHOWN])
    return None


def _undocumented(op: Operation, status: int, where: str) -> str | None:
    """Fail unless ``status``, which ``op`` does not document, is one a server may answer
    outside the spec; returns why it is not judged."""
    if status in op.conditional:  # RFC 9110 13.1: a drawn validator or date failed
        return f"{where}, the outcome of the conditional request it sent: not judged"
    if 400 <= status < 500:
        return f"{where}, which the spec does not document: not judged"
    if not op.responses:
        # it documents none (OpenAPI 3.1 lets it): only a server error is against the server
        assert status < 500, f"{where}, a server error"
        return None
    listed = ", ".join(op.responses)
    raise AssertionError(f"{where}, which the spec does not document (documented: {listed})")


def _credentials(schemes: Mapping[str, Scheme]) -> dict[str, Any]:
    token = os.environ.get(TOKEN_ENV)
    return {scheme.keyword: token for scheme in schemes.values()} if token else {}


def answer_live(
    op: Operation, schemes: Mapping[str, Scheme], request: Mapping[str, Any]
) -> str | None:
    """Send ``request`` for ``op`` to the server at ``APIFORGE_BASE_URL`` and :func:`judge`
    its answer; skips the test when the client has no credential the operation needs. Why it
    was not sent, or not judged, where so."""
    try:
        answer, content = send_live(op, schemes, request)
    except NotSent as elsewhere:
        return str(elsewhere)
    media = answer.headers.get("content-type", "")
    return judge(op, answer.status_code, media, content, answer.headers)


@cache
def _tls() -> ssl.SSLContext:
    """The TLS settings of every live request, made once: loading the certificate authorities
    took 16 ms, which a client made for each request paid each time."""
    return httpx.create_ssl_context()


def send_live(
    op: Operation, schemes: Mapping[str, Scheme], request: Mapping[str, Any]
) -> tuple[httpx.Response, bytes | None]:
    """Send ``request`` for ``op`` to the server at ``APIFORGE_BASE_URL`` through the client:
    the server's own answer and its body (None: a stream, not read); skips the test when the
    client has no credential the operation needs or no server can answer it as documented,
    and raises :class:`NotSent` where a router may give the request's path to another
    operation, :class:`Refused` where the client refuses the request."""
    base_url = os.environ.get(BASE_URL_ENV)
    if not base_url:
        pytest.skip(f"a live test: set {BASE_URL_ENV} to the server to run it against")
    if op.elsewhere:  # the client sends it there, whatever the base URL
        pytest.skip(f"{op.method} {op.path} is served at {op.elsewhere}, not at {BASE_URL_ENV}")
    if op.shared:
        pytest.skip(
            f"{op.method} {op.path}: a server answers its requests as {op.shared}, which has "
            "the same method and route on the wire (a fragment of a path key is never sent)"
        )
    if op.answerless:
        pytest.skip(
            f"{op.method} {op.path}: no value is valid under the schema of the answer a valid "
            "request gets, so no server can answer as documented"
        )
    answers: list[httpx.Response] = []
    hooks: dict[str, list[Callable[..., Any]]] = {
        "request": [_routed_here(op, base_url)],
        "response": [answers.append],
    }
    http = httpx.Client(event_hooks=hooks, follow_redirects=True, verify=_tls())
    try:
        with Client(
            base_url=base_url,
            http_client=http,
            timeout=TIMEOUT,
            max_retries=0,
            strict=False,
            **_credentials(schemes),
        ) as api:
            result = method_of(api, op)(**arguments(op, request))
            close = getattr(result, "close", None)
            if callable(close):  # a stream: its answer is judged by its status alone
                close()
    except MissingCredentialsError as error:
        pytest.skip(f"{error}, or set {TOKEN_ENV}")
    except APIRequestValidationError as error:  # nothing was sent
        raise Refused(f"{op.method} {op.path}: not sent, the client refuses it: {error}") from None
    except APIError as error:  # the answer is judged below, as the server sent it
        if not answers:
            raise AssertionError(
                f"{op.method} {op.path}: no answer from {base_url}: {error}"
            ) from None
    finally:
        http.close()
    assert answers, f"{op.method} {op.path}: no answer from {base_url}"
    answer = answers[0]  # the server's own: a redirect it sends is judged, not where it leads
    try:
        content: bytes | None = answer.content  # read by the client unless it was a stream
    except httpx.ResponseNotRead:
        content = None
    return answer, content


class NotSent(Exception):
    """A request not sent: a router may give its path to another operation (the reason is
    its text)."""


class Refused(AssertionError):
    """A request the client refuses to send: its values make no request the spec allows (the
    reason is its text). A failure where the request was drawn valid; where a server's answer
    gave some of its values (a link followed), the server is not at fault: a value the spec
    allows there may be one no request can carry, an empty path segment, say."""


def _routed_here(op: Operation, base_url: str) -> Callable[[httpx.Request], None]:
    """A hook that stops a request of ``op`` before it is sent where its path is one a template
    as specific or more matches (its first request only: a redirect's is the server's)."""
    base = base_path(op, base_url)
    seen: list[httpx.Request] = []

    def check(request: httpx.Request) -> None:
        seen.append(request)
        if len(seen) > 1:  # where a redirect leads: the server's choice
            return
        raw = request.url.raw_path.decode("ascii").split("?", 1)[0]
        path = raw[len(base) :] if raw.startswith(base) else raw
        for template, pattern in op.taken_by:
            if re.fullmatch(pattern, path):
                raise NotSent(
                    f"{op.method} {op.path}: not sent to {raw!r}, which {template!r} matches "
                    "too: a router may give it to that operation"
                )

    return check


def check_live(op: Operation, schemes: Mapping[str, Scheme], request: Mapping[str, Any]) -> None:
    """:func:`answer_live`, the test skipped when the answer could not be judged."""
    unjudged = answer_live(op, schemes, request)
    if unjudged is not None:
        pytest.skip(unjudged)
