"""``minProperties``/``maxProperties`` of an object with declared properties: every reader of
``ir.Model.min_properties``/``max_properties`` honours them, differentially against the
spec's own validator (the models, the generated strategies, the mock's values, the check
of a spec's default)."""

from __future__ import annotations

import copy
import dataclasses
import importlib
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from generator import ir
from generator.config import SpecConfig
from generator.exchange import GenerationError, SchemaValidator, Values
from generator.facts.typefacts import accepts
from generator.parse import build_api
from tests.support import ROOT, generate_into, import_fresh

SPEC = ROOT / "tests" / "specs" / "property_counts_31.yaml"
SCHEMAS = "/components/schemas/"


@pytest.fixture(scope="module")
def api() -> ir.Api:
    doc = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return build_api(doc, SpecConfig(spec=SPEC, output=Path("out")), str(SPEC))


@pytest.fixture(scope="module")
def validator(api: ir.Api) -> SchemaValidator:
    return SchemaValidator(api)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("counts")
    generate_into(SPEC, out, "counts_api")
    package = import_fresh(out, "counts_api")
    import_fresh(out, "counts_api_tests")
    return package, importlib.import_module("counts_api_tests.strategies")


def test_the_ir_keeps_the_bounds(api: ir.Api) -> None:
    bounded = api.model("Bounded")
    assert (bounded.min_properties, bounded.max_properties) == (2, 3)
    assert (api.model("Open").min_properties, api.model("Open").max_properties) == (3, None)
    assert (api.model("Single").min_properties, api.model("Single").max_properties) == (None, 1)


VALUES: list[tuple[str, Any]] = [
    ("Bounded", {"id": 1}),
    ("Bounded", {"id": 1, "a": ""}),
    ("Bounded", {"id": 1, "a": "", "b": ""}),
    ("Bounded", {"id": 1, "a": "", "b": "", "c": ""}),
    ("Open", {"a": True, "x": 1}),
    ("Open", {"a": True, "x": 1, "y": 2}),
    ("Open", {"x": 1, "y": 2, "z": 3}),
    ("Single", {}),
    ("Single", {"a": ""}),
    ("Single", {"a": "", "b": ""}),
    ("Single", {"z": 1, "b": ""}),
]


@pytest.fixture(scope="module")
def dcg_models(tmp_path_factory: pytest.TempPathFactory) -> Any:
    pytest.importorskip("datamodel_code_generator")
    out = tmp_path_factory.mktemp("counts_dcg")
    generate_into(SPEC, out, "counts_dcg", models_engine="datamodel-codegen")
    return import_fresh(out, "counts_dcg")


@pytest.mark.parametrize("engine", ["apiforge", "datamodel-codegen"])
@pytest.mark.parametrize(("name", "value"), VALUES, ids=repr)
def test_models_count_properties_as_the_spec_does(
    request: pytest.FixtureRequest,
    validator: SchemaValidator,
    engine: str,
    name: str,
    value: Any,
) -> None:
    if engine == "apiforge":
        package = request.getfixturevalue("generated")[0]
    else:
        package = request.getfixturevalue("dcg_models")
    try:
        TypeAdapter(getattr(package.models, name)).validate_python(copy.deepcopy(value))
        model = True
    except ValidationError:
        model = False
    assert model == validator.is_valid(SCHEMAS + name, value)


@pytest.mark.parametrize("name", ["Bounded", "Open", "Single"])
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_strategies_draw_within_the_bounds(
    generated: Any, validator: SchemaValidator, name: str, data: st.DataObject
) -> None:
    _, strategies = generated
    value = data.draw(strategies.SCHEMAS[SCHEMAS + name]())
    assert validator.is_valid(SCHEMAS + name, value), value


@pytest.mark.parametrize("direction", ["request", "response"])
@pytest.mark.parametrize("name", ["Bounded", "Open", "Single"])
def test_mock_values_are_drawn_within_the_bounds(
    api: ir.Api, validator: SchemaValidator, name: str, direction: Any
) -> None:
    values = Values(api, direction=direction, optional=0.9)
    for seed in range(40):
        value = values.value(ir.ModelRef(name), random.Random(seed))
        assert validator.is_valid(SCHEMAS + name, value), (seed, value)


def test_more_required_properties_than_allowed_is_no_value(api: ir.Api) -> None:
    fields = tuple(ir.Field(name=w, wire=w, type=ir.IntT(), required=True) for w in "ab")
    tight = ir.Model("Tight", SCHEMAS + "Tight", fields, max_properties=1)
    values = Values(dataclasses.replace(api, models=(tight,)))
    with pytest.raises(GenerationError):
        values.value(ir.ModelRef("Tight"), random.Random(0))


@pytest.mark.parametrize(
    ("value", "fits"),
    [
        ({"id": 1}, False),
        ({"id": 1, "a": "x"}, True),
        ({"id": 1, "a": "x", "b": "y", "c": "z"}, False),
    ],
)
def test_a_default_is_checked_against_the_bounds(api: ir.Api, value: Any, fits: bool) -> None:
    assert accepts(api, ir.ModelRef("Bounded"), value) is fits
