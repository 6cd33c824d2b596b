"""Frozen dataclasses, made at a fraction of the cost of ``dataclass(frozen=True)``.

Python 3.11's ``dataclass`` compiles every method it adds from source text, six of them for a
frozen class. A generation imports some 60 dataclasses, most of them frozen, before it reads
the spec: making them took 38 ms of its 0.12 s of imports. :func:`record` has ``dataclass``
compile only the three methods that need its code (``__init__``, and the ``__setattr__`` and
``__delattr__`` that keep instances frozen) and adds ``__eq__``, ``__hash__`` and
``__repr__`` as closures over the fields (24 ms for the same classes). They answer as
``dataclass``'s own do:

- equal: an instance of the very same class whose compared fields are equal, in order;
  otherwise ``NotImplemented``;
- hash: that of the tuple of the fields that take part in it (``hash=`` of a field, else
  ``compare=``);
- repr: ``QualifiedName(field=value, ...)`` over the fields with ``repr=True``, and ``...``
  for an instance met again while its own repr is being made.

A method the class body writes itself is kept. The result is a dataclass for every other
purpose (``fields``, ``replace``, ``asdict``, pickling, ``FrozenInstanceError``).
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["record"]

T = TypeVar("T")


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, slots: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(
    cls: type[T] | None = None, /, *, slots: bool = False
) -> type[T] | Callable[[type[T]], type[T]]:
    """``dataclass(frozen=True)`` (with ``slots``), its equality, hash and repr added
    without compiling them; as a bare decorator or called with ``slots``."""

    def make(target: type[T]) -> type[T]:
        own = {name for name in ("__eq__", "__hash__", "__repr__") if name in target.__dict__}
        if "__eq__" in own and target.__dict__.get("__hash__", 0) is None:
            own.discard("__hash__")  # set to None by Python beside an __eq__: not the body's
        made = dataclasses.dataclass(target, frozen=True, eq=False, repr=False, slots=slots)
        _add_methods(made, own)
        return made

    return make if cls is None else make(cls)


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of the attributes ``names`` of an object (``attrgetter`` gives one value
    alone, not a tuple of one)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _add_methods(cls: type, own: set[str]) -> None:
    fields = dataclasses.fields(cls)
    compared = _getter(tuple(f.name for f in fields if f.compare))
    hashed = _getter(tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)))
    shown = tuple(f.name for f in fields if f.repr)

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({values})"

    for method in (__eq__, __hash__, __repr__):
        if method.__name__ not in own:
            method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
            setattr(cls, method.__name__, method)
