"""The links the generated tests follow live (``links.py``): each value written down as where
it is read, so the tests' runtime needs no runtime-expression reader of its own."""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.facts.routes import served_instead
from generator.openapi import parse_expression, reads_what_it_wrote

__all__ = ["links_context"]

_REQUEST = ("path", "query", "header", "cookie")


def links_context(api: ir.Api) -> list[dict[str, Any]]:
    """Each link whose values the tests can read: its operations, status and values."""
    out = []
    instead = served_instead(api)
    for link in api.links:
        if link.source in instead or link.target in instead:
            continue  # a server answers one of them as another operation: not followed live
        source, target = api.operation_by_id[link.source], api.operation_by_id[link.target]
        values = [_value(v, target) for v in link.values]
        if any(v is None for v in values):
            continue  # an expression the tests do not read ($url, a template, $request.body)
        given = {(v.location, v.name) for v in link.values}
        # a read whose every required value the link gives: nothing else it requires is drawn
        reads = target.method == "get" and all(
            (p.location, p.wire) in given for p in target.params if p.required
        )
        out.append(
            {
                "name": f"{link.source}->{link.target}"
                + ("" if link.inferred else f" ({link.name})"),
                "source": link.source,
                "status": link.status,
                "target": link.target,
                "declared": not link.inferred,  # the spec's own (a delete's: still readable)
                "values": values,
                "reads": reads,
                # ... of the very resource the source writes (not of one below it, which
                # calls of its own make): a create answered 2xx leaves it there
                "reads_created": reads
                and reads_what_it_wrote(source.method, source.path, target.path),
            }
        )
    return out


def _value(value: ir.LinkValue, target: ir.Operation) -> dict[str, Any] | None:
    where: dict[str, Any] = {"location": value.location, "name": value.name}
    if value.is_constant:
        return {**where, "from": "constant", "value": value.constant}
    parsed = parse_expression(value.expression)
    if parsed is None:
        return None
    side, source, rest = parsed
    if side == "response" and source == "body":
        return {**where, "from": "body", "pointer": rest}
    if side == "response" and source == "header":
        # a header is text: read as JSON where the parameter takes a number or a boolean
        param = next(
            (p for p in target.params if (p.location, p.wire) == (value.location, value.name)),
            None,
        )
        kinds = ir.own_json_types(ir.without_null(param.type)) if param is not None else None
        scalar = bool(kinds) and kinds is not None and kinds <= {"integer", "number", "boolean"}
        return {**where, "from": "header", "header": rest, "segment": value.segment} | (
            {"json": True} if scalar else {}
        )
    if side == "request" and source in _REQUEST:
        return {**where, "from": "request", "at": source, "key": rest}
    return None
