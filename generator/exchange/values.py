"""Seeded JSON values drawn from IR types: valid, small and reproducible.

The generator reads only the IR and a ``random.Random``. The same Random state always
gives the same value, so a mock seeded from ``(seed, request)`` answers the same request
with the same body. Any object with Random's ``random``/``randint``/``choice`` methods works,
including Hypothesis's ``randoms()``, whose draws shrink: every decision is written so that
the smallest draw (0, the first choice) gives the smallest value.

Size and depth are bounded: below ``max_depth`` objects keep only their required fields,
unions prefer scalar members and arrays their minimum length.
"""

from __future__ import annotations

import copy
import math
from typing import Any, Literal, Protocol, assert_never

from generator import ir
from generator.exchange import strings
from generator.exchange.errors import GenerationError
from generator.facts.exclusion import kept_apart, shadowed
from generator.facts.typefacts import extra_keys, fixed_values
from generator.openapi.numbers import integral_step

__all__ = ["RandomLike", "Values"]

Direction = Literal["request", "response"]
_SPAN = 100  # width of the range drawn from when a number has one bound or none
_HARD_DEPTH = 32  # past this, a schema whose required fields recurse cannot be satisfied


class RandomLike(strings.RandomLike, Protocol):
    """The part of ``random.Random`` the generator uses."""

    def random(self) -> float: ...
    def randint(self, a: int, b: int) -> int: ...
    def choice(self, seq: Any) -> Any: ...


class Values:
    """Draws values of IR types for one :class:`~generator.ir.Api`."""

    def __init__(
        self,
        api: ir.Api,
        *,
        direction: Direction = "response",
        max_depth: int = 3,
        max_items: int = 2,
        optional: float = 0.5,
        avoid_null: bool = False,
    ):
        self.api = api
        self.direction: Direction = direction
        self.max_depth = max_depth
        self.max_items = max_items
        self.optional = optional
        # a redraw after failed ones avoids null where it can: a value the IR allows null in
        # may sit under a constraint the IR left out (see Api.skipped) that refuses it
        self.avoid_null = avoid_null
        self._drawable: dict[ir.UnionT, list[ir.TypeRef]] = {}

    def without_null(self) -> Values:
        """The same generator, choosing null only where nothing else is allowed."""
        return Values(
            self.api,
            direction=self.direction,
            max_depth=self.max_depth,
            max_items=self.max_items,
            optional=self.optional,
            avoid_null=True,
        )

    def value(self, t: ir.TypeRef, rng: RandomLike, depth: int = 0) -> Any:
        """A value of type ``t``."""
        if depth > _HARD_DEPTH:
            raise GenerationError(
                f"required fields nest without end, or deeper than {_HARD_DEPTH} levels"
            )
        return self._draw(t, rng, depth)

    def _draw(self, t: ir.TypeRef, rng: RandomLike, depth: int) -> Any:
        match t:
            case ir.AnyT():
                return self.anything(t, rng)
            case ir.NullT():
                return None
            case ir.BoolT():
                return rng.random() >= 0.5
            case ir.IntT():
                return self.integer(t, rng, depth)
            case ir.NumberT():
                return self.number(t, rng, depth)
            case ir.StringT():
                return self.string(t, rng, depth)
            case ir.ArrayT():
                return self.array(t, rng, depth)
            case ir.MapT():
                return self.map(t, rng, depth)
            case ir.ModelRef() | ir.EnumRef() | ir.AliasRef():
                return self.named(t, rng, depth)
            case ir.LiteralT():
                return self.literal(t, rng, depth)
            case ir.UnionT():
                return self.union(t, rng, depth)
            case _:
                assert_never(t)

    def anything(self, t: ir.AnyT, rng: RandomLike) -> Any:
        """A value of no type: one the schema lists, a copy of its own, where it lists some
        (an ``enum`` of arrays or objects), else a scalar."""
        if t.values:
            return copy.deepcopy(rng.choice(list(t.values)))
        return rng.choice([None, True, 0, "value"])

    def shallow(self, depth: int) -> bool:
        """True where values should stop growing."""
        return depth >= self.max_depth

    def named(self, t: ir.ModelRef | ir.EnumRef | ir.AliasRef, rng: RandomLike, depth: int) -> Any:
        """A value of a named schema."""
        match t:
            case ir.ModelRef():
                return self.model(t, rng, depth)
            case ir.EnumRef():
                return self.enum(t, rng, depth)
            case ir.AliasRef():
                return self.alias(t, rng, depth)
            case _:
                assert_never(t)

    # ------------------------------------------------------------------ containers

    def model(self, t: ir.ModelRef, rng: RandomLike, depth: int) -> dict[str, Any]:
        model = self.api.model(t.name)
        skip = "write_only" if self.direction == "response" else "read_only"
        out: dict[str, Any] = {}
        optional = [f for f in model.fields if not f.required and not getattr(f, skip)]
        low, high = model.min_properties or 0, model.max_properties
        # optional properties drawn by chance, as many as maxProperties leaves room for
        room = None if high is None else high - sum(f.required for f in model.fields)
        if room is not None and room < 0:
            raise GenerationError("more properties are required than maxProperties allows")
        for f in model.fields:
            if getattr(f, skip) and not f.required:
                continue
            if f.required:
                out[f.wire] = self.value(f.type, rng, depth + 1)
            elif room != 0 and not self.shallow(depth) and _chance(rng, self.optional):
                out[f.wire] = self.value(f.type, rng, depth + 1)
                room = None if room is None else room - 1
        for f in optional:  # honour minProperties with the optional fields left out
            if len(out) >= low:
                break
            out.setdefault(f.wire, self.value(f.type, rng, depth + 1))
        # then with undeclared ones, where the model allows them
        extra = model.extra
        for key in extra_keys(model):
            if extra is None or len(out) >= low:
                break
            out[key] = self.value(extra, rng, depth + 1)
        return out

    def array(self, t: ir.ArrayT, rng: RandomLike, depth: int) -> list[Any]:
        low = t.min_items or 0
        high = low if self.shallow(depth) else low + self.max_items
        if t.max_items is not None:
            high = min(high, t.max_items)
        if t.prefix and t.rest is None:  # `prefixItems` and nothing after them
            high = min(high, len(t.prefix))
        count = rng.randint(low, max(low, high))
        items: list[Any] = []
        for _ in range(count * 4 if t.unique_items else count):
            if len(items) == count:
                break
            position = len(items)
            if t.prefix:  # `prefixItems`: each leading position has its own type
                at = t.prefix[position] if position < len(t.prefix) else t.rest
                item = self.value(at if at is not None else t.items, rng, depth + 1)
            else:
                item = self.value(t.items, rng, depth + 1)
            if not (t.unique_items and item in items):
                items.append(item)
        if len(items) < low:
            raise GenerationError("could not draw enough distinct items")
        return items

    def map(self, t: ir.MapT, rng: RandomLike, depth: int) -> dict[str, Any]:
        low = t.min_properties or 0
        high = low if self.shallow(depth) else low + self.max_items
        if t.max_properties is not None:
            high = min(high, t.max_properties)
        count = rng.randint(low, max(low, high))
        return {f"key{i}": self.value(t.values, rng, depth + 1) for i in range(count)}

    def union(self, t: ir.UnionT, rng: RandomLike, depth: int) -> Any:
        members = self.drawable(t)
        if self.avoid_null and len(members) > 1:
            members = [m for m in members if not isinstance(m, ir.NullT)] or members
        # below max_depth scalars are preferred, not required: a constraint the IR left out
        # may refuse the scalar, and a redraw must be able to avoid it
        if self.shallow(depth) and rng.random() < 0.75:
            cheap = [m for m in members if _cheap(m)]
            members = cheap or members
        index = rng.randint(0, len(members) - 1)
        chosen = members[index]
        value = self.value(chosen, rng, depth)
        apart = kept_apart(self.api, t)[t.members.index(chosen)]
        if apart and isinstance(value, dict):  # a `oneOf` member the others could accept too
            value = {**value, **apart}  # undeclared entries only the chosen member allows
        if t.discriminator is not None and isinstance(value, dict) and chosen.kind != "null":
            tag = self.tag(t, t.discriminator, chosen, value)
            if tag is not None:
                value[t.discriminator.property] = tag
        return value

    def drawable(self, t: ir.UnionT) -> list[ir.TypeRef]:
        """The members of ``t`` whose values may be drawn: of a ``oneOf``, not those another
        member accepts whole (each of their values would match twice), unless all are."""
        found = self._drawable.get(t)
        if found is None:
            members = list(t.members)
            if t.one_of:
                kept = [
                    m
                    for i, m in enumerate(members)
                    if not shadowed(self.api, m, members[:i] + members[i + 1 :])
                ]
                members = kept or members
            found = self._drawable[t] = members
        return found

    def tag(
        self, t: ir.UnionT, d: ir.Discriminator, chosen: ir.TypeRef, value: dict[str, Any]
    ) -> str | None:
        """The discriminator value a drawn member needs, or None to keep what it drew.

        A member named in ``mapping`` keeps its component name as a tag too, which a ``const``
        of its own property may refuse: only a tag the property accepts is chosen (where it
        accepts none, the value its own schema gave stays: the schemas decide validity).
        """
        tagged: list[ir.TypeRef] = [m for m in t.members if not isinstance(m, ir.NullT)]
        position = tagged.index(chosen)
        tags = d.drawn(position)
        if not tags or value.get(d.property) in tags:
            return None
        field = None
        if isinstance(chosen, ir.ModelRef):
            fields = self.api.model(chosen.name).fields
            field = next((f for f in fields if f.wire == d.property), None)
        fixed = fixed_values(self.api, field.type) if field is not None else None
        return next((tag for tag in tags if fixed is None or tag in fixed), None)

    def alias(self, t: ir.AliasRef, rng: RandomLike, depth: int) -> Any:
        return self.value(self.api.alias(t.name).type, rng, depth)

    def enum(self, t: ir.EnumRef, rng: RandomLike, depth: int) -> Any:
        enum = self.api.enum(t.name)
        if not enum.members:
            return None
        return rng.choice([m.value for m in enum.members])

    # ------------------------------------------------------------------ scalars

    def integer(self, t: ir.IntT, rng: RandomLike, depth: int) -> int:
        low, high = _int_range(t.bounds)
        step = t.bounds.multiple_of
        if step is not None and step > 0:
            step = integral_step(step)  # the integers that are multiples of 2.5: those of 5
            first, last = -(-low // step), high // step
            if first > last:
                raise GenerationError("no multiple of the step lies within the bounds")
            return rng.randint(first, last) * step
        return rng.randint(low, high)

    def number(self, t: ir.NumberT, rng: RandomLike, depth: int) -> float | int:
        b = t.bounds
        if b.multiple_of is not None or rng.random() < 0.5:
            as_int = ir.IntT(b)
            try:
                return self.integer(as_int, rng, depth)
            except (GenerationError, ValueError):
                if b.multiple_of is not None:
                    raise
        low, high = _float_range(b)
        value = low + (high - low) * rng.random()
        value = round(value, 3)
        return min(max(value, _nudge_up(b)), _nudge_down(b))

    def string(self, t: ir.StringT, rng: RandomLike, depth: int) -> str:
        return strings.text(t, rng)

    def literal(self, t: ir.LiteralT, rng: RandomLike, depth: int) -> Any:
        values = list(t.values)
        if self.avoid_null and len(values) > 1:
            values = [v for v in values if v is not None] or values
        return rng.choice(values) if values else None


def _cheap(t: ir.TypeRef) -> bool:
    """Whether values of ``t`` are scalars (what a union prefers below ``max_depth``)."""
    match t:
        case (
            ir.NullT() | ir.BoolT() | ir.IntT() | ir.NumberT() | ir.StringT() | ir.LiteralT()
            | ir.EnumRef() | ir.AnyT()
        ):  # fmt: skip
            return True
        case ir.ArrayT() | ir.MapT() | ir.ModelRef() | ir.AliasRef() | ir.UnionT():
            return False
        case _:
            assert_never(t)


def _chance(rng: RandomLike, probability: float) -> bool:
    # small draws mean "no", so shrinking a Hypothesis-backed Random drops optional parts
    return rng.random() >= 1.0 - probability


def _int_range(b: ir.Bounds) -> tuple[int, int]:
    low: int | None = None
    high: int | None = None
    if b.ge is not None:
        low = math.ceil(b.ge)
    if b.gt is not None:
        low = max(low if low is not None else -(2**63), math.floor(b.gt) + 1)
    if b.le is not None:
        high = math.floor(b.le)
    if b.lt is not None:
        high = min(high if high is not None else 2**63, math.ceil(b.lt) - 1)
    if low is None and high is None:
        low, high = 0, _SPAN
    elif low is None:
        assert high is not None
        low = high - _SPAN
    elif high is None:
        high = low + _SPAN
    if low > high:
        raise GenerationError("the bounds admit no integer")
    return low, high


def _float_range(b: ir.Bounds) -> tuple[float, float]:
    low = b.ge if b.ge is not None else b.gt
    high = b.le if b.le is not None else b.lt
    if low is None and high is None:
        return 0.0, float(_SPAN)
    if low is None:
        assert high is not None
        return float(high) - _SPAN, float(high)
    if high is None:
        return float(low), float(low) + _SPAN
    return float(low), float(high)


def _nudge_up(b: ir.Bounds) -> float:
    if b.gt is not None:
        return (
            math.nextafter(float(b.gt), math.inf)
            if b.ge is None
            else max(b.ge, math.nextafter(b.gt, math.inf))
        )
    return float(b.ge) if b.ge is not None else -math.inf


def _nudge_down(b: ir.Bounds) -> float:
    if b.lt is not None:
        return (
            math.nextafter(float(b.lt), -math.inf)
            if b.le is None
            else min(b.le, math.nextafter(b.lt, -math.inf))
        )
    return float(b.le) if b.le is not None else math.inf
