"""Whether a schema takes a value the spec writes in it (a ``default``, an ``enum`` member), as
apiforge's validators read the schema: formats asserted (by the format checker the generated
tests' validator uses for the spec's version of OpenAPI), ``pattern`` and the keys of
``patternProperties`` as ECMA-262 (:mod:`generator.patterns`), ``multipleOf`` of the numbers
as written.

The one rule for every reader of such a value: ``validate`` tells a 3.1 default its schema
refuses (:mod:`.defaults`), and the IR builder leaves out such a default and such an ``enum``
member, so that the models never apply it and the generated tests never draw it. A plain
schema (types, scalar ``enum``/``const``, lengths, inclusive bounds, and keywords that
constrain nothing) is judged at once; any other by the validator, made once per document on
first need.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from generator.openapi import resolve_local
from generator.openapi.formats import UNDEFINED_IN_30
from generator.openapi.numbers import is_multiple
from generator.patterns import ecma
from generator.patterns.sites import for_python

__all__ = ["Judge", "format_checker", "multiple_of_keyword"]

# keywords that constrain no value (annotations, OpenAPI's own words)
_INERT = frozenset(
    {
        "default", "description", "title", "example", "examples", "deprecated", "readOnly",
        "writeOnly", "externalDocs", "xml", "$comment",
    }
)  # fmt: skip
_NUMBERS = (int, float)
_SCALARS = (str, int, float, bool, type(None))
_PLAIN_VALUES = (*_SCALARS, list)
# the length keywords: the type of the values each counts, and whether it is a least one
_SIZES = {
    "minLength": (str, True),
    "maxLength": (str, False),
    "minItems": (list, True),
    "maxItems": (list, False),
}
_DEEPEST = 16  # schemas read inside one another (a `$ref` that loops ends there)


class Judge:
    """Values under the schemas of one document (its data as the IR builder or ``validate``
    reads it; ``minor``: the document's version of OpenAPI, 3.``minor``)."""

    def __init__(self, data: Mapping[str, Any], minor: int):
        self.data = data
        self.minor = minor
        self._root: Any = None
        self._plain = _Plain(data, minor)

    def takes(self, schema: Any, value: Any) -> bool:
        """Whether ``schema`` (a schema object of the document) takes ``value``."""
        return self.refusal(schema, value) is None

    def refusal(self, schema: Any, value: Any) -> Any:
        """The first error of ``value`` under ``schema`` (jsonschema's ``ValidationError``);
        None when it takes the value, or when no validator can read the schema."""
        if self._plain.takes(schema, value):
            return None
        try:
            return next(iter(self._validator().evolve(schema=schema).iter_errors(value)), None)
        except Exception:  # a schema the validator cannot run (malformed): no verdict
            return None

    def _validator(self) -> Any:
        """A validator of the whole document, whose ``evolve`` judges one of its schemas with
        its ``$ref``s read in the document."""
        if self._root is None:
            from jsonschema import validators

            if self.minor == 0:
                from openapi_schema_validator import OAS30Validator as base
            else:
                from openapi_schema_validator import OAS31Validator as base
            keywords = {"pattern": ecma.pattern_keyword, "multipleOf": multiple_of_keyword}
            if self.minor == 1:  # a dialect of the document's may be draft 4's (as the IR reads)
                for name, bound in (
                    ("exclusiveMinimum", "minimum"),
                    ("exclusiveMaximum", "maximum"),
                ):
                    keywords[name] = _exclusive_keyword(base.VALIDATORS[name], bound)
            cls = validators.extend(base, keywords)
            checker = format_checker(self.minor)
            self._root = cls(for_python(self.data, keys_only=True), format_checker=checker)
        return self._root


def _exclusive_keyword(plain: Any, bound: str) -> Any:
    """``exclusiveMinimum``/``exclusiveMaximum`` as 2020-12 reads a number, and as draft 4
    reads a boolean (the ``minimum``/``maximum`` beside it excluded), which a 3.1 document
    whose dialect is draft 4's writes: the IR reads its bounds so."""

    def check(validator: Any, given: Any, instance: Any, schema: Any) -> Iterator[Any]:
        from jsonschema.exceptions import ValidationError

        if type(given) is not bool:
            yield from plain(validator, given, instance, schema)
            return
        limit = schema.get(bound)
        number = validator.is_type(instance, "number") and type(limit) in _NUMBERS
        if given and number and instance == limit:
            yield ValidationError(f"{instance!r} is the exclusive {bound} {limit!r}")

    return check


def multiple_of_keyword(validator: Any, step: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """JSON Schema's ``multipleOf`` of the numbers as written (0.3 is a multiple of 0.1), as
    the models read it."""
    from jsonschema.exceptions import ValidationError

    numbers = validator.is_type(instance, "number") and validator.is_type(step, "number")
    if numbers and step > 0 and not is_multiple(instance, step):
        yield ValidationError(f"{instance!r} is not a multiple of {step!r}")


class _Plain:
    """Whether a schema certainly takes a value, read without a validator: types, scalar
    ``enum``/``const``, lengths, inclusive bounds, a ``format`` (by the format checker alone),
    an array's items and size, ``anyOf``, ``allOf``, a local ``$ref``, and keywords that
    constrain nothing. False is "not certainly": any other keyword, an object (the validator
    decides)."""

    def __init__(self, data: Any, minor: int):
        self.data = data
        self.minor = minor

    def takes(self, schema: Any, value: Any, depth: int = 0) -> bool:
        if depth > _DEEPEST or type(value) not in _PLAIN_VALUES:
            return False
        if schema is True and self.minor == 1:
            return True
        if type(schema) is not dict:
            return False
        return all(
            type(key) is str and self._keyword(schema, key, given, value, depth)
            for key, given in schema.items()
        )

    def _keyword(
        self, schema: dict[str, Any], key: str, given: Any, value: Any, depth: int
    ) -> bool:
        if key in _INERT or key.startswith("x-") or (key == "nullable" and self.minor == 0):
            return True
        if key in ("anyOf", "allOf") and type(given) is list and given:
            found = (self.takes(member, value, depth + 1) for member in given)
            return any(found) if key == "anyOf" else all(found)
        if key == "items":
            return type(value) is not list or all(
                self.takes(given, item, depth + 1) for item in value
            )
        if key == "$ref" and type(given) is str and given.startswith("#"):
            try:
                _, target = resolve_local(self.data, given)
            except (KeyError, ValueError, TypeError, IndexError):
                return False
            return self.takes(target, value, depth + 1)
        return _valued(self.minor, schema, key, given, value)


def _valued(minor: int, schema: dict[str, Any], key: str, given: Any, value: Any) -> bool:
    """Whether the keyword ``key`` (of a value's own: type, enum, lengths, bounds), given
    ``given`` in ``schema``, certainly takes ``value``."""
    if key == "type":
        # 3.0's `nullable: true` adds null to the type
        nullable = minor == 0 and value is None and schema.get("nullable") is True
        return nullable or _typed(minor, given, value)
    if key == "enum":
        return type(given) is list and any(_same(each, value) for each in given)
    if key == "const" and minor == 1:
        return _same(given, value)
    if key in _SIZES and type(given) is int:
        counted, least = _SIZES[key]
        if type(value) is not counted:
            return True  # a keyword of another type's values
        return len(value) >= given if least else len(value) <= given
    if key in ("minimum", "maximum") and type(given) in _NUMBERS:
        if type(value) not in _NUMBERS:
            return True
        return bool(value >= given if key == "minimum" else value <= given)
    if key == "format" and type(given) is str:
        # the format checker alone: no validator of the document is made for a value's format
        return bool(format_checker(minor).conforms(value, given))
    return False


# the formats openapi-schema-validator's 3.0 checker adds to JSON Schema's, or checks its own way
# (a test holds this to the library's table)
OAS30_FORMATS = frozenset(
    {"int32", "int64", "float", "double", "binary", "byte", "password", "regex"}
)


@cache
def format_checker(minor: int) -> Any:
    """The format checker the generated tests' validator asserts formats by for OpenAPI
    3.``minor`` (openapi-schema-validator's for 3.0 but for
    :data:`generator.openapi.formats.UNDEFINED_IN_30`, JSON
    Schema 2020-12's for 3.1), under which a format not among its own takes any value (an
    annotation).

    The 3.0 checker's own formats (:data:`OAS30_FORMATS`) are taken from the library when
    first asked for: importing it costs about 80 ms (its settings load pydantic-settings),
    which most documents' values never need."""
    from jsonschema import FormatChecker

    if minor == 0:
        checker = FormatChecker(formats=())
        checker.checkers = _Oas30Checks(FormatChecker.checkers)
        return checker
    from jsonschema import Draft202012Validator

    return Draft202012Validator.FORMAT_CHECKER


class _Oas30Checks(Mapping[str, Any]):
    """openapi-schema-validator's 3.0 checks by format name, but those 3.0 does not define:
    JSON Schema's own (``plain``, every draft's) read at once, the library's taken on first
    need."""

    def __init__(self, plain: Mapping[str, Any]) -> None:
        self._plain = {
            name: check
            for name, check in plain.items()
            if name not in OAS30_FORMATS and name not in UNDEFINED_IN_30
        }
        self._own: Mapping[str, Any] | None = None

    def __getitem__(self, name: str) -> Any:
        if name not in OAS30_FORMATS:
            return self._plain[name]
        if self._own is None:
            from openapi_schema_validator import oas30_format_checker

            self._own = oas30_format_checker.checkers
        return self._own[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._plain, *sorted(OAS30_FORMATS)])

    def __len__(self) -> int:
        return len(self._plain) + len(OAS30_FORMATS)

    def __contains__(self, name: object) -> bool:
        return name in OAS30_FORMATS or name in self._plain


def _typed(minor: int, given: Any, value: Any) -> bool:
    """Whether ``value`` (a scalar) is certainly of the type ``given`` names (null: only 3.1's
    ``null`` type says so here)."""
    names = given if type(given) is list else [given]
    kind = type(value)
    if value is None:
        return minor == 1 and "null" in names
    if kind is list:
        return "array" in names
    if kind is bool:
        return "boolean" in names
    if kind is str:
        return "string" in names
    if kind is int:
        return "integer" in names or "number" in names
    # a float: an integer only where JSON Schema 2020-12 reads one (3.0's draft does not)
    return "number" in names or (minor == 1 and "integer" in names and value.is_integer())


def _same(one: Any, other: Any) -> bool:
    """Whether two scalars are the same JSON value (``true`` is not ``1``, ``1`` is ``1.0``)."""
    if type(one) not in _SCALARS or type(other) not in _SCALARS:
        return False
    if one is None or other is None:
        return one is other
    if (type(one) is bool) != (type(other) is bool):
        return False
    return bool(one == other) and (type(one) is str) == (type(other) is str)
