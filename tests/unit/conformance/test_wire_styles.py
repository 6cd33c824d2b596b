"""Requests on the wire as the spec writes them: form delimiters, cookies, form and multipart
bodies by their Encoding Object, values HTTP cannot carry counted as such."""

from __future__ import annotations

import email
import email.policy
from typing import Any
from urllib.parse import parse_qsl

import pytest

from generator import ir
from generator.conformance.wire import HttpRequest, Unsendable, encode
from tests.unit.parse.spec import build, get, only, post

URL = "http://127.0.0.1:1"


def _send(api: ir.Api, request: dict[str, Any], auth: Any = "none") -> HttpRequest:
    return encode(api, only(api), request, URL, auth)


def _query(param: dict[str, Any]) -> ir.Api:
    return build(get([{"name": "ids", "in": "query", "required": True, **param}]))


def _query_of(api: ir.Api, value: Any) -> str:
    return _send(api, {"query": {"ids": value}}).url.split("?", 1)[1]


def test_a_form_array_not_exploded_joins_its_items_with_literal_commas() -> None:
    array = {"type": "array", "items": {"type": "string"}}
    api = _query({"style": "form", "explode": False, "schema": array})
    # RFC 6570 {?list}: the delimiters literal, an item's own characters percent-encoded
    assert _query_of(api, ["a", "b/c"]) == "ids=a,b%2Fc"
    obj = {"type": "object", "additionalProperties": {"type": "integer"}}
    api = _query({"style": "form", "explode": False, "schema": obj})
    assert _query_of(api, {"R": 100, "G": 200}) == "ids=R,100,G,200"
    api = _query({"style": "pipeDelimited", "schema": array})
    assert _query_of(api, ["a", "b"]) == "ids=a%7Cb"
    api = _query({"style": "spaceDelimited", "schema": array})
    assert _query_of(api, ["a", "b"]) == "ids=a%20b"


@pytest.mark.parametrize(
    ("style", "explode", "value", "sent"),
    [
        ("form", False, ["a", "b,c"], None),
        ("form", True, ["a", "b,c"], "ids=a&ids=b%2Cc"),  # a pair each: nothing to split
        ("pipeDelimited", False, ["a|b"], None),
        ("spaceDelimited", False, ["a b"], None),
        ("pipeDelimited", False, ["a,b"], "ids=a%2Cb"),  # a comma is no delimiter there
        ("form", False, {"R": "1,2"}, None),
    ],
)
def test_an_item_holding_its_styles_delimiter_is_not_sent(
    style: str, explode: bool, value: Any, sent: str | None
) -> None:
    # a server splits the text it decoded (the built-in mock, Spring's list binding): an item
    # "b,c" is read as two, whether or not its comma was percent-encoded
    item = {"type": "string"}
    schema = (
        {"type": "array", "items": item}
        if isinstance(value, list)
        else {"type": "object", "additionalProperties": item}
    )
    api = _query({"style": style, "explode": explode, "schema": schema})
    if sent is None:
        with pytest.raises(Unsendable, match="delimiter"):
            _send(api, {"query": {"ids": value}})
    else:
        assert _query_of(api, value) == sent


def test_a_header_item_holding_a_comma_is_not_sent() -> None:
    header = {"name": "X-Ids", "in": "header", "required": True}
    api = build(get([{**header, "schema": {"type": "array", "items": {"type": "string"}}}]))
    with pytest.raises(Unsendable, match="delimiter"):
        _send(api, {"headers": {"X-Ids": ["a,b"]}})
    sent = _send(api, {"headers": {"X-Ids": ["a", "b"]}})
    assert ("X-Ids", "a,b") in list(sent.headers)


def test_a_null_item_has_no_form_text_and_is_not_sent() -> None:
    api = _query({"schema": {"type": "array", "items": {"enum": ["A", None]}}})
    with pytest.raises(Unsendable):
        _send(api, {"query": {"ids": [None]}})
    assert _query_of(api, ["A"]) == "ids=A"


def test_a_deep_object_nests_its_objects_and_has_no_text_for_an_empty_one() -> None:
    # OpenAPI leaves it undefined; qs, Rails and PHP read `f[a][b]=v` as an object inside
    inner = {"type": "object", "properties": {"lo": {"type": "integer"}}}
    schema = {"type": "object", "properties": {"range": inner, "q": {"type": "string"}}}
    api = _query({"style": "deepObject", "schema": schema})
    sent = _query_of(api, {"range": {"lo": 1}, "q": "a b"})
    assert parse_qsl(sent) == [("ids[range][lo]", "1"), ("ids[q]", "a b")]
    with pytest.raises(Unsendable):
        _send(api, {"query": {"ids": {"range": {}}}})
    with pytest.raises(Unsendable):
        _send(api, {"query": {"ids": {"range": {"lo": [1]}}}})


def test_a_deep_object_writes_objects_only() -> None:
    # no `type`: an object with these properties, or any other value, which deepObject
    # has no text for (`ids=true` is no deepObject)
    untyped = {"properties": {"id": {"type": "integer"}}, "required": ["id"]}
    api = _query({"style": "deepObject", "schema": untyped})
    assert parse_qsl(_query_of(api, {"id": 0})) == [("ids[id]", "0")]
    for value in (True, "x", [1]):
        with pytest.raises(Unsendable, match="only objects"):
            _send(api, {"query": {"ids": value}})


def _cookie_api(param: dict[str, Any], **top: Any) -> ir.Api:
    return build(get([{"in": "cookie", "required": True, **param}]), **top)


def _cookies(request: HttpRequest) -> list[str]:
    return [v for k, v in request.headers if k.lower() == "cookie"]


def test_an_exploded_cookie_array_repeats_the_cookie() -> None:
    array = {"type": "array", "items": {"type": "string"}}
    api = _cookie_api({"name": "prefs", "schema": array})
    assert _cookies(_send(api, {"cookies": {"prefs": ["a", "b"]}})) == ["prefs=a; prefs=b"]
    api = _cookie_api({"name": "prefs", "explode": False, "schema": array})
    assert _cookies(_send(api, {"cookies": {"prefs": ["a", "b"]}})) == ["prefs=a,b"]


def test_a_cookie_credential_and_a_cookie_parameter_share_one_cookie_header() -> None:
    schemes = {"cookieAuth": {"type": "apiKey", "in": "cookie", "name": "sid"}}
    api = _cookie_api(
        {"name": "theme", "schema": {"type": "string"}},
        components={"securitySchemes": schemes},
        security=[{"cookieAuth": []}],
    )
    sent = _send(api, {"cookies": {"theme": "dark"}}, "token").with_token("t0k")
    assert _cookies(sent) == ["sid=t0k; theme=dark"]


def _body_api(media: str, properties: dict[str, Any], **entry: Any) -> ir.Api:
    schema = {"type": "object", "required": list(properties)[:1], "properties": properties}
    return build(post({"required": True, "content": {media: {"schema": schema, **entry}}}))


def _parts(request: HttpRequest) -> list[tuple[str | None, str, bytes]]:
    content_type = dict(request.headers)["Content-Type"]
    assert request.body is not None
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = email.message_from_bytes(head + request.body, policy=email.policy.HTTP)
    assert message.is_multipart()
    return [
        (
            p.get_param("name", header="content-disposition"),
            p.get_content_type(),
            p.get_payload(decode=True),
        )
        for p in message.iter_parts()
    ]


def test_a_multipart_body_without_files_is_multipart() -> None:
    api = _body_api("multipart/form-data", {"title": {"type": "string"}})
    assert _parts(_send(api, {"body": {"title": "a"}})) == [("title", "text/plain", b"a")]


def test_a_multipart_body_that_needs_a_part_and_has_none_is_not_sent() -> None:
    files = {"type": "array", "items": {"type": "string", "format": "binary"}}
    api = _body_api("multipart/form-data", {"files": files})
    with pytest.raises(Unsendable):
        _send(api, {"body": {"files": []}})


def test_multipart_parts_carry_their_content_type() -> None:
    meta = {"type": "object", "properties": {"title": {"type": "string"}}}
    api = _body_api(
        "multipart/form-data",
        {
            "meta": meta,
            "given": {"type": "string"},
            "file": {"type": "string", "format": "binary"},
            "count": {"type": "integer"},
        },
        encoding={"given": {"contentType": "application/json"}},
    )
    body = {"meta": {"title": "a"}, "given": "x", "file": "bytes", "count": 3}
    assert _parts(_send(api, {"body": body})) == [
        ("meta", "application/json", b'{"title":"a"}'),
        ("given", "application/json", b'"x"'),
        ("file", "application/octet-stream", b"bytes"),
        ("count", "text/plain", b"3"),
    ]


def test_a_nullable_upload_is_sent_as_a_file() -> None:
    # FastAPI's Optional[UploadFile], OpenAPI 3.1
    upload = {
        "anyOf": [
            {"type": "string", "contentMediaType": "application/octet-stream"},
            {"type": "null"},
        ]
    }
    api = _body_api("multipart/form-data", {"upload": upload})
    sent = _send(api, {"body": {"upload": "xyz"}})
    assert sent.body is not None and b'filename="upload"' in sent.body


def _form(request: HttpRequest) -> list[tuple[str, str]]:
    assert request.body is not None
    return parse_qsl(request.body.decode(), keep_blank_values=True)


def test_a_urlencoded_body_follows_its_encoding_object() -> None:
    nums = {"type": "array", "items": {"type": "integer"}}
    coords = {"type": "object", "properties": {"cx": {"type": "integer"}}}
    api = _body_api(
        "application/x-www-form-urlencoded",
        {"nums": nums, "coords": coords, "tags": nums, "pt": coords},
        encoding={"coords": {"style": "deepObject"}, "tags": {"explode": False}},
    )
    body = {"nums": [1, 2], "coords": {"cx": 0}, "tags": [3, 4], "pt": {"cx": 5}}
    sent = _send(api, {"body": body})
    assert sent.body is not None
    assert b"tags=3,4" in sent.body
    assert _form(sent) == [
        ("nums", "1"),
        ("nums", "2"),
        ("coords[cx]", "0"),
        ("tags", "3,4"),
        ("pt", '{"cx":5}'),
    ]
    with pytest.raises(Unsendable):  # a required field that writes nothing reads as missing
        _send(api, {"body": {"nums": []}})


def test_an_object_spread_where_its_schema_declares_no_properties_is_not_sent() -> None:
    # exploded form writes `?k=v` without the parameter's name: a server reads it back by the
    # properties a type declares, and an untyped one or a union declares none
    either = {"oneOf": [{"type": "string"}, {"type": "object"}]}
    for schema in ({}, {"description": "any value"}, either):
        api = _query({"schema": schema})
        with pytest.raises(Unsendable, match="spreads into pairs"):
            _send(api, {"query": {"ids": {"k": "v"}}})
        assert _query_of(api, "text") == "ids=text"
        assert _query_of(api, [1, 2]) == "ids=1&ids=2"
    api = _query({"explode": False, "schema": {}})  # written under its name: read back
    assert _query_of(api, {"k": "v"}) == "ids=k,v"
    declared = {"type": "object", "properties": {"k": {"type": "string"}}}
    assert _query_of(_query({"schema": declared}), {"k": "v"}) == "k=v"
    api = _cookie_api({"name": "prefs", "schema": {}})
    with pytest.raises(Unsendable, match="spreads into pairs"):
        _send(api, {"cookies": {"prefs": {"k": "v"}}})
    api = _body_api("application/x-www-form-urlencoded", {"definition": {}, "meta": {}})
    with pytest.raises(Unsendable, match="spreads into pairs"):
        _send(api, {"body": {"definition": {"k": "v"}}})
    assert _form(_send(api, {"body": {"definition": "text", "meta": [1]}})) == [
        ("definition", "text"),
        ("meta", "1"),
    ]
