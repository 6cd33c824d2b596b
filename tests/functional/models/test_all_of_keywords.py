"""A keyword set by two members of an ``allOf`` is two constraints, and the models check both.

The merge of the members kept the last member's ``pattern`` and ``multipleOf`` only: a model
took a value the first member refuses, and the generated suite drew such values and failed
on a correct spec (telecom specs write an IPv6 address as two patterns).
"""

from __future__ import annotations

from types import ModuleType

import pytest
from pydantic import ValidationError

from tests.support import ROOT, generate_into, import_fresh

SPEC = ROOT / "tests" / "specs" / "strategies_all_of_keywords_30.yaml"


@pytest.fixture(scope="module", params=["apiforge", "datamodel-codegen"])
def api(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> ModuleType:
    """The models of each engine (datamodel-codegen's joins the patterns in one)."""
    out = tmp_path_factory.mktemp("all_of")
    package = "all_of_api" if request.param == "apiforge" else "all_of_dcg_api"
    generate_into(SPEC, out, package, models_engine=request.param)
    return import_fresh(out, package)


@pytest.mark.parametrize(
    ("address", "valid"),
    [
        ("fe80:1::a:2", True),  # hex groups, and two groups each side of `::`
        ("::", True),
        ("1:2:3:4:5:6:7:8", True),
        ("zz::1:2", False),  # the colons' pattern only
        ("1:2:3", False),  # the hex groups' pattern only
    ],
)
def test_an_address_matches_both_patterns(api: ModuleType, address: str, valid: bool) -> None:
    host = {"address": address, "code": "A1"}
    if valid:
        assert api.models.Host.model_validate(host).address == address
    else:
        with pytest.raises(ValidationError, match="pattern"):
            api.models.Host.model_validate(host)


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("code", "A1", True),
        ("code", "A", False),  # the first pattern only
        ("code", "1", False),  # the second only
        ("step", 12, True),
        ("step", 8, False),  # a multiple of 4, not of 6
        ("step", 18, False),  # of 6, not of 4
        ("price", 1.5, True),
        ("price", 0.75, False),  # of 0.25, not of 0.1
        ("price", 0.3, False),  # of 0.1, not of 0.25
        ("tags", ["a", "a"], False),  # unique under the first member
        ("traffic", {"dnn": "x", "matched": ["a"]}, True),
        ("traffic", {"slice": 1, "unmatched": ["a"], "matched": ["b"]}, True),
        ("traffic", {"matched": ["a"]}, False),  # the second group only
        ("traffic", {"dnn": "x"}, False),  # the first only
    ],
)
def test_each_members_keyword_holds(
    api: ModuleType, field: str, value: object, valid: bool
) -> None:
    if field == "tags" and api.__name__ == "all_of_dcg_api":
        pytest.skip("datamodel-codegen's models leave uniqueItems unchecked, merged or not")
    host = {"address": "::", "code": "A1", field: value}
    if valid:
        api.models.Host.model_validate(host)
    else:
        with pytest.raises(ValidationError):
            api.models.Host.model_validate(host)
