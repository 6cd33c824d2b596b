"""The spec validator walks a long chain of `$ref`s without stacking it, and finds the same."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import generator.validate.spec as spec_module
from generator.load import load
from generator.validate import validate
from generator.validate.refs import check_refs
from tests.chains import SHAPES, chain_document

# past what a walk of schemas inside one another gets through under pytest's recursion
# limit (1,000), and checked in about a second
LONG = 600


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIFORGE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


pytestmark = pytest.mark.usefixtures("python_default_recursion_limit")


def _write(folder: Path, doc: dict[str, Any]) -> Path:
    path = folder / "chain.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def _broken(n: int, shape: str) -> dict[str, Any]:
    """A chain with mistakes deep inside it, reached only through the chain."""
    doc = chain_document(n, shape)
    schemas = doc["components"]["schemas"]
    deep = schemas[f"S{n - 5}"]
    deep["default"] = "not an object"  # wrong for its type
    deep["maxLength"] = -1  # against the schema dialect
    schemas[f"S{n - 9}"]["required"] = ["missing"]
    return doc


@pytest.mark.parametrize("shape", SHAPES)
def test_a_long_chain_is_valid(tmp_path: Path, shape: str) -> None:
    assert sys.getrecursionlimit() < LONG * 3
    assert validate(load(_write(tmp_path, chain_document(LONG, shape)))) == []


def test_mistakes_deep_in_a_chain_are_found_as_a_nested_walk_finds_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = _write(tmp_path, _broken(LONG, "mixed"))
    found = validate(load(spec))
    assert found
    deep = (f"/components/schemas/S{LONG - 9}", f"/components/schemas/S{LONG - 5}")
    assert all((p.pointer or "").startswith(deep) for p in found), [str(p) for p in found]

    # the same chain, short enough to walk nested, reports the same problems
    short = _write(tmp_path, _broken(60, "mixed"))
    deferred = [str(p) for p in validate(load(short))]
    monkeypatch.setattr(spec_module, "deferring", lambda cls: cls)
    spec_module.validator_class.cache_clear()
    monkeypatch.setenv("APIFORGE_NO_CACHE", "1")
    try:
        nested = [str(p) for p in validate(load(short))]
    finally:
        monkeypatch.undo()
        spec_module.validator_class.cache_clear()
    assert deferred == nested
    assert len(deferred) >= 2


def test_a_long_chain_of_refs_to_refs_is_checked_in_linear_time(tmp_path: Path) -> None:
    """``S0 -> S1 -> ... -> Sn``, each only a `$ref`: each ref's check of cycles follows
    the hops once, not again from every ref."""
    n = 3_000
    doc = chain_document(2, "property")
    schemas = {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(n)}
    schemas[f"S{n}"] = {"type": "string"}
    doc["components"]["schemas"] = schemas
    assert check_refs(load(_write(tmp_path, doc))) == []
    schemas[f"S{n}"] = {"$ref": "#/components/schemas/S0"}
    problems = check_refs(load(_write(tmp_path, doc)))
    assert len(problems) == n + 1
    assert all("$ref cycle never reaches a definition" in p.message for p in problems)
    assert f"-> ... {n + 2 - 11:,} more -> #/components/schemas/S0;" in problems[0].message


@pytest.mark.parametrize("shape", ["allOf", "ref"])
def test_a_chain_of_two_thousand_compositions_or_bare_refs_is_valid(
    tmp_path: Path, shape: str
) -> None:
    """Each schema only ``allOf: [{$ref: next}]``, or only ``$ref: next``: 2,000 of them,
    under Python's default recursion limit, and in linear time."""
    assert sys.getrecursionlimit() <= 1_000
    spec = _write(tmp_path, chain_document(2_000, shape))
    start = time.process_time()
    assert validate(load(spec, use_cache=False)) == []
    assert time.process_time() - start < 10


def test_mistakes_deep_in_a_long_composition_chain_are_found(tmp_path: Path) -> None:
    """The full walk, with the chain's mistakes: each schema's `allOf` members are not walked
    again to the end of the chain, nor through nested calls."""
    n = 2_000
    doc = chain_document(n, "allOf")
    doc["components"]["schemas"][f"S{n - 5}"]["maxLength"] = -1
    start = time.process_time()
    found = validate(load(_write(tmp_path, doc), use_cache=False))
    assert time.process_time() - start < 20
    assert [(p.pointer, p.message) for p in found] == [
        (f"/components/schemas/S{n - 5}/maxLength", "-1 is less than the minimum of 0")
    ]
