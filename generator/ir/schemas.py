"""Named schemas: models with their fields, enums and aliases."""

from __future__ import annotations

from typing import Literal

from generator.ir.types import AnyT, JSONValue, TypeRef
from generator.records import record


@record(slots=True)
class Default:
    """A default value as written in the spec (wrapped so that ``null`` can be a default)."""

    value: JSONValue


@record(slots=True)
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


@record(slots=True)
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


@record(slots=True)
class EnumMember:
    """One member: its Python name and its wire value."""

    name: str
    value: JSONValue


@record(slots=True)
class Enum:
    """A named enumeration of strings or of integers."""

    name: str
    pointer: str
    base: Literal["str", "int"]
    members: tuple[EnumMember, ...]
    title: str | None = None
    description: str | None = None


@record(slots=True)
class Alias:
    """A named schema that is not an object with properties nor an enum."""

    name: str
    pointer: str
    type: TypeRef
    title: str | None = None
    description: str | None = None
