"""A Callback Object's extensions are no expressions: its callbacks are read, and named, as
they are without them."""

from __future__ import annotations

from typing import Any

from tests.unit.parse.spec import build


def _paths(callback: dict[str, Any]) -> dict[str, Any]:
    return {
        "/hooks": {
            "post": {
                "operationId": "subscribe",
                "callbacks": {"onEvent": callback},
                "responses": {"201": {"description": "subscribed"}},
            }
        }
    }


EXPRESSION = {
    "{$request.body#/url}": {
        "post": {
            "requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}},
            "responses": {"200": {"description": "ok"}},
        }
    }
}


def test_an_extension_beside_a_callbacks_expression_changes_nothing() -> None:
    plain = build(_paths(EXPRESSION)).webhooks
    extended = build(_paths({**EXPRESSION, "x-note": "once", "x-meta": {"post": {}}})).webhooks
    assert [(w.key, w.name, w.method) for w in extended] == [
        (w.key, w.name, w.method) for w in plain
    ]
    assert [w.key for w in plain] == ["subscribe.onEvent"]
