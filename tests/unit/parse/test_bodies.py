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
        encoding=(ir.Encoding("user"), ir.Encoding("remember")),
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
        encoding=(
            ir.Encoding("image", "application/octet-stream", file=True),
            ir.Encoding("scans", "image/png", file=True),
            ir.Encoding("caption"),
            ir.Encoding("meta", "application/json"),
        ),
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


def _encoding(media: str, properties: dict[str, Any], encoding: Any = None) -> ir.Body:
    entry: dict[str, Any] = {"schema": {"type": "object", "properties": properties}}
    if encoding is not None:
        entry["encoding"] = encoding
    _, body = _body({"content": {media: entry}})
    assert body is not None
    return body


def test_a_nullable_file_and_the_31_forms_of_binary_are_files() -> None:
    # FastAPI's Optional[UploadFile] (3.1): a union with null around contentMediaType
    nullable = {
        "anyOf": [
            {"type": "string", "contentMediaType": "application/octet-stream"},
            {"type": "null"},
        ]
    }
    body = _encoding(
        "multipart/form-data",
        {
            "upload": nullable,
            "listed": {"type": ["string", "null"], "format": "binary"},
            "encoded": {"type": "string", "contentEncoding": "base64"},
            "many": {"type": "array", "items": nullable},
            "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        },
    )
    assert body.file_fields == ("upload", "listed", "encoded", "many")


def test_multipart_parts_carry_the_encoding_default_or_given_content_type() -> None:
    body = _encoding(
        "multipart/form-data",
        {
            "meta": {"anyOf": [{"type": "object"}, {"type": "null"}]},
            "tags": {"type": "array", "items": {"type": "object"}},
            "count": {"type": "integer"},
            "pic": {"type": "string", "format": "binary"},
            "data": {"type": "string"},
        },
        {"pic": {"contentType": "image/png, image/jpeg"}, "data": {"contentType": "text/csv"}},
    )
    assert [(e.wire, e.content_type, e.file) for e in body.encoding] == [
        ("meta", "application/json", False),
        ("tags", "application/json", False),
        ("count", "", False),
        ("pic", "image/png", True),
        ("data", "text/csv", False),
    ]


def test_form_fields_take_the_encoding_style_and_its_defaults() -> None:
    body = _encoding(
        "application/x-www-form-urlencoded",
        {
            "nums": {"type": "array", "items": {"type": "integer"}},
            "coords": {"type": "object"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "pt": {"type": "object"},
            "piped": {"type": "array", "items": {"type": "string"}},
        },
        {
            "coords": {"style": "deepObject", "explode": True},
            "tags": {"explode": False},
            "piped": {"style": "pipeDelimited"},
        },
    )
    assert body.encoding == (
        ir.Encoding("nums"),
        ir.Encoding("coords", style="deepObject"),
        ir.Encoding("tags", explode=False),
        ir.Encoding("pt", "application/json"),
        ir.Encoding("piped", style="pipeDelimited", explode=False),
    )


# a form or multipart body is an object: its type keeps the schema's objects, and the
# validators read its schema with objects only, so both agree on what can be sent


def _schema_at(api: ir.Api, pointer: str) -> Any:
    node: Any = api.schema_document
    for token in pointer.strip("/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


TYPELESS = {"properties": {"q": {"type": "string"}}}
FORM = "application~1x-www-form-urlencoded"


def test_a_form_body_of_a_typeless_schema_is_its_object() -> None:
    content = {"application/x-www-form-urlencoded": {"schema": TYPELESS}}
    api, body = _body({"required": True, "content": content})
    assert body is not None
    assert body.type == ir.ModelRef("AddThingRequest")
    assert _schema_at(api, AT + FORM + "/schema") == {**TYPELESS, "type": "object"}
    assert not api.skipped


def test_a_multipart_body_of_a_typeless_reference_reads_objects_under_an_allof() -> None:
    content = {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/Q"}}}
    api, body = _body({"content": content}, Q=TYPELESS)
    assert body is not None and body.kind == "multipart"
    assert ir.without_null(body.type) == ir.ModelRef("Q")
    assert _schema_at(api, AT + "multipart~1form-data/schema") == {
        "allOf": [{"$ref": "#/components/schemas/Q"}, {"type": "object"}]
    }
    assert _schema_at(api, "/components/schemas/Q") == TYPELESS  # the component is shared


def test_a_form_body_without_a_schema_is_any_object() -> None:
    api, body = _body({"content": {"application/x-www-form-urlencoded": {}}})
    assert body is not None
    assert body.type == ir.MapT(ir.AnyT())
    assert _schema_at(api, AT + FORM + "/schema") == {"type": "object"}


def test_a_form_body_of_an_object_or_null_carries_the_object() -> None:
    # no form encoding writes null: the body is the object, and so the validators read it
    schema = {"type": ["object", "null"], "properties": {"q": {"type": "string"}}}
    content = {"application/x-www-form-urlencoded": {"schema": schema}}
    api, body = _body({"content": content})
    assert body is not None and body.type == ir.ModelRef("AddThingRequest")
    assert _schema_at(api, AT + FORM + "/schema") == {**schema, "type": "object"}
    assert not api.skipped


def test_a_form_body_of_a_model_is_left_as_it_is() -> None:
    content = {"application/x-www-form-urlencoded": {"schema": LOGIN}}
    api, body = _body({"content": content})
    assert body is not None and body.type == ir.ModelRef("AddThingRequest")
    assert _schema_at(api, AT + FORM + "/schema") == LOGIN


def test_a_form_body_of_no_object_admits_no_value_and_says_so() -> None:
    content = {"application/x-www-form-urlencoded": {"schema": {"type": "string"}}}
    api, body = _body({"content": content})
    assert body is not None and body.type == ir.NEVER
    assert [s.pointer for s in api.skipped] == [AT + FORM + "/schema"]
    assert "is an object; this schema admits none" in api.skipped[0].reason


def test_a_json_body_without_a_schema_names_the_schema_of_any_value() -> None:
    component = {"content": {"application/json": {"example": [1]}}}
    paths = post({"$ref": "#/components/requestBodies/Any"})
    api = build(paths, {}, components={"requestBodies": {"Any": component}})
    body = only(api).body
    assert body is not None and body.type == ir.AnyT()
    # found at the body's own pointer through the reference, as every reader looks it up
    assert _schema_at(api, "/components/requestBodies/Any/content/application~1json/schema") == {}
    assert "schema" not in component["content"]["application/json"]  # the spec is not touched


def test_a_multipart_body_of_a_list_of_types_reads_objects_only() -> None:
    schema = {"type": ["object", "string"], "properties": {"caption": {"type": "string"}}}
    api, body = _body({"content": {"multipart/form-data": {"schema": schema}}})
    assert body is not None and ir.without_null(body.type) == ir.ModelRef("AddThingRequest")
    assert _schema_at(api, AT + "multipart~1form-data/schema") == {**schema, "type": "object"}
