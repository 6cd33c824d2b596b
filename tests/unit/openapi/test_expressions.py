"""OpenAPI runtime expressions, read off one exchange."""

from __future__ import annotations

import pytest

from generator.openapi import MISSING, Exchange, evaluate, is_expression, parse_expression

EXCHANGE = Exchange(
    url="http://h/items?x=1",
    method="post",
    request={"path": {"user": "u1"}, "query": {"x": 1}, "header": {"X-Req": "r"}},
    request_body={"name": "n", "tags": ["a", "b"]},
    status=201,
    headers={"Location": "/items/42", "x-id": "7"},
    body={"id": "abc", "nested": {"a/b": [10, 20]}, "null": None},
)


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("$url", "http://h/items?x=1"),
        ("$method", "POST"),
        ("$statusCode", 201),
        ("$request.path.user", "u1"),
        ("$request.query.x", 1),
        ("$request.header.x-req", "r"),
        ("$request.body", {"name": "n", "tags": ["a", "b"]}),
        ("$request.body#/tags/1", "b"),
        ("$response.body#/id", "abc"),
        ("$response.body#/nested/a~1b/0", 10),
        ("$response.body#/null", None),
        ("$response.header.location", "/items/42"),
        ("/items/{$response.body#/id}/x", "/items/abc/x"),
        ("{$response.body#/null}", "null"),
        ("$response.body#/missing", MISSING),
        ("$response.body#/nested/a~1b/9", MISSING),
        ("$response.header.Nope", MISSING),
        ("$response.query.x", MISSING),
        ("{$response.body#/nested}", MISSING),
        ("$nonsense", MISSING),
    ],
)
def test_evaluate(expression: str, value: object) -> None:
    assert evaluate(expression, EXCHANGE) == value


def test_constants_are_their_own_value() -> None:
    assert evaluate(5, EXCHANGE) == 5
    assert evaluate("plain", EXCHANGE) == "plain"
    assert not is_expression("plain") and not is_expression(5)
    assert is_expression("$url") and is_expression("a{$url}")


def test_parse() -> None:
    assert parse_expression("$response.body#/a") == ("response", "body", "/a")
    assert parse_expression("$request.header.X") == ("request", "header", "X")
    assert parse_expression("$response.body#a") is None
    assert parse_expression("$request.path.") is None
