"""Names: schema and property collisions, Python keywords, operation names and overrides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import ir
from generator.config import SpecConfig
from generator.parse import build_api
from tests.unit.parse.spec import build

AT = "/components/schemas/"
DONE = {"204": {"description": "Done."}}


def _op(operation_id: str, *path_params: str) -> dict[str, Any]:
    params = [
        {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
        for p in path_params
    ]
    return {"operationId": operation_id, "parameters": params, "responses": DONE}


def test_schema_keys_that_share_a_name_get_suffixes_in_key_order() -> None:
    obj = {"type": "object", "properties": {"x": {"type": "string"}}}
    api = build(
        schemas={"a_b": obj, "a-b": obj, "foo": {"type": "integer"}, "Foo": {"enum": ["a"]}}
    )
    # keys sorted ("Foo" < "a-b" < "a_b" < "foo"); file names compare without case
    assert {item.pointer: item.name for item in api.named.values()} == {
        AT + "Foo": "Foo",
        AT + "a-b": "AB",
        AT + "a_b": "AB2",
        AT + "foo": "Foo2",
    }


def test_a_configured_schema_name_wins() -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {"Chat-Input": {"type": "object", "properties": {"x": {"type": "string"}}}}
        },
    }
    config = SpecConfig(
        spec=Path("t.yaml"), output=Path("out"), schema_names={"Chat-Input": "InputMessage"}
    )
    api = build_api(doc, config, "t.yaml")
    assert [(m.name, m.pointer) for m in api.models] == [("InputMessage", AT + "Chat-Input")]


def test_property_names_keep_their_wire_names() -> None:
    string = {"type": "string"}
    props = {"a-b": string, "a_b": string, "class": string, "2fa": string, "🚀": string}
    props["model_dump"] = string
    api = build(schemas={"Props": {"type": "object", "properties": props}})
    assert [(f.name, f.wire) for f in api.model("Props").fields] == [
        ("a_b", "a-b"),
        ("a_b_2", "a_b"),  # the second to claim a name gets a suffix
        ("class_", "class"),  # a keyword
        ("n2fa", "2fa"),  # a leading digit
        ("x1f680", "🚀"),  # nothing left of the name: its code point
        ("model_dump_", "model_dump"),  # a name pydantic's models use
    ]


def test_enum_member_names() -> None:
    api = build(schemas={"Mode": {"type": "string", "enum": ["dark blue", "1x", "class", ""]}})
    assert api.enum("Mode").members == (
        ir.EnumMember("DARK_BLUE", "dark blue"),
        ir.EnumMember("V1X", "1x"),
        ir.EnumMember("CLASS", "class"),
        ir.EnumMember("X", ""),
    )


def test_operation_names_from_path_and_method_then_from_the_operation_id() -> None:
    paths = {
        "/things": {"get": _op("listThings"), "post": _op("makeThing")},
        "/things/{id}": {"get": _op("readThing", "id"), "delete": _op("dropThing", "id")},
        # GET on another item of /things would also be `things.retrieve`: both are named
        # from their operationId
        "/things/{id}/{part}": {"get": _op("readPart", "id", "part")},
        "/async/chat": {"post": _op("startChat")},
    }
    api = build(paths)
    assert [(op.operation_id, op.group, op.name) for op in api.operations] == [
        ("startChat", ("async_", "chat"), "create"),
        ("listThings", ("things",), "list"),
        ("makeThing", ("things",), "create"),
        ("readThing", ("things",), "read_thing"),  # by path, then get put post delete ...
        ("dropThing", ("things",), "delete"),
        ("readPart", ("things",), "read_part"),
    ]


def test_a_configured_operation_name_wins() -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/v1/things": {"post": _op("make_thing_v1_things_post")}},
    }
    names = {"make_thing_v1_things_post": "things.make"}
    config = SpecConfig(spec=Path("t.yaml"), output=Path("out"), operation_names=names)
    (op,) = build_api(doc, config, "t.yaml").operations
    assert (op.group, op.name) == (("things",), "make")


def test_repeated_operation_ids_are_made_unique() -> None:
    api = build({"/a": {"get": _op("fetch")}, "/b": {"get": _op("fetch")}})
    assert [(op.path, op.operation_id) for op in api.operations] == [
        ("/a", "fetch"),
        ("/b", "fetch_2"),
    ]
