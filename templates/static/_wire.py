"""Wire data read by wire names exactly: an undeclared property named as a declared property's
Python name stays undeclared, and that field unset.

Pydantic counts the name of every undeclared property among the fields set. Read by wire names
(``from_dict``, the client), ``{"name": "x"}`` is an undeclared property beside a declared
``Name`` whose Python name is ``name``: counted so, that field would be written back too
(``"Name": null``), and the wire would not be what came. The generated models that may hold
such a property note, once validated, that they hold one (:func:`clash_noted`, called by an
after-validator: it costs a look at the undeclared properties, not a copy of the data). A read
that saw one (:func:`read`) is made again by a validator whose models are built from the data
they came from (:func:`_built`, :func:`_counted`): each counts as set only the fields whose
wire names the data holds. Reads without such a property, nearly all of them, are made once.
Validators that validate part of the data again on their own (``OneOf``) ask
:func:`by_name` how, so that they read it as the read around them does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel, TypeAdapter
    from pydantic_core import SchemaValidator

__all__ = ["by_name", "clash_noted", "read"]

M = TypeVar("M", bound="BaseModel")


class _Noted(threading.local):
    """How many models this thread validated that hold an undeclared property named as a field."""

    count = 0


class _Reading(threading.local):
    """How many reads by wire names this thread is inside of (a read may hold another)."""

    depth = 0


_NOTED = _Noted()
_READING = _Reading()
# each model class -> {Python name: wire name} of its fields whose two names differ
_WIRE_NAMES: dict[type[BaseModel], dict[str, str]] = {}
# id of a core schema -> (the schema, kept alive with its id; its validator that fixes models)
_EXACT: dict[int, tuple[Any, SchemaValidator]] = {}


def _wire_names(cls: type[BaseModel]) -> dict[str, str]:
    found = _WIRE_NAMES.get(cls)
    if found is None:
        found = {}
        for name, info in cls.__pydantic_fields__.items():
            wire = info.validation_alias if isinstance(info.validation_alias, str) else info.alias
            if wire is not None and wire != name:
                found[name] = wire
        _WIRE_NAMES[cls] = found
    return found


def clash_noted(model: M) -> M:
    """``model``, noted when an undeclared property it holds has a field's Python name."""
    extra = model.__pydantic_extra__
    if extra and not _wire_names(type(model)).keys().isdisjoint(extra):
        _NOTED.count += 1
    return model


def by_name() -> bool | None:
    """Pydantic's ``by_name`` for a validation made as the read around the caller makes it:
    False (wire names only) inside :func:`read`, None (the models' own: both names) elsewhere."""
    return False if _READING.depth else None


def read(types: TypeAdapter[Any] | type[BaseModel], data: Any, *, json: bool = False) -> Any:
    """``data`` (a JSON document where ``json``) validated as ``types`` by wire names only."""
    seen = _NOTED.count
    _READING.depth += 1
    try:
        value: Any
        if isinstance(types, type):
            model_read = types.model_validate_json if json else types.model_validate
            value = model_read(data, by_alias=True, by_name=False)
        else:
            value = (types.validate_json if json else types.validate_python)(
                data, by_alias=True, by_name=False
            )
        if _NOTED.count == seen:
            return value
        core = types.__pydantic_core_schema__ if isinstance(types, type) else types.core_schema
        exact = _exact(core)
        return (exact.validate_json if json else exact.validate_python)(
            data, by_alias=True, by_name=False
        )
    finally:
        _READING.depth -= 1


def _built(cls: type[BaseModel]) -> Callable[[Any, Callable[[Any], Any]], Any]:
    """What stands for the model node of ``cls`` in an exact validator: its instance built from
    what its fields' validation gives (:func:`_counted`), as pydantic builds it."""

    def build(data: Any, handler: Callable[[Any], Any]) -> Any:
        if isinstance(data, cls):
            return data  # an instance is taken as it is, as the models take one
        fields, extra, fields_set = handler(data)
        model = cls.__new__(cls)
        object.__setattr__(model, "__dict__", fields)
        object.__setattr__(model, "__pydantic_extra__", extra)
        object.__setattr__(model, "__pydantic_fields_set__", fields_set)
        object.__setattr__(model, "__pydantic_private__", None)
        return model

    return build


def _counted(cls: type[BaseModel]) -> Callable[[Any, Callable[[Any], Any]], Any]:
    """What stands for the fields of ``cls`` in an exact validator: their validation, with no
    field counted as set that the data they saw (after the model's before-validators) did not
    set. Read by Python names (the constructor), a property named as a field is undeclared
    only beside the field's wire name, so nothing changes there."""

    def count(data: Any, handler: Callable[[Any], Any]) -> Any:
        fields, extra, fields_set = handler(data)
        if extra and isinstance(data, Mapping):
            wires = _wire_names(cls)
            for name in wires.keys() & extra.keys():
                if wires[name] not in data:
                    fields_set.discard(name)
        return fields, extra, fields_set

    return count


def _exact(schema: Any) -> SchemaValidator:
    """A validator of ``schema`` whose models that may hold an undeclared property named as a
    field see the data they are validated from (built on the first such read, then kept)."""
    hit = _EXACT.get(id(schema))
    if hit is None:
        from pydantic_core import SchemaValidator

        # the models bring their own configs; the rest reads patterns with `re`, as adapters do
        found = SchemaValidator(_with_fixes(schema), {"regex_engine": "python-re"})
        hit = _EXACT[id(schema)] = (schema, found)
    return hit[1]


def _fields_of(model: Any) -> Any:
    """The ``model-fields`` node of a ``model`` core schema, beneath the validators the model
    wraps it in (each holds the next under ``schema``); None where there is none (a root
    model, a function that validates the whole model): that model is left as pydantic reads
    it."""
    inner = model.get("schema")
    while isinstance(inner, dict) and inner.get("type") not in ("model", "model-fields"):
        inner = inner.get("schema")
    return inner if isinstance(inner, dict) and inner.get("type") == "model-fields" else None


def _wrap(function: Callable[[Any, Callable[[Any], Any]], Any], schema: Any) -> dict[str, Any]:
    return {
        "type": "function-wrap",
        "function": {"type": "no-info", "function": function},
        "schema": schema,
    }


def _with_fixes(schema: Any) -> Any:
    """A copy of a core schema where each model node is a function of :func:`_built` over the
    validators it wraps its fields in, and its fields' node a function of :func:`_counted`
    (pydantic would take the prebuilt validator of a model's class, whatever its node holds,
    so none is left); copied with a stack of its own, as schemas nest deep."""
    top: dict[str, Any] = {}
    # (node, where its copy goes, under which key, the model node whose fields lie under it)
    todo: list[tuple[Any, Any, Any, Any]] = [(schema, top, "schema", None)]
    while todo:
        node, holder, key, model = todo.pop()
        if isinstance(node, list):
            holder[key] = items = list(node)
            todo.extend(
                (v, items, i, None) for i, v in enumerate(node) if isinstance(v, dict | list)
            )
            continue
        holder[key] = copied = dict(node)
        if node.get("type") == "model" and _fields_of(node) is not None:
            holder[key] = copied = _wrap(_built(node["cls"]), None)
            if "ref" in node:
                copied["ref"] = node["ref"]
            todo.append((node["schema"], copied, "schema", node))
            continue
        if model is not None and node.get("type") == "model-fields":
            config = model.get("config") or {}
            if "extra_behavior" not in copied and "extra_fields_behavior" in config:
                copied["extra_behavior"] = config["extra_fields_behavior"]
            holder[key] = _wrap(_counted(model["cls"]), copied)
            model = None
        # a schema node's serializer and metadata are not validated: left as they are (a
        # mapping of fields, say, may have fields of those names)
        unread = ("serialization", "metadata") if "type" in node and key != "fields" else ()
        for name, value in node.items():
            if isinstance(value, dict | list) and name not in unread:
                todo.append((value, copied, name, model if name == "schema" else None))
    return top["schema"]
