"""``multipleOf`` of the numbers as written: ``0.07`` is a multiple of ``0.01``.

In floating point ``0.07 / 0.01`` is ``7.000000000000001``: pydantic's own check refused
``0.03`` for ``multipleOf: 0.01`` (and its generated suite failed on a correct spec).
"""

from __future__ import annotations

import random
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from pydantic import ValidationError

from generator.config import SpecConfig
from tests.support import generate_into, import_fresh

SPEC = """\
openapi: 3.1.0
info: {title: Prices, version: '1'}
paths: {}
components:
  schemas:
    Price:
      type: object
      properties:
        amount: {type: number, multipleOf: 0.01}
        tenth: {type: number, multipleOf: 0.1}
        count: {type: integer, multipleOf: 5}
        broken: {type: number, multipleOf: 0}
"""


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    out = tmp_path_factory.mktemp("prices")
    spec = out / "prices.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    generate_into(spec, out, "prices_api")
    return import_fresh(out, "prices_api")


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("amount", 0.07, True),
        ("amount", 0.03, True),
        ("amount", 19.99, True),
        ("amount", 3, True),
        ("amount", 0.075, False),
        ("tenth", 0.3, True),
        ("tenth", 0.35, False),
        ("count", 15, True),
        ("count", 15.0, True),
        ("count", 12, False),
        ("broken", 1.5, True),  # an invalid step (not above 0) is left out, as by the validator
    ],
)
def test_a_multiple_is_read_of_the_number_as_written(
    api: ModuleType, field: str, value: float, valid: bool
) -> None:
    price = api.models.Price
    if valid:
        assert getattr(price.model_validate({field: value}), field) == value
    else:
        with pytest.raises(ValidationError):
            price.model_validate({field: value})


def test_the_message_names_the_multiple(api: ModuleType) -> None:
    with pytest.raises(ValidationError, match=r"multiple of 0\.01"):
        api.models.Price.model_validate({"amount": 0.075})


INTEGER_STEPS = """\
openapi: 3.1.0
info: {title: steps, version: "1"}
paths: {}
components:
  schemas:
    Tiny: {type: integer, multipleOf: 0.123456789}
    Half: {type: integer, multipleOf: 2.5, minimum: -100, maximum: 100}
"""


def test_integers_of_a_fractional_step_are_drawn_as_multiples_of_its_numerator(
    tmp_path: Path,
) -> None:
    # one integer in 10**9 is a multiple of 0.123456789: filtering integers found none, and
    # the generated suite failed Hypothesis's health check; those of 123456789 are all of them
    from generator import ir
    from generator.exchange import Values
    from generator.parse import build_api

    spec = tmp_path / "steps.yaml"
    spec.write_text(INTEGER_STEPS, encoding="utf-8")
    files = generate_into(spec, tmp_path, "steps_api")
    strategies = files["steps_api_tests/strategies.py"]
    assert "multiples(123456789)" in strategies
    assert "multiples(5, low=-100, high=100)" in strategies
    doc = yaml.safe_load(INTEGER_STEPS)
    api = build_api(doc, SpecConfig(spec=spec, output=tmp_path), "steps.yaml")
    rng = random.Random(0)
    drawn = [Values(api).value(ir.AliasRef("Half"), rng) for _ in range(20)]
    assert all(value % 5 == 0 and -100 <= value <= 100 for value in drawn), drawn
