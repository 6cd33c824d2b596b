"""Which values of a type a parameter style writes: what the strategies draw to send."""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from generator.facts.styles import objects_of, unwritable_fields, unwritten, writable, written
from generator.facts.typefacts import json_types
from tests.unit.parse.spec import build, get, only

STRINGS = {"type": "array", "items": {"type": "string"}}


def _closed(properties: dict[str, Any], *required: str) -> dict[str, Any]:
    """An object of ``properties`` alone (an undeclared one could hold any value)."""
    return {
        "type": "object",
        "properties": properties,
        **({"required": list(required)} if required else {}),
        "additionalProperties": False,
    }


RANGE = {"$ref": "#/components/schemas/Range"}
SCHEMAS: dict[str, Any] = {
    "Flat": _closed({"a": {"type": "string"}, "n": {"type": "integer"}}),
    "Range": _closed({"min": {"type": "integer"}, "max": {"type": "integer"}}, "min"),
    "Nested": _closed({"range": RANGE}, "range"),
    "MayNest": _closed({"range": RANGE}),
    "Listed": _closed({"tags": STRINGS}, "tags"),
    "MayList": _closed({"tags": STRINGS, "a": {"type": "string"}}),
    "OnlyLists": _closed({"tags": STRINGS}),
    "Nulls": _closed({"a": {"type": "string", "nullable": True}}),
    "Open": {"type": "object", "properties": {"range": RANGE}},
    "Loop": _closed({"next": {"$ref": "#/components/schemas/Loop"}}, "next"),
    "Lists": {"type": "array", "items": STRINGS},
    "Words": STRINGS,
    "Names": {"type": "array", "items": {"type": "string", "minLength": 1}},
}
API = build(schemas=SCHEMAS, openapi="3.0.3")


def _type(name: str) -> ir.TypeRef:
    item = API.named[name]
    return item.type if isinstance(item, ir.Alias) else ir.ModelRef(name)


@pytest.mark.parametrize(
    ("name", "form", "deep"),
    [
        ("Flat", True, True),
        # an object inside: deepObject nests it (`f[range][min]=1`), no other style has text
        ("Nested", False, True),
        ("MayNest", False, True),  # only its empty value, which is no value, in form
        ("Listed", False, False),  # a list inside an object has text in no style
        ("MayList", True, True),
        ("OnlyLists", False, False),
        ("Open", True, True),  # an undeclared property may hold a text
        ("Loop", False, False),
        ("Lists", False, False),
        ("Words", True, False),  # deepObject writes objects only
        ("Names", True, False),
    ],
)
def test_writable(name: str, form: bool, deep: bool) -> None:
    assert writable(API, _type(name), "form") is form
    assert writable(API, _type(name), "deepObject") is deep
    assert writable(API, _type(name), "json")  # JSON text holds any value


@pytest.mark.parametrize(
    ("name", "form", "deep"),
    [
        ("Flat", False, False),
        ("Nested", True, False),  # a range always has its `min`
        ("MayNest", True, False),
        ("MayList", True, True),
        ("Nulls", True, True),  # a null has no text in any style
        ("Open", True, True),  # an undeclared property may hold anything
        # no object: deepObject writes none of it; form: it may be the list of one empty
        # text, written as the empty list is
        ("Words", True, True),
        ("Names", False, True),  # its texts are never empty
        ("Lists", True, True),
    ],
)
def test_unwritten(name: str, form: bool, deep: bool) -> None:
    assert unwritten(API, _type(name), "form") is form
    assert unwritten(API, _type(name), "deepObject") is deep
    assert not unwritten(API, _type(name), "json")


def test_an_empty_object_inside_a_deep_object_has_no_text() -> None:
    api = build(
        schemas={"Outer": {"type": "object", "properties": {"inner": {"type": "object"}}}},
        openapi="3.0.3",
    )
    assert unwritten(api, ir.ModelRef("Outer"), "deepObject")
    assert unwritten(api, ir.AnyT(), "form")  # any value: lists of lists too


UNTYPED = {"properties": {"id": {"type": "integer"}}, "required": ["id"]}


def test_an_untyped_schema_with_properties_is_written_as_its_objects_in_deep_object() -> None:
    # JSON Schema: an object with an integer `id`, or any value that is no object
    param = {"name": "obj", "in": "query", "style": "deepObject", "schema": UNTYPED}
    api = build(get([param]), openapi="3.0.3")
    t = only(api).params[0].type
    (model,) = objects_of(api, t)
    assert isinstance(model, ir.ModelRef)
    assert json_types(api, t) > {"object", "string"}
    assert written(api, t, "deepObject") == model
    assert written(api, t, "form") == t  # form writes a text, a list or an object alike
    assert written(api, ir.StringT(), "deepObject") == ir.NEVER
    assert written(api, ir.StringT(), "json") == ir.StringT()
    # any value: what has text, or lists (deepObject: objects) of it
    assert "object" not in json_types(api, written(api, ir.AnyT(), "form"))
    assert json_types(api, written(api, ir.AnyT(), "deepObject")) == {"object"}
    # "any value" in form is a text, or a list of texts: that list may be of one empty text
    assert unwritten(api, written(api, ir.AnyT(), "form"), "form")


def test_the_values_an_enum_of_arrays_or_objects_lists_are_written_as_they_are() -> None:
    # the models take any value, yet a parameter's values are the ones listed: drawn as
    # they are (and kept where the style writes them), not as any text or list
    api = build(get([]), openapi="3.1.0")
    pairs = ir.AnyT((["a", "b"], ["c"]))
    assert written(api, pairs, "form") == pairs
    points = ir.AnyT(({"x": 0}, [1]))
    assert written(api, points, "deepObject") == points
    assert written(api, ir.AnyT(([1],)), "deepObject") == ir.NEVER  # no object among them


def _form(required: list[str], style: str, items: dict[str, Any]) -> tuple[ir.Api, ir.Body]:
    content = {
        "application/x-www-form-urlencoded": {
            "encoding": {"tags": {"style": style, "explode": True}},
            "schema": {
                "type": "object",
                "required": required,
                "properties": {"tags": {"type": "array", "items": items}},
            },
        }
    }
    operation = {
        "operationId": "post",
        "requestBody": {"required": True, "content": content},
        "responses": {"204": {"description": "ok"}},
    }
    api = build({"/t": {"post": operation}})
    body = api.operations[0].body
    assert body is not None
    return api, body


@pytest.mark.parametrize(
    ("required", "style", "items", "told"),
    [
        (["tags"], "deepObject", {"type": "string"}, ("tags",)),  # a list has no deep text
        ([], "deepObject", {"type": "string"}, ()),  # left out, the body is sent
        (["tags"], "form", {"type": "string"}, ()),
        (["tags"], "form", {"type": "array", "items": {"type": "string"}}, ("tags",)),
    ],
)
def test_a_required_form_field_whose_style_writes_none_of_its_values_is_told(
    required: list[str], style: str, items: dict[str, Any], told: tuple[str, ...]
) -> None:
    assert unwritable_fields(*_form(required, style, items)) == told
