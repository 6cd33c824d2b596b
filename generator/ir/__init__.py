"""The intermediate representation: what a spec means, with no code in it.

Every generator (models, client, strategies, tests, mock, diff) reads these frozen
dataclasses. Values taken from the spec (defaults, enum members, patterns, descriptions)
are stored raw; templates render them through the ``pyrepr`` and ``docstring`` filters.
Wire names are kept beside the Python names chosen by :mod:`generator.naming`.
"""

from __future__ import annotations

from generator.ir.api import Api, Skip
from generator.ir.links import Link, LinkTarget, LinkValue
from generator.ir.operations import (
    Body,
    Encoding,
    Header,
    MediaKind,
    Operation,
    Param,
    ParamLocation,
    Response,
    SecurityKind,
    SecurityScheme,
    Webhook,
    credential_place,
)
from generator.ir.schemas import Alias, Default, Enum, EnumMember, Field, Model
from generator.ir.traverse import children, leaves, map_children, named_refs, walk
from generator.ir.types import (
    KINDS,
    NEVER,
    AliasRef,
    AnyT,
    ArrayT,
    BoolT,
    Bounds,
    Discriminator,
    EnumRef,
    IntT,
    JSONValue,
    Kind,
    LiteralT,
    MapT,
    ModelRef,
    NullT,
    NumberT,
    StringT,
    TypeRef,
    UnionT,
    is_nullable,
    json_type,
    own_json_types,
    without_null,
)

__all__ = [
    "KINDS",
    "NEVER",
    "Alias",
    "AliasRef",
    "AnyT",
    "Api",
    "ArrayT",
    "Body",
    "BoolT",
    "Bounds",
    "Default",
    "Discriminator",
    "Encoding",
    "Enum",
    "EnumMember",
    "EnumRef",
    "Field",
    "Header",
    "IntT",
    "JSONValue",
    "Kind",
    "Link",
    "LinkTarget",
    "LinkValue",
    "LiteralT",
    "MapT",
    "MediaKind",
    "Model",
    "ModelRef",
    "NullT",
    "NumberT",
    "Operation",
    "Param",
    "ParamLocation",
    "Response",
    "SecurityKind",
    "SecurityScheme",
    "Skip",
    "StringT",
    "TypeRef",
    "UnionT",
    "Webhook",
    "children",
    "credential_place",
    "is_nullable",
    "json_type",
    "leaves",
    "map_children",
    "named_refs",
    "own_json_types",
    "walk",
    "without_null",
]
