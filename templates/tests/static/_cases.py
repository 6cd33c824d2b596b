"""Deterministic cases from the compact shapes in ``cases.py``: coverage and near misses.

A shape is plain data (``{"kind": "integer", "ge": 1}``, ``{"kind": "object", "fields": [...]}``);
``{"kind": "ref", "name": ...}`` points at a named one. Coverage cases are complete valid
instances; mutations are instances one change away from a valid one, each with a
description naming the change and where it is (a JSON pointer into the value).
"""

from __future__ import annotations

import copy
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

from hypothesis import HealthCheck, Phase, currently_in_test_context, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample, Unsatisfiable

from ._support import FORMATS, frozen, json_key, text_draws
from .validation import conforms

__all__ = ["MISSING", "Cases", "first", "same_json"]

Shape = Mapping[str, Any]
Mutation = tuple[str, Any]


class _Missing:
    """No valid value could be built (a schema nobody can satisfy, or recursion too deep)."""


MISSING: Any = _Missing()
_MAX_DEPTH = 8
_MAX_ARRAY = 16  # "maximal" arrays are built only up to this many items
# strings at or past a bound are built only up to this many characters: a schema allowing
# megabytes in many places would otherwise make cases of gigabytes
_MAX_STRING = 1024 * 1024

# valid examples of each known string format: the first one the validator's format checker
# takes is used (``time``: with its offset from UTC, as RFC 3339 writes it, or without, as
# draft 3 and openapi-schema-validator's OpenAPI 3.0 checker read it; see ``_support``)
_FORMAT_SAMPLES: dict[str, tuple[str, ...]] = {
    "date-time": ("2024-02-29T23:59:59Z",),
    "date": ("2024-02-29",),
    "time": ("23:59:59+00:00", "23:59:59"),
    "duration": ("P1DT2H",),
    "email": ("a@example.com",),
    "idn-email": ("a@example.com",),
    "hostname": ("example.com",),
    "idn-hostname": ("example.com",),
    "ipv4": ("192.0.2.1",),
    "ipv6": ("2001:db8::1",),
    "ipvanyaddress": ("192.0.2.1",),
    "uri": ("https://example.com/a",),
    "url": ("https://example.com/a",),
    "iri": ("https://example.com/a",),
    "uri-reference": ("/a",),
    "iri-reference": ("/a",),
    "uuid": ("00000000-0000-4000-8000-000000000000",),
    "decimal": ("1.5",),
    "byte": ("AA==",),
    "json-pointer": ("/a/0",),
    "relative-json-pointer": ("0/a",),
    "regex": ("^a+$",),
}
# a representative of each JSON type, for "wrong type" mutations
_REPRESENTATIVES: tuple[tuple[str, Any], ...] = (
    ("string", "not-a-value"),
    ("integer", 7),
    ("object", {}),
    ("array", []),
    ("boolean", True),
    ("number", 0.5),
)
_OBJECT_KINDS = {"map": "object"}
# what a number's `format` holds: a server reading one refuses a number past it (the
# generator's own ranges, `facts.typefacts.INT_FORMATS` and `FLOAT_MAX`, held equal by a test)
FORMAT_RANGES: dict[str, tuple[float, float]] = {
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "float": (-3.4028234663852886e38, 3.4028234663852886e38),
}
_JSON_TYPES = frozenset({"null", "boolean", "integer", "number", "string", "array", "object"})


def json_type(value: Any) -> str:
    """The JSON type of a value (integral floats are numbers here; see :func:`_accepts_type`)."""
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


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def same_json(a: Any, b: Any) -> bool:
    """The same JSON value, as JSON Schema compares them: ``true`` is not ``1``, ``[]`` is not
    ``{}``, but ``1`` is ``1.0`` (the models read integral numbers as integers on purpose)."""
    if _number(a) and _number(b):
        return bool(a == b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _dedupe(values: Iterable[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for v in values:
        if v is MISSING:
            continue
        key = json_key(v)
        if key not in seen:
            seen.add(key)
            out.append(v)
    return out


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, list | dict | str) and not value)


def _at(path: str, key: str | int) -> str:
    return f"{path}/{str(key).replace('~', '~0').replace('/', '~1')}"


def _where(path: str) -> str:
    return path or "/"


def _confusions(members: list[Shape], accepted: frozenset[str], value: Any) -> Iterator[Mutation]:
    """Values lax parsers read as a number or a boolean, which JSON Schema keeps apart:
    ``false`` or ``"5"`` for a number, ``5.5`` for an integer, ``1`` or ``"true"`` for a boolean.

    ``members`` are the shape's own alternatives (the shape itself unless a union); enums and
    consts are left out (their values are compared, not typed)."""
    kinds = {m["kind"] for m in members}
    if kinds & {"literal", "any"}:
        return
    numeric = bool(kinds & {"integer", "number"})
    if numeric and "boolean" not in accepted:
        yield "boolean", False
    if numeric and "string" not in accepted:
        yield "numeric string", str(value) if _number(value) else "5"
    integers = [m for m in members if m["kind"] == "integer"]
    if integers and "number" not in accepted:
        bounds = integers[0]
        fraction = value + 0.5 if _number(value) and abs(value) < 2**52 else 5.5
        if fraction > bounds.get("le", math.inf) or fraction >= bounds.get("lt", math.inf):
            fraction -= 1
        yield "fraction", fraction
    if "boolean" in kinds and not accepted & {"integer", "number"}:
        yield "integer", 1
        if "string" not in accepted:
            yield "boolean string", "true"


# the first value found, not the smallest: shrinking a regex match costs far more than
# finding one, and any valid value serves as a coverage case
FIRST = settings(
    database=None,
    derandomize=True,
    max_examples=200,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


FIRST_SECONDS = 5.0  # the longest search for a first value: a schema may admit none at all


class _Spent(Exception):
    """The search for a first value took its time."""


class _Held:
    """A value found, with a short repr: ``find`` writes out the value it found, and a text
    of megabytes (a long ``minLength``) would cost that repr and Hypothesis's warning."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "_Held(...)"


def first(values: st.SearchStrategy[Any], accept: Callable[[Any], bool] = lambda _: True) -> Any:
    """The first value of ``values`` that ``accept`` takes (deterministic), else ``MISSING``:
    none in :data:`FIRST`'s draws or :data:`FIRST_SECONDS` (a ``oneOf`` of two identical
    members admits no value, and each of 200 large draws refused took seconds in all)."""
    deadline = time.monotonic() + FIRST_SECONDS

    def timed(held: _Held) -> bool:
        if time.monotonic() > deadline:
            raise _Spent
        return accept(held.value)

    def search() -> Any:
        try:
            return find(values.map(_Held), timed, settings=FIRST).value
        except (NoSuchExample, Unsatisfiable, _Spent):
            return MISSING

    return _apart(search) if currently_in_test_context() else search()


def _apart(search: Callable[[], Any]) -> Any:
    """``search()`` on a thread of its own, the calling test waiting for it.

    A search is a test Hypothesis runs (``find`` applies ``@given``). Started inside a running
    test (near misses of a drawn value asking for the simplest value of a pattern no case had
    needed yet), Hypothesis takes it for a nested ``@given`` and fails the calling test with its
    ``nested_given`` health check, judged by that test's own settings. It keeps the running test
    per thread, so on another thread the search is a test of its own, as it is outside a test.
    What a test searches for is cached (``_text_sample``): a search runs once per pattern,
    not once per example, which is not the quadratic nesting that check is about; and every
    check of the calling test stays as its settings make it.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(search).result()


# the shape's keys of a string's constraints, by the keyword of ``_support.text_draws``
_TEXT_KEYS = {
    "format": "format",
    "pattern": "regex",
    "also": "also",
    "min_length": "min_size",
    "max_length": "max_size",
    "encoding": "encoding",
    "media": "media",
    "plan": "plan",
}


@cache
def _text_sample(constraints: tuple[tuple[str, Any], ...]) -> Any:
    """The first string under all of ``constraints`` (``_support.text_draws``' keywords): a
    format's sample or the plainest text where it fits, else one drawn as the strategies
    draw; else ``MISSING``."""
    values, fits, _ = text_draws(**dict(constraints))
    given = dict(constraints)
    low = given.get("min_size") or 0
    if "format" in given:
        plain: tuple[str | None, ...] = (_format_sample(given["format"]),)
    else:  # encoded text is drawn: "a" may be no text of the encoding
        plain = () if "encoding" in given else ("", "a" * low)
    found = next((p for p in plain if p is not None and fits(p)), None)
    return found if found is not None else first(values, fits)


def _format_sample(name: str) -> str | None:
    """The first sample of format ``name`` the validator's format checker takes."""
    return next((s for s in _FORMAT_SAMPLES.get(name, ()) if conforms(s, name)), None)


class Cases:
    """Coverage cases and mutations for the shapes of one API."""

    def __init__(self, named: Mapping[str, Shape], shapes: Mapping[str, Shape]):
        self.named = named
        self.shapes = shapes
        self._minimal: dict[str, Any] = {}
        self._active: set[str] = set()
        self._cut = 0
        self._deep = True
        # the strings under several constraints whose search found none, in the order met
        # (a named schema's again each time its cached value is used): what made a case
        # missing, where no bug did
        self.missed: list[str] = []
        self._missed_in: dict[str, tuple[str, ...]] = {}

    def resolve(self, shape: Shape) -> Shape:
        """Follow ``ref`` shapes to the named shape."""
        while shape["kind"] == "ref":
            shape = self.named[shape["name"]]
        return shape

    # ------------------------------------------------------------------ JSON types

    def types(self, shape: Shape, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        """The JSON types a value of ``shape`` may have."""
        if shape["kind"] == "ref":
            name = shape["name"]
            return _JSON_TYPES if name in seen else self.types(self.named[name], seen | {name})
        kind: str = shape["kind"]
        if kind == "any":
            return _JSON_TYPES
        if kind == "union":
            return frozenset().union(*(self.types(m, seen) for m in shape["members"]))
        if kind == "literal":
            return frozenset(json_type(v) for v in shape["values"])
        if kind == "number":
            return frozenset({"integer", "number"})
        return frozenset([_OBJECT_KINDS.get(kind, kind)])

    # ------------------------------------------------------------------ valid values

    def minimal(self, shape: Shape, depth: int = 0) -> Any:
        """The simplest valid value of ``shape`` (``MISSING`` when there is none)."""
        if shape["kind"] != "ref":
            return next(iter(self._values(shape, depth, minimal=True)), MISSING)
        name = shape["name"]
        if name in self._minimal:
            self.missed.extend(self._missed_in.get(name, ()))
            return self._minimal[name]
        if name in self._active:  # a schema reaching itself: look for a way around it
            self._cut += 1
            return MISSING
        self._active.add(name)
        cuts, missed = self._cut, len(self.missed)
        try:
            value = self.minimal(self.named[name], depth)
        finally:
            self._active.discard(name)
        if cuts == self._cut or not self._active:  # not shaped by an unfinished schema
            self._minimal[name] = value
            self._missed_in[name] = tuple(self.missed[missed:])
        return value

    def coverage(self, shape: Shape) -> list[Any]:
        """Complete valid instances: every enum value and union member, bounds and their
        neighbours, empty and maximal arrays, null where allowed, each optional property."""
        return _dedupe(self._values(shape, 0, minimal=False))

    def _nested(self, shape: Shape, depth: int) -> list[Any]:
        # inside another value: objects appear as their minimal instance only
        target = self.resolve(shape)
        if target["kind"] == "object" or depth > _MAX_DEPTH:
            return [self.minimal(shape, depth)]
        return _dedupe(self._values(target, depth + 1, minimal=False))

    def _fullest(self, shape: Shape, depth: int) -> list[Any]:
        # an object with every property: members of a `oneOf` often differ only in optional
        # ones, so their minimal instances match each other and are valid under neither
        target = self.resolve(shape)
        if target["kind"] != "object" or depth > _MAX_DEPTH:
            return []
        *_, fullest = self._values_object(target, depth + 1, minimal=False)
        return [fullest] if fullest is not MISSING else []

    def _values(self, shape: Shape, depth: int, *, minimal: bool) -> Iterator[Any]:
        shape = self.resolve(shape) if shape["kind"] == "ref" and not minimal else shape
        if shape["kind"] == "ref":
            yield self.minimal(shape, depth)
            return
        yield from getattr(self, "_values_" + shape["kind"])(shape, depth, minimal)

    def _values_any(self, shape: Shape, depth: int, minimal: bool) -> Iterator[Any]:
        if "values" in shape:  # an `enum`/`const` of arrays or objects: each a copy of its own
            yield from (copy.deepcopy(value) for value in shape["values"])
            return
        # a scalar first, the minimal value: every style writes it (null has no text in one,
        # so a required parameter or form field of no type would have no simplest request)
        yield from (False, 0, 1.5, "", None, [], {})

    def _values_null(self, shape: Shape, depth: int, minimal: bool) -> Iterator[Any]:
        yield None

    def _values_boolean(self, shape: Shape, depth: int, minimal: bool) -> Iterator[Any]:
        yield from (False, True)

    def _values_literal(self, shape: Shape, depth: int, minimal: bool) -> Iterator[Any]:
        yield from shape["values"]

    def _values_integer(self, shape: Shape, depth: int, minimal: bool) -> Iterator[Any]:
        yield from self._numbers(shape, integral=True)

    def _values_number(self, shape: Shape, depth: int, minimal: bool) -> Iterator[Any]:
        yield from self._numbers(shape, integral=False)

    def _numbers(self, shape: Shape, *, integral: bool) -> Iterator[Any]:
        low = shape.get("ge", shape.get("gt"))
        high = shape.get("le", shape.get("lt"))
        step = shape.get("multiple_of")
        candidates: list[Any] = [0]
        for edge, direction in ((low, 1), (high, -1)):
            if edge is None:
                continue
            if step is not None:
                k = math.ceil(edge / step) if direction > 0 else math.floor(edge / step)
                candidates += [k * step, (k + direction) * step]
            elif integral:
                first = math.ceil(edge) if direction > 0 else math.floor(edge)
                candidates += [first, first + direction, first + 2 * direction]
            else:
                candidates += [edge, math.nextafter(edge, math.inf * direction), edge + direction]
        if low is not None and high is not None and not integral:
            candidates.append((low + high) / 2)
        if not integral:
            candidates += [1.5, -2.5, 1]
        else:
            candidates += [1, -1]
        for candidate in candidates:
            whole = integral and isinstance(candidate, float) and candidate.is_integer()
            value = int(candidate) if whole else candidate
            if self._number_ok(shape, value, integral=integral):
                yield value

    @staticmethod
    def _number_ok(shape: Shape, value: Any, *, integral: bool) -> bool:
        if integral and not isinstance(value, int):
            return False
        checks: tuple[tuple[str, Callable[[Any, Any], bool]], ...] = (
            ("ge", lambda v, b: v >= b),
            ("gt", lambda v, b: v > b),
            ("le", lambda v, b: v <= b),
            ("lt", lambda v, b: v < b),
        )
        if not all(key not in shape or ok(value, shape[key]) for key, ok in checks):
            return False
        low, high = FORMAT_RANGES.get(shape.get("format") or "", (-math.inf, math.inf))
        if not low <= value <= high:  # a value its format does not hold: no valid case
            return False
        step = shape.get("multiple_of")
        if step is None:
            return True
        if isinstance(step, float) or isinstance(value, float):
            quotient = value / step
            return math.isfinite(quotient) and int(quotient) == quotient
        return bool(value % step == 0)

    def _values_string(self, shape: Shape, depth: int, minimal: bool) -> Iterator[Any]:
        low = shape.get("min_length", 0)
        high = shape.get("max_length")
        if shape.get("format") not in FORMATS:
            shape = {k: v for k, v in shape.items() if k != "format"}
        if {"pattern", "format", "encoding"} & shape.keys():
            constraints = tuple(
                (_TEXT_KEYS[k], frozen(v)) for k, v in shape.items() if k in _TEXT_KEYS
            )
            found = _text_sample(constraints)
            if found is MISSING:  # noted, so that a test finding no case can say why
                self.missed.append(text_draws(**dict(constraints))[2])
            yield found
            return
        lengths = [low, low + 1] + ([high - 1, high] if high is not None else [])
        lengths = [n for n in lengths if n <= max(low, _MAX_STRING)]
        for n in lengths:
            if low <= n and (high is None or n <= high):
                yield "a" * n

    def _values_array(self, shape: Shape, depth: int, minimal: bool) -> Iterator[Any]:
        low, high = shape.get("min_items", 0), shape.get("max_items")
        items = (
            [self.minimal(shape["items"], depth + 1)]
            if minimal
            else self._nested(shape["items"], depth)
        )
        items = [v for v in items if v is not MISSING]
        unique = shape.get("unique", False)

        def build(n: int, first: Any = MISSING) -> Any:
            pool = ([first] if first is not MISSING else []) + [v for v in items if v is not first]
            if n > 0 and not pool:
                return MISSING
            if unique:
                return pool[:n] if len(pool) >= n else MISSING
            return [pool[0]] * n if n else []

        if minimal:
            yield build(low)
            return
        yield build(low)
        for v in items:  # each item case, in the smallest list that holds one
            yield build(max(low, 1), v) if high is None or high >= 1 else MISSING
        if high is not None and high <= _MAX_ARRAY:
            yield build(high)

    def _values_map(self, shape: Shape, depth: int, minimal: bool) -> Iterator[Any]:
        low, high = shape.get("min_properties", 0), shape.get("max_properties")
        values = (
            [self.minimal(shape["values"], depth + 1)]
            if minimal
            else self._nested(shape["values"], depth)
        )
        values = [v for v in values if v is not MISSING]
        if not values:
            yield {} if low == 0 else MISSING
            return
        yield {f"k{i}": values[0] for i in range(low)}
        if minimal:
            return
        for v in values:
            if high is None or high >= 1:
                yield {**{f"k{i}": values[0] for i in range(1, max(low, 1))}, "k0": v}

    def _values_union(self, shape: Shape, depth: int, minimal: bool) -> Iterator[Any]:
        members: list[Shape] = shape["members"]
        for index, member in enumerate(members):
            tags = shape.get("tags", {}).get(str(index))
            apart = shape.get("apart", {}).get(str(index))
            found = [self.minimal(member, depth + 1)] if minimal else self._nested(member, depth)
            if shape["one_of"] and not minimal:
                found = _dedupe([*found, *self._fullest(member, depth)])
            for value in found:
                if tags and isinstance(value, dict):  # a value the member fixes itself stays
                    tag = value.get(shape["discriminator"])
                    yield {**value, shape["discriminator"]: tag if tag in tags else tags[0]}
                elif apart and isinstance(value, dict):  # kept out of the other members
                    yield {**value, **apart}
                elif value is not MISSING:
                    yield value

    def _values_object(self, shape: Shape, depth: int, minimal: bool) -> Iterator[Any]:
        base: dict[str, Any] = {}
        for field in shape["fields"]:
            if field["required"]:
                base[field["wire"]] = self.minimal(field["type"], depth + 1)
                if base[field["wire"]] is MISSING:
                    yield MISSING
                    return
        yield base
        if minimal:
            return
        everything = dict(base)
        for field in shape["fields"]:
            wire = field["wire"]
            for value in self._nested(field["type"], depth):
                if value is MISSING:
                    continue
                yield {**base, wire: value}
                if wire not in everything or _empty(everything[wire]):
                    everything[wire] = value
            if "default" in field:
                yield {**base, wire: field["default"]}
        extra = shape["extra"]
        if extra is not None:
            value = self.minimal(extra, depth + 1)
            yield (
                {**base, shape["extra_prefix"] + "extra": value}
                if value is not MISSING
                else MISSING
            )
        yield everything

    # ------------------------------------------------------------------ near misses

    def mutations(
        self, shape: Shape, value: Any, path: str = "", *, deep: bool = True
    ) -> list[Mutation]:
        """Instances one change away from ``value`` (a valid instance of ``shape``).

        ``deep=False`` stops at named schemas inside the value (their own mutations belong
        to their own pointers): there only the value's type and nullability are changed.
        """
        self._deep = deep
        return list(self._mutate(shape, value, path, typed=False))

    def _mutate(
        self, shape: Shape, value: Any, path: str, *, typed: bool, inside: bool = True
    ) -> Iterator[Mutation]:
        """Near misses of ``value``: of its type (unless ``typed``), then, unless ``inside`` is
        false, of what it holds."""
        boundary = not inside or (not self._deep and bool(path) and shape["kind"] == "ref")
        shape = self.resolve(shape)
        if not typed:
            accepted = self.types(shape)
            for name, wrong in _REPRESENTATIVES:
                if name not in accepted and not (name == "integer" and "number" in accepted):
                    yield f"wrong type ({name}) at {_where(path)}", wrong
                    break
            if "null" not in accepted:
                yield f"null where not nullable at {_where(path)}", None
            members = (
                [self.resolve(m) for m in shape["members"]] if shape["kind"] == "union" else [shape]
            )
            for name, wrong in _confusions(members, accepted, value):
                yield f"wrong type ({name}) at {_where(path)}", wrong
        if boundary:
            return
        handler = getattr(self, "_mutate_" + shape["kind"], None)
        if handler is not None:
            yield from handler(shape, value, path)

    def _mutate_union(self, shape: Shape, value: Any, path: str) -> Iterator[Mutation]:
        members = list(enumerate(shape["members"]))
        if "discriminator" in shape and isinstance(value, dict):
            tag = value.get(shape["discriminator"])
            members = [
                (i, m) for i, m in members if tag in shape["tags"].get(str(i), ())
            ] or members
        kind = json_type(value)
        matching = [
            m
            for _, m in members
            if kind in self.types(m) or (kind == "integer" and "number" in self.types(m))
        ]
        if len(matching) == 1:
            yield from self._mutate(matching[0], value, path, typed=True)

    def _mutate_literal(self, shape: Shape, value: Any, path: str) -> Iterator[Mutation]:
        values = shape["values"]
        what = "wrong const" if len(values) == 1 else "unknown enum value"
        strings = [v for v in values if isinstance(v, str)]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if strings:
            other = strings[0] + "-unknown"
            while other in values:
                other += "-"
            yield f"{what} {other!r} at {_where(path)}", other
        if numbers:
            yield f"{what} {max(numbers) + 1!r} at {_where(path)}", max(numbers) + 1

    def _mutate_integer(self, shape: Shape, value: Any, path: str) -> Iterator[Mutation]:
        yield from self._mutate_numeric(shape, value, path, integral=True)

    def _mutate_number(self, shape: Shape, value: Any, path: str) -> Iterator[Mutation]:
        yield from self._mutate_numeric(shape, value, path, integral=False)

    def _mutate_numeric(
        self, shape: Shape, value: Any, path: str, *, integral: bool
    ) -> Iterator[Mutation]:
        where = _where(path)
        if "ge" in shape:
            below = math.ceil(shape["ge"]) - 1 if integral else shape["ge"] - 1
            yield f"below minimum {shape['ge']!r} at {where}", below
        if "gt" in shape:
            yield (
                f"not above exclusive minimum {shape['gt']!r} at {where}",
                math.floor(shape["gt"]) if integral else shape["gt"],
            )
        if "le" in shape:
            above = math.floor(shape["le"]) + 1 if integral else shape["le"] + 1
            yield f"above maximum {shape['le']!r} at {where}", above
        if "lt" in shape:
            yield (
                f"not below exclusive maximum {shape['lt']!r} at {where}",
                math.ceil(shape["lt"]) if integral else shape["lt"],
            )
        step = shape.get("multiple_of")
        if step is not None and isinstance(value, int | float) and not (integral and step == 1):
            off = value + (1 if integral and isinstance(step, int) and step > 1 else step / 2)
            if not self._number_ok({"multiple_of": step}, off, integral=False):
                yield f"not a multiple of {step!r} at {where}", off

    def _mutate_string(self, shape: Shape, value: Any, path: str) -> Iterator[Mutation]:
        if not isinstance(value, str):
            return
        where = _where(path)
        if shape.get("min_length", 0) > 0:
            yield f"shorter than {shape['min_length']} at {where}", value[: shape["min_length"] - 1]
        if "max_length" in shape and shape["max_length"] < _MAX_STRING:
            longer = value + "a" * (shape["max_length"] + 1 - len(value))
            yield f"longer than {shape['max_length']} at {where}", longer
        if "pattern" in shape:
            search = re.compile(shape["pattern"]).search
            for candidate in ("", " ", "\x00", "~", "0", "a"):
                if search(candidate) is None:
                    yield f"does not match the pattern at {where}", candidate
                    break

    def _mutate_array(self, shape: Shape, value: Any, path: str) -> Iterator[Mutation]:
        if not isinstance(value, list):
            return
        where = _where(path)
        low, high = shape.get("min_items", 0), shape.get("max_items")
        if low > 0:
            yield f"fewer than {low} items at {where}", value[: low - 1]
        filler = value[0] if value else self.minimal(shape["items"])
        if high is not None and filler is not MISSING and high < 1000:
            yield f"more than {high} items at {where}", value + [filler] * (high + 1 - len(value))
        if shape.get("unique") and value:
            yield f"repeated item at {where}", [*value, value[0]]
        if value:
            for text, wrong in self._mutate(shape["items"], value[0], _at(path, 0), typed=False):
                yield text, [wrong, *value[1:]]

    def _mutate_map(self, shape: Shape, value: Any, path: str) -> Iterator[Mutation]:
        if not isinstance(value, dict):
            return
        where = _where(path)
        low, high = shape.get("min_properties", 0), shape.get("max_properties")
        if low > 0:
            yield f"fewer than {low} properties at {where}", dict(list(value.items())[: low - 1])
        if high is not None and value and high < 1000:
            first = next(iter(value.values()))
            yield (
                f"more than {high} properties at {where}",
                {**value, **{f"zz{i}": first for i in range(high + 1)}},
            )
        for key in list(value)[:1]:
            for text, wrong in self._mutate(
                shape["values"], value[key], _at(path, key), typed=False
            ):
                yield text, {**value, key: wrong}

    def _mutate_object(self, shape: Shape, value: Any, path: str) -> Iterator[Mutation]:
        if not isinstance(value, dict):
            return
        where = _where(path)
        for field in shape["fields"]:
            wire = field["wire"]
            if field["required"] and wire in value:
                yield (
                    f"missing required {wire!r} at {where}",
                    {k: v for k, v in value.items() if k != wire},
                )
        extra_key = shape["extra_prefix"] + "unexpected"
        if shape["extra"] is None:
            yield f"unexpected property {extra_key!r} at {where}", {**value, extra_key: 0}
        else:  # an undeclared property of a wrong type (not inside it: it may be this object)
            for text, wrong in self._mutate(
                shape["extra"],
                self.minimal(shape["extra"]),
                _at(path, extra_key),
                typed=False,
                inside=False,
            ):
                yield text, {**value, extra_key: wrong}
        for field in shape["fields"]:
            wire = field["wire"]
            if wire in value:
                for text, wrong in self._mutate(
                    field["type"], value[wire], _at(path, wire), typed=False
                ):
                    yield text, {**value, wire: wrong}
