"""Request bodies: the media type chosen, JSON, form, multipart with files, text, references."""

from __future__ import annotations

from typing import Any

from generator import ir
from tests.unit.parse.spec import build, only, post

AT = "/paths/~1things/post/requestBody/content/"
LOGIN = {
    "type": "object",
    "required": ["user"],
    "properties": {"user": {"type": "string"}, "remember": {"type": "boolean"}},
}


def _body(request_body: dict[str, Any], **schemas: Any) -> tuple[ir.Api, ir.Body | None]:
    api = build(post(request_body), schemas)
    return api, only(api).body


def test_json_body_of_a_component_with_an_example() -> None:
    content = {"schema": {"$ref": "#/components/schemas/Login"}, "example": {"user": "ann"}}
    api, body = _body({"required": True, "content": {"application/json": content}}, Login=LOGIN)
    assert body == ir.Body(
        content_type="application/json",
        kind="json",
        type=ir.ModelRef("Login"),
        required=True,
        pointer=AT + "application~1json/schema",
        examples=({"user": "ann"},),
    )
    assert api.model("Login").fields == (
        ir.Field(name="user", wire="user", type=ir.StringT(), required=True),
        ir.Field(name="remember", wire="remember", type=ir.BoolT(), required=False),
    )


def test_json_is_preferred_then_forms_then_text() -> None:
    content = {
        "text/plain": {"schema": {"type": "string"}},
        "application/x-www-form-urlencoded": {"schema": LOGIN},
        "application/vnd.things+json": {"schema": LOGIN},
    }
    _, body = _body({"content": content})
    assert body == ir.Body(
        content_type="application/vnd.things+json",
        kind="json",
        type=ir.ModelRef("AddThingRequest"),
        required=False,
        pointer=AT + "application~1vnd.things+json/schema",
    )
    del content["application/vnd.things+json"]
    _, body = _body({"content": content})
    assert body is not None
    assert body.content_type == "application/x-www-form-urlencoded"
    assert body.pointer == AT + "application~1x-www-form-urlencoded/schema"


def test_form_body_inline_is_a_model_named_after_the_operation() -> None:
    api, body = _body({"content": {"application/x-www-form-urlencoded": {"schema": LOGIN}}})
    assert body == ir.Body(
        content_type="application/x-www-form-urlencoded",
        kind="form",
        type=ir.ModelRef("AddThingRequest"),
        required=False,
        pointer=AT + "application~1x-www-form-urlencoded/schema",
    )
    assert api.model("AddThingRequest").pointer == body.pointer


def test_multipart_body_lists_its_file_parts() -> None:
    schema = {
        "type": "object",
        "required": ["image"],
        "properties": {
            "image": {"type": "string", "format": "binary"},
            "scans": {
                "type": "array",
                "items": {"type": "string", "contentMediaType": "image/png"},
            },
            "caption": {"type": "string"},
            "meta": {"type": "object", "properties": {"taken": {"type": "string"}}},
        },
    }
    encoding = {"meta": {"contentType": "application/json"}}
    content = {"multipart/form-data": {"schema": schema, "encoding": encoding}}
    api, body = _body({"required": True, "content": content})
    assert body == ir.Body(
        content_type="multipart/form-data",
        kind="multipart",
        type=ir.ModelRef("AddThingRequest"),
        required=True,
        pointer=AT + "multipart~1form-data/schema",
        file_fields=("image", "scans"),
    )
    image, scans, caption, meta = api.model("AddThingRequest").fields
    assert (image.type, image.required) == (ir.StringT(format="binary"), True)
    assert scans.type == ir.ArrayT(ir.StringT())
    assert caption.type == ir.StringT()
    assert meta.type == ir.ModelRef("AddThingRequestMeta")


def test_text_body_and_a_body_without_schema() -> None:
    text = {"schema": {"type": "string", "maxLength": 500}}
    _, body = _body({"content": {"text/plain": text}})
    assert body == ir.Body(
        content_type="text/plain",
        kind="text",
        type=ir.StringT(max_length=500),
        required=False,
        pointer=AT + "text~1plain/schema",
    )
    _, body = _body({"content": {"application/octet-stream": {}}})
    assert body == ir.Body(
        content_type="application/octet-stream",
        kind="binary",
        type=ir.AnyT(),
        required=False,
        pointer=AT + "application~1octet-stream/schema",
    )


def test_a_body_given_by_reference_and_no_body() -> None:
    body_ref = {"$ref": "#/components/requestBodies/Login"}
    components = {
        "requestBodies": {
            "Login": {
                "description": "Who signs in.",
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Login"}}},
            }
        }
    }
    api = build(post(body_ref), {"Login": LOGIN}, components=components)
    assert only(api).body == ir.Body(
        content_type="application/json",
        kind="json",
        type=ir.ModelRef("Login"),
        required=True,
        pointer=AT + "application~1json/schema",
        description="Who signs in.",
    )
    assert only(build(post({"content": {}}))).body is None
