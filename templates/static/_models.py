"""The base classes of every generated model: wire names, unknown fields and unset fields kept.

A model's schema is built when the model is first used (``defer_build``): validated, dumped,
or named in a ``TypeAdapter`` or in another model's schema. Pydantic builds each model beneath
it that is not built yet inside that build, one nested call per model (about 20 frames each),
so a chain of a few dozen models would exhaust the recursion limit. A model whose schema may
hold a chain of more than :data:`LEVELS` models is a :class:`DeepModel`: before its schema is
built, the models beneath it are walked without recursion (its module's ``_REFERS`` names what
each holds) and every :data:`LEVELS`-th level of those not built yet is built first, leaves
first, each on its own. No build then nests more than :data:`LEVELS` models, but for a cycle:
the first of its models built holds all of them. The other models are built as pydantic
builds them, in one piece, as are chains no longer than :data:`LEVELS`.
"""

from __future__ import annotations

import sys
import threading
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import CoreSchema

from ._wire import read

__all__ = ["LEVELS", "DeepModel", "Model"]

# the most models not built yet that one build nests (each level is about 20 frames deep)
LEVELS = 8


class Model(BaseModel):
    """A JSON object as the spec describes it.

    ``json -> model -> json`` is the identity: values are dumped under their wire names,
    fields that were never set stay out, explicit ``null``s and unknown fields stay in.
    """

    model_config = ConfigDict(
        extra="allow",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        defer_build=True,
        protected_namespaces=(),
        # a `Field(pattern=...)` is an ECMA-262 pattern written for Python's `re` at generation
        regex_engine="python-re",
    )

    @classmethod
    def from_dict(cls, data: Any) -> Self:
        """Validate wire data (keys are wire names only)."""
        return read(cls, data)  # type: ignore[no-any-return]

    @classmethod
    def from_json(cls, data: str | bytes) -> Self:
        """Validate a JSON document (keys are wire names only)."""
        return read(cls, data, json=True)  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        """The wire form: what was set, under wire names, unknown fields included.

        A model parsed forgivingly may hold raw values the spec does not describe (an enum
        value it does not list); they are dumped as they came, without warnings.
        """
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)

    def to_json(self) -> str:
        """The wire form as a JSON document."""
        return self.model_dump_json(by_alias=True, exclude_unset=True, warnings=False)


class _Building(threading.local):
    """Whether this thread is inside a build whose deep models were already seen to."""

    active = False


_BUILDING = _Building()


class DeepModel(Model):
    """A model whose schema may hold a chain of more than :data:`LEVELS` models: those beneath
    it that would nest too deep are built first, leaves first, whatever first uses it."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /
    ) -> CoreSchema:
        """The model's schema: as built, or built after the models beneath it that would nest
        too deep (unless an outer build saw to them)."""
        if cls.__pydantic_complete__:
            return cls.__pydantic_core_schema__
        if _BUILDING.active:
            return handler(source)
        _BUILDING.active = True
        try:
            for model in _built_first(cls):
                model.model_rebuild(raise_errors=False, _parent_namespace_depth=0)
            return handler(source)
        finally:
            _BUILDING.active = False


def _refers(model: type[Model]) -> list[tuple[type[Model], int]]:
    """The models whose schemas ``model``'s holds, each with the longest chain of models it
    may hold, as the module's ``_REFERS`` says (a name the module does not hold is taken from
    the models package)."""
    module = sys.modules[model.__module__]
    space = module.__dict__
    found = []
    for name, longest in space.get("_REFERS", {}).get(model.__name__, {}).items():
        value = space.get(name)
        if value is None:
            value = getattr(sys.modules[module.__package__ or ""], name)
        found.append((value, longest))
    return found


def _built_first(root: type[Model]) -> list[type[Model]]:
    """The models beneath ``root`` to build before it, leaves first.

    The deep models not built yet are walked depth first, with a stack of their own. Each
    model's build nests the levels of its deepest model not built yet, plus one; a model that
    would nest :data:`LEVELS` levels is built first, on its own, and then counts for none. A
    model that is not deep is not walked: it nests at most its longest chain.
    """
    levels: dict[type[Model], int] = {}  # the levels each deep model walked would nest
    first: list[type[Model]] = []
    planned: set[type[Model]] = set()
    seen: set[type[Model]] = {root}
    stack = [(root, _refers(root))]
    while stack:
        model, refers = stack[-1]
        child = next((c for c, _ in refers if c not in seen and _deep_unbuilt(c)), None)
        if child is not None:
            seen.add(child)
            stack.append((child, _refers(child)))
            continue
        stack.pop()
        own = 0
        for held, longest in refers:
            if held in planned or held.__pydantic_complete__:
                continue
            # a deep model above on the stack (a cycle, which pydantic closes with a
            # reference) is not yet in ``levels``: it adds nothing
            nests = levels.get(held, 0) if issubclass(held, DeepModel) else longest
            if nests >= LEVELS:
                first.append(held)
                planned.add(held)
            else:
                own = max(own, nests)
        levels[model] = own + 1
    return first


def _deep_unbuilt(model: type[Model]) -> bool:
    return issubclass(model, DeepModel) and not model.__pydantic_complete__
