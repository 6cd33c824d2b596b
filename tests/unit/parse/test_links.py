"""Links in the IR: the spec's own, and the ones inferred from paths and schemas."""

from __future__ import annotations

from typing import Any

from generator import ir

from .spec import build

ID = {"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}
ITEM = {
    "type": "object",
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
}


def _crud(created: dict[str, Any]) -> dict[str, Any]:
    return {
        "/items": {
            "post": {
                "operationId": "createItem",
                "responses": {"201": created},
            },
            "get": {"operationId": "listItems", "responses": {"200": {"description": "ok"}}},
        },
        "/items/{item_id}": {
            "parameters": [ID],
            "get": {"operationId": "getItem", "responses": {"200": {"description": "ok"}}},
            "delete": {"operationId": "deleteItem", "responses": {"204": {"description": "ok"}}},
        },
    }


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "made", "content": {"application/json": {"schema": schema}}}


def _values(link: ir.Link) -> list[tuple[str, str, str]]:
    return [(v.location, v.name, v.expression) for v in link.values]


def test_a_create_answer_property_fits_the_item_path_parameter() -> None:
    api = build(_crud(_json({"$ref": "#/components/schemas/Item"})), {"Item": ITEM})
    assert [(link.source, link.target) for link in api.links] == [
        ("createItem", "getItem"),
        ("createItem", "deleteItem"),
    ]
    (link, _) = api.links
    assert link.inferred and link.status == "201"
    assert _values(link) == [("path", "item_id", "$response.body#/id")]
    assert "'id' property" in link.rule


def test_the_property_named_like_the_parameter_wins_over_id() -> None:
    item = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "itemId": {"type": "string"}},
    }
    api = build(_crud(_json(item)))
    assert _values(api.links[0]) == [("path", "item_id", "$response.body#/itemId")]


def test_a_property_of_another_json_type_does_not_fit() -> None:
    item = {"type": "object", "properties": {"id": {"type": "array", "items": {"type": "string"}}}}
    assert build(_crud(_json(item))).links == ()


def test_a_location_header_gives_its_last_segment() -> None:
    created = {"description": "made", "headers": {"Location": {"schema": {"type": "string"}}}}
    link = build(_crud(created)).links[0]
    assert _values(link) == [("path", "item_id", "$response.header.Location")]
    assert link.values[0].segment == -1


def test_no_fitting_property_and_no_location_means_no_link() -> None:
    assert build(_crud({"description": "made"})).links == ()


def test_parent_path_parameters_are_passed_on_from_the_request() -> None:
    user = {"name": "user", "in": "path", "required": True, "schema": {"type": "string"}}
    paths = {
        "/users/{user}/posts": {
            "parameters": [user],
            "post": {"operationId": "createPost", "responses": {"201": _json(ITEM)}},
        },
        "/users/{user}/posts/{post_id}": {
            "parameters": [user, {**ID, "name": "post_id"}],
            "get": {"operationId": "getPost", "responses": {"200": {"description": "ok"}}},
        },
    }
    (link,) = build(paths).links
    assert _values(link) == [
        ("path", "post_id", "$response.body#/id"),
        ("path", "user", "$request.path.user"),
    ]


def test_put_at_an_id_links_to_the_other_operations_on_it() -> None:
    paths = {
        "/items/{item_id}": {
            "parameters": [ID],
            "put": {"operationId": "putItem", "responses": {"200": {"description": "ok"}}},
            "get": {"operationId": "getItem", "responses": {"200": {"description": "ok"}}},
        }
    }
    (link,) = build(paths).links
    assert (link.source, link.target) == ("putItem", "getItem")
    assert _values(link) == [("path", "item_id", "$request.path.item_id")]


def test_the_specs_links_replace_inference_for_their_operation() -> None:
    created = _json({"$ref": "#/components/schemas/Item"})
    created["links"] = {
        "ReadIt": {
            "operationId": "getItem",
            "parameters": {"path.item_id": "$response.body#/name", "unknown": "$url"},
        },
        "Refs": {"$ref": "#/components/links/ByRef"},
    }
    components = {
        "links": {
            "ByRef": {
                "operationRef": "#/paths/~1items~1{item_id}/delete",
                "parameters": {"item_id": "item-{$response.body#/id}"},
            }
        }
    }
    api = build(_crud(created), {"Item": ITEM}, components=components)
    assert [(link.name, link.target, link.inferred) for link in api.links] == [
        ("ReadIt", "getItem", False),
        ("Refs", "deleteItem", False),
    ]
    assert _values(api.links[0]) == [("path", "item_id", "$response.body#/name")]
    assert api.links[0].pointer == "/paths/~1items/post/responses/201/links/ReadIt"
    assert _values(api.links[1]) == [("path", "item_id", "item-{$response.body#/id}")]


def test_constant_link_values_are_kept_as_values() -> None:
    created = _json(ITEM)
    created["links"] = {"L": {"operationId": "getItem", "parameters": {"item_id": 7}}}
    (link,) = build(_crud(created)).links
    assert link.values[0].is_constant and link.values[0].constant == 7
