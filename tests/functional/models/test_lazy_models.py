"""A large API's models package: each name imported on first use with only the modules it
needs, every public name kept, references across modules (and cycles) resolved.

The package layout is chosen by size (``model_groups.SPLIT_AT``); these tests lower the
threshold so that a small spec gets the package.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.render import model_groups
from tests.support import ROOT, generate_into, import_fresh

SPEC = ROOT / "tests" / "specs" / "lazy_models.yaml"
PACKAGE = "lazy_api"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lazy")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model_groups, "SPLIT_AT", 0)
        generate_into(SPEC, folder, PACKAGE)
    return folder


@pytest.fixture(scope="module")
def package(out: Path) -> ModuleType:
    return import_fresh(out, PACKAGE)


def loaded_after(out: Path, code: str) -> list[str]:
    """The modules of the models package that a fresh process has imported after ``code``."""
    script = (
        f"{code}\nimport sys\n"
        f"print(__import__('json').dumps(sorted(m for m in sys.modules"
        f" if m.startswith('{PACKAGE}.models.'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=out, capture_output=True, text=True, check=True
    )
    return [m.removeprefix(f"{PACKAGE}.models.") for m in json.loads(done.stdout)]


def test_the_models_are_a_package_of_modules(out: Path) -> None:
    folder = out / PACKAGE / "models"
    assert sorted(p.name for p in folder.glob("*.py")) == [
        "__init__.py",
        "_labels.py",
        "_order.py",
        "_player.py",
        "_tree.py",
        "_user.py",
    ]


def test_importing_the_package_imports_no_model(out: Path) -> None:
    assert loaded_after(out, f"import {PACKAGE}, {PACKAGE}.models") == []


def test_a_name_imports_its_module_and_those_it_refers_to(out: Path) -> None:
    code = f"from {PACKAGE}.models import Order"
    assert loaded_after(out, code) == ["_labels", "_order", "_user"]
    assert loaded_after(out, f"import {PACKAGE}.models as m\nm.User") == ["_user"]


def test_a_first_call_imports_only_what_its_operation_names(out: Path) -> None:
    code = f"""
import httpx, {PACKAGE}
def answer(request):
    return httpx.Response(200, json={{"name": "root", "children": [{{"name": "leaf"}}]}})
http = httpx.Client(transport=httpx.MockTransport(answer))
client = {PACKAGE}.Client(base_url="https://api.example", http_client=http)
tree = client.trees.retrieve(id=1)
assert type(tree).__name__ == "Tree" and tree.children[0].name == "leaf", tree
"""
    assert loaded_after(out, code) == ["_labels", "_tree", "_user"]


def test_every_public_name_resolves_and_dir_lists_them(package: ModuleType) -> None:
    models = package.models
    expected = {"Labels", "Line", "Order", "OrderStatus", "Player", "Team", "Tree", "User"}
    assert set(models.__all__) == expected
    assert expected <= set(dir(models))
    for name in sorted(expected - {"Labels"}):
        assert getattr(models, name).__name__ == name
    _ = models.Labels  # an alias: read once, then kept in the package's namespace
    assert "Labels" in vars(models)
    with pytest.raises(AttributeError, match="Nope"):
        _ = models.Nope


def test_references_across_modules_validate_and_pickle(package: ModuleType) -> None:
    models = package.models
    wire: dict[str, Any] = {
        "id": 7,
        "customer": {"login": "ada"},
        "status": "paid",
        "labels": ["a"],
        "lines": [{"sku": "x", "quantity": 2}],
    }
    order = models.Order.from_dict(wire)
    assert isinstance(order.customer, models.User)
    assert order.status is models.OrderStatus.PAID
    assert order.to_dict() == wire
    assert pickle.loads(pickle.dumps(order)) == order
    with pytest.raises(ValueError, match="quantity"):
        models.Order.from_dict({**wire, "lines": [{"sku": "x", "quantity": 0}]})
    assert models.Order.model_rebuild(force=True) is True


def test_recursive_models_and_cycles_validate(package: ModuleType) -> None:
    models = package.models
    tree = models.Tree.from_dict(
        {"name": "a", "owner": {"login": "o"}, "children": [{"name": "b", "children": []}]}
    )
    assert isinstance(tree.children[0], models.Tree)
    assert pickle.loads(pickle.dumps(tree)) == tree
    team = models.Team.from_dict({"name": "t", "players": [{"name": "p", "team": {"name": "u"}}]})
    assert isinstance(team.players[0].team, models.Team)
    assert pickle.loads(pickle.dumps(team)) == team
    with pytest.raises(ValueError, match="name"):
        models.Player.from_dict({"name": "p", "team": {"players": []}})


def test_a_small_api_keeps_one_module(tmp_path: Path) -> None:
    files = generate_into(SPEC, tmp_path, PACKAGE)
    assert f"{PACKAGE}/models.py" in files
    assert not any(path.startswith(f"{PACKAGE}/models/") for path in files)


def test_the_tests_adapters_load_only_the_models_a_schema_names(out: Path) -> None:
    adapters = f"import {PACKAGE}_tests.adapters as a"
    assert loaded_after(out, adapters) == []  # every process that collects the tests
    user = f"{adapters}\nassert a.accepts('/components/schemas/User', {{'login': 'x'}})"
    assert loaded_after(out, user) == ["_user"]
    labels = f"{adapters}\nassert a.round_trip('/components/schemas/Labels', ['x']) == ['x']"
    assert loaded_after(out, labels) == ["_labels"]
