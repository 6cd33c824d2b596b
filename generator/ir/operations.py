"""Operations: parameters, bodies, responses and security schemes."""

from __future__ import annotations

from typing import Literal

from generator.ir.schemas import Default
from generator.ir.types import JSONValue, TypeRef
from generator.records import record

ParamLocation = Literal["path", "query", "header", "cookie"]
# How a body travels, decided once from its media type while the IR is built (the same
# Literal as ``generator.openapi.MediaKind``; the IR imports nothing of the project).
MediaKind = Literal["json", "text", "binary", "form", "multipart", "event_stream"]


@record(slots=True)
class Param:
    """A path, query, header or cookie parameter."""

    name: str  # Python identifier (keyword argument)
    wire: str
    location: ParamLocation
    type: TypeRef
    required: bool
    style: str  # OpenAPI's, or "json" for a value given as JSON `content`
    explode: bool
    default: Default | None = None
    description: str | None = None
    deprecated: bool = False
    pointer: str = ""
    # a query parameter's `allowEmptyValue: true`: it may be sent as the empty text
    allow_empty: bool = False


@record(slots=True)
class Encoding:
    """How one property of a form or multipart body is written: its Encoding Object, with
    the defaults OpenAPI gives where the spec says nothing (decided by ``parse/encoding.py``)."""

    wire: str
    # multipart: the part's Content-Type ("" for text/plain, RFC 7578's own default, which a
    # part need not say); urlencoded: "application/json" when the value goes as JSON text
    content_type: str = ""
    style: str = "form"  # urlencoded: form, spaceDelimited, pipeDelimited or deepObject
    explode: bool = True
    file: bool = False  # multipart: sent as a file (binary content), with a file name


@record(slots=True)
class Body:
    """The request body of one operation, for its preferred media type."""

    content_type: str  # e.g. application/json, multipart/form-data
    kind: MediaKind  # how it is sent
    type: TypeRef
    required: bool
    pointer: str
    description: str | None = None
    examples: tuple[JSONValue, ...] = ()
    # multipart/form-data: property wire names sent as files
    file_fields: tuple[str, ...] = ()
    # form and multipart bodies: how each declared property is written, in schema order
    encoding: tuple[Encoding, ...] = ()

    def encoding_of(self, wire: str) -> Encoding:
        """How the property ``wire`` is written (an undeclared one as a plain field)."""
        for entry in self.encoding:
            if entry.wire == wire:
                return entry
        return Encoding(wire)


@record(slots=True)
class Header:
    """A documented response header: in ``simple`` style, as every header is."""

    wire: str
    type: TypeRef
    required: bool = False
    explode: bool = False  # an object as ``k=v,k2=v2``, not ``k,v,k2,v2``


@record(slots=True)
class Response:
    """One documented response: a status code, ``1XX``-``5XX`` or ``default``."""

    status: str
    description: str | None
    content_type: str | None  # None: no body
    kind: MediaKind | None  # how the body comes; None: no body
    type: TypeRef | None  # None: no schema (bytes or text, per kind)
    pointer: str
    headers: tuple[Header, ...] = ()
    examples: tuple[JSONValue, ...] = ()
    named_examples: tuple[tuple[str, JSONValue], ...] = ()  # the media type's ``examples`` by name
    # the other media types it documents, and how each comes (an image beside the JSON, say):
    # an answer in one of them is read as it comes, not as ``content_type``'s
    alternatives: tuple[tuple[str, MediaKind], ...] = ()

    @property
    def streaming(self) -> bool:
        """True for server-sent events."""
        return self.kind == "event_stream"


SecurityKind = Literal["bearer", "basic", "api_key", "oauth2", "open_id_connect"]


@record(slots=True)
class SecurityScheme:
    """One entry of ``components.securitySchemes``."""

    key: str  # the spec's name for it
    name: str  # Python identifier
    kind: SecurityKind
    location: ParamLocation | None = None  # api_key: header, query or cookie
    param: str | None = None  # api_key: the header/query/cookie name
    env_var: str | None = None  # where the credential is read from by default
    description: str | None = None

    @property
    def place(self) -> tuple[str, str]:
        """Where its credential is written in a request (:func:`credential_place`)."""
        return credential_place(self.kind, self.location, self.param)


def credential_place(
    kind: SecurityKind, location: str | None, param: str | None
) -> tuple[str, str]:
    """Where a credential of ``kind`` is written in a request: each HTTP scheme, OAuth 2 and
    OpenID Connect in the ``Authorization`` header; an API key in its own header (a name read
    case-blind), query parameter or cookie. Two credentials in one place cannot travel in
    one request."""
    if kind != "api_key":
        return ("header", "authorization")
    if location in (None, "header"):
        return ("header", (param or "").lower())
    return (str(location), param or "")


@record(slots=True)
class Operation:
    """One method on one path."""

    operation_id: str
    method: str  # lower case
    path: str  # the template as written, e.g. /items/{item_id}
    group: tuple[str, ...]  # resource path on the client, e.g. ("async_", "chat", "completions")
    name: str  # method name on that resource, e.g. "create"
    pointer: str
    params: tuple[Param, ...] = ()
    body: Body | None = None
    # the bodies of the other media types of the same schema a request may be sent as (JSON,
    # a form, multipart): a server takes each as it takes the preferred one
    other_bodies: tuple[Body, ...] = ()
    responses: tuple[Response, ...] = ()
    # alternatives, each a set of scheme keys that must all be satisfied; () = no auth
    security: tuple[tuple[str, ...], ...] = ()
    summary: str | None = None
    description: str | None = None
    deprecated: bool = False
    tags: tuple[str, ...] = ()
    # the body property or header that makes a retry safe, when the spec has one
    idempotency_field: str | None = None
    idempotency_header: str | None = None
    # the URL of the operation's own server (its own, else its Path Item's, first one), where
    # it names one other than the API's first (openapi.servers.moved says where it is)
    server: str | None = None

    @property
    def idempotent(self) -> bool:
        """Methods that may be retried without an idempotency key (RFC 9110)."""
        return self.method in {"get", "head", "options", "put", "delete", "trace"}

    def answer(self) -> tuple[int, Response | None]:
        """The status a valid request gets and its documentation: the lowest 2xx, then ``2XX``,
        then the lowest 1xx/3xx (a download that redirects), then ``default``. An operation
        that documents none of these gets a status it does document (a 4xx before any other,
        a code before a range, ``4XX`` answering 400), so the answer is one the spec
        describes; 204 only when it documents no response at all.
        """
        numeric = [r for r in self.responses if r.status.isdigit()]
        success = [r for r in numeric if r.status.startswith("2")]
        if success:
            chosen = min(success, key=lambda r: int(r.status))
            return int(chosen.status), chosen
        ranged = next((r for r in self.responses if r.status.upper() == "2XX"), None)
        if ranged is not None:
            return 200, ranged
        other = [r for r in numeric if r.status[0] in "13" and r.status != "304"]
        if other:
            chosen = min(other, key=lambda r: int(r.status))
            return int(chosen.status), chosen
        fallback = next((r for r in self.responses if r.status == "default"), None)
        if fallback is not None:
            return 200, fallback
        candidates: list[tuple[bool, bool, int, Response]] = []
        for response in self.responses:
            status = response.status.upper()
            if status.isdigit():
                code, ranged_code = int(status), False
            elif len(status) == 3 and status[0].isdigit() and status[1:] == "XX":
                code, ranged_code = int(status[0]) * 100, True
            else:
                continue
            candidates.append((not 400 <= code < 500, ranged_code, code, response))
        if not candidates:
            return 204, None
        _, _, code, chosen = min(candidates, key=lambda c: c[:3])
        return code, chosen

    @property
    def documents_responses(self) -> bool:
        """False for an operation that documents no response at all (OpenAPI 3.1 makes
        ``responses`` optional): no status departs from what it documents."""
        return bool(self.responses)

    @property
    def documents_no_success(self) -> bool:
        """True when no success is documented: a valid request gets an error status."""
        return self.answer()[0] >= 400


@record(slots=True)
class Webhook:
    """A request the API sends rather than receives: a 3.1 webhook or an operation's callback.

    ``key`` names it in the spec (the webhook's name, or ``operationId.callback``) and, with
    the method when its path item has several, in the generated ``parse_webhook`` dispatch.
    """

    key: str
    name: str  # Python identifier of its parse function, e.g. parse_order_created
    kind: Literal["webhook", "callback"]
    method: str  # lower case
    pointer: str
    body: Body | None = None
    headers: tuple[Param, ...] = ()  # its header parameters
    summary: str | None = None
    description: str | None = None
