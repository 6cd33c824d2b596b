"""What the sync and async clients share: configuration, building requests, reading answers.

A call is built here (``_request``) and read here (``_response``, ``_streaming``,
``_exceptions``); ``_clients`` sends it, with retries and redirects, blocking or awaiting.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any, ParamSpec, Self, TypeVar, cast

import httpx
from pydantic import ValidationError

from ._deadline import Deadline
from ._encoding import EncodedBody, query_string
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIRequestValidationError,
    APIStatusError,
    APITimeoutError,
    MissingCredentialsError,
    where,
)
from ._operation import ClientConfig, Operation, Scheme
from ._options import (
    DEFAULT_TIMEOUT,
    MAX_REDIRECTS,
    NOT_GIVEN,
    CallOptions,
    Headers,
    NotGiven,
    Secret,
    TimeoutArg,
)
from ._redact import Redactor, redact_url
from ._request import (
    Parts,
    apply_credential,
    encode_body,
    redirect_request,
    split_params,
)
from ._response import adapter, construct, loads, parse_event, parse_json, read_body
from ._retry import IDEMPOTENCY_HEADER, RETRY_COUNT_HEADER, retry_delay
from ._scrub import redact_logs, scrubbed
from ._servers import moved
from ._streaming import ServerSentEvent
from ._wire import read

__all__ = ["BaseClient", "Credential"]

T = TypeVar("T")
P = ParamSpec("P")

log = logging.getLogger(__name__.rpartition(".")[0] or __name__)

Credential = str | tuple[str, str] | None


# what a product's version may hold in a User-Agent (RFC 9110's token); the spec's version is
# any text, which may hold spaces, line breaks or non-ASCII letters no header value carries
_NOT_TOKEN = re.compile(r"[^!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def _user_agent(config: ClientConfig) -> str:
    python = "{}.{}.{}".format(*sys.version_info[:3])
    version = _NOT_TOKEN.sub("-", config.version).strip("-")
    product = f"{config.package}/{version}" if version else config.package
    return f"{product} httpx/{httpx.__version__} python/{python}"


_HTTPX_DEFAULT_TIMEOUT = httpx.Timeout(5.0)
_MAX_CACHED_URLS = 256


def _timeout(timeout: float | httpx.Timeout | None) -> dict[str, Any]:
    return {"timeout": httpx.Timeout(timeout).as_dict()}


def _octets(headers: dict[str, str]) -> dict[str, str] | list[tuple[bytes, bytes]]:
    """Headers as httpx sends them: a value that is not ASCII (a spec's media type with a
    quoted parameter of letters beyond ASCII) as the octets HTTP carries in a quoted string,
    Latin-1 where it can be written so (as a server reads it back), else UTF-8."""
    if all(value.isascii() for value in headers.values()):
        return headers
    return [(name.encode("ascii"), _written(value)) for name, value in headers.items()]


def _written(value: str) -> bytes:
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


def _credential_text(value: str | tuple[str, str]) -> str:
    # basic auth takes (user, password); every other scheme a single string
    return ":".join(value) if isinstance(value, tuple) else value


class BaseClient:
    """Configuration and the parts of a call that do not wait: building and reading."""

    _http: httpx.Client | httpx.AsyncClient

    def __init__(
        self,
        config: ClientConfig,
        *,
        credentials: Mapping[str, Credential],
        base_url: str | httpx.URL | None,
        timeout: TimeoutArg,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        strict: bool,
        retry_non_idempotent: bool,
        http_client: httpx.Client | httpx.AsyncClient | None,
        total_timeout: float | None,
        max_response_size: int | None,
    ) -> None:
        self._config = config
        self._schemes: dict[str, Scheme] = {s.key: s for s in config.schemes}
        self._redactor = Redactor(config.schemes)
        redact_logs(log.name)
        self._secrets: dict[str, Secret] = {}
        for scheme in config.schemes:
            value = credentials.get(scheme.key)
            if value is None and scheme.env_var:
                value = os.environ.get(scheme.env_var)
            if value:
                self._secrets[scheme.key] = self._hidden(_credential_text(value))
        self._secret_headers = self._redactor.headers
        self._set_base_url(
            base_url
            or (os.environ.get(config.base_url_env) if config.base_url_env else None)
            or config.base_url
        )
        if isinstance(timeout, NotGiven):
            # a pool passed in keeps its own timeout, unless it is httpx's 5 s default
            given = http_client.timeout if http_client is not None else None
            timeout = (
                given if given is not None and given != _HTTPX_DEFAULT_TIMEOUT else DEFAULT_TIMEOUT
            )
        self._set_timeout(timeout)
        self.max_retries = max_retries
        self.strict = strict
        self.retry_non_idempotent = retry_non_idempotent
        self.total_timeout = total_timeout
        self.max_response_size = max_response_size
        self._headers = {"user-agent": _user_agent(config), "accept": "application/json"}
        self._headers.update((k.lower(), v) for k, v in (default_headers or {}).items())
        self._redactor.add_headers(self._headers)
        self._owns_http = http_client is None

    def _hidden(self, value: str) -> Secret:
        """``value`` as a :class:`Secret`, hidden from logs and errors from now on."""
        self._redactor.add(value)
        return Secret(value)

    def _use_http(self, http: httpx.Client | httpx.AsyncClient) -> None:
        # The pool's own headers are merged once, here: requests are built directly rather
        # than through build_request(), which would merge URL and headers on every call.
        self._http = http
        self._headers = {**dict(http.headers), **self._headers}
        self._redactor.add_headers(self._headers)
        for name, value in http.params.multi_items():
            if name in self._redactor.query:
                self._redactor.add(value)

    def _set_timeout(self, timeout: float | httpx.Timeout | None) -> None:
        self.timeout: float | httpx.Timeout | None = timeout
        self._timeout = _timeout(timeout)

    def __repr__(self) -> str:
        shown = redact_url(self.base_url) if self.base_url is not None else None
        return f"{type(self).__name__}(base_url={str(shown)!r})"

    def _set_base_url(self, url: str | httpx.URL | None) -> None:
        self._urls: dict[str, httpx.URL] = {}  # parsed once per path
        text = str(url).rstrip("/") if url else ""
        self.base_url: httpx.URL | None = httpx.URL(text) if text else None
        self._redactor.add_url(self.base_url)
        # a relative or missing URL fails at the first call, as a missing key does
        self._base = text if self.base_url is not None and self.base_url.is_absolute_url else ""

    def with_options(
        self,
        *,
        api_key: str | tuple[str, str] | NotGiven = NOT_GIVEN,
        credentials: Mapping[str, str | tuple[str, str]] | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: TimeoutArg = NOT_GIVEN,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        strict: bool | None = None,
        retry_non_idempotent: bool | None = None,
        total_timeout: float | NotGiven | None = NOT_GIVEN,
        max_response_size: int | NotGiven | None = NOT_GIVEN,
    ) -> Self:
        """A copy with some options changed; it shares this client's connection pool.

        ``credentials`` sets the credentials of other schemes, by their constructor keyword.
        """
        clone = object.__new__(type(self))
        # resources are cached properties bound to this client: the copy makes its own
        cached = {
            name
            for cls in type(self).__mro__
            for name, value in vars(cls).items()
            if isinstance(value, cached_property)
        }
        clone.__dict__.update((k, v) for k, v in self.__dict__.items() if k not in cached)
        clone._owns_http = False
        clone._redactor = self._redactor.copy()
        clone._secrets = dict(self._secrets)
        changed = dict(credentials or {})
        if not isinstance(api_key, NotGiven):
            changed["api_key"] = api_key
        keys = {s.keyword: s.key for s in self._config.schemes}
        for keyword, value in changed.items():
            if keyword not in keys:
                raise TypeError(f"no credential is called {keyword!r}; known: {sorted(keys)}")
            clone._secrets[keys[keyword]] = clone._hidden(_credential_text(value))
        if base_url is not None:
            clone._set_base_url(base_url)
        if not isinstance(timeout, NotGiven):
            clone._set_timeout(timeout)
        if max_retries is not None:
            clone.max_retries = max_retries
        if default_headers:
            clone._headers = {**self._headers, **{k.lower(): v for k, v in default_headers.items()}}
            clone._redactor.add_headers(clone._headers)
        if strict is not None:
            clone.strict = strict
        if retry_non_idempotent is not None:
            clone.retry_non_idempotent = retry_non_idempotent
        if not isinstance(total_timeout, NotGiven):
            clone.total_timeout = total_timeout
        if not isinstance(max_response_size, NotGiven):
            clone.max_response_size = max_response_size
        return clone

    copy = with_options

    # ------------------------------------------------------------------ building

    def _secret(self, key: str) -> Secret | None:
        secret = self._secrets.get(key)
        if secret is None and key in self._schemes:
            env = self._schemes[key].env_var
            value = os.environ.get(env) if env else None
            if value:  # set after the client was created
                secret = self._secrets[key] = self._hidden(value)
        return secret

    def _authorize(self, op: Operation[Any], parts: Parts, extra_headers: Headers | None) -> None:
        for alternative in op.security:
            secrets = [self._secret(key) for key in alternative]
            if alternative and all(secrets):
                for key, secret in zip(alternative, secrets, strict=True):
                    apply_credential(self._schemes[key], cast(Secret, secret), parts)
                return
        if () in op.security:  # anonymous access is one of the alternatives
            return
        given = {k.lower() for k, v in (extra_headers or {}).items() if v is not None}
        if not self._secret_headers.isdisjoint(given | parts.headers.keys()):
            return  # the caller sends a credential of their own (default or extra headers)
        raise MissingCredentialsError(self._missing(op))

    def _missing(self, op: Operation[Any]) -> str:
        ways = []
        for key in sorted(
            {k for alternative in op.security for k in alternative if k in self._schemes}
        ):
            scheme = self._schemes[key]
            way = f"pass {scheme.keyword}= to the client"
            ways.append(
                f"{way} or set the {scheme.env_var} environment variable" if scheme.env_var else way
            )
        hint = "; ".join(ways) or "this client supports none of its security schemes"
        return f"{op.method} {op.path} needs a credential: {hint}"

    def _missing_base_url(self, op: Operation[Any]) -> str:
        env = self._config.base_url_env
        where = f" or set the {env} environment variable" if env else ""
        return (
            f"{op.method} {op.path} needs an absolute base URL: pass base_url= to the client{where}"
        )

    def _build(
        self,
        op: Operation[Any],
        values: tuple[object, ...],
        body: object,
        fields: Mapping[str, object] | None,
        options: CallOptions,
    ) -> tuple[httpx.Request, bool]:
        """The request for one call, and whether it carries an idempotency key."""
        extra_headers, extra_query, extra_body, timeout, _, _ = options
        if not self._base:
            raise APIError(self._missing_base_url(op))
        parts = Parts(op.path, dict(self._headers))
        if op.accept:
            parts.headers["accept"] = op.accept
        if values:
            split_params(op, values, parts)
        encoded: EncodedBody | None = None
        keyed = False
        if op.body is not None:
            try:
                encoded, keyed = encode_body(
                    op.body, body, fields, extra_body, op.idempotency_field
                )
            except ValidationError as exc:
                what = f"{op.method} {op.path}"
                raise APIRequestValidationError.of(what, "the request body", exc.errors()) from exc
            if encoded is not None and encoded.content_type:
                parts.headers["content-type"] = encoded.content_type
        if op.security:
            self._authorize(op, parts, extra_headers)
        parts.finish(extra_headers, extra_query)
        url = self._url(op, parts.path)
        params = self._http.params
        if parts.query or params:
            given = {name for name, _ in parts.query}
            kept = [*url.params.multi_items(), *params.multi_items()]
            pairs = [(k, v) for k, v in kept if k not in given] + parts.query
            url = url.copy_with(query=query_string(pairs).encode("ascii"))
        request = httpx.Request(
            op.method,
            url,
            headers=_octets(parts.headers),
            content=encoded.content if encoded is not None else None,
            files=encoded.files if encoded is not None else None,
            extensions=self._timeout if isinstance(timeout, NotGiven) else _timeout(timeout),
        )
        if self._http.cookies:
            self._http.cookies.set_cookie_header(request)
        return request, keyed or IDEMPOTENCY_HEADER in parts.headers

    def _url(self, op: Operation[Any], path: str) -> httpx.URL:
        if op.server is not None:  # served beside the API, or on a host of its own
            base = moved(self._base, self._config.server, op.server) or op.server
            return httpx.URL(base.rstrip("/") + path)
        url = self._urls.get(path)
        if url is None:
            url = httpx.URL(self._base + path)
            if len(self._urls) < _MAX_CACHED_URLS:
                self._urls[path] = url
        return url

    def _may_retry(self, op: Operation[Any], keyed: bool, retry: bool | None) -> bool:
        if retry is not None:
            return retry
        return op.idempotent or keyed or self.retry_non_idempotent

    def _before_retry(
        self,
        request: httpx.Request,
        retries: int,
        reason: str,
        headers: httpx.Headers | None,
        budget: Deadline,
    ) -> tuple[float, httpx.Request] | None:
        """How long to wait, and the request to send again (numbered, so retries show);
        None when the wait would pass the call's ``total_timeout``."""
        delay = retry_delay(retries, headers)
        if not budget.allows(delay):
            log.info(
                "not retrying %s after %s: waiting %.2f s would pass total_timeout",
                where(request),
                reason,
                delay,
            )
            return None
        log.info(
            "retrying %s in %.2f s (retry %d of %d) after %s",
            where(request),
            delay,
            retries,
            self.max_retries,
            reason,
        )
        again = httpx.Headers(request.headers)
        again[RETRY_COUNT_HEADER] = str(retries)
        content = request.read()
        return delay, httpx.Request(
            request.method,
            request.url,
            headers=again,
            content=content,
            extensions=request.extensions,
        )

    @staticmethod
    def _connection_error(request: httpx.Request, exc: Exception) -> APIConnectionError:
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(request)
        return APIConnectionError(request, cause=exc)

    def _follow(
        self, request: httpx.Request, response: httpx.Response, hops: int
    ) -> httpx.Request | None:
        """The next request of a redirect chain, or None when ``response`` is the answer."""
        if not (self._http.follow_redirects and response.has_redirect_location):
            return None
        if hops >= MAX_REDIRECTS:
            raise APIConnectionError(request, f"{where(request)}: too many redirects")
        return redirect_request(request, response, self._secret_headers)

    # ------------------------------------------------------------------ reading

    def _status_error(self, op: Operation[Any], response: httpx.Response) -> APIStatusError:
        # a body that is JSON is parsed whatever its type (a JSON string or null too); text
        # that is not JSON stays in ``body`` only
        try:
            body: object = loads(response.content)
            decoded = True
        except ValueError:
            body, decoded = response.text, False
        spec = op.response_for(response.status_code)
        parsed = None
        if (
            spec is not None
            and spec.kind in ("json", "json_or_raw", "json_or_media")
            and spec.type is not None
            and decoded
        ):
            try:
                parsed = read(adapter(spec.type), response.content, json=True)
            except ValidationError:
                parsed = construct(spec.type, body)
        return APIStatusError.from_response(response, body, parsed)

    @scrubbed
    def _read(self, op: Operation[T], response: httpx.Response) -> tuple[T, list[Any]]:
        spec = op.response_for(response.status_code)
        # the far end of a redirect the operation documents is the answer it promised, as sent
        # (not its `default`, which is the operation's own answer to anything else); an
        # operation that documents no response at all (OpenAPI 3.1 lets it) has no status to
        # depart from: its answer is read as it came (its method returns Any)
        promised = not op.documents(response.status_code) and any(
            op.documents(r.status_code) for r in response.history
        )
        if promised:
            spec = None
        strict = self.strict and op.documents_responses and not promised
        value, errors = read_body(spec, response, strict)
        return cast(T, value), errors

    def _decoder(
        self, op: Operation[T], response: httpx.Response
    ) -> Callable[[ServerSentEvent], T]:
        spec = op.response_for(response.status_code)
        if spec is None or spec.type is None:
            return cast(Callable[[ServerSentEvent], T], lambda event: event)
        tp, strict, events = spec.type, self.strict, spec.events
        return lambda event: cast(T, parse_event(tp, event.data, events, response, strict))

    def _document_decoder(
        self, op: Operation[T], response: httpx.Response
    ) -> Callable[[str], T] | None:
        """How a whole JSON document sent instead of an event stream reads (None: as an event)."""
        spec = op.response_for(response.status_code)
        if spec is None or spec.type is None:
            return None
        tp, strict = spec.type, self.strict
        return lambda text: cast(T, parse_json(tp, text, response, strict)[0])
