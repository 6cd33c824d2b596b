"""The statuses HTTP names for a conditional request (RFC 9110 13.1)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.facts.conditions import conditional_statuses
from tests.unit.parse.spec import build


def _statuses(method: str, *headers: str) -> set[int]:
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "header", "schema": {"type": "string"}} for name in headers
    ]
    operation = {
        "operationId": "op",
        "parameters": parameters,
        "responses": {"204": {"description": "Done."}},
    }
    [op] = build({"/notes": {method: operation}}).operations
    return set(conditional_statuses(op))


@pytest.mark.parametrize(
    ("method", "headers", "statuses"),
    [
        ("get", ("If-None-Match",), {304, 412}),
        ("head", ("if-modified-since",), {304}),
        ("get", ("If-Match",), {412}),
        ("put", ("If-None-Match",), {412}),  # not modified is a read's answer only
        ("put", ("If-Modified-Since",), set()),  # ignored but for a read (13.1.3)
        ("get", ("X-Request-Id",), set()),
    ],
)
def test_the_statuses_follow_the_conditions_an_operation_takes(
    method: str, headers: tuple[str, ...], statuses: set[int]
) -> None:
    assert _statuses(method, *headers) == statuses
