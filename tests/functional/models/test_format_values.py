"""Every format value apiforge draws as valid is one the validators servers use accept too.

Three homes draw format values: the generated tests' strategies (``_support.formats``, the
conformance runner's source), their coverage samples (``_cases``) and the mock's values
(``generator.exchange.values``, also the built-in conformance source). They know the same
formats, and a property test draws from each and hands every value to python's
email-validator and pydantic's own validators (what FastAPI services run).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from types import ModuleType
from typing import Any
from uuid import UUID

import email_validator
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import AnyUrl, EmailStr, HttpUrl, IPvAnyAddress, TypeAdapter

from generator import ir
from generator.exchange import FORMATS as MOCK_FORMATS
from generator.exchange import Values
from generator.render.strategies import FORMATS as STRATEGY_FORMATS
from tests.support import ROOT, bare_api


def _email(value: str) -> None:
    email_validator.validate_email(value, check_deliverability=False)
    TypeAdapter(EmailStr).validate_python(value)


def _pydantic(t: Any) -> Callable[[str], None]:
    adapter = TypeAdapter(t)

    def check(value: str) -> None:
        adapter.validate_json(json.dumps(value))  # what a FastAPI service does with a body

    return check


def _url(value: str) -> None:
    _pydantic(AnyUrl)(value)
    if value.startswith(("http://", "https://")):
        _pydantic(HttpUrl)(value)


def _reference(value: str) -> None:
    if value and not value.startswith("/"):
        _url(value)
    assert " " not in value


def _hostname(value: str) -> None:
    _email(f"a@{value}")  # email-validator's checks of a domain: dotted, a real-looking TLD


def _pointer(value: str) -> None:
    assert value == "" or value.startswith("/")


def _relative_pointer(value: str) -> None:
    assert re.fullmatch(r"\d+(#|/.*)?", value, flags=re.DOTALL), value


def _ip(version: int | None) -> Callable[[str], None]:
    def check(value: str) -> None:
        parsed = ipaddress.ip_address(value)
        assert version is None or parsed.version == version
        _pydantic(IPvAnyAddress)(value)

    return check


def _decimal(value: str) -> None:
    _pydantic(Decimal)(value)
    assert re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value), value  # fixed point, no exponent


VALIDATORS: dict[str, Callable[[str], None]] = {
    "date-time": _pydantic(datetime),
    "decimal": _decimal,
    "date": _pydantic(date),
    "time": _pydantic(time),
    "duration": _pydantic(timedelta),
    "email": _email,
    "idn-email": _email,
    "hostname": _hostname,
    "idn-hostname": _hostname,
    "ipv4": _ip(4),
    "ipv6": _ip(6),
    "ipvanyaddress": _ip(None),
    "uri": _url,
    "url": _url,
    "iri": _url,
    "uri-reference": _reference,
    "iri-reference": _reference,
    "uuid": _pydantic(UUID),
    "byte": lambda value: base64.b64decode(value, validate=True) and None,
    "json-pointer": _pointer,
    "relative-json-pointer": _relative_pointer,
    "regex": re.compile,
}


@pytest.fixture(scope="module")
def generated() -> Iterator[tuple[ModuleType, ModuleType]]:
    """The committed generated tests' ``_support`` and ``_cases`` (the golden test keeps them
    equal to what the templates render)."""
    sys.path.insert(0, str(ROOT / "generated"))
    try:
        from perplexity_api_tests import _cases, _support

        yield _support, _cases
    finally:
        sys.path.remove(str(ROOT / "generated"))


def test_the_homes_know_the_same_formats(generated: tuple[ModuleType, ModuleType]) -> None:
    support, cases = generated
    assert set(STRATEGY_FORMATS) == set(support.FORMATS) == set(MOCK_FORMATS)
    assert set(cases._FORMAT_SAMPLES) == set(MOCK_FORMATS)
    assert set(VALIDATORS) == set(MOCK_FORMATS)


def test_email_validator_refuses_what_was_drawn_before() -> None:
    # the values this suite guards against: a host name without a dot
    with pytest.raises(email_validator.EmailNotValidError):
        _email("0@a")


@pytest.mark.parametrize("name", sorted(VALIDATORS))
def test_the_generated_strategies_draw_accepted_values(
    generated: tuple[ModuleType, ModuleType], name: str
) -> None:
    support, cases = generated
    for sample in cases._FORMAT_SAMPLES[name]:  # each reading's, as any may be the one taken
        VALIDATORS[name](sample)

    @settings(max_examples=60, database=None, deadline=None, derandomize=True)
    @given(support.formats(name))
    def each(value: str) -> None:
        VALIDATORS[name](value)

    each()


@pytest.mark.parametrize("name", sorted(VALIDATORS))
@settings(max_examples=40, database=None, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32))
def test_the_mock_draws_accepted_values(name: str, seed: int) -> None:
    api = bare_api()
    value = Values(api, direction="request").value(ir.StringT(format=name), random.Random(seed))
    VALIDATORS[name](value)


# formats drawn to a length their plain draws never reach (`_support.texts`): the bounds
STRETCHED = {
    "hostname": (60, 250),
    "idn-hostname": (120, 130),
    "email": (80, 250),
    "idn-email": (6, 8),
    "uri": (120, 400),
    "url": (14, 16),
    "iri": (300, 300),
    "uri-reference": (40, 60),
    "iri-reference": (0, 1),
    "json-pointer": (30, 30),
    "relative-json-pointer": (25, 40),
    "byte": (40, 48),
}


@pytest.mark.parametrize("name", sorted(STRETCHED))
def test_formats_drawn_to_a_length_are_accepted_values(
    generated: tuple[ModuleType, ModuleType], name: str
) -> None:
    support, _ = generated
    low, high = STRETCHED[name]
    values, fits, _ = support.text_draws(format=name, min_size=low, max_size=high)
    kept: list[str] = []

    @settings(max_examples=60, database=None, deadline=None, derandomize=True)
    @given(values)
    def each(value: str) -> None:
        if fits(value):
            VALIDATORS[name](value)
            kept.append(value)

    each()
    assert len(kept) >= 3, kept  # about half the draws are drawn to a length that fits
