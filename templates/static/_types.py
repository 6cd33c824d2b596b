"""Wire-exact scalar types and validators shared by the generated models.

JSON Schema and Python disagree at the edges: ``true`` is not an integer, ``"5"`` is not
a number, ``5.0`` is an integer, ``1`` is not ``true``. These annotations make pydantic
agree with JSON Schema, and keep integers and floats apart so values round-trip.

Strings of format ``date``, ``date-time`` and ``uuid`` are :class:`DateString`,
:class:`DateTimeString` and :class:`UUIDString`: the text exactly as sent (a ``str``, equal
to and hashed as that text, dumped back unchanged) with a typed property (``.date``,
``.datetime``, ``.uuid``). ``format`` is an annotation in JSON Schema, so any string is
accepted; the property raises ``ValueError`` when the text is not of its format.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import uuid as _uuid
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Annotated, Any, TypeAlias

from pydantic import (
    AfterValidator,
    BeforeValidator,
    GetCoreSchemaHandler,
    Strict,
    StrictBool,
    StrictFloat,
    StrictInt,
    TypeAdapter,
    ValidationError,
)
from pydantic import StrictStr as String
from pydantic_core import PydanticCustomError, PydanticSerializationUnexpectedValue, core_schema

from ._wire import by_name

__all__ = [
    "Boolean",
    "DateInput",
    "DateString",
    "DateTimeInput",
    "DateTimeString",
    "HasProperties",
    "Integer",
    "IsBool",
    "MultipleOf",
    "NoValue",
    "NotBool",
    "NotNull",
    "Number",
    "OneOf",
    "Pattern",
    "String",
    "UUIDInput",
    "UUIDString",
    "UniqueItems",
    "by_property",
    "count_properties",
]


def _integral(value: Any) -> Any:
    # JSON Schema: a number with a zero fractional part is an integer.
    if type(value) is float and value.is_integer():
        return int(value)
    return value


def _not_null(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError("null_not_allowed", "may be left out but may not be null")
    return value


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("bool_not_allowed", "a boolean is not a number")
    return value


def _is_bool(value: Any) -> Any:
    if not isinstance(value, bool):
        raise PydanticCustomError("bool_type", "expected a boolean")
    return value


def _canonical(value: Any) -> str:
    # JSON equality: 1 == 1.0, true != 1, key order does not matter.
    def norm(v: Any) -> Any:
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return v
        if isinstance(v, int | float):
            return float(v) if abs(v) < 2**53 else v
        if isinstance(v, Mapping):
            return {str(k): norm(x) for k, x in v.items()}
        if isinstance(v, list | tuple):
            return [norm(x) for x in v]
        dump = getattr(v, "to_dict", None)
        return norm(dump()) if callable(dump) else repr(v)

    return json.dumps(norm(value), sort_keys=True, default=repr)


def _unique(items: list[Any]) -> list[Any]:
    seen: set[str] = set()
    for item in items:
        key = _canonical(item)
        if key in seen:
            raise PydanticCustomError("unique_items", "items must be unique")
        seen.add(key)
    return items


def _no_value(value: Any) -> Any:
    raise PydanticCustomError("no_value", "no value is valid here")


Integer = Annotated[int, Strict(), BeforeValidator(_integral)]
# a schema no value satisfies (members of `allOf` that contradict each other)
NoValue = Annotated[Any, BeforeValidator(_no_value)]
Number = StrictInt | StrictFloat
Boolean = StrictBool
NotNull = BeforeValidator(_not_null)
NotBool = BeforeValidator(_not_bool)
IsBool = BeforeValidator(_is_bool)
UniqueItems = AfterValidator(_unique)


def Pattern(regex: str, pattern: str | None = None) -> AfterValidator:
    """Accept strings in which ``regex`` matches somewhere, as JSON Schema's ``pattern``.

    ``regex`` is the spec's ECMA-262 ``pattern`` written as an equal Python pattern at
    generation time; ``pattern``, the spec's own text where it differs, is shown in errors.
    """
    search = re.compile(regex).search
    shown = regex if pattern is None else pattern

    def check(value: str) -> str:
        if search(value) is None:
            raise PydanticCustomError(
                "string_pattern_mismatch",
                "does not match the pattern {pattern}",
                {"pattern": shown},
            )
        return value

    return AfterValidator(check)


def MultipleOf(step: int | float) -> AfterValidator:
    """Accept numbers that are a multiple of ``step``, as JSON Schema's ``multipleOf`` means it
    of the numbers as written: ``0.07`` is a multiple of ``0.01``, though ``0.07 / 0.01`` is not
    a whole number in floating point (each is read exactly, as the decimal it is written as)."""
    exact = _exact(step)

    def check(value: int | float) -> int | float:
        if (_exact(value) / exact).denominator != 1:
            raise PydanticCustomError(
                "multiple_of", "Input should be a multiple of {multiple_of}", {"multiple_of": step}
            )
        return value

    return AfterValidator(check)


def _exact(number: int | float) -> Fraction:
    # a float's shortest repr is the decimal it was written as (JSON's text); an int is exact
    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)


def by_property(wire: str, tags: Mapping[Any, str]) -> Callable[[Any], str | None]:
    """A pydantic discriminator: the member's tag from the value of property ``wire``.

    Tags are class names, so a model instance is recognised by its own class.
    """

    def discriminate(value: Any) -> str | None:
        if isinstance(value, Mapping):
            tag = value.get(wire)
            return tags.get(tag) if isinstance(tag, str) else None  # tags are JSON strings
        return type(value).__name__

    return discriminate


def count_properties(data: Any, low: int | None, high: int | None) -> Any:
    """``minProperties``/``maxProperties`` of an object with declared properties: ``data`` as
    it is when its number of properties is within the bounds."""
    if isinstance(data, Mapping) and not (
        (low is None or len(data) >= low) and (high is None or len(data) <= high)
    ):
        raise PydanticCustomError(
            "property_count",
            "has {count} properties, not between {low} and {high}",
            {"count": len(data), "low": low, "high": high},
        )
    return data


def _wire(value: Any) -> Any:
    # a model instance as the object it stands for
    dump = getattr(value, "to_dict", None)
    return dump() if callable(dump) else value


def OneOf(members: Callable[[], tuple[Any, ...]]) -> BeforeValidator:
    """``oneOf`` whose members may share a value: exactly one of ``members()`` (the members
    as written, read when first needed so they may refer to classes defined later) accepts it,
    or, of several that do, exactly one is of its format (a date beside a uuid). Each member
    reads it by the names the read around does (wire names only in ``from_dict`` and the
    client: an undeclared ``object_`` beside ``object`` is no field)."""
    adapters: list[TypeAdapter[Any]] = []

    def check(value: Any) -> Any:
        if not adapters:
            adapters.extend(TypeAdapter(m) for m in members())
        wire = _wire(value)
        taken = []
        for adapter in adapters:
            try:
                taken.append(adapter.validate_python(wire, by_alias=True, by_name=by_name()))
            except ValidationError:
                continue
        matched = len(taken)
        if matched > 1:  # a format tells members apart where nothing else does
            strictly = [v for v in taken if not isinstance(v, _FormattedString) or v._of_format()]
            matched = 1 if len(strictly) == 1 else matched
        if matched != 1:
            raise PydanticCustomError(
                "one_of",
                "{matched} of the `oneOf` members accept it, not one",
                {"matched": matched},
            )
        return value

    return BeforeValidator(check)


def HasProperties(names: tuple[str, ...]) -> BeforeValidator:
    """``required`` beside ``anyOf``/``oneOf``: an object value has every one of ``names``."""

    def check(value: Any) -> Any:
        wire = _wire(value)
        missing = [n for n in names if isinstance(wire, Mapping) and n not in wire]
        if missing:
            raise PydanticCustomError(
                "missing_property", "lacks the required property {name}", {"name": missing[0]}
            )
        return value

    return BeforeValidator(check)


# ---------------------------------------------------------------------------- formats

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z", re.ASCII)
_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))\Z",
    re.ASCII,
)
_MINUTES = 60  # in an hour: an offset's minutes are fewer
_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\Z", re.ASCII)


class _FormattedString(str):
    """A JSON string of some format: the text as sent, with a typed view of it."""

    __slots__ = ()
    _VIEW = ""  # the property that reads the text as its typed value

    @classmethod
    def _from_value(cls, value: Any) -> str:
        """The wire text of a Python value of the format (``TypeError`` for other values)."""
        raise TypeError

    @classmethod
    def _coerce(cls, value: Any) -> Any:
        if isinstance(value, str):
            return cls(value)
        try:
            return cls(cls._from_value(value))
        except TypeError:
            raise PydanticCustomError("string_type", "Input should be a valid string") from None

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # JSON: a string and nothing else; Python: a string, or a value of the format
        strict_text = core_schema.str_schema(strict=True)
        text = core_schema.no_info_after_validator_function(cls, strict_text)
        return core_schema.json_or_python_schema(
            json_schema=text,
            python_schema=core_schema.no_info_plain_validator_function(cls._coerce),
            serialization=core_schema.plain_serializer_function_ser_schema(cls._text),
        )

    @classmethod
    def _text(cls, value: Any) -> str:
        # the text for a string or a Python value of the format; any other value is another
        # member's in a union (`date | integer`): without the refusal, 0 would be sent as "0"
        if isinstance(value, str):
            return str(value)
        try:
            return cls._from_value(value)
        except TypeError:
            raise PydanticSerializationUnexpectedValue(
                f"{type(value).__name__} is not a {cls.__name__}"
            ) from None

    def _of_format(self) -> bool:
        """True when the text is of its format (its typed view does not raise)."""
        try:
            getattr(self, self._VIEW)
        except ValueError:
            return False
        return True

    def _invalid(self, what: str) -> ValueError:
        return ValueError(f"{str.__repr__(self)} is not {what}")


class DateString(_FormattedString):
    """A string of format ``date`` (RFC 3339 ``full-date``); ``.date`` is its value."""

    __slots__ = ()
    _VIEW = "date"

    @classmethod
    def _from_value(cls, value: Any) -> str:
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return value.isoformat()
        raise TypeError

    @property
    def date(self) -> _dt.date:
        """The date (``ValueError`` when the text is not an RFC 3339 date)."""
        found = _DATE.match(self)
        try:
            if found is not None:
                return _dt.date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            pass
        raise self._invalid("an RFC 3339 date")


class DateTimeString(_FormattedString):
    """A string of format ``date-time`` (RFC 3339); ``.datetime`` is its value, with its offset."""

    __slots__ = ()
    _VIEW = "datetime"

    @classmethod
    def _from_value(cls, value: Any) -> str:
        if isinstance(value, _dt.datetime):
            if value.utcoffset() is None:
                raise ValueError("a date-time needs a UTC offset (RFC 3339): give tzinfo")
            return value.isoformat()
        raise TypeError

    @property
    def datetime(self) -> _dt.datetime:
        """The date and time (``ValueError`` when the text is not an RFC 3339 date-time, or
        is a leap second, which ``datetime`` cannot hold)."""
        found = _DATE_TIME.match(self)
        if found is None:
            raise self._invalid("an RFC 3339 date-time")
        year, month, day, hour, minute, second = (int(found[i]) for i in range(1, 7))
        micro = int((found[7] or "0")[:6].ljust(6, "0"))
        offset = _dt.timedelta(hours=int(found[10] or 0), minutes=int(found[11] or 0))
        try:
            if offset >= _dt.timedelta(days=1) or int(found[11] or 0) >= _MINUTES:
                raise ValueError
            zone = _dt.timezone(-offset if found[9] == "-" else offset)
            return _dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=zone)
        except ValueError:
            raise self._invalid("a date-time Python can hold") from None


class UUIDString(_FormattedString):
    """A string of format ``uuid`` (RFC 4122, hyphenated); ``.uuid`` is its value."""

    __slots__ = ()
    _VIEW = "uuid"

    @classmethod
    def _from_value(cls, value: Any) -> str:
        if isinstance(value, _uuid.UUID):
            return str(value)
        raise TypeError

    @property
    def uuid(self) -> _uuid.UUID:
        """The UUID (``ValueError`` when the text is not a hyphenated RFC 4122 UUID)."""
        if _UUID.match(self) is None:
            raise self._invalid("an RFC 4122 UUID")
        return _uuid.UUID(self)


# what a caller may pass where one of these is expected
DateInput: TypeAlias = str | _dt.date
DateTimeInput: TypeAlias = str | _dt.datetime
UUIDInput: TypeAlias = str | _uuid.UUID
