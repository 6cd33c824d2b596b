"""Discriminators the generated tests' 3.0 validator follows back to where it started
(``tests/specs/discriminator_loops_30.yaml``): a child that ``allOf``s a parent whose
discriminator names the child, and a value naming the schema that holds the discriminator.
Met again on the same value, the discriminator is not followed again (it recursed until
Python's limit, which surfaced as a panic of the reference resolver's Rust code, past any
``except``): the schema's keywords are read as plain JSON Schema there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.functional.suite.test_generated_tests import run_suite
from tests.support import SPECS, generate_into, import_fresh
from tests.unit.exchange.test_validate import LOOP_CASES

SPEC = SPECS / "discriminator_loops_30.yaml"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("loops")
    generate_into(SPEC, out, "loops_api")
    return out


@pytest.mark.parametrize(("pointer", "value", "valid"), LOOP_CASES)
def test_the_generated_validator_follows_a_discriminator_once_per_value(
    generated: Path, pointer: str, value: dict[str, Any], valid: bool
) -> None:
    validation = import_fresh(generated, "loops_api_tests.validation")
    assert validation.accepts(pointer, value) is valid


def test_the_schema_tests_of_looping_discriminators_pass(generated: Path) -> None:
    done = run_suite(generated, "loops_api_tests/test_schemas.py", examples="30")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
