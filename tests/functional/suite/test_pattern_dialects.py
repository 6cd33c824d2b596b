"""Valid strings for a pattern avoid the characters regex engines read differently from
ECMA-262 (``\\s`` and U+0085, U+FEFF, \\x1c-\\x1f), where the pattern lets them."""

from __future__ import annotations

import importlib
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.patterns import translate
from tests.support import ROOT

CONTESTED = set("\x1c\x1d\x1e\x1f\x85\u180e\ufeff")


@pytest.fixture(scope="module")
def support(pytestconfig: pytest.Config) -> ModuleType:
    import sys

    sys.path.insert(0, str(ROOT / "generated"))
    try:
        return importlib.import_module("kitchen_sink_api_tests._support")
    finally:
        sys.path.remove(str(ROOT / "generated"))


@pytest.mark.parametrize("ecma", [r"^[^@\s]+@[^@\s]+$", r"^\S+$", r"[^a-z]"])
def test_draws_avoid_the_contested_characters(support: ModuleType, ecma: str) -> None:
    regex = translate(ecma)

    @settings(max_examples=300, suppress_health_check=list(HealthCheck), database=None)
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        value = data.draw(support.pattern(regex, max_size=40))
        assert not CONTESTED & set(value), repr(value)

    draw()


@pytest.mark.parametrize("ecma", [r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", r"^\S+$", "^\\uFEFF[^a]$"])
def test_draws_are_text_json_can_carry(support: ModuleType, ecma: str) -> None:
    # a lone surrogate matches a negated class, but UTF-8 cannot encode it and JSON parsers
    # (pydantic's among them) refuse its escape: a valid value must be a Unicode string
    regex = translate(ecma)

    @settings(max_examples=300, suppress_health_check=list(HealthCheck), database=None)
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        value = data.draw(support.pattern(regex, max_size=40))
        value.encode("utf-8")  # raises on a surrogate

    draw()


def test_a_pattern_that_asks_for_one_still_gets_it(support: ModuleType) -> None:
    regex = translate("^\\uFEFF[a-z]$")

    @settings(max_examples=20, suppress_health_check=list(HealthCheck), database=None)
    @given(st.data())
    def draw(data: st.DataObject) -> None:
        assert data.draw(support.pattern(regex)).startswith("\ufeff")

    draw()
