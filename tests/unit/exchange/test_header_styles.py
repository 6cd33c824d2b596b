"""Response headers in the simple style: written as the mock sends them, read as judged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.config import SpecConfig
from generator.exchange import header_readings, simple_text
from generator.parse import build_api

PAIR = ir.ModelRef("Pair")


def _api() -> ir.Api:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "h", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Pair": {
                    "type": "object",
                    "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
                }
            }
        },
    }
    return build_api(spec, SpecConfig(spec=Path("h.yaml"), output=Path("out")), "h.yaml")


@pytest.mark.parametrize(
    ("value", "explode", "text"),
    [
        ([1, 2], False, "1,2"),
        ([1, 2], True, "1,2"),
        (["x"], False, "x"),
        ({"a": "x", "b": 1}, False, "a,x,b,1"),
        ({"a": "x", "b": 1}, True, "a=x,b=1"),
        (True, False, "true"),
        ("plain text", False, "plain text"),
    ],
)
def test_values_are_written_in_the_simple_style(value: Any, explode: bool, text: str) -> None:
    assert simple_text(value, explode) == text


@pytest.mark.parametrize(
    ("t", "explode", "text", "value"),
    [
        (ir.ArrayT(ir.IntT()), False, "1, 2", [1, 2]),
        (PAIR, False, "a,12,b,1", {"a": "12", "b": 1}),
        (PAIR, False, "a, 12, b, 1", {"a": "12", "b": 1}),
        (PAIR, True, "a=12,b=1", {"a": "12", "b": 1}),
        (PAIR, True, "a=x, b=1", {"a": "x", "b": 1}),
    ],
)
def test_headers_are_read_by_their_explode(
    t: ir.TypeRef, explode: bool, text: str, value: Any
) -> None:
    header = ir.Header("X-H", t, True, explode)
    assert header_readings(_api(), header, text)[0] == value


@pytest.mark.parametrize("explode", [False, True])
def test_what_is_written_reads_back(explode: bool) -> None:
    header = ir.Header("X-H", PAIR, True, explode)
    value = {"a": "x", "b": 3}
    assert header_readings(_api(), header, simple_text(value, explode))[0] == value
