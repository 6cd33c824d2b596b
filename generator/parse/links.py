"""The links between operations: the spec's ``links`` objects, and those apiforge infers.

Inferred links follow two rules, each a reading of REST conventions that the spec's own
shapes must confirm (a name and a type that fit), never a guess from a name alone:

* **create, then use**: a ``POST`` on a collection path ``P`` whose success answer is an
  object with a property that fits the parameter ``{p}`` of a path ``P/{p}...`` (same name
  up to case, ``_`` and ``-``; or ``id`` for a parameter named ``id`` or ending in ``id``;
  and a JSON type the parameter admits) gives that property to every operation on
  ``P/{p}`` and below; with no such property, a documented ``Location`` header gives its
  last path segment. Path parameters of ``P`` itself are passed on as the request had them.
* **put, then use**: a ``PUT`` on ``P/{p}`` (create or replace at an id the client chose)
  gives its own path parameters to the other operations on ``P/{p}`` and below.

Operations whose answers carry links in the spec get no inferred ones: the spec said.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, get_args

from generator import ir
from generator.openapi import (
    deref,
    is_expression,
    lookup,
    parameter,
    pointer_of,
    resolve_local,
    segments,
)

__all__ = ["build_links"]

_LOCATIONS = get_args(ir.ParamLocation)


def build_links(doc: Mapping[str, Any], api: ir.Api) -> tuple[ir.Link, ...]:
    """Every link of ``api``: the spec's first, then the inferred ones, each in a stable order."""
    declared = list(_declared(doc, api))
    linked = {link.source for link in declared}
    inferred = [link for link in _inferred(api) if link.source not in linked]
    return (*declared, *inferred)


# ---------------------------------------------------------------- the spec's links


def _declared(doc: Mapping[str, Any], api: ir.Api) -> Iterator[ir.Link]:
    by_pointer = {op.pointer: op for op in api.operations}
    by_spec_id: dict[str, ir.Operation] = {}
    for op in api.operations:
        raw = _at(doc, op.pointer)
        if isinstance(raw, Mapping) and isinstance(raw.get("operationId"), str):
            by_spec_id.setdefault(raw["operationId"], op)
    for op in api.operations:
        for response in op.responses:
            raw = deref(doc, _at(doc, response.pointer))
            links = raw.get("links") if isinstance(raw, Mapping) else None
            if not isinstance(links, Mapping):
                continue
            for name in sorted(links, key=str):
                where = response.pointer + pointer_of(("links", str(name)))
                link = deref(doc, links[name])
                if not isinstance(link, Mapping):
                    continue
                target = _target(doc, link, by_pointer, by_spec_id)
                if target is None:
                    continue
                values = tuple(_values(link, target))
                if values:
                    yield ir.Link(
                        str(name),
                        op.operation_id,
                        response.status,
                        target.operation_id,
                        values,
                        where,
                    )


def _at(doc: Mapping[str, Any], pointer: str) -> Any:
    try:
        return lookup(doc, pointer)
    except KeyError:
        return None


def _target(
    doc: Mapping[str, Any],
    link: Mapping[str, Any],
    by_pointer: Mapping[str, ir.Operation],
    by_spec_id: Mapping[str, ir.Operation],
) -> ir.Operation | None:
    if isinstance(link.get("operationId"), str):
        return by_spec_id.get(link["operationId"])
    ref = link.get("operationRef")
    if isinstance(ref, str) and ref.startswith("#"):
        try:
            pointer, _ = resolve_local(doc, ref)
        except KeyError:
            return None
        return by_pointer.get(pointer)
    return None  # an operation of another document: not followed


def _values(link: Mapping[str, Any], target: ir.Operation) -> Iterator[ir.LinkValue]:
    parameters = link.get("parameters")
    for key, value in parameters.items() if isinstance(parameters, Mapping) else ():
        found = _parameter(str(key), target)
        if found is not None:
            yield _value(found.location, found.wire, value)
    if "requestBody" in link and target.body is not None:
        yield _value("body", "", link["requestBody"])


def _parameter(key: str, target: ir.Operation) -> ir.Param | None:
    """The target's parameter a link names: ``path.id`` or, unqualified, ``id``."""
    location, dot, name = key.partition(".")
    if dot and location in _LOCATIONS:
        return next((p for p in target.params if p.location == location and p.wire == name), None)
    for where in _LOCATIONS:  # unqualified: the spec says names are unique enough
        for param in target.params:
            if param.location == where and param.wire == key:
                return param
    return None


def _value(location: ir.LinkTarget, name: str, value: Any) -> ir.LinkValue:
    if is_expression(value):
        return ir.LinkValue(location, name, value)
    return ir.LinkValue(location, name, "", constant=value, is_constant=True)


# ---------------------------------------------------------------- inferred links


def _inferred(api: ir.Api) -> Iterator[ir.Link]:
    under = _under(api.operations)
    for source in api.operations:
        parts = segments(source.path)
        if source.method == "post" and parts and parameter(parts[-1]) is None:
            yield from _created(api, source, parts, under[parts])
        elif source.method == "put" and parts and parameter(parts[-1]) is not None:
            yield from _put(source, under[parts])


def _under(operations: tuple[ir.Operation, ...]) -> dict[tuple[str, ...], list[ir.Operation]]:
    """Each path's segments, and those of every path above it -> the operations on that path
    and the paths below it, in the API's order."""
    found: dict[tuple[str, ...], list[ir.Operation]] = {}
    for op in operations:
        parts = segments(op.path)
        for end in range(len(parts) + 1):
            found.setdefault(parts[:end], []).append(op)
    return found


def _created(
    api: ir.Api,
    source: ir.Operation,
    collection: tuple[str, ...],
    under: list[ir.Operation],
) -> Iterator[ir.Link]:
    status, response = source.answer()
    if response is None or not 200 <= status < 300:
        return
    fields = _fields(api, response)
    location = any(h.wire.lower() == "location" for h in response.headers)
    for target in under:
        parts = segments(target.path)
        if len(parts) <= len(collection):
            continue
        item = parameter(parts[len(collection)])
        param = _path_param(target, item) if item is not None else None
        if param is None:
            continue
        field = _fitting(param, fields)
        if field is not None:
            given = ir.LinkValue("path", param.wire, f"$response.body#{pointer_of((field.wire,))}")
            how = f"the {field.wire!r} property of its {response.status} answer"
        elif location:
            given = ir.LinkValue("path", param.wire, "$response.header.Location", segment=-1)
            how = f"the last path segment of the Location header of its {response.status} answer"
        else:
            continue
        passed = _passed_on(source, target, {param.wire})
        if passed is None:
            continue
        rule = f"{source.method.upper()} {source.path} creates: {how} fits {{{param.wire}}}"
        yield _link(source, response, target, (given, *passed), rule)


def _put(source: ir.Operation, under: list[ir.Operation]) -> Iterator[ir.Link]:
    status, response = source.answer()
    if response is None or not 200 <= status < 300:
        return
    for target in (op for op in under if op is not source):
        passed = _passed_on(source, target, set())
        if passed:
            rule = f"PUT {source.path} creates or replaces at the id it was given"
            yield _link(source, response, target, passed, rule)


def _passed_on(
    source: ir.Operation, target: ir.Operation, given: set[str]
) -> tuple[ir.LinkValue, ...] | None:
    """The target's other path parameters, as the source's request had them; None when one
    of them is not in the source's path (nothing would fill it)."""
    mine = {p.wire for p in source.params if p.location == "path"}
    values = []
    for param in target.params:
        if param.location != "path" or param.wire in given:
            continue
        if param.wire not in mine:
            return None
        values.append(ir.LinkValue("path", param.wire, f"$request.path.{param.wire}"))
    return tuple(values)


def _link(
    source: ir.Operation,
    response: ir.Response,
    target: ir.Operation,
    values: tuple[ir.LinkValue, ...],
    rule: str,
) -> ir.Link:
    return ir.Link(
        target.operation_id,
        source.operation_id,
        response.status,
        target.operation_id,
        values,
        response.pointer,
        inferred=True,
        rule=rule,
    )


def _path_param(op: ir.Operation, wire: str) -> ir.Param | None:
    return next((p for p in op.params if p.location == "path" and p.wire == wire), None)


def _fields(api: ir.Api, response: ir.Response) -> tuple[ir.Field, ...]:
    """The properties of a JSON answer that is one object."""
    return api.object_fields(response.type) if response.kind == "json" else ()


def _normal(name: str) -> str:
    return re.sub(r"[_\-\s]", "", name).lower()


def _fitting(param: ir.Param, fields: tuple[ir.Field, ...]) -> ir.Field | None:
    """The property whose value fills ``param``: its own name first, then ``id``."""
    wanted = _normal(param.wire)
    names = [wanted] + (["id"] if wanted.endswith("id") and wanted != "id" else [])
    for name in names:
        for field in fields:
            if _normal(field.wire) == name and not field.write_only and _types_meet(param, field):
                return field
    return None


def _types_meet(param: ir.Param, field: ir.Field) -> bool:
    """The property's values can be the parameter's: JSON types in common, or a type that
    is named, enumerated or a union on either side (the names already agree)."""
    mine = ir.own_json_types(ir.without_null(param.type))
    theirs = ir.own_json_types(ir.without_null(field.type))
    return mine is None or theirs is None or bool(mine & theirs)
