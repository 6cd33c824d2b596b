"""The path parameters a path as sent holds, read as a server may read them.

A path splits among its template's expressions in every way the template allows
(:func:`generator.openapi.splits.split`: ``/files/x.tar.gz`` for ``/files/{name}.{ext}``);
a server may read any split whose every part its parameter's schema takes, in the
parameter's style. So the mock routes a request to the most specific template that reads
its path so, and conformance sends no near miss of a path value that another split reads as
valid (which template a router may give a path to instead is
:mod:`generator.facts.routes`'s).
"""

from __future__ import annotations

from generator import ir
from generator.exchange.params import schema_pointer, wire_readings
from generator.exchange.validate import SchemaValidator
from generator.openapi.splits import pieces, split

__all__ = ["path_text_fits", "read_path"]


def path_text_fits(
    api: ir.Api, validator: SchemaValidator, param: ir.Param | None, text: str
) -> bool:
    """Whether a server may read ``text``, one part of a path, as a value of the path
    parameter ``param`` (any text where no parameter is declared for its expression)."""
    if param is None:
        return True
    readings = wire_readings(api, param, text)
    if not readings or not param.pointer:
        return bool(readings)
    pointer = schema_pointer(api.schema_document, param.pointer)
    return any(validator.is_valid(pointer, reading) for reading in readings)


def read_path(
    api: ir.Api,
    op: ir.Operation,
    path: str,
    validator: SchemaValidator,
    template: str | None = None,
) -> dict[str, str] | None:
    """The path values of ``op`` a server may read from ``path`` (percent-encoded, relative
    to where ``template`` is served; ``op``'s own path by default), by name; None when no
    split of it has parts its parameters' schemas all take."""
    template = op.path if template is None else template
    if split(template, path) is None:  # no split at all: no schema asked
        return None
    names = pieces(template).names
    params = {p.wire: p for p in op.params if p.location == "path"}
    parts = split(
        template,
        path,
        lambda index, text: path_text_fits(api, validator, params.get(names[index]), text),
    )
    return None if parts is None else dict(zip(names, parts, strict=True))
