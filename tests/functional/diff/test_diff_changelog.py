"""`apiforge diff` as a changelog: one entry per change at its source, renames, nothing silent."""

from __future__ import annotations

import copy
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from generator.diff import (
    diff_documents,
    entries,
    exit_code,
    operation_tags,
    render_report,
)
from generator.openapi import escape_pointer_token
from tests.support import ROOT

KITCHEN = ROOT / "spec" / "kitchen-sink.yaml"
ITEM = "/components/schemas/Item"


def _api(item: dict[str, Any], **schemas: Any) -> dict[str, Any]:
    """Three operations that read or write ``Item``: GET /a, POST /b, GET /c (tagged)."""
    ref = {"$ref": "#/components/schemas/Item"}
    content = {"application/json": {"schema": ref}}
    ok = {"200": {"description": "ok", "content": content}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {"get": {"tags": ["alpha"], "responses": ok}},
            "/b": {
                "post": {"tags": ["beta"], "requestBody": {"content": content}, "responses": ok}
            },
            "/c": {"get": {"responses": ok}},
        },
        "components": {"schemas": {"Item": item, **schemas}},
    }


def _item(**extra: Any) -> dict[str, Any]:
    props = {"id": {"type": "string"}, "name": {"type": "string"}}
    return {"type": "object", "required": ["id", "name"], "properties": props, **extra}


def test_a_shared_field_change_is_one_entry_listing_the_operations_it_reaches() -> None:
    old = _api(_item())
    new = _api({**_item(), "required": ["id"]})
    changes = diff_documents(old, new)
    assert len(changes) == 4  # one per use: three responses and one request
    (entry,) = entries(changes)
    assert entry.message == "schema `Item` field `name` is now optional"
    assert entry.operations == ("GET /a", "POST /b", "GET /c")
    assert entry.level == "breaking"  # the responses break; the request side is info
    assert entry.rules == ("response-property-became-optional", "request-property-became-optional")
    assert {(u.operation, u.level) for u in entry.uses} >= {("POST /b", "info")}
    data = json.loads(render_report(changes, "old", "new", fmt="json"))
    assert data["summary"] == {
        "breaking": 1,
        "warning": 0,
        "info": 0,
        "changes": 1,
        "operations": 3,
    }
    assert data["changes"][0]["operations"] == ["GET /a", "POST /b", "GET /c"]
    text = render_report(changes, "old", "new").splitlines()
    assert text[1] == "1 breaking, 0 warnings, 0 info (3 operations reached)"
    assert text[3].startswith("BREAKING  response-property-became-optional, ")
    assert "schema `Item` field `name` is now optional" in text[3]
    assert text[4].startswith("          reaches GET /a (response 200 body field `name`)")
    assert "POST /b (request body field `name`; info)" in text[4]
    assert exit_code(changes, "breaking") == 1


def test_nested_uses_name_the_field_at_its_source() -> None:
    wrapper = {
        "type": "object",
        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}},
    }
    old, new = _api(_item(), Page=wrapper), _api({**_item(), "required": ["id"]}, Page=wrapper)
    for doc in (old, new):
        doc["paths"]["/d"] = {
            "get": {
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Page"}}
                        },
                    }
                }
            }
        }
    (entry,) = entries(diff_documents(old, new))
    assert entry.message == "schema `Item` field `name` is now optional"
    assert "GET /d" in entry.operations
    assert any(u.where == "response 200 body field `items[].name`" for u in entry.uses)


def test_a_change_of_one_operation_keeps_its_one_line() -> None:
    old, new = _api(_item()), _api(_item())
    new["paths"]["/a"]["get"]["parameters"] = [
        {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}
    ]
    (entry,) = entries(diff_documents(old, new))
    assert entry.operations == ("GET /a",)
    line = render_report(diff_documents(old, new), "o", "n").splitlines()[3]
    assert line.startswith("BREAKING  request-parameter-added-required  GET /a  ")


def test_a_string_with_a_numeric_format_becoming_that_number_is_told_apart() -> None:
    old = _api(_item(properties={"id": {"type": "string", "format": "int64"}}))
    new = _api(_item(properties={"id": {"type": "integer", "format": "int64"}}))
    (entry,) = entries(diff_documents(old, new))
    assert entry.rule.endswith("-type-follows-format")
    assert entry.level == "warning"
    assert "as its format `int64` said" in entry.message
    # any other retyping stays a type change
    plain = _api(_item(properties={"id": {"type": "string", "format": "date-time"}}))
    (other,) = entries(diff_documents(plain, new))
    assert other.rule.endswith("-type-changed") and other.level == "breaking"


def _renamed(doc: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    text = json.dumps(doc).replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    out = json.loads(text)
    schemas = out["components"]["schemas"]
    out["components"]["schemas"] = {(new if k == old else k): v for k, v in schemas.items()}
    return out


def test_a_component_renamed_with_its_shape_is_one_rename() -> None:
    old = _api(_item())
    new = _renamed(old, "Item", "Thing")
    changes = diff_documents(old, new)
    assert [(c.rule, c.old_pointer, c.new_pointer) for c in changes] == [
        ("schema-component-renamed", ITEM, "/components/schemas/Thing")
    ]
    assert "`Item` was renamed to `Thing`" in changes[0].message


def test_renames_that_refer_to_each_other_are_both_found() -> None:
    tag = {"type": "object", "properties": {"label": {"type": "string"}}}
    old = _api(_item(properties={"tag": {"$ref": "#/components/schemas/Tag"}}), Tag=tag)
    new = _renamed(_renamed(old, "Tag", "Label"), "Item", "Thing")
    assert sorted(c.rule for c in diff_documents(old, new)) == ["schema-component-renamed"] * 2


def test_a_renamed_component_whose_shape_changed_is_a_removal_and_an_addition() -> None:
    old = _api(_item())
    new = _renamed(old, "Item", "Thing")
    new["components"]["schemas"]["Thing"]["properties"]["extra"] = {"type": "string"}
    rules = {c.rule for c in diff_documents(old, new)}
    assert "schema-component-renamed" not in rules
    assert {"schema-component-removed", "schema-component-added"} <= rules


def test_a_rename_needs_its_references_to_move_and_one_candidate() -> None:
    old = _api(_item())
    new = _renamed(old, "Item", "Thing")
    new["components"]["schemas"]["Other"] = copy.deepcopy(new["components"]["schemas"]["Thing"])
    new["paths"]["/c"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Other"
    }  # the references split between two names: neither took all of them
    assert "schema-component-renamed" not in [c.rule for c in diff_documents(old, new)]
    spare = _api(_item(), Spare={"type": "string"})  # referenced nowhere
    two = copy.deepcopy(spare)
    del two["components"]["schemas"]["Spare"]
    two["components"]["schemas"]["X"] = {"type": "string"}
    two["components"]["schemas"]["Y"] = {"type": "string"}
    assert "schema-component-renamed" not in [c.rule for c in diff_documents(spare, two)]


def test_what_no_rule_reads_is_still_an_info_entry() -> None:
    old = _api(_item())
    new = copy.deepcopy(old)
    new["paths"]["/a"]["get"]["description"] = "Reads an item."
    new["components"]["schemas"]["Item"]["x-internal"] = True
    new["info"]["version"] = "2"
    found = {(c.rule, c.level, c.operation) for c in diff_documents(old, new)}
    assert found == {
        ("other-added", "info", "GET /a"),
        ("other-added", "info", None),
        ("other-changed", "info", None),
    }


def test_reordered_sets_are_no_difference() -> None:
    old = _api(_item(enum=None))
    del old["components"]["schemas"]["Item"]["enum"]
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Item"]["required"] = ["name", "id"]
    assert diff_documents(old, new) == []


def _leaves(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in _leaves(v, (*at, k))]
    if isinstance(node, list):
        return [leaf for i, v in enumerate(node) for leaf in _leaves(v, (*at, i))]
    return [at]


def _mutated(doc: Any, path: tuple[Any, ...], how: str) -> Any:
    out = copy.deepcopy(doc)
    holder = out
    for part in path[:-1]:
        holder = holder[part]
    value = holder[path[-1]]
    if how == "delete":
        del holder[path[-1]]
    elif isinstance(value, bool):
        holder[path[-1]] = not value
    elif isinstance(value, int | float):
        holder[path[-1]] = value + 1
    elif isinstance(value, str):
        holder[path[-1]] = value + "x"
    else:
        holder[path[-1]] = "x"
    return out


def test_every_mutation_of_a_rich_spec_is_reported() -> None:
    base = yaml.safe_load(KITCHEN.read_text(encoding="utf-8"))
    rng = random.Random(7)
    leaves = _leaves(base)
    silent = []
    for path in rng.sample(leaves, 150):
        for how in ("change", "delete"):
            mutated = _mutated(base, path, how)
            if mutated != base and not diff_documents(base, mutated):
                silent.append((how, "/" + "/".join(escape_pointer_token(str(p)) for p in path)))
    assert silent == []


def test_markdown_reads_as_release_notes_breaking_first_then_by_tag() -> None:
    old = _api(_item())
    old["info"]["description"] = "Items."
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Item"]["required"] = ["id"]  # breaking, three operations
    new["paths"]["/a"]["get"]["parameters"] = [
        {"name": "q", "in": "query", "schema": {"type": "string"}}
    ]  # info, tag alpha
    new["paths"]["/c"]["get"]["deprecated"] = True  # info, untagged
    new["info"]["description"] = "<script>x</script>"  # info, the document
    changes = diff_documents(old, new)
    notes = render_report(
        changes, "v1.yaml", "v2.yaml", fmt="markdown", tags=operation_tags(old, new)
    )
    headings = [line for line in notes.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Breaking changes (1)",
        "## alpha",
        "## Other operations",
        "## The whole document",
    ]
    assert "- schema `Item` field `name` is now optional (`GET /a`, `POST /b`, `GET /c`)" in notes
    assert "<script>" not in notes and "&lt;script&gt;" in notes


def test_operation_tags_prefer_the_new_document(tmp_path: Path) -> None:
    old = _api(_item())
    new = copy.deepcopy(old)
    new["paths"]["/a"]["get"]["tags"] = ["renamed"]
    del new["paths"]["/c"]
    tags = operation_tags(old, new)
    assert tags["GET /a"] == ("renamed",)
    assert tags["GET /c"] == ()


def test_an_invalid_spec_is_unreadable_input_not_a_breaking_change(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(_api(_item())), encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n", encoding="utf-8")
    for old, new in ((good, bad), (bad, good)):
        done = subprocess.run(
            [sys.executable, "-m", "generator", "diff", str(old), str(new)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert done.stdout == ""
        assert all(line.startswith(str(bad)) for line in done.stderr.splitlines()), done.stderr
