"""The whole spec, ready for every generator, and what could not be expressed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from functools import cached_property
from typing import Any

from generator.ir.links import Link
from generator.ir.operations import Operation, SecurityScheme, Webhook
from generator.ir.schemas import Alias, Enum, Field, Model
from generator.ir.types import AliasRef, JSONValue, ModelRef, TypeRef, is_nullable, without_null
from generator.records import record


@record(slots=True)
class Skip:
    """Something in the spec apiforge could not express, and why."""

    pointer: str
    reason: str


@record
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
    webhooks: tuple[Webhook, ...] = ()  # requests the API sends: webhooks and callbacks
    security_schemes: tuple[SecurityScheme, ...] = ()
    security: tuple[tuple[str, ...], ...] = ()
    # values one operation's answer gives to another's request: the spec's links and inferred
    links: tuple[Link, ...] = ()
    skipped: tuple[Skip, ...] = ()
    # the whole type at the pointer of a named schema that accepts more than its class:
    # a nullable model, or an untyped one (any non-object JSON value is accepted too)
    wider: Mapping[str, TypeRef] = field(default_factory=dict)
    # the spec's schemas as plain data, for validators that must stay independent of the
    # generated models: {"components": {"schemas": {...}}} plus inline schemas by pointer
    schema_document: Mapping[str, JSONValue] = field(default_factory=dict)
    # pointers of named schemas built inside a schema merged from `allOf`: the node there is
    # only one part of what they are, so the spec's validator cannot check them at it
    merged: frozenset[str] = frozenset()
    # pointers of `oneOf`s whose members may share a value: the models count the members
    # that accept a value; strategies draw from the members and let the validator choose
    counted: frozenset[str] = frozenset()
    # names of the request views of named schemas (`<Name>Input`, without their readOnly
    # properties): their values are what a request may send, judged as a request's
    inputs: frozenset[str] = frozenset()
    # what readers work out from the IR, kept by them (by a name of their own) so that it is
    # worked out once: never compared, never carried over by `dataclasses.replace`
    derived: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @cached_property
    def alias_types(self) -> Mapping[str, TypeRef]:
        """The type of every alias by its Python name."""
        return {a.name: a.type for a in self.aliases}

    def nullable(self, t: TypeRef) -> bool:
        """True when ``null`` is an accepted value of ``t``, looking through aliases."""
        return is_nullable(t, self.alias_types)

    @property
    def server(self) -> str | None:
        """The first server's URL, which a base URL stands for (None: the spec names none)."""
        return self.servers[0] if self.servers else None

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

    @cached_property
    def operation_by_id(self) -> Mapping[str, Operation]:
        """Every operation by its ``operation_id``."""
        return {op.operation_id: op for op in self.operations}

    def object_fields(self, t: TypeRef | None) -> tuple[Field, ...]:
        """The properties of values of ``t`` when it is one model (through aliases and a
        ``null`` member); () for any other type."""
        for _ in range(len(self.aliases) + 1):  # each hop names another alias
            if t is None:
                return ()
            t = without_null(t)
            if isinstance(t, AliasRef):
                t = self.alias(t.name).type
            elif isinstance(t, ModelRef):
                return self.model(t.name).fields
            else:
                return ()
        return ()

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
