"""What the client knows about each operation, built once at import as module constants.

Generated resource modules hold one :class:`Operation` per API operation; the client reads
it on every call instead of recomputing paths, styles or response types. The types a call
validates against are given as functions that build them, called the first time a call needs
them: a resource module so imports no model before one of its operations is called.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeAlias, TypeVar

__all__ = [
    "BodyKind",
    "ClientConfig",
    "Encoding",
    "EventData",
    "Operation",
    "Parameter",
    "RequestBody",
    "ResponseKind",
    "ResponseSpec",
    "Scheme",
]

T = TypeVar("T")

Location: TypeAlias = Literal["path", "query", "header", "cookie"]
BodyKind: TypeAlias = Literal["json", "form", "multipart", "text", "binary"]
# json_or_raw: documented under a media range (``*/*``) with a structured schema: read as
# JSON when the answer is JSON (by its Content-Type, or because it parses), else as received;
# json_or_media: documented as JSON and as other media types (an image beside it): read as
# JSON when the answer's Content-Type is JSON (or absent), else as received
ResponseKind: TypeAlias = Literal[
    "json", "json_or_raw", "json_or_media", "text", "binary", "sse", "empty"
]
# how the data of a server-sent event reads: as JSON, as text, or as JSON when it is JSON of
# a non-string type and as text otherwise (an event schema that admits strings and more)
EventData: TypeAlias = Literal["json", "text", "json_or_text"]
SchemeKind: TypeAlias = Literal["bearer", "basic", "api_key", "oauth2", "open_id_connect"]


# builds a type on first use; None: there is no type
Build: TypeAlias = Callable[[], Any] | None


def _built(build: Build, cell: list[Any]) -> Any:
    """What ``build`` returns, built once and kept in ``cell``."""
    if build is None:
        return None
    if not cell:
        cell.append(build())
    return cell[0]


@dataclass(frozen=True, slots=True)
class Parameter:
    """A path, query, header or cookie parameter: how its value goes on the wire."""

    wire: str
    location: Location
    style: str
    explode: bool
    build: Build  # the annotation its value is validated against
    _type: list[Any] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def type(self) -> Any:
        """The annotation the value is validated against."""
        return _built(self.build, self._type)


@dataclass(frozen=True, slots=True)
class Encoding:
    """How one property of a form or multipart body is written (the spec's Encoding Object)."""

    wire: str
    # multipart: the part's Content-Type ("" for text/plain); form: JSON text when a JSON type
    content_type: str = ""
    style: str = "form"  # form: form, spaceDelimited, pipeDelimited or deepObject
    explode: bool = True


_PLAIN = Encoding("")


@dataclass(frozen=True, slots=True)
class RequestBody:
    """The request body: its encoding and the type (a model, usually) it is validated against."""

    kind: BodyKind
    content_type: str
    build: Build  # None: sent as given (text, binary)
    required: bool = True
    file_fields: tuple[str, ...] = ()  # multipart: properties sent as files
    encoding: tuple[Encoding, ...] = ()  # form, multipart: the properties not written plainly
    _type: list[Any] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def type(self) -> Any:
        """The type the body is validated against; None: sent as given."""
        return _built(self.build, self._type)

    def encoding_of(self, wire: str) -> Encoding:
        """How the property ``wire`` is written."""
        return next((e for e in self.encoding if e.wire == wire), _PLAIN)


@dataclass(frozen=True, slots=True)
class ResponseSpec:
    """A documented response: how to read its body and into which type."""

    kind: ResponseKind
    build: Build = None  # None: no schema (JSON as plain data, text as str, binary as bytes)
    events: EventData = "json"  # sse: how each event's data reads
    _type: list[Any] = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def type(self) -> Any:
        """The type the body is read into; None: no schema."""
        return _built(self.build, self._type)


@dataclass(frozen=True, slots=True)
class Operation(Generic[T]):
    """One API operation; ``T`` is what a successful call returns (an item, when streaming)."""

    operation_id: str
    method: str  # upper case
    path: str  # the template, e.g. /items/{item_id}
    params: tuple[Parameter, ...] = ()
    body: RequestBody | None = None
    # keyed by "200", "2XX" or "default"
    responses: Mapping[str, ResponseSpec] = field(default_factory=dict)
    # alternatives, each the scheme keys that must all be satisfied; () = no auth
    security: tuple[tuple[str, ...], ...] = ()
    idempotent: bool = False  # safe to retry without an idempotency key
    idempotency_field: str | None = None
    accept: str | None = None
    server: str | None = None  # a server of its own, as the spec names it (_servers.moved)

    @property
    def documents_responses(self) -> bool:
        """Whether the operation documents any response (OpenAPI 3.1 lets it document none)."""
        return bool(self.responses)

    def documents(self, status: int) -> bool:
        """Whether ``status`` has a response of its own (exact or ``3XX``-style), not only
        ``default``'s."""
        responses = self.responses
        return str(status) in responses or f"{status // 100}XX" in responses

    def response_for(self, status: int) -> ResponseSpec | None:
        """The documented response for ``status``: exact, then ``2XX``-style, then ``default``."""
        responses = self.responses
        return (
            responses.get(str(status))
            or responses.get(f"{status // 100}XX")
            or responses.get("default")
        )


@dataclass(frozen=True, slots=True)
class Scheme:
    """A security scheme the client can satisfy, and where its credential comes from."""

    key: str  # the spec's name for it
    keyword: str  # the client's keyword argument
    kind: SchemeKind
    location: Location | None = None  # api_key: header, query or cookie
    param: str | None = None  # api_key: the header, query or cookie name
    env_var: str | None = None

    @property
    def wire_name(self) -> str:
        """The header, query parameter or cookie an ``api_key`` credential goes in."""
        return self.param or ("x-api-key" if self.location == "header" else "api_key")


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Everything about the API a client needs beside its operations."""

    package: str
    version: str
    base_url: str | None
    base_url_env: str | None
    schemes: tuple[Scheme, ...] = ()
    server: str | None = None  # the spec's first server, which base_url stands for
