"""OpenAPI 3.1 references by ``$anchor``, relative to ``$id``, and by ``$dynamicRef``, on
``specs/refs_anchor_31.yaml``: resolved as JSON Schema 2020-12 resolves them."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from generator.load import Document
from generator.load.anchors import resolve_anchors
from tests.support import ROOT, SPECS, generate_into, import_fresh

SPEC = SPECS / "refs_anchor_31.yaml"
PACKAGE = "refs_anchor_api"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    out = tmp_path_factory.mktemp("anchors")
    generate_into(SPEC, out, PACKAGE)
    yield import_fresh(out, PACKAGE)


def test_the_spec_is_valid() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "validate", str(SPEC)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_ref_to_an_anchor_is_the_anchored_schema(api: ModuleType) -> None:
    pet = api.models.Pet.from_dict({"name": "rex", "tag": "short"})
    assert pet.tag == "short"
    with pytest.raises(ValueError):
        api.models.Pet.from_dict({"name": "rex", "tag": "far too long"})


def test_refs_resolve_against_the_enclosing_id(api: ModuleType) -> None:
    owner = api.models.Owner.from_dict(
        {"pets": [{"id": 1}], "address": {"city": "Oslo"}, "nick": "ab"}
    )
    assert isinstance(owner.address, api.models.Address)
    assert owner.pets[0].id == 1
    for bad in (
        {"pets": [{"id": "1"}], "address": {"city": "Oslo"}},  # #/$defs/... inside Owner
        {"pets": [], "address": {}},  # `address` is Address's $id
        {"pets": [], "address": {"city": "Oslo"}, "nick": "a"},  # #nick inside Owner
    ):
        with pytest.raises(ValueError):
            api.models.Owner.from_dict(bad)


def test_a_dynamic_ref_with_one_dynamic_anchor_is_that_schema(api: ModuleType) -> None:
    tree = api.models.Tree.from_dict({"value": 1, "children": [{"value": 2, "children": []}]})
    assert isinstance(tree.children[0], api.models.Tree)
    with pytest.raises(ValueError):
        api.models.Tree.from_dict({"value": 1, "children": [{"value": "x"}]})


def _resolved(data: dict[str, Any], tmp_path: Path) -> Any:
    return resolve_anchors(Document(tmp_path / "spec.yaml", data, "0")).data


TREES = {
    "tree": {
        "$id": "https://example.test/tree",
        "$dynamicAnchor": "node",
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$dynamicRef": "#node"}}},
    },
    "strict": {
        "$id": "https://example.test/strict-tree",
        "$dynamicAnchor": "node",
        "$ref": "tree",
        "unevaluatedProperties": False,
    },
}


def test_a_dynamic_ref_the_scope_decides_stays_and_is_listed_as_skipped(tmp_path: Path) -> None:
    from generator.config import SpecConfig
    from generator.parse import build_api

    doc = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    doc["components"] = {"schemas": TREES}
    data = _resolved(doc, tmp_path)
    schemas = data["components"]["schemas"]
    assert schemas["strict"]["$ref"] == "#/components/schemas/tree"
    items = schemas["tree"]["properties"]["children"]["items"]
    assert items == {"$dynamicRef": "#/components/schemas/tree"}
    assert not any(k in schemas["tree"] for k in ("$id", "$dynamicAnchor"))
    api = build_api(data, SpecConfig(spec=tmp_path / "spec.yaml", output=tmp_path), "spec.yaml")
    assert any("$dynamicRef" in s.reason for s in api.skipped)


def test_30_documents_and_documents_without_ids_are_left_alone(tmp_path: Path) -> None:
    doc = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    doc["openapi"] = "3.0.3"
    loaded = Document(tmp_path / "spec.yaml", doc, "0")
    assert resolve_anchors(loaded) is loaded
    plain = {"openapi": "3.1.0", "components": {"schemas": {"A": {"$ref": "#/x"}}}}
    loaded = Document(tmp_path / "spec.yaml", plain, "0")
    assert resolve_anchors(loaded) is loaded


def test_a_property_named_like_a_keyword_is_a_name(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {"$id": {"type": "string"}}}
    doc = {"openapi": "3.1.0", "components": {"schemas": {"A": schema, "B": {"$anchor": "b"}}}}
    data = _resolved(doc, tmp_path)
    assert data["components"]["schemas"]["A"]["properties"] == {"$id": {"type": "string"}}
    assert "$anchor" not in data["components"]["schemas"]["B"]


@pytest.mark.parametrize(
    "base", ["urn:uuid:deadbeef-1234-00ff-ff00-4321feebdaed", "tag:example.com,2024:things"]
)
def test_a_fragment_ref_resolves_against_an_id_of_any_scheme(tmp_path: Path, base: str) -> None:
    # RFC 3986: a reference that is only a fragment keeps its base, a URN too (urljoin leaves
    # it alone against a scheme it does not resolve against, and the ref dangled)
    schema = {
        "$id": base,
        "type": "object",
        "properties": {"foo": {"$ref": "#/$defs/bar"}},
        "$defs": {"bar": {"type": "string"}},
    }
    doc = {"openapi": "3.1.0", "components": {"schemas": {"WithId": schema}}}
    data = _resolved(doc, tmp_path)
    foo = data["components"]["schemas"]["WithId"]["properties"]["foo"]
    assert foo == {"$ref": "#/components/schemas/WithId/$defs/bar"}
