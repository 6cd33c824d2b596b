"""Every error the client raises, in one hierarchy rooted at :class:`APIError`.

``APIError`` > ``APIConnectionError`` > ``APITimeoutError``: the request got no answer.
``APIError`` > ``APIStatusError`` > one class per status family: the answer was an error.
``APIError`` > ``APIResponseValidationError``: the answer did not match the spec (strict clients).
``APIError`` > ``APIRequestValidationError``: the call's arguments do not match the spec; nothing
was sent (also a ``ValueError``).
``APIError`` > ``MissingCredentialsError``: a call needs a credential nobody configured.
``APIError`` > ``ResponseTooLargeError``: the answer (or one event of a stream) is too large.

Messages name the method, the path and the status; they never carry request headers, so a
credential cannot leak through ``str(error)`` or a traceback.
"""

from __future__ import annotations

from typing import Any

import httpx

from ._redact import redact_request, redact_text, scrub_response
from ._scrub import scrub_current

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIRequestValidationError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "MissingCredentialsError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "UnprocessableEntityError",
    "status_error_class",
    "where",
]

_EXCERPT = 500  # characters of a response body quoted in a message
_SHOWN = 5  # deviations of a call's arguments named in a message


def where(request: httpx.Request | None) -> str:
    """``METHOD /path`` as sent (percent-encoded), without the query: it may carry an API key."""
    if request is None:
        return "request"
    return f"{request.method} {request.url.raw_path.decode('ascii').partition('?')[0]}"


def excerpt(text: str) -> str:
    """``text`` cut to a length fit for an error message."""
    return text if len(text) <= _EXCERPT else text[:_EXCERPT] + "..."


class APIError(Exception):
    """The base of every error raised by this package."""

    message: str
    request: httpx.Request | None

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        # redacted as it is made (``_redact``, ``_scrub``): the message, the request (a copy
        # without credentials) and the exception being handled, its ``__context__`` to be
        message = redact_text(message)
        super().__init__(message)
        self.message = message
        self.request = redact_request(request) if request is not None else None
        scrub_current()


class MissingCredentialsError(APIError):
    """An operation needs a credential that was neither passed nor set in the environment."""


class APIConnectionError(APIError):
    """The server could not be reached, or the connection broke before an answer.

    The error of the transport that stopped it is ``__cause__``, and named in the message.
    """

    def __init__(
        self,
        request: httpx.Request,
        message: str | None = None,
        *,
        cause: BaseException | None = None,
    ) -> None:
        if message is None:
            message = f"connection error on {where(request)}"
            if cause is not None:
                told = str(cause)
                message += f": {type(cause).__name__}" + (f": {told}" if told else "")
        super().__init__(message, request=request)


class APIRequestValidationError(APIError, ValueError):
    """The call's arguments do not match the spec, so nothing was sent.

    ``errors`` lists the deviations as pydantic reports them (``loc``, ``msg``, ``type``);
    the pydantic ``ValidationError`` is ``__cause__``.
    """

    def __init__(self, what: str, message: str, errors: list[Any] | None = None) -> None:
        super().__init__(f"{what}: {message}")
        self.errors = errors or []

    @classmethod
    def of(cls, what: str, part: str, errors: list[Any]) -> APIRequestValidationError:
        """The error for pydantic's ``errors`` of one part of a call (``the request body``,
        ``the query parameter 'limit'``), each deviation named by where it is."""
        listed = "; ".join(_told(e) for e in errors[:_SHOWN])
        more = f"; and {len(errors) - _SHOWN} more" if len(errors) > _SHOWN else ""
        return cls(what, f"{part} does not match the spec: {listed}{more}", errors)


def _told(error: Any) -> str:
    """One of pydantic's errors as ``where: what`` (``what`` alone for a whole value)."""
    loc = ".".join(str(step) for step in error.get("loc", ()))
    msg = str(error.get("msg", "invalid"))
    return f"{loc}: {msg}" if loc else msg


class APITimeoutError(APIConnectionError):
    """The server did not answer in time."""

    def __init__(self, request: httpx.Request) -> None:
        super().__init__(request, f"{where(request)} timed out")


class APIResponseValidationError(APIError):
    """A response the spec does not describe (raised by clients created with ``strict=True``).

    ``errors`` lists the deviations, as pydantic reports them; ``body`` is the raw content.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: bytes,
        errors: list[Any] | None = None,
    ) -> None:
        scrub_response(response)
        super().__init__(f"{where(response.request)}: {message}", request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.errors = errors or []


class ResponseTooLargeError(APIError):
    """The answer is larger than the client holds in memory (``max_response_size``): the whole
    body of a call, or one line or event of a stream. Nothing past the limit was read."""

    def __init__(self, request: httpx.Request | None, limit: int, what: str = "response") -> None:
        super().__init__(
            f"{where(request)}: the {what} is larger than max_response_size ({limit} bytes)",
            request=request,
        )
        self.limit = limit


class APIStatusError(APIError):
    """The server answered with a status other than 2xx.

    ``body`` is the decoded JSON (or the text when it is not JSON); ``parsed`` is the JSON body
    as the type the spec documents for that status, whatever that type (a JSON string, number,
    array or null too), or ``None`` when it documents none or the body is not JSON.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object,
        parsed: object = None,
    ) -> None:
        scrub_response(response)
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.parsed = parsed

    @classmethod
    def from_response(
        cls, response: httpx.Response, body: object, parsed: object = None
    ) -> APIStatusError:
        """The error of the right class for ``response``."""
        kind = status_error_class(response.status_code)
        text = response.text if response.is_stream_consumed else ""
        message = f"{response.status_code} {response.reason_phrase} from {where(response.request)}"
        if text:
            message += f": {excerpt(text)}"
        return kind(message, response=response, body=body, parsed=parsed)


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests."""


class InternalServerError(APIStatusError):
    """Any 5xx status."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def status_error_class(status: int) -> type[APIStatusError]:
    """The exception class for an HTTP status."""
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, APIStatusError)
