"""The mock reads what conformance sends: cookies repeated for an exploded array or spread
for an exploded object, a credential and parameters in one Cookie header, delimited queries."""

from __future__ import annotations

from typing import Any

import httpx

from generator.conformance.wire import encode
from generator.mock import running
from tests.unit.parse.spec import build, get, only, post

ARRAY = {"type": "array", "minItems": 2, "items": {"type": "string", "enum": ["a", "b"]}}
COLOR = {
    "type": "object",
    "required": ["R", "G"],
    "properties": {"R": {"type": "integer"}, "G": {"type": "integer"}},
}


def _status(parameters: list[dict[str, Any]], request: dict[str, Any], **top: Any) -> int:
    api = build(get(parameters), **top)
    with running(api, seed=0, token="t0k") as url:
        sent = encode(api, only(api), request, url, "token").with_token("t0k")
        answer = httpx.request(sent.method, sent.url, headers=list(sent.headers))
    return answer.status_code


def test_an_exploded_cookie_array_and_object_are_read_back() -> None:
    params = [
        {"name": "prefs", "in": "cookie", "required": True, "schema": ARRAY},
        {"name": "color", "in": "cookie", "required": True, "schema": COLOR},
    ]
    request = {"cookies": {"prefs": ["a", "b"], "color": {"R": 1, "G": 2}}}
    assert _status(params, request) == 204


def test_a_cookie_credential_beside_a_cookie_parameter_is_read() -> None:
    schemes = {"cookieAuth": {"type": "apiKey", "in": "cookie", "name": "sid"}}
    params = [{"name": "theme", "in": "cookie", "required": True, "schema": {"type": "string"}}]
    status = _status(
        params,
        {"cookies": {"theme": "dark"}},
        components={"securitySchemes": schemes},
        security=[{"cookieAuth": []}],
    )
    assert status == 204


def test_a_delimited_query_array_is_read_back() -> None:
    params = [
        {"name": "ids", "in": "query", "required": True, "explode": False, "schema": ARRAY},
        {"name": "color", "in": "query", "required": True, "explode": False, "schema": COLOR},
    ]
    assert _status(params, {"query": {"ids": ["a", "b"], "color": {"R": 1, "G": 2}}}) == 204


def test_a_deep_object_is_read_back_with_the_objects_inside_it() -> None:
    inner = {"type": "object", "required": ["lo"], "properties": {"lo": {"type": "integer"}}}
    schema = {
        "type": "object",
        "required": ["range"],
        "properties": {"range": inner, "on": {"type": "boolean"}},
    }
    params = [
        {"name": "f", "in": "query", "required": True, "style": "deepObject", "schema": schema}
    ]
    assert _status(params, {"query": {"f": {"range": {"lo": 3}, "on": True}}}) == 204
    assert _status(params, {"query": {"f": {"on": True}}}) == 422  # the object inside missing
    assert _status(params, {"query": {"f": {"range": {"lo": "x"}}}}) == 422  # not an integer


FORM = {
    "type": "object",
    "required": ["count"],
    "properties": {
        "count": {"type": "integer", "minimum": 1},
        "note": {"type": ["string", "null"]},
        "code": {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^0"}]},
        "ids": {"type": "array", "items": {"type": "integer"}},
        "box": {"type": "object", "properties": {"w": {"type": "integer"}}, "required": ["w"]},
    },
    "additionalProperties": False,
}


def _form_status(body: bytes) -> int:
    content = {
        "application/x-www-form-urlencoded": {
            "schema": FORM,
            "encoding": {"box": {"style": "deepObject", "explode": True}},
        }
    }
    api = build(post({"required": True, "content": content}))
    with running(api, seed=0, token="t0k") as url:
        headers = {"content-type": "application/x-www-form-urlencoded"}
        return httpx.post(url + "/things", content=body, headers=headers).status_code


def test_a_urlencoded_body_is_read_back_and_checked_against_its_schema() -> None:
    # each field as its encoding writes it; an empty value is null where null is allowed;
    # `012` is the string its pattern takes, not the number 12
    assert _form_status(b"count=2&note=&code=012&ids=1&ids=2&box%5Bw%5D=3") == 204
    assert _form_status(b"count=2&note=hi&code=7") == 204
    assert _form_status(b"count=0") == 422  # below its minimum
    assert _form_status(b"count=two") == 422  # not an integer
    assert _form_status(b"note=hi") == 422  # the required field missing
    assert _form_status(b"count=2&ids=x") == 422  # an item that is no integer
    assert _form_status(b"count=2&box%5Bh%5D=1") == 422  # the deep object lacks `w`
    assert _form_status(b"count=2&other=1") == 422  # a field the schema does not allow


def test_undeclared_form_fields_are_read_by_the_type_the_schema_gives_them() -> None:
    # additionalProperties of integers: `extra=5` is the number 5, `extra=x` no integer;
    # the same through a component that names another (an alias in the IR)
    typed = {"type": "object", "properties": {"a": {"type": "string"}}}
    typed["additionalProperties"] = {"type": "integer"}
    for schema in ({"$ref": "#/components/schemas/Typed"}, {"$ref": "#/components/schemas/Named"}):
        content = {"application/x-www-form-urlencoded": {"schema": schema}}
        api = build(
            post({"required": True, "content": content}),
            {"Typed": typed, "Named": {"$ref": "#/components/schemas/Typed"}},
        )
        with running(api, seed=0, token="t0k") as url:
            headers = {"content-type": "application/x-www-form-urlencoded"}
            sent = [
                httpx.post(url + "/things", content=body, headers=headers).status_code
                for body in (b"a=x&extra=5", b"a=x&extra=x")
            ]
        assert sent == [204, 422], (schema, sent)
