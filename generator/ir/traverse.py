"""Walking an IR type: the types inside it, written once for every kind.

A type holds other types directly (an array's items, a map's values, a union's members);
named schemas (:class:`ModelRef`, :class:`EnumRef`, :class:`AliasRef`) are references and
are never entered here: a caller that follows them looks them up in :class:`Api`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import assert_never

from generator.ir.types import (
    AliasRef,
    AnyT,
    ArrayT,
    BoolT,
    EnumRef,
    IntT,
    LiteralT,
    MapT,
    ModelRef,
    NullT,
    NumberT,
    StringT,
    TypeRef,
    UnionT,
)

__all__ = ["children", "leaves", "map_children", "named_refs", "walk"]

_LEAVES = frozenset(
    {AnyT, NullT, BoolT, IntT, NumberT, StringT, LiteralT, ModelRef, EnumRef, AliasRef}
)


def children(t: TypeRef) -> tuple[TypeRef, ...]:
    """The types directly inside ``t``.

    An array's ``items`` come first, then its ``prefix`` positions and ``rest``; a union's
    ``members`` first, then its ``choices`` (the members as written). Both second groups
    repeat what the first holds in another form, so a type may be reached more than once.
    """
    if type(t) in _LEAVES:  # most types: said before the match tries each case in turn
        return ()
    match t:
        case ArrayT():
            rest = () if t.rest is None else (t.rest,)
            return (t.items, *t.prefix, *rest)
        case MapT():
            return (t.values,)
        case UnionT():
            return (*t.members, *t.choices)
        case (
            AnyT() | NullT() | BoolT() | IntT() | NumberT() | StringT() | LiteralT()
            | ModelRef() | EnumRef() | AliasRef()
        ):  # fmt: skip
            return ()
        case _:
            assert_never(t)


def walk(t: TypeRef) -> Iterator[TypeRef]:
    """``t`` and every type inside it, depth first (named schemas not entered)."""
    stack = [t]  # a stack of its own: a generator per level costs a frame per level and type
    while stack:
        here = stack.pop()
        yield here
        stack.extend(reversed(children(here)))


# a tuple: a union written in the call (`A | B`) is built anew at every call
_NAMED = (ModelRef, EnumRef, AliasRef)


def named_refs(t: TypeRef) -> Iterator[ModelRef | EnumRef | AliasRef]:
    """The references to named schemas in ``t``, without entering them."""
    for inner in walk(t):
        if isinstance(inner, _NAMED):
            yield inner


def map_children(t: TypeRef, change: Callable[[TypeRef], TypeRef]) -> TypeRef:
    """``t`` with each type directly inside it replaced by ``change(child)``."""
    match t:
        case ArrayT():
            return replace(
                t,
                items=change(t.items),
                prefix=tuple(change(p) for p in t.prefix),
                rest=None if t.rest is None else change(t.rest),
            )
        case MapT():
            return replace(t, values=change(t.values))
        case UnionT():
            return replace(
                t,
                members=tuple(change(m) for m in t.members),
                choices=tuple(change(c) for c in t.choices),
            )
        case (
            AnyT() | NullT() | BoolT() | IntT() | NumberT() | StringT() | LiteralT()
            | ModelRef() | EnumRef() | AliasRef()
        ):  # fmt: skip
            return t
        case _:
            assert_never(t)


def leaves(
    t: TypeRef, aliases: Mapping[str, TypeRef], seen: frozenset[str] = frozenset()
) -> Iterator[TypeRef]:
    """The members of ``t``, unions opened and the aliases of ``aliases`` (each alias's type by
    name) followed. An alias met again inside itself is left out (its values are those found
    around it); one ``aliases`` does not hold is a member as it is."""
    if isinstance(t, AliasRef) and t.name in aliases:
        if t.name not in seen:
            yield from leaves(aliases[t.name], aliases, seen | {t.name})
    elif isinstance(t, UnionT):
        for member in t.members:
            yield from leaves(member, aliases, seen)
    else:
        yield t
