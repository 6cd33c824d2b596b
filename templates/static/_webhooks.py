"""Incoming webhook and callback requests, read into the types the spec documents.

The API sends these requests; the receiving server hands their body (and, optionally, their
headers) to a generated ``webhooks.parse_<name>`` function. The body is validated like a
response body: strictly by default (an invalid payload raises
:class:`InvalidWebhookError`), or, with ``strict=False``, kept as it came where it departs
from the spec (logged). Nothing here checks a signature: verify the sender first, as the
API's documentation says.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ._exceptions import APIError
from ._response import adapter, construct, json_media, loads, not_json
from ._wire import read

__all__ = ["InvalidWebhookError", "Payload", "parse_payload"]

log = logging.getLogger(__name__.rpartition(".")[0] or __name__)


class InvalidWebhookError(APIError):
    """An incoming webhook or callback request that does not match the spec."""

    def __init__(self, message: str, *, errors: list[Any] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


@dataclass(frozen=True, slots=True)
class Payload:
    """What the spec says of one webhook's request: its body and header parameters."""

    key: str  # the spec's name for it
    kind: str  # json, text, binary, form, multipart; None: no body documented
    content_type: str | None
    type: Any  # the annotation a JSON body is validated against
    required_headers: tuple[str, ...] = ()


def _media(content_type: str) -> str:
    return content_type.split(";", maxsplit=1)[0].strip().lower()


def _same_media(sent: str, documented: str) -> bool:
    got, wanted = _media(sent), _media(documented)
    if "*" in wanted:  # a media range
        kind, _, sub = wanted.partition("/")
        return kind == "*" or (got.partition("/")[0] == kind and sub == "*")
    return got == wanted or (json_media(got) and json_media(wanted))


def _check_headers(spec: Payload, headers: Mapping[str, str]) -> None:
    names = {name.lower() for name in headers}
    missing = [h for h in spec.required_headers if h.lower() not in names]
    if missing:
        raise InvalidWebhookError(f"{spec.key}: required header {missing[0]!r} is missing")
    sent = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    if spec.content_type is not None and sent is not None:
        if not _same_media(sent, spec.content_type):
            raise InvalidWebhookError(
                f"{spec.key}: the body came as {_media(sent)!r}; documented: {spec.content_type}"
            )


def parse_payload(
    spec: Payload, body: bytes | str, headers: Mapping[str, str] | None, strict: bool
) -> Any:
    """The body of an incoming request as the spec's type (see the module's docstring)."""
    if headers is not None:
        _check_headers(spec, headers)
    if spec.kind == "binary":
        return body.encode("utf-8") if isinstance(body, str) else body
    if spec.kind != "json" or spec.type is None:
        return body.decode("utf-8") if isinstance(body, bytes) else body
    try:
        return read(adapter(spec.type), body, json=True)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
    try:
        data = loads(body)
    except ValueError as exc:
        message = f"{spec.key}: the body {not_json(exc)}"
        raise InvalidWebhookError(message, errors=errors) from None
    shown = "; ".join(f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}" for e in errors[:3])
    if strict:
        message = f"{spec.key}: the body does not match the spec: {shown}"
        raise InvalidWebhookError(message, errors=errors)
    log.warning("%s: the body does not match the spec (%s); kept as received", spec.key, shown)
    try:
        return construct(spec.type, data)
    except RecursionError:
        message = f"{spec.key}: the body does not match the spec and is nested too deeply to keep"
        raise InvalidWebhookError(message, errors=errors) from None
