"""One call's arguments to the parts of an HTTP request: path, query, headers, body, credentials.

Everything here is a pure function of an :class:`Operation` and the call's arguments; the
clients in ``_base_client`` add configuration, sending, retries and parsing.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx
from pydantic import ValidationError

from ._encoding import (
    ENCODERS,
    EncodedBody,
    carried,
    cookie_value,
    empty_multipart,
    file_part,
    header_value,
    is_file_content,
    path_value,
    query_pairs,
    scalar,
)
from ._exceptions import APIRequestValidationError
from ._operation import Operation, Parameter, RequestBody, Scheme
from ._options import NOT_GIVEN, Headers, Query, Secret
from ._response import adapter, wire_keys
from ._wire import read

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = ["Parts", "apply_credential", "encode_body", "redirect_request", "split_params"]


class Parts:
    """The pieces of a request being assembled: path, query pairs, headers, cookies."""

    __slots__ = ("cookies", "headers", "path", "query")

    def __init__(self, path: str, headers: dict[str, str]) -> None:
        self.path = path
        self.query: list[tuple[str, Any]] = []
        self.headers = headers
        self.cookies: list[str] = []

    def finish(self, extra_headers: Headers | None, extra_query: Query | None) -> None:
        """Add the per-call headers (``None`` removes one) and query, then the Cookie header."""
        if extra_headers:
            for name, value in extra_headers.items():
                if value is None:
                    self.headers.pop(name.lower(), None)
                else:
                    self.headers[name.lower()] = value
        for name, given in (extra_query or {}).items():
            many = given if isinstance(given, list | tuple) else [given]
            self.query.extend((name, scalar(v)) for v in many)
        if self.cookies:
            existing = self.headers.get("cookie")
            self.headers["cookie"] = "; ".join(
                [*self.cookies, existing] if existing else self.cookies
            )


def split_params(op: Operation[Any], values: tuple[object, ...], parts: Parts) -> None:
    """Validate each given parameter and put it in the path, query, headers or cookies."""
    for param, given in zip(op.params, values, strict=True):
        if given is NOT_GIVEN:
            continue
        try:
            value = read(adapter(param.type), given)
        except ValidationError as exc:
            part = f"the {param.location} parameter {param.wire!r}"
            what = f"{op.method} {op.path}"
            raise APIRequestValidationError.of(what, part, exc.errors()) from exc
        location = param.location
        if value is None and location != "path" and param.style != "json":
            continue  # no value, no parameter: only JSON can write null, not ``name=``
        if location == "path":
            text = path_value(param, value)
            if not text:
                raise APIRequestValidationError(
                    f"{op.method} {op.path}",
                    f"the path parameter {param.wire!r} must not be empty",
                )
            parts.path = parts.path.replace("{" + param.wire + "}", text)
        elif location == "query":
            try:
                parts.query.extend(query_pairs(param, value))
            except ValueError as exc:
                raise APIRequestValidationError(
                    f"{op.method} {op.path}",
                    f"the query parameter {param.wire!r} cannot be sent: {exc}",
                ) from None
        else:
            _put_carried(op, param, value, parts)


def _put_carried(op: Operation[Any], param: Parameter, value: Any, parts: Parts) -> None:
    """A header or a cookie parameter, or the call refused when HTTP cannot carry its text as
    it is (the spec may allow text of any script; a server would read another value)."""
    try:
        if param.location == "header":
            text = header_value(param, value)
        else:
            text = cookie_value(param, value)
        if not carried(text):
            raise ValueError(f"{text!r} is not ASCII text without control characters")
    except ValueError as exc:
        raise APIRequestValidationError(
            f"{op.method} {op.path}",
            f"the {param.location} parameter {param.wire!r} cannot be sent: {exc}",
        ) from None
    if param.location == "header":
        parts.headers[param.wire.lower()] = text
    else:
        parts.cookies.append(text)


def _split_files(
    data: Mapping[str, Any], spec: RequestBody
) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    # files skip validation: a placeholder string stands in for each while the rest is validated
    rest = dict(data)
    files: list[tuple[str, Any]] = []
    for name in spec.file_fields:
        if name in rest and rest[name] is not None:
            value = rest[name]
            many = isinstance(value, list)
            given = value if many else [value]
            if not all(is_file_content(v) for v in given):
                continue  # a value of the field's schema, validated and sent as any field's
            media = spec.encoding_of(name).content_type
            files.extend((name, file_part(name, v, media)) for v in given)
            rest[name] = [""] * len(value) if many else ""
    return rest, files


def encode_body(
    spec: RequestBody,
    body: object,
    fields: Mapping[str, object] | None,
    extra_body: Mapping[str, object] | None,
    idempotency_field: str | None,
) -> tuple[EncodedBody | None, bool]:
    """The encoded body, and whether it carries an idempotency key.

    ``body`` is the whole body (a model, or plain data under wire names) and ``fields``
    the keyword arguments by wire name; only one of them may be given.
    """
    given = {k: v for k, v in fields.items() if v is not NOT_GIVEN} if fields else {}
    if body is not NOT_GIVEN:
        if given:
            raise TypeError(
                "pass the request body either whole, as body=, or as keyword arguments; not both"
            )
        data: Any = body
    elif fields is not None and (given or spec.required):
        data = given
    else:
        return None, False
    if spec.kind in ("text", "binary"):
        return ENCODERS[spec.kind](data, spec), False
    files: list[tuple[str, Any]] = []
    if spec.file_fields and isinstance(data, Mapping):
        data, files = _split_files(data, spec)
    tp = spec.type
    from pydantic import BaseModel  # imported by the first call, not with the client

    if isinstance(tp, type) and issubclass(tp, BaseModel):
        value = data if isinstance(data, tp) else read(tp, data)
        keyed = idempotency_field is not None and _model_value(value, idempotency_field) is not None
        if spec.kind == "json" and not extra_body:
            # the fast path: pydantic writes the JSON directly
            content = value.__pydantic_serializer__.to_json(
                value, by_alias=True, exclude_unset=True
            )
            return EncodedBody(content, spec.content_type), keyed
        plain = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    else:
        types = adapter(tp)
        plain = types.dump_python(
            read(types, data),
            mode="json",
            by_alias=True,
            exclude_unset=True,
        )
        keyed = (
            idempotency_field is not None
            and isinstance(plain, Mapping)
            and plain.get(idempotency_field) is not None
        )
    if extra_body:
        if not isinstance(plain, Mapping):
            raise TypeError("extra_body needs a request body that is a JSON object")
        plain = {**plain, **extra_body}
    return _encoded(spec, plain, files), keyed


def _encoded(spec: RequestBody, plain: Any, files: list[tuple[str, Any]]) -> EncodedBody:
    """Validated plain data and the files beside it, encoded as the body's kind says."""
    if spec.kind == "multipart":
        sent = {name for name, _ in files}  # a file field's other values are sent as values
        plain = {k: v for k, v in plain.items() if k not in sent}
        encoded = ENCODERS["multipart"](plain, spec)
        encoded.files = [*(encoded.files or []), *files]
        return encoded if encoded.files else empty_multipart(spec.content_type)
    try:
        return ENCODERS[spec.kind](plain, spec)
    except ValueError as exc:  # a form field's item that has no text
        raise TypeError(f"this form body cannot be sent: {exc}") from None


def _model_value(model: BaseModel, wire: str) -> object:
    name = wire_keys(type(model)).get(wire)
    if name is None:
        return (model.__pydantic_extra__ or {}).get(wire)
    return getattr(model, name, None)


def apply_credential(scheme: Scheme, secret: Secret, parts: Parts) -> None:
    """Put one credential where its scheme says."""
    value = secret.get()
    if scheme.kind == "basic":
        token = base64.b64encode(value.encode("utf-8")).decode("ascii")
        parts.headers["authorization"] = f"Basic {token}"
    elif scheme.kind != "api_key":  # bearer, oauth2, openIdConnect: a bearer token
        parts.headers["authorization"] = f"Bearer {value}"
    elif scheme.location == "query":
        parts.query.append((scheme.wire_name, value))
    elif scheme.location == "cookie":
        parts.cookies.append(f"{scheme.wire_name}={value}")
    else:
        parts.headers[scheme.wire_name.lower()] = value


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    return url.scheme, url.host, url.port


def redirect_request(
    request: httpx.Request, response: httpx.Response, secret_headers: frozenset[str]
) -> httpx.Request:
    """The request that follows ``response``'s redirect; credentials stay on the first origin."""
    url = request.url.join(response.headers["location"])
    method = request.method
    if (response.status_code == 303 and method != "HEAD") or (
        response.status_code in (301, 302) and method == "POST"
    ):
        method = "GET"
    headers = httpx.Headers(request.headers)
    headers.pop("host", None)
    if _origin(url) != _origin(request.url):
        for name in secret_headers:
            headers.pop(name, None)
    content: bytes | None = None
    if method == request.method:
        content = request.read()
    else:
        for name in ("content-length", "content-type", "transfer-encoding"):
            headers.pop(name, None)
    return httpx.Request(
        method, url, headers=headers, content=content, extensions=request.extensions
    )
