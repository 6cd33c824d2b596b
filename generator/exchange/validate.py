"""Validate JSON values against the spec's own schemas, independently of generated models.

OpenAPI 3.1 schemas are JSON Schema Draft 2020-12: they are checked with jsonschema's
``Draft202012Validator`` and a ``referencing`` registry whose one resource is the whole spec,
so every ``$ref`` resolves exactly as written. OpenAPI 3.0 schemas (``nullable``, boolean
``exclusiveMinimum``) use ``openapi_schema_validator.OAS30Validator`` over the same registry,
with ``nullable: true`` admitting ``null`` for the whole schema object (beside ``enum``,
``allOf``, ``oneOf`` or ``$ref`` too), as the models read it.
``format`` and ``writeOnly`` are annotations, as in JSON Schema: ``issues`` does not assert
them, and ``annotation_issues`` tells the strings not of the formats the package types (date,
date-time, uuid) and the values a response holds where its schema says ``writeOnly``, for
conformance to warn of. Patterns are ECMA-262's:
``pattern`` is searched by :func:`generator.patterns.ecma.searcher`, and the keys of
``patternProperties`` are read from a copy of the document with each written as an equal
Python pattern (:mod:`generator.patterns.sites`). A request body need not carry a required
``readOnly`` property, nor a response a required ``writeOnly`` one (:mod:`.required`).

A check may be given a deadline (``issues(..., deadline=...)``): the clock is read before
each keyword is applied, and :class:`OutOfTime` raised once it has passed, since the work a
value costs grows with the value and, under nested ``oneOf``, with its depth at worse than
linear rates.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from functools import cache, cached_property
from typing import Any, Literal, cast
from urllib.parse import quote

from jsonschema import Draft4Validator, Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

from generator import ir
from generator.exchange.formats import CHECKED
from generator.exchange.required import Marks
from generator.openapi import pointer_of, pointer_parts, walk_refs
from generator.openapi.numbers import is_multiple
from generator.patterns import ecma
from generator.patterns.sites import for_python
from generator.records import record

__all__ = [
    "ROOT_URI",
    "TOO_DEEP",
    "Issue",
    "OutOfTime",
    "Reading",
    "SchemaValidator",
    "canonical",
]

ROOT_URI = "urn:apiforge:spec"
_MESSAGE_LIMIT = 160
_ISSUE_LIMIT = 20
# the keyword of the one issue of a value nested deeper than the checker can follow (Python's
# recursion limit): not a verdict on the value, which the schema may well accept
TOO_DEEP = "too_deep"

Loc = tuple[str | int, ...]
# the other readings of a spec that servers take (:meth:`SchemaValidator.read_apart`)
Reading = Literal["discriminator", "nullable"]


class OutOfTime(Exception):
    """Checking a value went past the deadline it was given."""


@record(slots=True)
class Issue:
    """One way a value breaks its schema: where (``loc``), what, and the failing keyword."""

    loc: Loc
    message: str
    keyword: str


class SchemaValidator:
    """Validators for schemas of one spec, by JSON pointer, built once each."""

    def __init__(self, api: ir.Api):
        self.openapi30 = api.is_openapi_30
        spec = DRAFT4 if self.openapi30 else DRAFT202012
        self.document = api.schema_document
        # `pattern` is read by `ecma.pattern_keyword`, the keys of `patternProperties` by
        # jsonschema's `re`
        keys_as_python = for_python(dict(api.schema_document), keys_only=True)
        resource = Resource.from_contents(keys_as_python, default_specification=spec)
        self.registry: Registry[Any] = Registry().with_resource(ROOT_URI, resource)
        self.marks = Marks(keys_as_python)
        # read with a request's `required` (readOnly exempt); every other pointer with a
        # response's (writeOnly exempt), as the generated tests' validators do
        self.requests = frozenset(op.body.pointer for op in api.operations if op.body is not None)
        self._cache: dict[tuple[str, bool, bool, Reading | None], Any] = {}
        self._deadline: float | None = None  # of the check under way, a time.monotonic()

    @cached_property
    def _validator_classes(self) -> tuple[Any, Any]:
        """The validator class for responses and for request bodies."""
        return self._classes(_nullable)

    @cached_property
    def _strict_null_classes(self) -> tuple[Any, Any]:
        """:attr:`_validator_classes` with 3.0's ``nullable`` read as OpenAPI 3.0.3 words it,
        and openapi-schema-validator (on which openapi-core's servers stand) reads it: it adds
        ``null`` to the ``type`` beside it, and every other keyword (an ``enum`` without
        ``null``, an ``allOf`` whose members refuse it) refuses ``null`` still."""
        return self._classes(lambda check: check)

    def _classes(self, nullable: Callable[[Any], Any]) -> tuple[Any, Any]:
        """The classes for responses and for request bodies, 3.0's keyword checks each made
        by ``nullable`` from the plain one."""
        if self.openapi30:
            from openapi_schema_validator import OAS30Validator

            once = {k: _dispatched_once(OAS30Validator.VALIDATORS[k], k) for k in _DISPATCHING}
            checks = {k: nullable(f) for k, f in {**OAS30Validator.VALIDATORS, **once}.items()}
            one_of = nullable(_told_apart_by_format(once["oneOf"]))
            base = validators.extend(
                OAS30Validator,
                {
                    **checks,
                    "pattern": nullable(ecma.pattern_keyword),
                    "oneOf": one_of,
                    "multipleOf": nullable(_multiple_of),
                },
                type_checker=_integral(OAS30Validator.TYPE_CHECKER),
            )
        else:
            one_of = _told_apart_by_format(Draft202012Validator.VALIDATORS["oneOf"])
            base = validators.extend(
                Draft202012Validator,
                {
                    "pattern": ecma.pattern_keyword,
                    "oneOf": one_of,
                    "multipleOf": _multiple_of,
                    **_bounds_as_read("minimum", "exclusiveMinimum"),
                    **_bounds_as_read("maximum", "exclusiveMaximum"),
                },
            )
        # a keyword whose value is not of its kind (`maximum: "1e-300"`, an unknown `type`) is
        # left out, as the models leave it: jsonschema would raise on it mid-run
        base = validators.extend(
            base, {k: _applied_if_typed(k, f) for k, f in base.VALIDATORS.items() if k in _TYPED}
        )
        return (
            validators.extend(base, {"required": self.marks.required("writeOnly")}),
            validators.extend(base, {"required": self.marks.required("readOnly")}),
        )

    @cached_property
    def _plain_classes(self) -> tuple[Any, Any]:
        """:attr:`_validator_classes` with ``oneOf``, ``anyOf`` and ``allOf`` read as plain
        JSON Schema, the 3.0 ``discriminator`` beside them not read (as validators built on
        JSON Schema alone, such as Prism's, read them); 3.1 reads them so already."""
        if not self.openapi30:
            return self._validator_classes
        plain = {k: _nullable(Draft4Validator.VALIDATORS[k]) for k in ("anyOf", "allOf")}
        plain["oneOf"] = _nullable(_told_apart_by_format(Draft4Validator.VALIDATORS["oneOf"]))
        return tuple(validators.extend(cls, plain) for cls in self._validator_classes)

    @cached_property
    def _discriminators(self) -> bool:
        """Whether a 3.0 document has a ``discriminator`` anywhere (else plain is as read)."""
        return self.openapi30 and _holds_key(self.document, "discriminator")

    def read_apart(self, pointer: str, instance: Any, valid: bool) -> Reading | None:
        """The other reading of the spec, one some servers take, that judges ``instance``
        otherwise than ``valid`` (what :meth:`is_valid` said); None where none does:

        - ``"discriminator"``: plain JSON Schema, a 3.0 ``discriminator`` not read (``oneOf``,
          ``anyOf`` and ``allOf`` as it reads them), asked where the document has one;
        - ``"nullable"``: 3.0's ``nullable`` adding ``null`` to the ``type`` beside it only
          (:attr:`_strict_null_classes`), asked where ``instance`` holds a ``null``.
        """
        readings: list[Reading] = []
        if self._discriminators:
            readings.append("discriminator")
        if self.openapi30 and _holds_null(instance):
            readings.append("nullable")
        for reading in readings:
            try:
                if bool(self._validator(pointer, reading=reading).is_valid(instance)) != valid:
                    return reading
            except RecursionError:
                continue
        return None

    @cached_property
    def _timed_classes(self) -> tuple[Any, Any]:
        """:attr:`_validator_classes` reading the clock before each keyword."""
        return tuple(
            validators.extend(cls, {k: self._timed(f) for k, f in cls.VALIDATORS.items()})
            for cls in self._validator_classes
        )

    def _timed(self, check: Any) -> Any:
        def validate(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
            if self._deadline is not None and time.monotonic() > self._deadline:
                raise OutOfTime
            return check(validator, value, instance, schema)

        return validate

    def _validator(
        self,
        pointer: str,
        timed: bool = False,
        formats: bool = False,
        *,
        reading: Reading | None = None,
    ) -> Any:
        key = (pointer, timed, formats, reading)
        if key not in self._cache:
            target = canonical(self.document, pointer)
            # nothing there accepts anything: `{}`, since 3.0's dialect has no boolean schemas
            ref = {"$ref": f"{ROOT_URI}#{quote(target, safe='/~')}"} if target is not None else {}
            classes = self._timed_classes if timed else self._validator_classes
            if reading == "discriminator":
                classes = self._plain_classes
            elif reading == "nullable":
                classes = self._strict_null_classes
            cls = classes[pointer in self.requests]
            if formats and pointer not in self.requests:
                cls = _with_write_only(cls)
            checker = _FORMAT_CHECKER if formats else None
            self._cache[key] = cls(ref, registry=self.registry, format_checker=checker)
        return self._cache[key]

    def annotation_issues(
        self, pointer: str, instance: Any, deadline: float | None = None
    ) -> list[Issue]:
        """What ``instance`` does against its schema's annotations, which ``issues`` does not
        assert: a string not of its ``format`` (those of :mod:`generator.exchange.formats`;
        keyword ``format``, the message saying why), and, in a response, a value where the
        schema says ``writeOnly`` (keyword ``writeOnly``). A value nested too deep has none."""
        found: list[Issue] = []
        self._deadline = deadline
        try:
            validator = self._validator(pointer, deadline is not None, formats=True)
            for error in validator.iter_errors(instance):
                if error.validator == "writeOnly" or (
                    error.validator == "format" and error.cause is not None
                ):
                    message = str(error.cause or error.message)
                    loc = tuple(error.absolute_path)
                    found.append(Issue(loc, message, str(error.validator)))
                    if len(found) >= _ISSUE_LIMIT:
                        break
        except RecursionError:
            return []
        finally:
            self._deadline = None
        return found

    def is_valid(self, pointer: str, instance: Any) -> bool:
        """True when ``instance`` conforms to the schema at ``pointer`` (or nothing is there);
        False too when it is nested too deeply to check."""
        try:
            return bool(self._validator(pointer).is_valid(instance))
        except RecursionError:
            return False

    def issues(
        self, pointer: str, instance: Any, prefix: Loc = (), deadline: float | None = None
    ) -> list[Issue]:
        """How ``instance`` breaks the schema at ``pointer`` (empty when it conforms), sorted.

        With ``deadline`` (a ``time.monotonic()`` value), :class:`OutOfTime` once it passes. A
        value nested deeper than the checker can follow has one issue, keyword :data:`TOO_DEEP`.
        """
        found: list[Issue] = []
        self._deadline = deadline
        try:
            for error in self._validator(pointer, deadline is not None).iter_errors(instance):
                found.extend(_issues(error, prefix))
                if len(found) >= _ISSUE_LIMIT:
                    break
        except RecursionError:
            return [Issue(prefix, "nested too deeply to check against its schema", TOO_DEEP)]
        finally:
            self._deadline = None
        unique = {(i.loc, i.keyword): i for i in found}
        return sorted(unique.values(), key=lambda i: ([str(p) for p in i.loc], i.keyword))


def _write_only(
    validator: Any, value: Any, instance: Any, schema: Any
) -> Iterator[ValidationError]:
    """A value where a response's schema says ``writeOnly``: one it SHOULD NOT send (3.0), or
    one never present when read (3.1)."""
    if value is True:
        yield ValidationError(
            "its schema marks writeOnly: a value clients send, which a response should not hold"
        )


@cache
def _with_write_only(cls: Any) -> Any:
    """A response's validator class that also tells each ``writeOnly`` value (built once)."""
    return validators.extend(cls, {"writeOnly": _write_only})


# what each keyword's value must be for jsonschema to apply it (OpenAPI's metaschemas): a
# spec that breaks it is invalid (`apiforge validate` says where), and is still checked by
# its other keywords
_NUMBER = (int, float)
_TYPED: dict[str, tuple[type, ...]] = {
    **dict.fromkeys(("maximum", "minimum", "multipleOf"), _NUMBER),
    **dict.fromkeys(("exclusiveMaximum", "exclusiveMinimum"), (*_NUMBER, bool)),
    **dict.fromkeys(
        ("maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties"),
        (int,),
    ),
    "type": (str, list),
    "required": (list,),
    "enum": (list,),
}
_TYPE_NAMES = frozenset({"null", "boolean", "integer", "number", "string", "array", "object"})


def _applied_if_typed(keyword: str, check: Any) -> Any:
    """``check``, applied only where the keyword's value is of its kind."""
    kinds = _TYPED[keyword]

    def apply(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
        if _typed(keyword, kinds, value):
            return check(validator, value, instance, schema)
        return None

    return apply


def _typed(keyword: str, kinds: tuple[type, ...], value: Any) -> bool:
    if kinds == (int,) and isinstance(value, float) and value.is_integer():
        return True  # `maxLength: 2.0`: an integer, as JSON Schema counts them (and the models)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        return False
    if keyword != "type":
        return True
    names = [value] if isinstance(value, str) else cast(list[Any], value)
    return all(isinstance(n, str) and n in _TYPE_NAMES for n in names)


def _bounds_as_read(bound: str, exclusive: str) -> dict[str, Any]:
    """The checks of ``bound`` (``minimum``) and ``exclusive`` (``exclusiveMinimum``) in a 3.1
    spec that writes OpenAPI 3.0's boolean beside the bound (invalid, yet plain): true excludes
    the bound, as the models read it, and false adds nothing."""
    inclusive = Draft202012Validator.VALIDATORS[bound]
    strict = Draft202012Validator.VALIDATORS[exclusive]

    def check_bound(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
        if isinstance(schema, Mapping) and schema.get(exclusive) is True:
            return strict(validator, value, instance, schema)
        return inclusive(validator, value, instance, schema)

    def check_exclusive(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
        return None if isinstance(value, bool) else strict(validator, value, instance, schema)

    return {bound: check_bound, exclusive: check_exclusive}


def _multiple_of(validator: Any, step: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """``multipleOf`` of the numbers as written: ``0.07`` is a multiple of ``0.01``, which
    jsonschema's floating point denies (so did the models, before they read it exactly)."""
    if not validator.is_type(instance, "number") or not validator.is_type(step, "number"):
        return
    if step > 0 and not is_multiple(instance, step):  # else invalid: left out
        yield ValidationError(f"{instance!r} is not a multiple of {step!r}")


def _integral(checker: Any) -> Any:
    """``checker`` with JSON Schema's rule for ``integer`` since draft 6: any number with a zero
    fractional part, so ``3.0`` too. OpenAPI 3.0's draft (as draft 4) refused it, but the
    models read it as the integer it is, and so does every validator where JSON has one kind
    of number (JavaScript's): a server sending it is not wrong."""
    integer = Draft202012Validator.TYPE_CHECKER.is_type
    return checker.redefine("integer", lambda _, value: integer(value, "integer"))


# the 3.0 keywords beside which openapi-schema-validator reads a `discriminator`
_DISPATCHING = ("oneOf", "anyOf", "allOf")
_dispatching = threading.local()  # the (schema, instance) pairs a discriminator is choosing for


def _dispatched_once(check: Any, keyword: str) -> Any:
    """A 3.0 ``oneOf``, ``anyOf`` or ``allOf`` beside a ``discriminator``: the discriminator
    validates the value as the schema its property names (openapi-schema-validator's reading).
    Met again on the same value inside that schema (a child that ``allOf``s its parent, whose
    property names the child; a value naming the schema itself), the choice is made: the
    keyword is read as plain JSON Schema there, where following it again would never end."""
    plain = Draft4Validator.VALIDATORS[keyword]

    def validate(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if not isinstance(schema, Mapping) or "discriminator" not in schema:
            yield from check(validator, value, instance, schema)
            return
        held: set[tuple[int, int]] = _dispatching.__dict__.setdefault("held", set())
        key = (id(schema), id(instance))
        if key in held:
            yield from plain(validator, value, instance, schema)
            return
        held.add(key)
        try:
            errors = list(check(validator, value, instance, schema))
        finally:
            held.discard(key)
        yield from errors

    return validate


def _told_apart_by_format(one_of: Any) -> Any:
    """``oneOf`` whose members a value's ``format`` tells apart: a value several members take,
    of which exactly one once their formats are asserted (a date beside a uuid, both strings;
    an email beside ``maxLength: 0``, which ``""`` is), is that member's, as the spec's author
    meant, and as a validator asserting formats reads it. The formats are those the dialect's
    own checker asserts (jsonschema's, openapi-schema-validator's for 3.0), as the generated
    tests' validator reads them. A value of none of their formats stays refused: it is valid
    under several members, and under none of them as meant."""

    def validate(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[Any]:
        errors = list(one_of(validator, value, instance, schema))
        if errors and _one_by_format(validator, value, instance, validator.FORMAT_CHECKER):
            return
        yield from errors

    return validate


def _one_by_format(validator: Any, members: Any, instance: Any, checker: Any) -> bool:
    """True when several of the ``oneOf`` ``members`` take ``instance`` and exactly one of
    those does once formats are asserted (any other refusal, a discriminator's, stands)."""
    if not isinstance(members, list):
        return False
    taking = [m for m in members if validator.evolve(schema=m).is_valid(instance)]
    if len(taking) < 2:
        return False
    strict = [
        m for m in taking if validator.evolve(schema=m, format_checker=checker).is_valid(instance)
    ]
    return len(strict) == 1


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, problem in CHECKED.items():

        def check(instance: Any, problem: Callable[[str], str | None] = problem) -> bool:
            why = problem(instance) if isinstance(instance, str) else None
            if why is not None:
                raise ValueError(why)
            return True

        checker.checks(name, raises=ValueError)(check)
    return checker


_FORMAT_CHECKER = _format_checker()


def _nullable(check: Any) -> Any:
    """A keyword check that lets ``null`` through where the schema says ``nullable: true``."""

    def validate(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
        if instance is None and isinstance(schema, Mapping) and schema.get("nullable") is True:
            return None
        return check(validator, value, instance, schema)

    return validate


def canonical(doc: Any, pointer: str) -> str | None:
    """``pointer`` with every ``$ref`` met on the way followed (a response or request body
    given as a ``$ref`` to ``components``), or None when nothing is there."""
    found, _, where = walk_refs(doc, pointer_parts(pointer))
    return pointer_of(where) if found else None


def _issues(error: ValidationError, prefix: Loc) -> list[Issue]:
    loc: Loc = (*prefix, *error.absolute_path)
    keyword = str(error.validator)
    if keyword == "required" and isinstance(error.instance, dict):
        missing = [name for name in error.validator_value if name not in error.instance]
        return [Issue((*loc, name), "Field required", "missing") for name in missing]
    return [Issue(loc, _message(error), keyword)]


def _message(error: ValidationError) -> str:
    keyword = str(error.validator)
    value = error.validator_value
    if keyword == "type":
        expected = " or ".join(value) if isinstance(value, list) else str(value)
        return f"Input should be of type {expected}"
    if keyword in {"enum", "const"}:
        options = value if keyword == "enum" else [value]
        return _clip("Input should be " + " or ".join(repr(v) for v in options))
    if keyword in {"anyOf", "oneOf"}:
        return (
            "Input matches none of the allowed shapes"
            if keyword == "anyOf"
            else "Input must match exactly one shape"
        )
    if keyword == "additionalProperties":
        return "Extra inputs are not permitted"
    return _clip(error.message)


def _clip(text: str) -> str:
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 3] + "..."


def _holds_null(value: Any) -> bool:
    """Whether ``value`` is ``null`` or holds one, at any depth."""
    stack = [value]
    while stack:
        node = stack.pop()
        if node is None:
            return True
        if isinstance(node, Mapping):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _holds_key(value: Any, key: str) -> bool:
    """Whether ``key`` is a key of some object inside ``value``."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            if key in node:
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False
