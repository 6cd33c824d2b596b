"""The HTTP methods an OpenAPI path item may hold an operation under."""

from __future__ import annotations

from generator.openapi import METHODS


def test_the_eight_operation_methods_in_the_spec_order() -> None:
    assert METHODS == ("get", "put", "post", "delete", "options", "head", "patch", "trace")
