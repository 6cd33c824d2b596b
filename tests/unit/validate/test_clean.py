"""The quick verdict never hides a problem: every spec gets the same problems with it and without.

Each fixture spec of the repository is validated as it is and with one planted mistake of each
kind openapi-spec-validator's walk looks for; the problems (messages, places, pointers) must be
the same whether the quick verdict is asked first or not, and a spec it calls clean has none.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import generator.validate.spec as spec_module
from generator.errors import ApiforgeError, Problem
from generator.load import load
from generator.openapi import path_items
from generator.validate import validate
from generator.validate.clean import is_clean
from tests.chains import chain_document

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = sorted(
    [
        *(ROOT / "tests" / "specs").glob("*.yaml"),
        *(ROOT / "tests" / "breadth" / "specs").glob("*.yaml"),
        *(ROOT / "tests" / "unit" / "validate" / "cases").glob("*.yaml"),
        *(ROOT / "tests" / "unit" / "validate" / "cases").glob("*.json"),
        *(ROOT / "spec").glob("*.yaml"),
    ]
)


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APIFORGE_NO_CACHE", "1")


def _problems(path: Path, quick: bool, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    verdict: Callable[..., bool] = is_clean if quick else (lambda *args: False)
    with monkeypatch.context() as patch:
        patch.setattr(spec_module, "is_clean", verdict)
        try:
            return validate(load(path))
        except ApiforgeError as exc:
            return [
                Problem(p.file, f"raised: {p.message}", p.line, p.column, p.pointer)
                for p in exc.problems
            ]


def _same_either_way(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    full = _problems(path, quick=False, monkeypatch=monkeypatch)
    assert _problems(path, quick=True, monkeypatch=monkeypatch) == full
    return full


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    schemas = doc.get("components", {}).get("schemas", {})
    return {k: v for k, v in schemas.items() if isinstance(v, dict) and "$ref" not in v}


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for url, item in path_items(doc.get("paths", {})):  # an extension holds no operation
        for method in ("get", "put", "post", "delete", "patch"):
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                yield url, item[method]


def _wrong_default(doc: dict[str, Any]) -> bool:
    for schema in _schemas(doc).values():
        if schema.get("type") == "object":
            schema["default"] = "not an object"
            return True
    return False


def _against_dialect(doc: dict[str, Any]) -> bool:
    for schema in _schemas(doc).values():
        schema["maxLength"] = -1
        return True
    return False


def _same_operation_id(doc: dict[str, Any]) -> bool:
    operations = [op for _, op in _operations(doc)]
    if len(operations) < 2:
        return False
    operations[1]["operationId"] = operations[0].get("operationId", "same")
    operations[0]["operationId"] = operations[1]["operationId"]
    return True


def _path_parameter_missing(doc: dict[str, Any]) -> bool:
    paths = doc.get("paths", {})
    for url, _ in list(path_items(paths)):
        if "{" not in url and isinstance(paths[url], dict):
            paths[url.rstrip("/") + "/{undeclared}"] = paths.pop(url)
            return True
    return False


def _parameter_twice(doc: dict[str, Any]) -> bool:
    for _, operation in _operations(doc):
        parameter = {"name": "twice", "in": "query", "schema": {"type": "string"}}
        operation["parameters"] = [*operation.get("parameters", []), parameter, parameter]
        return True
    return False


def _wrong_nested_default(doc: dict[str, Any]) -> bool:
    for schema in _schemas(doc).values():
        for prop in schema.get("properties", {}).values():
            if isinstance(prop, dict) and prop.get("type") == "string":
                prop["default"] = 12
                return True
    return False


PLANTED = {
    "wrong-default": _wrong_default,
    "against-dialect": _against_dialect,
    "same-operation-id": _same_operation_id,
    "path-parameter-missing": _path_parameter_missing,
    "parameter-twice": _parameter_twice,
    "wrong-nested-default": _wrong_nested_default,
}

# mistakes in 3.0 only: a 3.1 default is an annotation (JSON Schema 2020-12), told, not refused
ANNOTATIONS = frozenset({"wrong-default", "wrong-nested-default"})


def _read(path: Path) -> Any:
    return copy.deepcopy(load(path).data)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_fixture_has_the_same_problems_with_the_quick_verdict(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _same_either_way(path, monkeypatch)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_planted_mistake_is_found_with_the_quick_verdict(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "multi-file" in path.parts or not isinstance(load(path).data, dict):
        pytest.skip("not a single self-contained document")
    for name, plant in PLANTED.items():
        doc = _read(path)
        if not isinstance(doc, dict) or not plant(doc):
            continue
        target = tmp_path / f"{name}.json"
        target.write_text(json.dumps(doc), encoding="utf-8")
        found = _same_either_way(target, monkeypatch)
        if name in ANNOTATIONS and str(doc.get("openapi")).startswith("3.1"):
            # an annotation, not a problem: the problems the document has without it
            assert _said(found) == _said(_as_it_is(path, tmp_path, monkeypatch)), name
        else:
            assert found, f"{name} planted, nothing found"


def _said(problems: list[Problem]) -> list[tuple[str, str | None]]:
    return [(p.message, p.pointer) for p in problems]


def _as_it_is(path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    """The problems of ``path``'s document written as the planted ones are (one JSON line)."""
    target = folder / "as-it-is.json"
    target.write_text(json.dumps(_read(path)), encoding="utf-8")
    return _same_either_way(target, monkeypatch)


def test_the_quick_verdict_answers_for_the_valid_fixtures() -> None:
    """It is asked for a reason: most valid specs are vouched for without the full walk."""
    clean = 0
    for path in FIXTURES:
        data = load(path).data
        minor = 1 if str(data.get("openapi", "")).startswith("3.1") else 0
        if is_clean(data, minor, spec_module.document_validator(minor)):
            clean += 1
            assert spec_module.spec_validator_problems(load(path), minor) == []
    assert clean >= len(FIXTURES) // 2


@pytest.mark.parametrize(
    ("plant", "clean"),
    [
        (lambda d: None, True),
        (lambda d: d["components"]["schemas"]["S3"].update(default="x"), False),
        (lambda d: d["components"]["schemas"]["S3"].update(maxProperties=-2), False),
        (lambda d: d["paths"]["/s"]["get"].update(parameters=[{"name": "a", "in": "path"}]), False),
        (lambda d: d["components"]["schemas"]["S3"].update(allOf=[], required=["z"]), False),
    ],
)
def test_the_quick_verdict_on_a_chain(plant: Callable[[dict[str, Any]], None], clean: bool) -> None:
    doc = chain_document(50, "property")
    plant(doc)
    assert is_clean(doc, 0, spec_module.document_validator(0)) is clean
