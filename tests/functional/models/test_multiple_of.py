"""``multipleOf`` of the numbers as written: ``0.07`` is a multiple of ``0.01``.

In floating point ``0.07 / 0.01`` is ``7.000000000000001``: pydantic's own check refused
``0.03`` for ``multipleOf: 0.01`` (and its generated suite failed on a correct spec).
"""

from __future__ import annotations

from types import ModuleType

import pytest
from pydantic import ValidationError

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
