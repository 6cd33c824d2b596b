"""`apiforge diff` on what the API sends: webhooks and callbacks compared like operations, their
request bodies read as a client reads a response (the client receives them), the answers
the client gives them as a server reads a request."""

from __future__ import annotations

from typing import Any

from generator.diff import Change, diff_documents
from tests.functional.diff.test_diff import I, S, doc, meaningful, obj, ok

CALLBACK = "/paths/~1subscribe/post/callbacks/onEvent/{$request.body#~1url}/post"


def rules(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.rule, c.level) for c in meaningful(changes)]


def sent(
    schema: Any, *, headers: list[dict[str, Any]] | None = None, answer: Any = None
) -> dict[str, Any]:
    """An operation the API sends: a JSON body, header parameters, and the client's answer."""
    op: dict[str, Any] = {
        "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
        "responses": ok(),
    }
    if headers is not None:
        op["parameters"] = headers
    if answer is not None:
        content = {"application/json": {"schema": answer}}
        op["responses"] = {"200": {"description": "ok", "content": content}}
    return op


def webhook(op: dict[str, Any] | None) -> dict[str, Any]:
    return doc({}, webhooks={"orderCreated": {"post": op}} if op is not None else {})


def callback(op: dict[str, Any] | None) -> dict[str, Any]:
    subscribe: dict[str, Any] = {"responses": {"201": {"description": "ok"}}}
    if op is not None:
        subscribe["callbacks"] = {"onEvent": {"{$request.body#/url}": {"post": op}}}
    return doc({"/subscribe": {"post": subscribe}})


def test_a_webhook_body_is_read_as_a_response_is() -> None:
    old = webhook(sent(obj({"id": S}, ("id",))))
    changes = meaningful(diff_documents(old, webhook(sent(obj({"id": I}, ("id",))))))
    assert [(c.rule, c.level, c.operation, c.message) for c in changes] == [
        (
            "response-property-type-changed",
            "breaking",
            "POST webhook orderCreated",
            "request body field `id` type changed from string to integer",
        )
    ]
    # a field it always sent is gone: the client reading it breaks; a new one harms nobody
    assert rules(diff_documents(old, webhook(sent(obj({"x": S}))))) == [
        ("response-property-removed-required", "breaking"),
        ("response-property-added", "info"),
    ]
    widened = webhook(sent(obj({"id": {"type": ["string", "null"]}}, ("id",))))
    assert rules(diff_documents(old, widened)) == [("response-property-nullable-added", "breaking")]


def test_a_webhook_body_that_may_be_left_out_breaks_the_client_reading_it() -> None:
    always = webhook(sent(obj({"id": S})))
    op = sent(obj({"id": S}))
    maybe = webhook({**op, "requestBody": {**op["requestBody"], "required": False}})
    changes = meaningful(diff_documents(always, maybe))
    assert [(c.rule, c.level, c.message) for c in changes] == [
        ("sent-request-body-became-optional", "breaking", "request body is now optional")
    ]
    assert rules(diff_documents(maybe, always)) == [("sent-request-body-became-required", "info")]


def test_webhooks_removed_and_added() -> None:
    one = webhook(sent(obj({"id": S})))
    assert rules(diff_documents(one, webhook(None))) == [("webhook-removed", "breaking")]
    assert rules(diff_documents(webhook(None), one)) == [("webhook-added", "info")]


def test_the_client_answer_to_a_webhook_is_read_as_a_request_is() -> None:
    old = webhook(sent(obj({"id": S}), answer=obj({"ok": {"type": "boolean"}})))
    new = webhook(sent(obj({"id": S}), answer=obj({"ok": {"type": "boolean"}}, ("ok",))))
    assert rules(diff_documents(old, new)) == [("request-property-became-required", "breaking")]


def test_a_header_the_api_sends_is_read_as_a_response_header() -> None:
    signed = {"name": "X-Signature", "in": "header", "required": True, "schema": S}
    old = webhook(sent(obj({"id": S}), headers=[signed]))
    assert rules(diff_documents(old, webhook(sent(obj({"id": S}), headers=[])))) == [
        ("response-header-removed-required", "breaking")
    ]
    optional = {**signed, "required": False}
    assert rules(diff_documents(old, webhook(sent(obj({"id": S}), headers=[optional])))) == [
        ("response-header-became-optional", "breaking")
    ]
    assert rules(diff_documents(webhook(sent(obj({"id": S}), headers=[])), old)) == [
        ("response-header-added", "info")
    ]


def test_a_callback_is_compared_under_the_operation_that_registers_it() -> None:
    old = callback(sent(obj({"id": S}, ("id",))))
    changes = meaningful(diff_documents(old, callback(sent(obj({"id": I}, ("id",))))))
    assert [(c.rule, c.level, c.operation, c.message, c.new_pointer) for c in changes] == [
        (
            "response-property-type-changed",
            "breaking",
            "POST /subscribe",
            "callback `onEvent` POST {$request.body#/url}: request body field `id` type "
            "changed from string to integer",
            CALLBACK + "/requestBody/content/application~1json/schema/properties/id",
        )
    ]
    assert rules(diff_documents(old, callback(None))) == [("callback-removed", "breaking")]
    assert rules(diff_documents(callback(None), old)) == [("callback-added", "info")]
