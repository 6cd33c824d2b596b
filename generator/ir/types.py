"""IR types: what a value may be, one frozen dataclass per kind of schema."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from typing import Any, ClassVar, Literal, TypeAlias, assert_never, get_args

from generator.records import record

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
KINDS: tuple[Kind, ...] = get_args(Kind)


# ---------------------------------------------------------------------------- types


@record(slots=True)
class AnyT:
    """Any JSON value (an empty schema, ``true``). ``values``: the values an ``enum`` or a
    ``const`` lists where some are arrays or objects, which no model type expresses: the
    models take any value, drawn values are these (none: no such list)."""

    values: tuple[JSONValue, ...] = field(default=(), hash=False)  # lists are not hashable
    kind: ClassVar[Kind] = "any"


@record(slots=True)
class NullT:
    """JSON ``null``."""

    kind: ClassVar[Kind] = "null"


@record(slots=True)
class BoolT:
    """JSON ``true``/``false``; never ``0``/``1``."""

    kind: ClassVar[Kind] = "boolean"


@record(slots=True)
class Bounds:
    """Numeric bounds, with the exclusive forms already normalised (3.0 and 3.1 alike)."""

    ge: int | float | None = None
    gt: int | float | None = None
    le: int | float | None = None
    lt: int | float | None = None
    multiple_of: int | float | None = None

    def holds(self, value: int | float) -> bool:
        """Whether ``value`` is within the bounds (the step is left to its readers: whether a
        number is a multiple of another is read as the decimals they are written as)."""
        below = (self.ge is not None and value < self.ge) or (
            self.gt is not None and value <= self.gt
        )
        above = (self.le is not None and value > self.le) or (
            self.lt is not None and value >= self.lt
        )
        return not (below or above)


@record(slots=True)
class IntT:
    """A JSON integer: ``5`` and ``5.0``, never ``"5"`` or ``true``."""

    bounds: Bounds = Bounds()
    format: str | None = None
    kind: ClassVar[Kind] = "integer"


@record(slots=True)
class NumberT:
    """A JSON number (integers included), never a boolean."""

    bounds: Bounds = Bounds()
    format: str | None = None
    kind: ClassVar[Kind] = "number"


@record(slots=True)
class StringT:
    """A JSON string. ``format`` is an annotation only, as in JSON Schema; so are
    ``encoding`` and ``media`` (3.1's ``contentEncoding``, lower case, and
    ``contentMediaType``): the string holds bytes so encoded (``base64``), of that media
    type, which drawn values honour and no validator checks. ``more_patterns``: the patterns
    that must match too, besides ``pattern`` (``allOf`` members with patterns of their own);
    values are drawn from ``pattern`` and kept where the others match."""

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    format: str | None = None
    encoding: str | None = None
    media: str | None = None
    more_patterns: tuple[str, ...] = ()
    kind: ClassVar[Kind] = "string"

    @property
    def patterns(self) -> tuple[str, ...]:
        """Every pattern a value must match, the one drawn from first."""
        return () if self.pattern is None else (self.pattern, *self.more_patterns)


@record(slots=True)
class ArrayT:
    """A JSON array of one item type (with ``prefix``, of several)."""

    items: TypeRef
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False
    # `prefixItems`: the type of each leading position (``items`` is then any of them or
    # of ``rest``), and the type of the items after them (None: there are none)
    prefix: tuple[TypeRef, ...] = ()
    rest: TypeRef | None = None
    kind: ClassVar[Kind] = "array"


@record(slots=True)
class MapT:
    """A JSON object with no declared properties: ``dict[str, values]``."""

    values: TypeRef
    min_properties: int | None = None
    max_properties: int | None = None
    kind: ClassVar[Kind] = "map"


@record(slots=True)
class _NamedRef:
    """A reference by name to a schema of :attr:`Api.named` (the subclass says which kind)."""

    name: str


@record(slots=True)
class ModelRef(_NamedRef):
    """A named object schema, a :class:`Model` of :attr:`Api.models`."""

    kind: ClassVar[Kind] = "model"


@record(slots=True)
class EnumRef(_NamedRef):
    """A named enumeration, an :class:`Enum` of :attr:`Api.enums`."""

    kind: ClassVar[Kind] = "enum"


@record(slots=True)
class AliasRef(_NamedRef):
    """A named schema that is neither object nor enum, an :class:`Alias` of :attr:`Api.aliases`."""

    kind: ClassVar[Kind] = "alias"


@record(slots=True)
class LiteralT:
    """A ``const`` or an inline ``enum``: exactly these JSON scalar values."""

    values: tuple[JSONValue, ...]
    kind: ClassVar[Kind] = "literal"


# the string formats the models give a typed view, whose format tells a `oneOf`'s members
# apart (render.types.FORMAT_TYPES names their classes); the models read any other as an
# annotation
TYPED_FORMATS = frozenset({"date", "date-time", "uuid"})

# no value at all: a literal of no values (an unsatisfiable schema, a property no value may take)
NEVER = LiteralT(())


@record(slots=True)
class Discriminator:
    """Which member of a union a value belongs to, read from one property.

    ``mapping`` pairs each wire value with the index of its member in the union. ``implied``
    are the values that select a member by its component name alone where the spec's
    ``mapping`` gives that member values of its own: read as valid, never drawn, since a
    reading of OpenAPI takes the mapped values in place of the name (as Jackson does).
    """

    property: str
    mapping: tuple[tuple[str, int], ...]
    implied: frozenset[str] = frozenset()

    def drawn(self, position: int) -> list[str]:
        """The values a value of the member at ``position`` is drawn with: every reading's."""
        tags = [value for value, index in self.mapping if index == position]
        return [value for value in tags if value not in self.implied] or tags


@record(slots=True)
class UnionT:
    """``anyOf``/``oneOf`` (and type arrays, and nullability): one of ``members``."""

    members: tuple[TypeRef, ...]
    discriminator: Discriminator | None = None
    one_of: bool = False
    # oneOf whose members may share a value: the members as written, exactly one of which
    # must accept a value (``members`` may hold them flattened)
    choices: tuple[TypeRef, ...] = ()
    # `required` beside `anyOf`/`oneOf`: properties an object value must have, whichever member
    required: tuple[str, ...] = ()
    kind: ClassVar[Kind] = "union"


# The closed set of IR types. Code that branches on the kind of a type matches over these
# classes and ends in `case _: assert_never(t)`, so adding a kind (a class above, its name in
# `Kind`, a member here) makes `mypy --strict generator` name each place that must handle it:
#   generator/ir/types.py             is_nullable, own_json_types (what JSON types a kind has)
#   generator/ir/traverse.py          children, map_children (the types inside a type)
#   generator/render/types.py         hint (the models' annotations)
#   generator/render/client.py        input_hint (the client's keywords)
#   generator/render/dcg_schema.py    _Converter.__call__ (the datamodel-codegen engine)
#   generator/facts/typefacts.py      accepts (whether a spec's default fits its type)
#   generator/facts/exclusion.py      covers (oneOf members kept apart)
#   generator/render/strategies.py    Strategies.expr, finite (the Hypothesis strategies)
#   generator/render/suite/shapes.py  shape_of (cases.json of the generated tests)
#   generator/exchange/values.py      Values._draw, _cheap (mock and conformance values)
# mypy cannot see into the generated tests' runtime, which reads cases.json by kind name
# (templates/tests/static/_cases.py). tests/unit/ir/test_kinds.py keeps this list exact.
TypeRef: TypeAlias = (
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
    match t:
        case NullT() | AnyT():
            return True
        case UnionT():
            return any(is_nullable(m, aliases, _seen) for m in t.members)
        case LiteralT():
            return None in t.values
        case AliasRef():
            if aliases and t.name in aliases and t.name not in _seen:
                return is_nullable(aliases[t.name], aliases, _seen | {t.name})
            return False
        case BoolT() | IntT() | NumberT() | StringT() | ArrayT() | MapT() | ModelRef() | EnumRef():
            return False
        case _:
            assert_never(t)


def own_json_types(t: TypeRef) -> frozenset[str] | None:
    """The JSON types of the values of ``t``, read from ``t`` alone (``number`` for the
    non-integral ones); None where they may be any, or are found inside or behind ``t``
    (a union, a literal, a named enum or alias)."""
    match t:
        case NullT() | BoolT() | IntT() | StringT() | ArrayT():
            return frozenset({t.kind})  # these kinds are named as their JSON type
        case NumberT():
            return frozenset({"integer", "number"})
        case MapT() | ModelRef():
            return frozenset({"object"})
        case AnyT() | EnumRef() | AliasRef() | LiteralT() | UnionT():
            return None
        case _:
            assert_never(t)


def without_null(t: TypeRef) -> TypeRef:
    """``t`` with a top-level ``null`` member removed (``t`` itself when there is none)."""
    if isinstance(t, UnionT):
        members = tuple(m for m in t.members if not isinstance(m, NullT))
        if len(members) == len(t.members):
            return t
        if len(members) == 1 and t.discriminator is None and not t.choices and not t.required:
            return members[0]
        return UnionT(members, t.discriminator, t.one_of, t.choices, t.required)
    return t
