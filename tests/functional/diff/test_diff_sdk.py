"""`apiforge diff --sdk`: what changes for Python callers, checked against the generated packages.

Both versions of a spec are generated and imported; their public names (model classes and
fields, enum members, client methods and keyword arguments) are read by introspection. Every
name that a caller could use before and cannot after must be in the SDK report.
"""

from __future__ import annotations

import copy
import enum
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pydantic
import yaml

from generator.config import SpecConfig
from generator.diff import compare_surfaces
from generator.pipeline import build
from generator.render.surface import surface
from tests.support import ROOT, generate_into, import_fresh


def _spec() -> dict[str, Any]:
    item = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
    }
    color = {"type": "string", "enum": ["red", "green"]}
    ref = {"$ref": "#/components/schemas/Item"}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": ref}}}}
    query = {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Shop", "version": "1"},
        "paths": {
            "/items": {
                "get": {"operationId": "listItems", "parameters": [query], "responses": ok},
                "post": {
                    "operationId": "createItem",
                    "requestBody": {"content": {"application/json": {"schema": ref}}},
                    "responses": ok,
                },
            },
            "/colors": {"get": {"operationId": "colors", "responses": ok}},
        },
        "components": {"schemas": {"Item": item, "Color": color}},
    }


def _changed() -> dict[str, Any]:
    spec = _spec()
    new = copy.deepcopy(spec)
    item = new["components"]["schemas"]["Item"]
    item["properties"]["title"] = item["properties"].pop("name")  # a field renamed
    new["components"]["schemas"]["Color"]["enum"] = ["red"]  # an enum member gone
    get = new["paths"]["/items"]["get"]
    get["parameters"] = [
        {"name": "page", "in": "query", "required": True, "schema": {"type": "integer"}}
    ]
    del new["paths"]["/colors"]  # a method gone
    return new


def _write(tmp: Path, name: str, spec: dict[str, Any]) -> Path:
    path = tmp / name
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


Name = tuple[str, str, str]  # (kind, item, member or "")


def _names(module: Any) -> set[Name]:
    """Every public name a caller of the imported package can use, read by introspection."""
    found: set[Name] = set()
    models = module.models
    for cls_name, cls in vars(models).items():
        if not (isinstance(cls, type) and cls.__module__ == models.__name__):
            continue
        if issubclass(cls, pydantic.BaseModel):
            found.add(("class", cls_name, ""))
            found.update(("class", cls_name, f) for f in cls.model_fields)
        elif issubclass(cls, enum.Enum):
            found.add(("enum", cls_name, ""))
            found.update(("enum", cls_name, m) for m in cls.__members__)
    client = module.Client(base_url="http://localhost")

    def walk(obj: Any, path: tuple[str, ...]) -> None:
        for attr in dir(type(obj)):
            if attr.startswith("_") or attr in ("with_raw_response", "with_options", "close"):
                continue
            value = getattr(obj, attr)
            if inspect.ismethod(value) and path:
                name = ".".join((*path, attr))
                found.add(("method", name, ""))
                found.update(("method", name, p) for p in inspect.signature(value).parameters)
            elif type(value).__name__.endswith("Resource"):
                walk(value, (*path, attr))

    walk(client, ())
    return found


def test_every_name_a_caller_loses_is_in_the_sdk_report(tmp_path: Path) -> None:
    old_spec, new_spec = (
        _write(tmp_path, "v1.yaml", _spec()),
        _write(tmp_path, "v2.yaml", _changed()),
    )
    generate_into(old_spec, tmp_path / "v1", "shop_v1")
    generate_into(new_spec, tmp_path / "v2", "shop_v2")
    before = _names(import_fresh(tmp_path / "v1", "shop_v1"))
    after = _names(import_fresh(tmp_path / "v2", "shop_v2"))
    lost = before - after
    assert lost, "the change must take names away"
    _, old_api = build(SpecConfig(spec=old_spec, output=tmp_path), ROOT)
    _, new_api = build(SpecConfig(spec=new_spec, output=tmp_path), ROOT)
    report = compare_surfaces(surface(old_api), surface(new_api))
    text = "\n".join(c.message for c in report if c.level == "breaking")
    for kind, item, member in sorted(lost):
        if member and (kind, item, "") in lost:
            continue  # the whole class or method is reported gone
        assert f"{kind} `{item}`" in text, (kind, item, member, text)
        if member:
            assert f"`{member}` was removed" in text, (kind, item, member, text)


def test_a_class_renamed_with_its_fields_is_one_rename() -> None:
    old = {"class Item": {"id": "str; required"}, "method items.list": {"->": "Item"}}
    new = {"class Thing": {"id": "str; required"}, "method items.list": {"->": "Thing"}}
    found = [(c.level, c.kind) for c in compare_surfaces(old, new)]
    assert found == [("breaking", "class-renamed")]  # the return annotation only names it anew
    new["method items.list"]["->"] = "list[Thing]"
    found = [(c.level, c.kind) for c in compare_surfaces(old, new)]
    assert found == [("breaking", "class-renamed"), ("warning", "return-type-changed")]


def test_arguments_added_required_and_optional() -> None:
    old = {"method a.get": {"->": "None"}}
    new = {"method a.get": {"q": "int; required", "page": "int; optional", "->": "None"}}
    found = {(c.level, c.kind) for c in compare_surfaces(old, new)}
    assert found == {("breaking", "argument-added-required"), ("info", "argument-added")}


def test_the_cli_prints_the_sdk_section(tmp_path: Path) -> None:
    old_spec, new_spec = (
        _write(tmp_path, "v1.yaml", _spec()),
        _write(tmp_path, "v2.yaml", _changed()),
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "diff",
            str(old_spec),
            str(new_spec),
            "--sdk",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert run.returncode == 1, run.stderr
    data = json.loads(run.stdout)
    kinds = {c["kind"] for c in data["sdk"]}
    assert {"method-removed", "argument-added-required", "field-removed"} <= kinds
    plain = subprocess.run(
        [sys.executable, "-m", "generator", "diff", str(old_spec), str(new_spec)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert "Python SDK" not in plain.stdout
