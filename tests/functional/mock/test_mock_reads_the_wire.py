"""The mock reads what conformance sends: cookies repeated for an exploded array or spread
for an exploded object, a credential and parameters in one Cookie header, delimited queries."""

from __future__ import annotations

from typing import Any

import httpx

from generator.conformance.wire import encode
from generator.mock import running
from tests.unit.parse.spec import build, get, only

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
