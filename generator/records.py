"""Frozen dataclasses, made at a fraction of the cost of ``dataclass(frozen=True)``.

Python 3.11's ``dataclass`` compiles every method it adds from source text, six of them for a
frozen class: a generation imports some 60 dataclasses before it reads the spec, and making
them cost more than its whole IR build of a small spec. :func:`record` has ``dataclass`` read
the fields and compile nothing: ``__setattr__`` and ``__delattr__`` (which keep instances
frozen), ``__eq__``, ``__hash__`` and ``__repr__`` are closures over the fields, and
``__init__`` is compiled when the class is first instantiated (most runs make instances of
a part of the classes they import), its code kept on disk for the next run as Python keeps
bytecode (:class:`_Compiled`). They answer as ``dataclass``'s own do:

- init: the fields in order, those with a default or a ``default_factory`` optional; a field
  not in ``__init__`` set to its default; ``__post_init__`` called last;
- frozen: setting or deleting a field (any attribute of the class itself) raises
  ``FrozenInstanceError``;
- equal: an instance of the very same class whose compared fields are equal, in order;
  otherwise ``NotImplemented``;
- hash: that of the tuple of the fields that take part in it (``hash=`` of a field, else
  ``compare=``);
- repr: ``QualifiedName(field=value, ...)`` over the fields with ``repr=True``, and ``...``
  for an instance met again while its own repr is being made.

A method the class body writes itself is kept. The result is a dataclass for every other
purpose (``fields``, ``replace``, ``asdict``, pickling, a slotted one too).
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import marshal
import os
import reprlib
import sys
from collections.abc import Callable
from importlib.util import cache_from_source
from operator import attrgetter
from pathlib import Path
from types import CodeType
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["record"]

T = TypeVar("T")


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(
    *, slots: bool = False, frozen: bool = True, eq: bool = True
) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(
    cls: type[T] | None = None, /, *, slots: bool = False, frozen: bool = True, eq: bool = True
) -> type[T] | Callable[[type[T]], type[T]]:
    """``dataclass(frozen=True)`` (with ``slots``), its methods added without compiling them;
    as a bare decorator or called with ``slots``. ``frozen=False`` makes what
    ``dataclass(frozen=False)`` makes (a mutable class, unhashable when compared), ``eq=False``
    one compared and hashed as any object is."""

    def make(target: type[T]) -> type[T]:
        own = {name for name in ("__eq__", "__hash__", "__repr__") if name in target.__dict__}
        if "__eq__" in own and target.__dict__.get("__hash__", 0) is None:
            own.discard("__hash__")  # set to None by Python beside an __eq__: not the body's
        # without a docstring, dataclass writes one from the signature of __init__, which is
        # not there yet (it would parse object's, tokenizing its text: 4 ms): written below
        undocumented = not target.__doc__
        if undocumented:
            target.__doc__ = target.__name__
        # the fields read, no method made (a frozen one's would be compiled): they are added
        made = dataclasses.dataclass(target, init=False, eq=False, repr=False, slots=slots)
        if undocumented:
            _document(made)
        _add_methods(made, own, eq=eq, hashable=frozen)
        if "__init__" not in made.__dict__:  # one the body writes is kept
            _add(made, _first_init(made))
        if frozen:
            _add_frozen(made, slots=slots)
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


def _document(cls: type) -> None:
    """The docstring ``dataclass`` writes for a class without one: its name and fields."""
    cls.__doc__ = f"{cls.__name__}({', '.join(f.name for f in dataclasses.fields(cls))})"


def _add(cls: type, method: Callable[..., Any]) -> None:
    method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
    setattr(cls, method.__name__, method)


def _add_methods(cls: type, own: set[str], *, eq: bool, hashable: bool) -> None:
    """``__repr__``; with ``eq``, ``__eq__`` and ``__hash__`` (None where not ``hashable``, as
    Python has it for a class that compares its instances by value and lets them change)."""
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

    for method in (__eq__, __hash__, __repr__) if eq else (__repr__,):
        if method.__name__ not in own:
            _add(cls, method)
    if eq and not hashable and "__hash__" not in own:
        cls.__hash__ = None  # type: ignore[assignment]


def _add_frozen(cls: type[Any], *, slots: bool) -> None:
    """What keeps instances frozen (and a slotted one's pickled state)."""
    names = frozenset(f.name for f in dataclasses.fields(cls))

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if self.__class__ is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if self.__class__ is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    methods: list[Callable[..., Any]] = [__setattr__, __delattr__]
    if slots:  # unpickled by setting each field, which __setattr__ refuses
        fields = dataclasses.fields(cls)

        def __getstate__(self: Any) -> list[Any]:
            return [getattr(self, f.name) for f in fields]

        def __setstate__(self: Any, state: list[Any]) -> None:
            for f, value in zip(fields, state, strict=True):
                object.__setattr__(self, f.name, value)

        methods += [__getstate__, __setstate__]
    for method in methods:
        _add(cls, method)


def _first_init(cls: type) -> Callable[..., None]:
    """An ``__init__`` that compiles the class's own on its first call and hands over to it."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        made = _compiled_init(cls)
        cls.__init__ = made  # type: ignore[misc]
        made(self, *args, **kwargs)

    return __init__


_MISSING = dataclasses.MISSING


def _compiled_init(cls: type) -> Callable[..., None]:
    """The ``__init__`` ``dataclass(frozen=True)`` writes for ``cls``, compiled (a mutable
    record's too: setting its fields through ``object`` is what its own ``__setattr__`` does)."""
    context: dict[str, Any] = {"__set": object.__setattr__, "__unset": _MISSING}
    params, body = [], []
    for f in dataclasses.fields(cls):
        if f.default is not _MISSING:
            context[f"__default_{f.name}"] = f.default
            default = f"__default_{f.name}"
        elif f.default_factory is not _MISSING:
            context[f"__factory_{f.name}"] = f.default_factory
            default = f"__factory_{f.name}()"
        else:
            default = None
        if not f.init:
            if default is not None:  # without one, left unset, as dataclass does
                body.append(f"__set(__self, {f.name!r}, {default})")
            continue
        value = f.name
        if f.default is not _MISSING:
            params.append(f"{f.name}={default}")
        elif default is not None:  # a factory: called for each instance not given a value
            params.append(f"{f.name}=__unset")
            value = f"{f.name} if {f.name} is not __unset else {default}"
        else:
            params.append(f.name)
        body.append(f"__set(__self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("__self.__post_init__()")
    source = f"def __init__(__self, {', '.join(params)}):\n"
    source += "".join(f"    {line}\n" for line in body or ["pass"])
    exec(_code(source), context)  # the source is made of the class's own field names
    init: Callable[..., None] = context["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


class _Compiled:
    """The code of each ``__init__`` source compiled before, kept on disk the way Python keeps
    a module's bytecode (beside this module's, named by the interpreter's cache tag; nothing
    written where Python writes no bytecode): compiling them took 3 ms of a small spec's
    generation. Keyed by the source itself; a file that does not read back is an empty one,
    a failed write costs only the compiling next time."""

    codes: dict[str, CodeType] | None = None
    added = False


def _code(source: str) -> CodeType:
    """The compiled ``source``, from the file when it was compiled before."""
    if _Compiled.codes is None:
        _Compiled.codes = _read_codes()
        atexit.register(_write_codes)
    code = _Compiled.codes.get(source)
    if code is None:
        code = _Compiled.codes[source] = compile(source, "<record>", "exec")
        _Compiled.added = True
    return code


def _codes_file() -> Path:
    return Path(cache_from_source(__file__)).with_suffix(".inits")


def _read_codes() -> dict[str, CodeType]:
    try:
        with open(_codes_file(), "rb") as f:
            read = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(read, dict):
        return {}
    return {k: v for k, v in read.items() if isinstance(k, str) and isinstance(v, CodeType)}


def _write_codes() -> None:
    """What this process compiled, added to the file (at its exit, once)."""
    if not _Compiled.added or _Compiled.codes is None or sys.dont_write_bytecode:
        return
    target = _codes_file()
    scratch = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(scratch, "wb") as f:
            marshal.dump({**_read_codes(), **_Compiled.codes}, f)
        os.replace(scratch, target)  # another process reads it whole or not at all
    except OSError:  # a read-only install, a full disk: compiled again next time
        with contextlib.suppress(OSError):
            scratch.unlink()
