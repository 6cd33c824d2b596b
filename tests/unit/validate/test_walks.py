"""Full validation walks the document once for the checks that walk it, and reads each distinct
pattern once, with every problem still reported where it is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import generator.openapi.document as document_module
import generator.validate as validate_module
import generator.validate.spec as spec_module
from generator.load import load
from generator.patterns import ecma
from generator.validate import validate
from generator.validate.notes import notes
from generator.validate.regex import pattern_fault


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APIFORGE_NO_CACHE", "1")


def _spec(tmp_path: Path, schemas: dict[str, Any]) -> Path:
    data = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    }
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def test_the_refs_and_the_patterns_share_one_walk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schemas = {
        "A": {"type": "string", "pattern": "^[a-z]+$"},
        "B": {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
    }
    doc = load(_spec(tmp_path, schemas), use_cache=False)
    walks: list[Any] = []
    real = document_module.iter_objects

    def counted(data: Any) -> Any:
        walks.append(data)
        return real(data)

    monkeypatch.setattr(document_module, "iter_objects", counted)
    monkeypatch.setattr(validate_module, "iter_objects", counted)
    assert validate(doc) == []
    assert [w is doc.data for w in walks] == [True]


def test_each_distinct_pattern_is_read_once_and_reported_at_every_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schemas = {
        f"S{i}": {
            "type": "object",
            "properties": {"code": {"type": "string", "pattern": "a{2,1}"}},
            "patternProperties": {"^x-[a-z]+$": {"type": "string"}},
        }
        for i in range(5)
    }
    read: list[str] = []
    real = ecma.check
    pattern_fault.cache_clear()  # verdicts remembered from other tests

    def counted(pattern: str) -> None:
        read.append(pattern)
        real(pattern)

    monkeypatch.setattr(ecma, "check", counted)
    doc = load(_spec(tmp_path, schemas), use_cache=False)
    assert validate(doc) == []  # a pattern SHOULD be ECMA-262: a warning
    told = notes(doc)
    assert sorted(read) == ["^x-[a-z]+$", "a{2,1}"]
    pattern_problems = [p for p in told if "ECMA-262" in p.message]
    assert [p.pointer for p in pattern_problems] == [
        f"/components/schemas/S{i}/properties/code/pattern" for i in range(5)
    ]
    assert len({p.message for p in pattern_problems}) == 1
    assert len({p.line for p in pattern_problems}) == 5


def test_the_quick_verdict_reads_the_refs_where_the_check_of_the_refs_found_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.validate.clean as clean_module

    schemas = {
        "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"type": "array", "items": {"$ref": "#/components/schemas/C"}},
        "C": {"$ref": "#/components/schemas/D"},
        "D": {"type": "string", "default": "x"},
    }
    doc = load(_spec(tmp_path, schemas), use_cache=False)
    followed: list[Any] = []
    real = clean_module.walk_parts

    def counted(data: Any, parts: Any) -> Any:
        followed.append(parts)
        return real(data, parts)

    monkeypatch.setattr(clean_module, "walk_parts", counted)
    verdicts: list[bool] = []

    def verdict(*args: Any) -> bool:
        verdicts.append(clean_module.is_clean(*args))
        return verdicts[-1]

    monkeypatch.setattr(spec_module, "is_clean", verdict)
    assert validate(doc) == []
    assert verdicts == [True]
    assert followed == []
    assert clean_module.is_clean(doc.data, 1)  # by itself it follows them
    assert len(followed) == 3
