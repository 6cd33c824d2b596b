"""The intermediate representation: what a spec means, with no code in it.

Every generator (models, client, strategies, tests, mock, diff) reads these frozen
dataclasses. Values taken from the spec (defaults, enum members, patterns, descriptions)
are stored raw; templates render them through the ``pyrepr`` and ``docstring`` filters.
Wire names are kept beside the Python names chosen by :mod:`generator.naming`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, Literal

JSONValue = Any  # a value as parsed from JSON: None, bool, int, float, str, list, dict


def json_type(value: JSONValue) -> str:
    """The JSON type name of a parsed value (``integer`` for an int, never for a bool)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


Kind = Literal[
    "any",
    "null",
    "boolean",
    "integer",
    "number",
    "string",
    "array",
    "map",
    "model",
    "enum",
    "alias",
    "literal",
    "union",
]
KINDS: tuple[Kind, ...] = (
    "any",
    "null",
    "boolean",
    "integer",
    "number",
    "string",
    "array",
    "map",
    "model",
    "enum",
    "alias",
    "literal",
    "union",
)


# ---------------------------------------------------------------------------- types


@dataclass(frozen=True, slots=True)
class AnyT:
    """Any JSON value (an empty schema, ``true``)."""

    kind: ClassVar[Kind] = "any"


@dataclass(frozen=True, slots=True)
class NullT:
    """JSON ``null``."""

    kind: ClassVar[Kind] = "null"


@dataclass(frozen=True, slots=True)
class BoolT:
    """JSON ``true``/``false``; never ``0``/``1``."""

    kind: ClassVar[Kind] = "boolean"


@dataclass(frozen=True, slots=True)
class Bounds:
    """Numeric bounds, with the exclusive forms already normalised (3.0 and 3.1 alike)."""

    ge: int | float | None = None
    gt: int | float | None = None
    le: int | float | None = None
    lt: int | float | None = None
    multiple_of: int | float | None = None


@dataclass(frozen=True, slots=True)
class IntT:
    """A JSON integer: ``5`` and ``5.0``, never ``"5"`` or ``true``."""

    bounds: Bounds = Bounds()
    format: str | None = None
    kind: ClassVar[Kind] = "integer"


@dataclass(frozen=True, slots=True)
class NumberT:
    """A JSON number (integers included), never a boolean."""

    bounds: Bounds = Bounds()
    format: str | None = None
    kind: ClassVar[Kind] = "number"


@dataclass(frozen=True, slots=True)
class StringT:
    """A JSON string. ``format`` is an annotation only, as in JSON Schema."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    format: str | None = None
    kind: ClassVar[Kind] = "string"


@dataclass(frozen=True, slots=True)
class ArrayT:
    """A JSON array of one item type."""

    items: TypeRef
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    kind: ClassVar[Kind] = "array"


@dataclass(frozen=True, slots=True)
class MapT:
    """A JSON object with no declared properties: ``dict[str, values]``."""

    values: TypeRef
    min_properties: int | None = None
    max_properties: int | None = None
    kind: ClassVar[Kind] = "map"


@dataclass(frozen=True, slots=True)
class ModelRef:
    """A named object schema, a :class:`Model` of :attr:`Api.models`."""

    name: str
    kind: ClassVar[Kind] = "model"


@dataclass(frozen=True, slots=True)
class EnumRef:
    """A named enumeration, an :class:`Enum` of :attr:`Api.enums`."""

    name: str
    kind: ClassVar[Kind] = "enum"


@dataclass(frozen=True, slots=True)
class AliasRef:
    """A named schema that is neither object nor enum, an :class:`Alias` of :attr:`Api.aliases`."""

    name: str
    kind: ClassVar[Kind] = "alias"


@dataclass(frozen=True, slots=True)
class LiteralT:
    """A ``const`` or an inline ``enum``: exactly these JSON scalar values."""

    values: tuple[JSONValue, ...]
    kind: ClassVar[Kind] = "literal"


@dataclass(frozen=True, slots=True)
class Discriminator:
    """Which member of a union a value belongs to, read from one property.

    ``mapping`` pairs each wire value with the index of its member in the union.
    """

    property: str
    mapping: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class UnionT:
    """``anyOf``/``oneOf`` (and type arrays, and nullability): one of ``members``."""

    members: tuple[TypeRef, ...]
    discriminator: Discriminator | None = None
    one_of: bool = False
    kind: ClassVar[Kind] = "union"


TypeRef = (
    AnyT
    | NullT
    | BoolT
    | IntT
    | NumberT
    | StringT
    | ArrayT
    | MapT
    | ModelRef
    | EnumRef
    | AliasRef
    | LiteralT
    | UnionT
)


def is_nullable(
    t: TypeRef, aliases: Mapping[str, TypeRef] | None = None, _seen: frozenset[str] = frozenset()
) -> bool:
    """True when ``null`` is an accepted value of ``t`` at the top level.

    With ``aliases`` (the type of each alias by name), a named alias counts by its type.
    """
    if isinstance(t, NullT | AnyT):
        return True
    if isinstance(t, UnionT):
        return any(is_nullable(m, aliases, _seen) for m in t.members)
    if isinstance(t, LiteralT):
        return None in t.values
    if isinstance(t, AliasRef) and aliases and t.name in aliases and t.name not in _seen:
        return is_nullable(aliases[t.name], aliases, _seen | {t.name})
    return False


def without_null(t: TypeRef) -> TypeRef:
    """``t`` with a top-level ``null`` member removed (``t`` itself when there is none)."""
    if isinstance(t, UnionT):
        members = tuple(m for m in t.members if not isinstance(m, NullT))
        if len(members) == len(t.members):
            return t
        if len(members) == 1 and t.discriminator is None:
            return members[0]
        return UnionT(members, t.discriminator, t.one_of)
    return t


# ---------------------------------------------------------------------------- schemas


@dataclass(frozen=True, slots=True)
class Default:
    """A default value as written in the spec (wrapped so that ``null`` can be a default)."""

    value: JSONValue


@dataclass(frozen=True, slots=True)
class Field:
    """One property of a :class:`Model`."""

    name: str  # Python identifier
    wire: str  # JSON property name
    type: TypeRef
    required: bool
    default: Default | None = None
    description: str | None = None
    title: str | None = None
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    examples: tuple[JSONValue, ...] = ()


@dataclass(frozen=True, slots=True)
class Model:
    """An object schema with declared properties.

    ``extra`` is the type of properties not declared (``additionalProperties``):
    ``AnyT()`` when allowed (the JSON Schema default), ``None`` when forbidden.
    """

    name: str
    pointer: str
    fields: tuple[Field, ...]
    extra: TypeRef | None = AnyT()
    title: str | None = None
    description: str | None = None
    min_properties: int | None = None
    max_properties: int | None = None
    deprecated: bool = False
    examples: tuple[JSONValue, ...] = ()


@dataclass(frozen=True, slots=True)
class EnumMember:
    """One member: its Python name and its wire value."""

    name: str
    value: JSONValue


@dataclass(frozen=True, slots=True)
class Enum:
    """A named enumeration of strings or of integers."""

    name: str
    pointer: str
    base: Literal["str", "int"]
    members: tuple[EnumMember, ...]
    title: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Alias:
    """A named schema that is not an object with properties nor an enum."""

    name: str
    pointer: str
    type: TypeRef
    title: str | None = None
    description: str | None = None


# ---------------------------------------------------------------------------- operations

ParamLocation = Literal["path", "query", "header", "cookie"]


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
class Body:
    """The request body of one operation, for its preferred media type."""

    content_type: str  # e.g. application/json, multipart/form-data
    type: TypeRef
    required: bool
    pointer: str
    description: str | None = None
    examples: tuple[JSONValue, ...] = ()
    # multipart/form-data: property wire names sent as files
    file_fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Header:
    """A documented response header."""

    wire: str
    type: TypeRef
    required: bool = False


@dataclass(frozen=True, slots=True)
class Response:
    """One documented response: a status code, ``1XX``-``5XX`` or ``default``."""

    status: str
    description: str | None
    content_type: str | None  # None: no body
    type: TypeRef | None  # None: no schema (bytes or text, per content_type)
    pointer: str
    headers: tuple[Header, ...] = ()
    examples: tuple[JSONValue, ...] = ()

    @property
    def streaming(self) -> bool:
        """True for server-sent events."""
        return self.content_type == "text/event-stream"


SecurityKind = Literal["bearer", "basic", "api_key", "oauth2", "open_id_connect"]


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    """One entry of ``components.securitySchemes``."""

    key: str  # the spec's name for it
    name: str  # Python identifier
    kind: SecurityKind
    location: ParamLocation | None = None  # api_key: header, query or cookie
    param: str | None = None  # api_key: the header/query/cookie name
    env_var: str | None = None  # where the credential is read from by default
    description: str | None = None


@dataclass(frozen=True, slots=True)
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

    @property
    def idempotent(self) -> bool:
        """Methods that may be retried without an idempotency key (RFC 9110)."""
        return self.method in {"get", "head", "options", "put", "delete", "trace"}


# ---------------------------------------------------------------------------- the whole


@dataclass(frozen=True, slots=True)
class Skip:
    """Something in the spec apiforge could not express, and why."""

    pointer: str
    reason: str


@dataclass(frozen=True)
class Api:
    """A whole spec, ready for every generator."""

    spec_file: str  # as given, for headers and messages
    package: str  # Python package name
    title: str
    version: str
    openapi: str  # "3.0.3", "3.1.0"
    description: str | None
    servers: tuple[str, ...]
    base_url: str | None  # configured default, else the first server
    base_url_env: str  # e.g. PERPLEXITY_API_BASE_URL
    models: tuple[Model, ...] = ()
    enums: tuple[Enum, ...] = ()
    aliases: tuple[Alias, ...] = ()
    operations: tuple[Operation, ...] = ()
    security_schemes: tuple[SecurityScheme, ...] = ()
    security: tuple[tuple[str, ...], ...] = ()
    skipped: tuple[Skip, ...] = ()
    # the whole type at the pointer of a named schema that accepts more than its class:
    # a nullable model, or an untyped one (any non-object JSON value is accepted too)
    wider: Mapping[str, TypeRef] = field(default_factory=dict)
    # the spec's schemas as plain data, for validators that must stay independent of the
    # generated models: {"components": {"schemas": {...}}} plus inline schemas by pointer
    schema_document: Mapping[str, JSONValue] = field(default_factory=dict)

    @cached_property
    def alias_types(self) -> Mapping[str, TypeRef]:
        """The type of every alias by its Python name."""
        return {a.name: a.type for a in self.aliases}

    def nullable(self, t: TypeRef) -> bool:
        """True when ``null`` is an accepted value of ``t``, looking through aliases."""
        return is_nullable(t, self.alias_types)

    @property
    def is_openapi_30(self) -> bool:
        """OpenAPI 3.0 (``nullable``, boolean ``exclusiveMinimum``) rather than 3.1."""
        return self.openapi.startswith("3.0")

    @cached_property
    def named(self) -> Mapping[str, Model | Enum | Alias]:
        """Every model, enum and alias by its Python name."""
        named: dict[str, Model | Enum | Alias] = {m.name: m for m in self.models}
        named.update((e.name, e) for e in self.enums)
        named.update((a.name, a) for a in self.aliases)
        return named

    def model(self, name: str) -> Model:
        """The model called ``name``."""
        item = self.named[name]
        assert isinstance(item, Model)
        return item

    def enum(self, name: str) -> Enum:
        """The enum called ``name``."""
        item = self.named[name]
        assert isinstance(item, Enum)
        return item

    def alias(self, name: str) -> Alias:
        """The alias called ``name``."""
        item = self.named[name]
        assert isinstance(item, Alias)
        return item
