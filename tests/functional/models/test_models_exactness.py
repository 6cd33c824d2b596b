"""Schema exactness: recursive aliases, ``allOf`` intersections, overlapping ``oneOf`` members,
``required`` beside ``anyOf``/``oneOf``, discriminators over unnamed members, and the
strategies of schemas generation skips.

Each spec is one of ``tests/breadth/specs/``. Every verdict is differential: a model accepts
a value exactly when the spec's own validator (the mock server's) does, over hand-picked
values and over random JSON values; what the generated strategies draw is valid.
"""

from __future__ import annotations

import copy
import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from generator.config import SpecConfig
from generator.exchange import SchemaValidator
from generator.parse import build_api
from tests.support import ROOT, generate_into, import_fresh

SPECS = ROOT / "tests" / "breadth" / "specs"
COMPONENTS = "/components/schemas/"

# spec file -> (schema, value) pairs tried on the models and on the validator
CASES: dict[str, list[tuple[str, Any]]] = {
    "recursive-alias": [
        ("Nested", []),
        ("Nested", [[], [[]]]),
        ("Nested", [1]),
        ("Nested", [[None]]),
        ("Nested", None),
        ("Json", {"a": [1, "x", None, {"b": True}]}),
        ("Json", [[[]]]),
        ("Dict", {"a": {"b": {}}}),
        ("Dict", {"a": 1}),
        ("Pointer", [[]]),
        ("Pointer", ["x"]),
        ("Forest", [{"name": "a", "children": [{"name": "b"}]}]),
        ("Forest", [{"name": "a", "children": None}]),
        ("Forest", [{"name": "a", "children": [{}]}]),
        ("Holder", {"nested": [[]], "forest": [{"name": "n"}], "dict": {}}),
        ("Holder", {"forest": None}),
    ],
    "skipped-recursive-oneof": [
        ("R", {"id": 1}),
        ("R", {"id": "1"}),
        ("R", "text"),
        ("R", None),
    ],
    "skipped-unenforced-keywords": [
        ("Crowded", {"a": "", "b": "", "c": "", "d": ""}),
        ("Crowded", {"a": "", "b": "", "c": ""}),
        ("Crowded", {"a": "", "b": "", "c": "", "x": 1}),
        ("Crowded", {}),
    ],
    "allof-refines-property": [
        ("NotFound", {"title": "t", "detail": {"code": 3, "hint": "abc"}}),
        ("NotFound", {"title": "t", "detail": {"hint": "abc"}}),
        ("NotFound", {"title": "t", "detail": {"code": 30}}),
        ("NotFound", {"title": "t", "detail": {"code": 3, "hint": "abcdefg"}}),
        ("NotFound", {"title": "t", "status": 404}),
        ("NotFound", {"title": "t", "status": 500}),
        ("NotFound", {"title": "t", "extra": {"count": -1}}),
    ],
    "allof-conflicting-types": [
        ("Thing", {}),
        ("Thing", {"label": "x"}),
        ("Thing", {"id": "x"}),
        ("Thing", {"id": 1}),
        ("Thing", {"id": None}),
    ],
    "allof-closed-member": [
        ("Extended", {"a": "x", "b": 1}),
        ("Extended", {"a": "x", "c": "y"}),
        ("Extended", {"c": "y"}),
        ("Extended", {"d": 1}),
        ("Extended", {}),
        ("Closed", {"a": "x", "c": "y"}),
    ],
    "oneof-overlapping-members": [
        ("U", "abc"),
        ("U", {"a": 1}),
        ("U", {"a": "x"}),
        ("U", [1]),
        ("U", 5),
        ("U", None),
        ("V", {}),
        ("V", {"name": "n"}),
        ("V", {"size": 1}),
        ("V", {"name": "n", "size": 1}),
        ("V", {"name": 1}),
        ("V", {"other": True}),
    ],
    "required-beside-anyof": [
        ("DropletCreate", {"name": "a", "size": "s"}),
        ("DropletCreate", {"names": ["a"], "size": "s"}),
        ("DropletCreate", {"name": "a"}),
        ("DropletCreate", {}),
        ("DropletCreate", {"size": 1}),
        ("Either", {"a": 1, "c": "x"}),
        ("Either", {"b": 1, "c": "x"}),
        ("Either", {"a": 1, "b": 2, "c": "x"}),
        ("Either", {"a": 1}),
        ("Either", {"c": "x"}),
        ("Either", {"a": 1, "c": 2}),
    ],
    "discriminator-unnamed-members": [
        ("Pet", {"kind": "cat", "lives": 9}),
        ("Pet", {"kind": "Cat"}),
        ("Pet", {"kind": "dog", "barks": True}),
        ("Pet", {"kind": "dog", "barks": 1}),
        ("Pet", {"kind": "bird"}),
        ("Pet", {"kind": ""}),
        ("Pet", {}),
        ("Pet", "cat"),
        ("Shape", {"kind": "Cat"}),
        ("Shape", "square"),
        ("Shape", {"kind": "ShapeOption3", "sides": 3}),
    ],
    "discriminator-unnamed-members-31": [
        ("Pet", {"kind": "cat", "lives": 9}),
        ("Pet", {"kind": "dog", "barks": True}),
        ("Pet", {"kind": "dog"}),
        ("Shape", "square"),
        ("Shape", {"sides": 3}),
        ("Shape", {"kind": "x", "sides": 3}),
        ("Shape", {"kind": 1}),
    ],
    # 3.0: the tag names the one schema a value matches (the `allOf` members are not applied)
    "discriminator-beside-allof": [
        ("Pet", {"kind": "cat"}),
        ("Pet", {"kind": "cat", "lives": 9, "name": "Tom"}),
        ("Pet", {"kind": "cat", "name": 1}),
        ("Pet", {"kind": "dog"}),
        ("Pet", {"kind": "dog", "barks": True}),
        ("Pet", {"kind": "puppy", "barks": False}),
        ("Pet", {"kind": "Pet"}),
        ("Pet", {"kind": "x"}),
        ("Pet", {"kind": ""}),
        ("Pet", {"lives": 9}),
        ("Pet", "cat"),
        ("Kitten", {"kind": "cat", "tiny": True}),
        ("Kitten", {"kind": "cat", "tiny": 1}),
        ("Kitten", {"kind": "dog", "barks": True, "name": "Rex"}),
        ("Kitten", {"kind": "x"}),
    ],
    # 3.1: the tag is a hint, the `oneOf` plain: valid under exactly one member
    "discriminator-overlapping-members-31": [
        ("Pet", {"kind": "cat"}),
        ("Pet", {"kind": "cat", "lives": 9}),
        ("Pet", {"kind": "cat", "lives": 9, "barks": 1}),
        ("Pet", {"kind": "dog", "lives": 9}),
        ("Pet", {"kind": "puppy", "barks": True, "lives": "x"}),
        ("Pet", {"kind": "x", "barks": 0}),
        ("Pet", {"barks": True, "lives": 0}),
        ("Either", {"kind": "cat"}),
        ("Either", {"kind": "x", "lives": "x"}),
        ("Either", {"kind": "x", "lives": "x", "barks": 0}),
        ("Either", {"kind": 1}),
    ],
}


class Generated:
    """One fixture spec: its models, its validator and its generated strategies."""

    def __init__(self, name: str, out: Path) -> None:
        spec = SPECS / f"{name}.yaml"
        self.doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
        package = name.replace("-", "_")
        generate_into(spec, out, package)
        self.package = import_fresh(out, package)
        import_fresh(out, package + "_tests")
        self.strategies = importlib.import_module(package + "_tests.strategies")
        self.validation = importlib.import_module(package + "_tests.validation")
        config = SpecConfig(spec=spec, output=out, package=package)
        self.api = build_api(copy.deepcopy(self.doc), config, str(spec))
        self.validator = SchemaValidator(self.api)

    def model_accepts(self, schema: str, value: Any) -> bool:
        target = getattr(self.package.models, self.api.named[_class(self.api, schema)].name)
        try:
            TypeAdapter(target).validate_python(copy.deepcopy(value), by_alias=True, by_name=False)
        except ValidationError:
            return False
        return True

    def spec_accepts(self, schema: str, value: Any) -> bool:
        try:
            return self.validator.is_valid(COMPONENTS + schema, value)
        except TypeError:  # openapi-schema-validator looks an array or object tag up in `mapping`
            return False


def _class(api: Any, key: str) -> str:
    return next(n for n, item in api.named.items() if item.pointer == COMPONENTS + key)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Generated]:
    out = tmp_path_factory.mktemp("exactness")
    return {name: Generated(name, out) for name in CASES}


def _ids(case: Any) -> str:
    return repr(case)[:40]


@pytest.mark.parametrize(
    ("name", "schema", "value"),
    [(name, schema, value) for name, cases in CASES.items() for schema, value in cases],
    ids=_ids,
)
def test_models_agree_with_the_spec(
    generated: dict[str, Generated], name: str, schema: str, value: Any
) -> None:
    g = generated[name]
    spec, model = g.spec_accepts(schema, value), g.model_accepts(schema, value)
    assert spec == model, f"{schema} {value!r}: the spec says {spec}, the models {model}"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["", "x", "cat", "dog"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["a", "b", "c", "id", "kind", "name", "size", "names", "detail"]),
            inner,
            max_size=4,
        )
    ),
    max_leaves=8,
)
SCHEMAS = sorted({(name, schema) for name, cases in CASES.items() for schema, _ in cases})


@pytest.mark.parametrize(("name", "schema"), SCHEMAS, ids=_ids)
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(value=JSON)
def test_models_agree_with_the_spec_on_random_json(
    generated: dict[str, Generated], name: str, schema: str, value: Any
) -> None:
    g = generated[name]
    spec, model = g.spec_accepts(schema, value), g.model_accepts(schema, value)
    assert spec == model, f"{schema} {value!r}: the spec says {spec}, the models {model}"


@pytest.mark.parametrize(("name", "schema"), SCHEMAS, ids=_ids)
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_strategies_draw_valid_values(
    generated: dict[str, Generated], name: str, schema: str, data: st.DataObject
) -> None:
    g = generated[name]
    strategies: ModuleType = g.strategies
    if COMPONENTS + schema not in strategies.SCHEMAS:
        pytest.skip("no strategy of its own")
    value = data.draw(strategies.SCHEMAS[COMPONENTS + schema]())
    assert g.spec_accepts(schema, value), f"{value!r} drawn, the spec refuses it"
    assert g.model_accepts(schema, value), f"{value!r} drawn, the models refuse it"


def test_recursive_schemas_are_aliases_not_skips(generated: dict[str, Generated]) -> None:
    api = generated["recursive-alias"].api
    assert api.skipped == ()
    text = (Path(generated["recursive-alias"].package.__file__).parent / "models.py").read_text()
    assert 'Nested = TypeAliasType("Nested", "list[Nested]")' in text


def test_a_loop_that_reads_nothing_adds_no_value(generated: dict[str, Generated]) -> None:
    g = generated["skipped-recursive-oneof"]
    assert [s.pointer for s in g.api.skipped] == ["/components/schemas/R/oneOf/0"]
    # the validator the generated tests use follows the rest of the schema
    assert g.validation.accepts(COMPONENTS + "R", {"id": 1})


def test_unsatisfiable_intersections_are_said(generated: dict[str, Generated]) -> None:
    api = generated["allof-conflicting-types"].api
    assert [s.pointer for s in api.skipped] == ["/components/schemas/Thing/properties/id"]
    assert "no value" in api.skipped[0].reason


def test_nothing_in_these_specs_is_skipped_but_what_cannot_be_exact(
    generated: dict[str, Generated],
) -> None:
    skipped = {name: [s.reason for s in g.api.skipped] for name, g in generated.items()}
    assert skipped == {
        **{name: [] for name in CASES},
        "skipped-recursive-oneof": [skipped["skipped-recursive-oneof"][0]],
        "skipped-unenforced-keywords": [
            "`if`/`then`/`else` is not enforced by the models",
            "`prefixItems` are typed as a list of any of their types",
        ],
        "allof-conflicting-types": [skipped["allof-conflicting-types"][0]],
    }


def test_write_only_marks_apply_across_all_of_members(tmp_path: Path) -> None:
    spec = SPECS / "allof-writeonly-required.yaml"
    generate_into(spec, tmp_path, "wo_api")
    import_fresh(tmp_path, "wo_api_tests")
    validation = importlib.import_module("wo_api_tests.validation")
    body = COMPONENTS + "Account"
    # `password` is required by one member and marked writeOnly by another: a response
    # need not carry it, and `id` (readOnly) need not be sent
    assert validation.accepts(body, {"name": "n", "id": 1})
    assert not validation.accepts(body, {"name": "n"})
