"""The modules of a large API's models package: one home per type, cycles kept together,
imports between modules without a cycle."""

from __future__ import annotations

from graphlib import TopologicalSorter
from pathlib import Path

import pytest
import yaml

from generator import ir
from generator.config import SpecConfig
from generator.facts import typefacts
from generator.parse import build_api
from generator.render import model_groups
from tests.support import ROOT

SPECS = [ROOT / "tests" / "specs" / "lazy_models.yaml", ROOT / "spec" / "kitchen-sink.yaml"]


def api_of(spec: Path) -> ir.Api:
    doc = yaml.safe_load(spec.read_text(encoding="utf-8"))
    return build_api(doc, SpecConfig(spec=spec, output=Path("out")), str(spec))


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_every_type_has_one_module_and_its_references_are_imported(spec: Path) -> None:
    api = api_of(spec)
    modules = model_groups.modules(api)
    homes = [name for m in modules for name in m.names]
    assert sorted(homes) == sorted(api.named)
    home = {name: m.name for m in modules for name in m.names}
    for module in modules:
        imported = {n: source for source, names in module.imports.items() for n in names}
        for name in module.names:
            for ref in typefacts.references(api, name):
                assert home[ref] == module.name or imported[ref] == home[ref], (name, ref)
    graph = {m.name: set(m.imports) for m in modules}
    list(TopologicalSorter(graph).static_order())  # raises CycleError on a cycle


def test_a_cycle_stays_in_one_module_and_a_private_type_with_its_user() -> None:
    modules = {m.name: m for m in model_groups.modules(api_of(SPECS[0]))}
    assert modules["_player"].names == {"Player", "Team"}  # Player <-> Team
    assert modules["_order"].names == {"Order", "Line", "OrderStatus"}  # only Order uses them
    assert modules["_order"].imports == {"_labels": ("Labels",), "_user": ("User",)}
    assert modules["_tree"].names == {"Tree"}  # recursive through itself


def test_components_of_a_graph() -> None:
    graph = {"a": {"b"}, "b": {"a", "c"}, "c": {"c"}, "d": {"c"}, "e": set()}
    found = sorted(sorted(c) for c in typefacts.strongly_connected(graph))
    assert found == [["a", "b"], ["c"], ["d"], ["e"]]


def test_the_package_is_for_large_apis_only(monkeypatch: pytest.MonkeyPatch) -> None:
    small = api_of(SPECS[1])
    assert len(small.named) <= model_groups.SPLIT_AT
    assert model_groups.layout(small) is None
    monkeypatch.setattr(model_groups, "SPLIT_AT", 0)
    assert model_groups.layout(small) is not None


def test_a_deep_chain_of_imports_keeps_one_module(monkeypatch: pytest.MonkeyPatch) -> None:
    api = api_of(SPECS[0])
    monkeypatch.setattr(model_groups, "SPLIT_AT", 0)
    assert model_groups.depth(model_groups.modules(api)) == 2  # _order imports _user
    monkeypatch.setattr(model_groups, "MAX_DEPTH", 1)
    assert model_groups.layout(api) is None
