"""Client options: the ``NOT_GIVEN`` sentinel, defaults, per-call option types, secrets."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any, Final, Literal, Self, TypeAlias

import httpx

__all__ = [
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TOTAL_TIMEOUT",
    "INITIAL_RETRY_DELAY",
    "MAX_REDIRECTS",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "NOT_GIVEN",
    "BinaryInput",
    "CallOptions",
    "FileContent",
    "FileInput",
    "Headers",
    "JSONObject",
    "NotGiven",
    "Query",
    "Secret",
    "TimeoutArg",
]


class NotGiven:
    """The type of :data:`NOT_GIVEN`: an argument left out, as opposed to one set to ``None``.

    A keyword left at ``NOT_GIVEN`` is not sent at all; ``None`` is sent as JSON ``null``.
    """

    _instance: Self | None = None

    def __new__(cls) -> Self:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

# Finite by default: a slow model answer may take minutes, a connection may not.
DEFAULT_TIMEOUT: Final = httpx.Timeout(600.0, connect=5.0)
DEFAULT_MAX_RETRIES: Final = 2
# a call's attempts and the waits between them, in all
DEFAULT_TOTAL_TIMEOUT: Final = 900.0
# the most held in memory for one answer: a whole body, or one line or event of a stream
DEFAULT_MAX_RESPONSE_SIZE: Final = 64 * 1024 * 1024
INITIAL_RETRY_DELAY: Final = 0.5  # seconds before the first retry; doubles each time
MAX_RETRY_DELAY: Final = 8.0  # longest computed backoff
MAX_RETRY_AFTER: Final = 60.0  # longest wait a server's Retry-After may impose
MAX_REDIRECTS: Final = 20

JSONObject: TypeAlias = Mapping[str, Any]
Headers: TypeAlias = Mapping[str, str | None]  # None removes a header
Query: TypeAlias = Mapping[str, object]
TimeoutArg: TypeAlias = float | httpx.Timeout | NotGiven | None
# what every generated method passes on: extra_headers, extra_query, extra_body, timeout,
# retry (None: the client's policy) and raw (return a RawResponse)
CallOptions: TypeAlias = tuple[
    Headers | None, Query | None, JSONObject | None, TimeoutArg, bool | None, bool
]
BinaryInput: TypeAlias = bytes | bytearray | IO[bytes]
# a multipart file: content, or (file name, content) or (file name, content, content type)
FileContent: TypeAlias = bytes | IO[bytes]
FileInput: TypeAlias = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)


class Secret:
    """A credential that never shows itself in ``repr``, ``str``, logs or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        """The credential itself."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__
