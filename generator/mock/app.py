"""The mock server's ASGI app: route, inject faults, authenticate, validate, answer.

Every request goes through the same steps, and the first that fails answers:

1. route by path template, method and the query pairs a path key fixes (404, 405 with
   ``Allow``: :mod:`generator.mock.routing`);
2. faults asked for by ``X-Mock-Fault`` or ``--faults`` (see :mod:`generator.mock.faults`),
   their waits added up to at most ``max_delay``; a request may ask for faults only where
   ``request_faults`` allows (the header; the query string too with ``"query"``), since a
   link in a browser can set a query string but not a header;
3. security (401, with ``WWW-Authenticate``);
4. the body: at most ``max_body`` bytes (413), the documented media type (415, or the
   spec's validation status when it documents no 415), JSON that parses;
5. parameters and body against the spec's schemas (the documented 422/400 shape, ``loc``
   pointing at the field);
6. a success body drawn from the IR for the documented status, valid under the spec, as the
   memory of the resources created has it (:mod:`generator.mock.resources`; none with
   ``stateless``); or the response a ``Prefer: code=NNN`` / ``example=NAME`` header picks
   (:mod:`generator.mock.prefer`), which bypasses the memory as a fault does.

Every 405, whichever step chose it (a spec may document no other answer), carries ``Allow``.

One line per request goes to ``log``: method, path, status, duration, every value a request
brought escaped (:mod:`generator.mock.logline`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Protocol
from urllib.parse import parse_qsl

from generator import ir
from generator.exchange import (
    Issue,
    SchemaValidator,
    Values,
    own_query,
    read_cookies,
    read_form,
    read_params,
)
from generator.mock.answer import Answer
from generator.mock.cors import allowed, preflight
from generator.mock.faults import FAULT_HEADER, Fault, FaultPlan, FaultSyntaxError, total_delay
from generator.mock.logline import line
from generator.mock.options import DEFAULT_MAX_BODY, MockOptions
from generator.mock.prefer import PREFER_QUERY, PreferError, choose, preferences
from generator.mock.problems import VIOLATIONS_HEADER, problem, violations_header
from generator.mock.resources import Resources, Sent
from generator.mock.responses import documented_answer, success_answer
from generator.mock.routing import Routes
from generator.mock.security import authorized, challenge
from generator.openapi import base_media_type, covers, is_json

__all__ = ["DEFAULT_MAX_BODY", "MockApp", "MockOptions"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
Log = Callable[[str], None]

_VALIDATION = (422, 400)


class _Dropped(Exception):
    """The request asked for its connection to be closed without an answer."""


class _Gone(Exception):
    """The client closed its connection before it had an answer."""


class Connections(Protocol):
    """What the server lets the app do to a client's connection."""

    def drop(self, client: Any) -> bool:
        """Abort it without a byte of answer; False when the server cannot."""

    def pausing(self, client: Any, flag: bool) -> None:
        """Say that it waits out its own ``slow`` fault (it may give way to a new connection)."""


class MockApp:
    """An ASGI app serving every operation of ``api``."""

    def __init__(self, api: ir.Api, options: MockOptions | None = None, log: Log | None = None):
        self.api = api
        self.options = options or MockOptions()
        self.log = log or (lambda line: None)
        self.validator = SchemaValidator(api)
        self.values = Values(api, direction="response")
        self.faults = FaultPlan(self.options.faults, self.options.seed)
        self.resources = (
            None
            if self.options.stateless
            else Resources(api, self.validator, self.values, self.log, self.options.max_resources)
        )
        # set by the server that runs the app
        self.connections: Connections | None = None
        self.routes = Routes(api, self.validator)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        started = time.perf_counter()
        origin = _header(scope, b"origin") if self.options.cors else None
        try:
            if origin is not None and scope["method"] == "OPTIONS":
                answer = self._preflight(scope) or await self._handle(scope, receive)
            else:
                answer = await self._handle(scope, receive)
        except _Dropped:
            await self._drop(scope, receive, send)
            self._log(scope, "dropped", started)
            return
        except _Gone:
            self._log(scope, "gone", started)
            return
        except Exception as exc:  # a mock bug must still answer, and say what happened
            answer = problem(None, 500, f"the mock failed: {type(exc).__name__}: {exc}")
        if origin is not None:
            answer = allowed(answer, origin)
        # logged before sending, so the line exists by the time the client has its answer
        self._log(scope, str(answer.status), started, answer.violations)
        await _send(send, answer)

    def _log(
        self, scope: Scope, status: str, started: float, violations: tuple[Issue, ...] = ()
    ) -> None:
        millis = (time.perf_counter() - started) * 1000
        told = ",".join(f"{'/'.join(map(str, i.loc)) or '/'}:{i.keyword}" for i in violations)
        fields = [scope["method"], scope["path"], status, f"{millis:.1f}ms"]
        self.log(line(*fields, *([f"violations={told}"] if told else [])))

    def _preflight(self, scope: Scope) -> Answer | None:
        """A browser's preflight answered for the path it names; None for another OPTIONS."""
        asked = _header(scope, b"access-control-request-method")
        if asked is None:
            return None
        raw = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        op, _, _ = self._route(asked.upper(), raw, query)
        methods = self.routes.allowed(op) if op is not None else ""
        wanted = _header(scope, b"access-control-request-headers") or ""
        return preflight(methods, {"access-control-request-headers": wanted})

    async def _drop(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.connections is not None and self.connections.drop(scope.get("client")):
            while (await receive())["type"] != "http.disconnect":
                pass
            return
        # no access to the socket: start an answer and abandon it, which closes the connection
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1")]}
        )
        raise ConnectionAbortedError("fault: drop")

    async def _handle(self, scope: Scope, receive: Receive) -> Answer:
        headers = {
            k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])
        }
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        directive, refused = self._directive(headers, query)
        preferred = preferences(headers, query)
        query = [(k, v) for k, v in query if k != FAULT_HEADER and k not in PREFER_QUERY]
        body, too_big = await _read_body(headers, receive, self.options.max_body)
        # route on the raw path: a path parameter may hold an encoded "/" (%2F)
        raw = scope.get("raw_path") or scope["path"].encode()
        op, path_values, miss = self._route(scope["method"], raw.decode("latin-1"), query)
        if op is None and raw.decode("latin-1") != scope["path"]:  # a literal segment encoded
            op, path_values, miss = self._route(scope["method"], scope["path"], query)
        if refused:
            return problem(op, 400, refused)
        try:
            chosen = self.faults.pick(directive)
        except FaultSyntaxError as exc:
            return problem(op, 400, f"bad {FAULT_HEADER}: {exc}")
        await self._wait(scope, receive, total_delay(chosen, self.options.max_delay))
        allow = self.routes.allowed(op) if op is not None else ""
        fault_answer = _fault_answer(chosen, op)
        if fault_answer is not None:
            return _allowing(fault_answer, allow)
        if op is None:
            assert miss is not None
            return miss
        wire = {
            "path": path_values,
            "query": own_query(op, query),  # the pairs its path fixes are not its parameters
            "headers": headers,
            "cookies": read_cookies(headers.get("cookie", "")),
            "prefer": preferred,
        }
        return _allowing(self._operation(op, wire, None if too_big else body), allow)

    def _directive(
        self, headers: dict[str, str], query: list[tuple[str, str]]
    ) -> tuple[str | None, str]:
        """The request's fault directive, and why it is refused ("" when it is not)."""
        allowed = self.options.request_faults
        if FAULT_HEADER in headers:
            if allowed == "off":
                return None, f"this mock takes no {FAULT_HEADER} (--request-faults off)"
            return headers[FAULT_HEADER], ""
        directive = next((v for k, v in query if k == FAULT_HEADER), None)
        if directive is not None and allowed != "query":
            hint = "--request-faults query" if allowed == "header" else "the header"
            return None, f"this mock takes no {FAULT_HEADER} in the query string ({hint})"
        return directive, ""

    async def _wait(self, scope: Scope, receive: Receive, delay: float) -> None:
        """Wait ``delay`` seconds, or raise :class:`_Gone` as soon as the client leaves."""
        if delay <= 0:
            return
        client = scope.get("client")
        if self.connections is not None:
            self.connections.pausing(client, True)
        gone = asyncio.ensure_future(_disconnect(receive))
        try:
            done, _ = await asyncio.wait({gone}, timeout=delay)
        finally:
            gone.cancel()
            if self.connections is not None:
                self.connections.pausing(client, False)
        if done:
            raise _Gone

    def _operation(self, op: ir.Operation, wire: dict[str, Any], body: bytes | None) -> Answer:
        headers = wire["headers"]
        if self.options.enforce_security and not authorized(
            self.api,
            op,
            token=self.options.token,
            headers=headers,
            query=dict(wire["query"]),
            cookies=wire["cookies"],
        ):
            detail = "Invalid credentials" if headers.get("authorization") else "Not authenticated"
            return self._problem(op, 401, detail, headers=challenge(self.api, op))
        if body is None:
            return self._problem(op, 413, f"the body is larger than {self.options.max_body} bytes")
        parsed, issues, early = self._body(op, headers, body)
        if early is not None:
            return early
        typed, param_issues = read_params(self.api, op, wire, self.validator)
        issues = param_issues + issues
        if issues and self.options.validate_requests:
            detail = "the request does not conform to the spec"
            return self._problem(op, 422, detail, issues=issues, prefer=_VALIDATION)
        request = {"params": typed, "body": parsed}
        if not wire.get("prefer"):
            return self._success(op, request, Sent(wire["path"], typed, parsed))
        try:
            status, response, example = choose(op, wire["prefer"])
        except PreferError as exc:
            return self._problem(op, 400, f"bad Prefer: {exc}")
        return documented_answer(
            op, status, response, request, self.options.seed, self.values, self.validator, example
        )

    def _success(self, op: ir.Operation, request: dict[str, Any], sent: Sent) -> Answer:
        """The drawn success answer, as the memory of created resources changes it."""

        def drawn(attempt: int) -> Answer:
            seeded = {**request, "draw": attempt} if attempt else request
            return success_answer(op, seeded, self.options.seed, self.values, self.validator)

        if self.resources is None:
            return drawn(0)
        return self.resources.answer(op, sent, drawn)

    def _problem(self, op: ir.Operation | None, status: int, detail: str, **extra: Any) -> Answer:
        return problem(op, status, detail, validator=self.validator, values=self.values, **extra)

    def _route(
        self, method: str, path: str, query: list[tuple[str, str]]
    ) -> tuple[ir.Operation | None, dict[str, str], Answer | None]:
        found = self.routes.find(method, path, query)
        if found.op is not None:
            return found.op, found.values, None
        if found.missed:
            detail = f"no operation matches {method} {path} without the query {found.missed}"
            return None, {}, problem(None, 404, detail)
        if found.allowed:
            allow = ", ".join(found.allowed)
            refused = problem(
                None, 405, f"{method} is not allowed here", headers=(("allow", allow),)
            )
            return None, {}, refused
        return None, {}, problem(None, 404, f"no operation matches {method} {path}")

    def _body(
        self, op: ir.Operation, headers: dict[str, str], body: bytes
    ) -> tuple[Any, list[Issue], Answer | None]:
        media = base_media_type(headers.get("content-type"))
        spec = _taken_as(op, media)
        json_body = spec is not None and spec.kind == "json"
        # an empty text or binary body is a value (""); an empty JSON body is no body at all
        if spec is None or (not body and (json_body or not media)):
            if spec is not None and spec.required:
                return None, [Issue(("body",), "Field required", "missing")], None
            return None, [], None
        if not _takes(spec, media):
            documented = " or ".join(b.content_type for b in (spec, *op.other_bodies))
            detail = f"expected a {documented} body, got {media or 'no content type'}"
            # 415 is HTTP's answer; a spec that documents only its validation error gets that
            return None, [], self._problem(op, 415, detail, prefer=(415, *_VALIDATION))
        if spec.kind == "form" and self.options.validate_requests:
            return (*read_form(self.api, spec, body, self.validator, spec.pointer), None)
        if not json_body:
            return body, [], None  # JSON and urlencoded bodies are checked against their schema
        try:
            parsed = json.loads(body)
        except (ValueError, RecursionError) as exc:  # an integer of too many digits too
            position = getattr(exc, "pos", 0)
            issue = Issue(
                ("body", position), f"JSON decode error: {getattr(exc, 'msg', exc)}", "json_invalid"
            )
            answer = self._problem(
                op, 422, "the body is not valid JSON", issues=[issue], prefer=_VALIDATION
            )
            return None, [], answer
        issues = (
            self.validator.issues(spec.pointer, parsed, ("body",))
            if self.options.validate_requests
            else []
        )
        return parsed, issues, None


def _takes(body: ir.Body, media: str) -> bool:
    """Whether a request body of the media type ``media`` is ``body``'s."""
    return covers(body.content_type, media) or (body.kind == "json" and is_json(media))


def _taken_as(op: ir.Operation, media: str) -> ir.Body | None:
    """The body of ``op`` a request of the media type ``media`` is read as: the preferred
    one, or one of the other media types the spec documents for it; the preferred one where
    none is (the request is refused)."""
    taking = (b for b in (op.body, *op.other_bodies) if b is not None and _takes(b, media))
    return next(taking, op.body)


async def _read_body(headers: dict[str, str], receive: Receive, limit: int) -> tuple[bytes, bool]:
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return b"", True
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Gone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return b"", True
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks), False


async def _disconnect(receive: Receive) -> None:
    """Return once the client has closed its connection (anything else it sends is ignored)."""
    while (await receive())["type"] != "http.disconnect":
        pass


def _fault_answer(chosen: tuple[Fault, ...], op: ir.Operation | None) -> Answer | None:
    for fault in chosen:
        if fault.kind == "drop":
            raise _Dropped
        if fault.kind == "status" and fault.status is not None:
            extra = (
                (("retry-after", str(fault.retry_after)),) if fault.retry_after is not None else ()
            )
            return problem(op, fault.status, f"fault injected: {fault.status}", headers=extra)
    return None


def _allowing(answer: Answer, allow: str) -> Answer:
    """``answer`` with the path's methods in ``Allow`` when it is a 405 without one: RFC 9110
    15.5.6 says a 405 MUST list them, whether a fault, a preference or the spec chose it."""
    if answer.status != 405 or any(name.lower() == "allow" for name, _ in answer.headers):
        return answer
    return dataclasses.replace(answer, headers=(*answer.headers, ("allow", allow)))


def _header(scope: Scope, name: bytes) -> str | None:
    """The first value of the request header ``name`` (lower case), None when absent."""
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


async def _send(send: Send, answer: Answer) -> None:
    if answer.raw is not None:
        payload = answer.raw
    elif answer.content_type is None:
        payload = b""
    else:
        payload = json.dumps(answer.body, separators=(",", ":")).encode()
    headers = [(b"content-length", str(len(payload)).encode())]
    if answer.content_type is not None:
        headers.append((b"content-type", answer.content_type.encode("latin-1")))
    headers.extend((k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers)
    if answer.violations:
        told = violations_header(answer.violations)
        headers.append((VIOLATIONS_HEADER.encode(), told.encode("ascii")))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
