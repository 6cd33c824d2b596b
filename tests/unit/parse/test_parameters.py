"""Parameters: every location and style, their defaults, merging, and the JSON ``content`` form."""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from tests.unit.parse.spec import build, get, only

AT = "/paths/~1things/get/parameters/"
STRINGS = ir.ArrayT(ir.StringT())
COLOR = {"type": "object", "properties": {"r": {"type": "integer"}, "g": {"type": "integer"}}}


def _param(raw: dict[str, Any], path: str = "/things") -> ir.Param:
    (param,) = only(build(get([raw], path))).params
    return param


@pytest.mark.parametrize(
    ("raw", "style", "explode", "type_"),
    [
        # query: form (exploded by default), spaceDelimited, pipeDelimited, deepObject
        ({"schema": {"type": "string"}}, "form", True, ir.StringT()),
        (
            {"explode": False, "schema": {"type": "array", "items": {"type": "string"}}},
            "form",
            False,
            STRINGS,
        ),
        (
            {"style": "spaceDelimited", "schema": {"type": "array", "items": {"type": "string"}}},
            "spaceDelimited",
            False,
            STRINGS,
        ),
        (
            {
                "style": "pipeDelimited",
                "explode": False,
                "schema": {"type": "array", "items": {"type": "integer", "minimum": 1}},
            },
            "pipeDelimited",
            False,
            ir.ArrayT(ir.IntT(ir.Bounds(ge=1))),
        ),
    ],
)
def test_query_styles(raw: dict[str, Any], style: str, explode: bool, type_: ir.TypeRef) -> None:
    assert _param({"name": "q", "in": "query", **raw}) == ir.Param(
        name="q",
        wire="q",
        location="query",
        type=type_,
        required=False,
        style=style,
        explode=explode,
        pointer=AT + "0",
    )


def test_a_deep_object_is_a_model_of_its_own() -> None:
    api = build(get([{"name": "color", "in": "query", "style": "deepObject", "schema": COLOR}]))
    (param,) = only(api).params
    assert param == ir.Param(
        name="color",
        wire="color",
        location="query",
        type=ir.ModelRef("GetThingsColor"),
        required=False,
        style="deepObject",
        explode=False,
        pointer=AT + "0",
    )
    assert api.model("GetThingsColor") == ir.Model(
        name="GetThingsColor",
        pointer=AT + "0/schema",
        fields=(
            ir.Field(name="r", wire="r", type=ir.IntT(), required=False),
            ir.Field(name="g", wire="g", type=ir.IntT(), required=False),
        ),
    )


@pytest.mark.parametrize(
    ("path", "raw", "style", "explode"),
    [
        ("/things/{id}", {"schema": {"type": "string"}}, "simple", False),
        ("/things/{id}", {"style": "label", "schema": {"type": "string"}}, "label", False),
        (
            "/things/{id}",
            {"style": "label", "explode": True, "schema": {"type": "string"}},
            "label",
            True,
        ),
        ("/things/{id}", {"style": "matrix", "schema": {"type": "string"}}, "matrix", False),
        (
            "/things/{id}",
            {"style": "matrix", "explode": True, "schema": {"type": "string"}},
            "matrix",
            True,
        ),
    ],
)
def test_path_styles_and_a_path_parameter_is_always_required(
    path: str, raw: dict[str, Any], style: str, explode: bool
) -> None:
    # `required: false` is not OpenAPI for a path parameter; it is required all the same
    param = _param({"name": "id", "in": "path", "required": False, **raw}, path)
    assert param == ir.Param(
        name="id",
        wire="id",
        location="path",
        type=ir.StringT(),
        required=True,
        style=style,
        explode=explode,
        pointer="/paths/~1things~1{id}/get/parameters/0",
    )


@pytest.mark.parametrize(
    ("location", "raw", "style", "explode", "type_"),
    [
        (
            "header",
            {"schema": {"type": "array", "items": {"type": "string"}}},
            "simple",
            False,
            STRINGS,
        ),
        (
            "header",
            {"explode": True, "schema": {"type": "array", "items": {"type": "string"}}},
            "simple",
            True,
            STRINGS,
        ),
        ("cookie", {"schema": {"type": "string"}}, "form", True, ir.StringT()),
        (
            "cookie",
            {"explode": False, "schema": {"type": "array", "items": {"type": "string"}}},
            "form",
            False,
            STRINGS,
        ),
    ],
)
def test_header_and_cookie_styles(
    location: str, raw: dict[str, Any], style: str, explode: bool, type_: ir.TypeRef
) -> None:
    param = _param({"name": "X-Tags", "in": location, "required": True, **raw})
    assert param == ir.Param(
        name="x_tags",
        wire="X-Tags",
        location=location,  # type: ignore[arg-type]
        type=type_,
        required=True,
        style=style,
        explode=explode,
        pointer=AT + "0",
    )


def test_json_content_parameter_and_a_default() -> None:
    api = build(
        get(
            [
                {
                    "name": "where",
                    "in": "query",
                    "content": {"application/json": {"schema": {"type": "array", "items": {}}}},
                },
                {"name": "limit", "in": "query", "schema": {"type": "integer", "default": 20}},
            ]
        )
    )
    assert only(api).params == (
        ir.Param(
            name="limit",
            wire="limit",
            location="query",
            type=ir.IntT(),
            required=False,
            style="form",
            explode=True,
            default=ir.Default(20),
            pointer=AT + "1",
        ),
        ir.Param(
            name="where",
            wire="where",
            location="query",
            type=ir.ArrayT(ir.AnyT()),
            required=False,
            style="json",
            explode=False,
            pointer=AT + "0",
        ),
    )


def test_order_merging_and_reserved_names() -> None:
    # path parameters first, then by location and name; an operation's parameter replaces
    # the path item's of the same name and location; a name the generated methods take for
    # themselves (`body`, `timeout`) gets a numeric suffix, the wire name stays
    paths = get(
        [
            {"name": "timeout", "in": "query", "schema": {"type": "number"}},
            {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
            {"name": "body", "in": "header", "schema": {"type": "string"}},
        ],
        "/things/{id}",
    )
    paths["/things/{id}"]["parameters"] = [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "trace", "in": "cookie", "schema": {"type": "boolean"}},
    ]
    params = only(build(paths)).params
    here = "/paths/~1things~1{id}/get/parameters/"
    assert [(p.location, p.wire, p.name, p.type, p.pointer) for p in params] == [
        ("path", "id", "id", ir.IntT(), here + "1"),
        ("cookie", "trace", "trace", ir.BoolT(), "/paths/~1things~1{id}/parameters/1"),
        ("header", "body", "body_2", ir.StringT(), here + "2"),
        ("query", "timeout", "timeout_2", ir.NumberT(), here + "0"),
    ]


def test_a_header_name_http_cannot_carry_is_skipped() -> None:
    api = build(get([{"name": "bad name", "in": "header", "schema": {"type": "string"}}]))
    assert only(api).params == ()
    assert [s.pointer for s in api.skipped] == [AT + "0/name"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Accept", "is ignored, as OpenAPI says"),
        ("content-type", "is ignored, as OpenAPI says"),
        ("AUTHORIZATION", "is ignored, as OpenAPI says"),
        ("Content-Length", "is written by HTTP itself"),
        ("Host", "is written by HTTP itself"),
        ("Transfer-Encoding", "is written by HTTP itself"),
    ],
)
def test_a_header_openapi_ignores_or_http_writes_is_skipped(name: str, reason: str) -> None:
    schema = {"type": "integer", "maximum": 10}
    api = build(get([{"name": name, "in": "header", "required": True, "schema": schema}]))
    assert only(api).params == ()
    assert [(s.pointer, reason in s.reason) for s in api.skipped] == [(AT + "0/name", True)]


def test_a_header_the_client_also_writes_is_a_parameter() -> None:
    raw = [{"name": n, "in": "header", "schema": {"type": "string"}} for n in ("User-Agent", "TE")]
    api = build(get(raw))
    assert [p.wire for p in only(api).params] == ["User-Agent"]


@pytest.mark.parametrize(
    ("location", "raw", "style", "explode"),
    [
        ("query", {}, "form", True),  # `a=1&b=2`
        ("query", {"explode": False}, "form", False),  # `color=a,1,b,2`
        ("header", {}, "simple", False),  # `a,1,b,2`
        ("header", {"explode": True}, "simple", True),  # `a=1,b=2`
        ("cookie", {"explode": False}, "form", False),  # `color=a,1,b,2`
    ],
)
def test_objects_in_each_location_are_models(
    location: str, raw: dict[str, Any], style: str, explode: bool
) -> None:
    api = build(get([{"name": "color", "in": location, "schema": COLOR, **raw}]))
    assert only(api).params == (
        ir.Param(
            name="color",
            wire="color",
            location=location,  # type: ignore[arg-type]
            type=ir.ModelRef("GetThingsColor"),
            required=False,
            style=style,
            explode=explode,
            pointer=AT + "0",
        ),
    )


def test_a_path_template_and_parameters_that_disagree_are_made_to_agree() -> None:
    params = [
        {"name": "externalGroupId", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "subId", "in": "path", "required": True, "schema": {"type": "integer"}},
    ]
    api = build(get(params, "/groups/{groupId}/subs/{subId}.json"))
    (op,) = api.operations
    assert [(p.wire, p.type, p.required) for p in op.params] == [
        ("groupId", ir.StringT(), True),
        ("subId", ir.IntT(), True),
    ]
    reasons = sorted(s.reason for s in api.skipped)
    assert reasons == [
        "path parameter 'externalGroupId' is in no `{}` of the path: left out",
        "the path's {groupId} has no parameter: read as a required string",
    ]
