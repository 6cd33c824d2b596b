"""The headers an answer's documented response requires, each a drawn value in its style."""

from __future__ import annotations

import random

from generator import ir
from generator.exchange import (
    GenerationError,
    SchemaValidator,
    Values,
    header_readings,
    simple_text,
)
from generator.facts.typefacts import header_pointer

__all__ = ["ATTEMPTS", "required_headers"]

ATTEMPTS = 12  # draws of one value before the mock gives up on it


def required_headers(
    response: ir.Response, rng: random.Random, values: Values, validator: SchemaValidator
) -> list[tuple[str, str]]:
    """The required headers, each a drawn value in ``simple`` style whose text reads back as
    a value its schema accepts (a comma in a list's text would split it), else the last."""
    out = []
    for header in response.headers:
        if not header.required or header.wire.lower() in {"content-type", "content-length"}:
            continue
        pointer = header_pointer(response, header)
        text = None
        for _ in range(ATTEMPTS):
            try:
                value = values.value(header.type, rng)
            except GenerationError:
                continue
            text = simple_text(value, header.explode)
            readings = header_readings(values.api, header, text.strip(" \t"))
            if any(validator.is_valid(pointer, read) for read in readings):
                break
        if text is not None:
            out.append((header.wire, text))
    return out
