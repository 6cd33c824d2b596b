"""The HTTP methods an OpenAPI path item may hold an operation under."""

from __future__ import annotations

from generator.openapi import METHODS, without_content


def test_the_eight_operation_methods_in_the_spec_order() -> None:
    assert METHODS == ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def test_head_a_204_and_a_304_are_answered_without_content() -> None:
    assert without_content("head", "200") and without_content("HEAD", "default")
    assert without_content("get", "204") and without_content("post", "304")
    assert not without_content("get", "200") and not without_content("get", "2XX")
