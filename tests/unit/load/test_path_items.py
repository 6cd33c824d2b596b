"""A Path Item holding ``$ref`` beside other fields, read as the item it means: the fields of the
item it refers to with those beside the ``$ref`` over them, parameters merged by name and
location, chains of such items, callbacks' items; where each field came from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.load import Document
from generator.load.path_items import is_path_item, path_item_places, settle_path_items


def _doc(data: dict[str, Any]) -> Document:
    return Document(Path("spec.yaml"), data, "0")


def _param(name: str, where: str = "path", **more: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "schema": {"type": "string"}, **more}


def _ok(text: str) -> dict[str, Any]:
    return {"responses": {"200": {"description": text}}}


def test_a_document_without_a_path_item_ref_is_the_same_document() -> None:
    doc = _doc({"openapi": "3.0.3", "paths": {"/a": {"get": _ok("a")}}})
    assert settle_path_items(doc) is doc


def test_the_fields_beside_the_ref_are_read_over_the_referred_item() -> None:
    referred = {"summary": "there", "get": _ok("there"), "delete": _ok("gone")}
    beside = {"$ref": "#/components/x-items/Item", "summary": "here", "post": _ok("here")}
    data = {"paths": {"/a": beside}, "components": {"x-items": {"Item": referred}}}
    settled = settle_path_items(_doc(data))
    assert settled.data["paths"]["/a"] == {
        "summary": "here",
        "get": _ok("there"),
        "delete": _ok("gone"),
        "post": _ok("here"),
    }
    # the document read is left as it was, and what was not changed is shared
    assert data["paths"]["/a"] is beside and "$ref" in beside
    assert settled.data["components"] is data["components"]
    # a field read from the referred item is located there, one beside the $ref where it is
    assert settled.origins["/paths/~1a/get"][2] == "/components/x-items/Item/get"
    assert "/paths/~1a/post" not in settled.origins
    assert [n.pointer for n in settled.notes] == ["/paths/~1a/summary"]


def test_parameters_are_merged_by_name_and_location_the_one_beside_winning() -> None:
    referred = {
        "parameters": [_param("id", description="there"), _param("q", "query")],
        "get": _ok("x"),
    }
    beside = {
        "$ref": "#/components/pathItems/Item",
        "parameters": [_param("id", description="here"), _param("id", "header")],
    }
    data = {"paths": {"/a/{id}": beside}, "components": {"pathItems": {"Item": referred}}}
    settled = settle_path_items(_doc(data))
    read = settled.data["paths"]["/a/{id}"]["parameters"]
    assert [(p["name"], p["in"], p.get("description")) for p in read] == [
        ("q", "query", None),
        ("id", "path", "here"),
        ("id", "header", None),
    ]
    at = "/paths/~1a~1{id}/parameters"
    assert settled.origins[f"{at}/0"][2] == "/components/pathItems/Item/parameters/1"
    assert settled.origins[f"{at}/1"][2] == f"{at}/0"
    assert [(n.pointer, n.message.split(" is ")[0]) for n in settled.notes] == [
        (f"{at}/0", "parameter 'id' in path")
    ]


def test_a_parameter_written_as_a_ref_is_merged_by_the_parameter_it_names() -> None:
    data = {
        "paths": {
            "/a/{id}": {
                "$ref": "#/components/x-items/Item",
                "parameters": [{"$ref": "#/components/parameters/Id"}],
            }
        },
        "components": {
            "parameters": {"Id": _param("id", description="named")},
            "x-items": {"Item": {"parameters": [_param("id")], "get": _ok("x")}},
        },
    }
    read = settle_path_items(_doc(data)).data["paths"]["/a/{id}"]["parameters"]
    assert read == [{"$ref": "#/components/parameters/Id"}]


def test_a_chain_of_refs_is_read_inner_first_the_outer_fields_winning() -> None:
    data = {
        "webhooks": {"hook": {"$ref": "#/components/pathItems/A", "summary": "outer"}},
        "components": {
            "pathItems": {
                "A": {"$ref": "#/components/pathItems/B", "summary": "middle", "put": _ok("a")},
                "B": {"summary": "inner", "put": _ok("b"), "post": _ok("b")},
            }
        },
    }
    settled = settle_path_items(_doc(data)).data
    assert settled["webhooks"]["hook"] == {"summary": "outer", "put": _ok("a"), "post": _ok("b")}
    assert settled["components"]["pathItems"]["A"] == {
        "summary": "middle",
        "put": _ok("a"),
        "post": _ok("b"),
    }


def test_a_callbacks_path_item_is_read_so_too_in_an_operation_read_from_a_ref() -> None:
    callback = {"{$url}": {"$ref": "#/components/pathItems/Done", "put": _ok("beside")}}
    data = {
        "paths": {"/a": {"$ref": "#/components/pathItems/A"}},
        "components": {
            "pathItems": {
                "A": {"post": {**_ok("a"), "callbacks": {"done": callback}}},
                "Done": {"post": _ok("done")},
            }
        },
    }
    settled = settle_path_items(_doc(data))
    item = settled.data["paths"]["/a"]["post"]["callbacks"]["done"]["{$url}"]
    assert item == {"post": _ok("done"), "put": _ok("beside")}
    at = "/paths/~1a/post/callbacks/done/{$url}"
    assert settled.origins[f"{at}/post"][2] == "/components/pathItems/Done/post"
    written = "/components/pathItems/A/post/callbacks/done/{$url}/put"
    assert settled.origins[f"{at}/put"][2] == written


def test_a_ref_that_cannot_be_followed_is_left_for_validation_to_report() -> None:
    items = {
        "/nowhere": {"$ref": "#/components/pathItems/Gone", "get": _ok("x")},
        "/text": {"$ref": "#/info/title"},
        "/loop": {"$ref": "#/paths/~1loop"},
        "/other-file": {"$ref": "other.yaml#/Item", "get": _ok("x")},
    }
    doc = _doc({"info": {"title": "t"}, "paths": items})
    assert settle_path_items(doc) is doc


def test_the_path_items_are_known_by_their_place() -> None:
    assert is_path_item(("paths", "/a"))
    assert not is_path_item(("paths", "x-extension"))
    assert is_path_item(("webhooks", "x-named-so"))
    assert is_path_item(("components", "pathItems", "A"))
    assert is_path_item(("components", "callbacks", "C", "{$url}"))
    assert is_path_item(("paths", "/a", "post", "callbacks", "c", "{$url}"))
    assert is_path_item(
        ("paths", "/a", "post", "callbacks", "c", "{$url}", "get", "callbacks", "d", "e")
    )
    assert not is_path_item(("paths", "/a", "post", "callbacks", "c", "x-ext"))
    assert not is_path_item(("components", "schemas", "A", "properties", "callbacks", "c", "d"))
    assert not is_path_item(("components", "x-items", "A"))
    data = {
        "paths": {"/a": {"post": {"callbacks": {"c": {"{$url}": {}}}}}, "x-no": {}},
        "webhooks": {"w": {}},
        "components": {"pathItems": {"P": {}}, "callbacks": {"C": {"e": {}, "x-no": {}}}},
    }
    places = [at for at, _ in path_item_places(data)]
    assert places == [
        ("paths", "/a"),
        ("paths", "/a", "post", "callbacks", "c", "{$url}"),
        ("webhooks", "w"),
        ("components", "pathItems", "P"),
        ("components", "callbacks", "C", "e"),
    ]
    assert all(is_path_item(at) for at in places)
