"""What the earlier calls of a sequence say of a read: and, above all, when they say nothing."""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from generator.conformance.checks import CHECKS, Answer, Context, Expectation, Expected
from generator.conformance.resources import Call, expectation
from generator.exchange import SchemaValidator
from generator.openapi.expressions import MISSING
from tests.unit.parse.spec import build

ITEM: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "title": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "due": {"type": "string", "format": "date-time"},
        "weight": {"type": "number"},
        "revision": {"type": "integer", "readOnly": True},
    },
}
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
ANSWER = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}
BODY = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}


def _op(op_id: str, status: str, **more: Any) -> dict[str, Any]:
    return {"operationId": op_id, "responses": {status: {"description": "-", **ANSWER}}, **more}


@pytest.fixture(scope="module")
def api() -> ir.Api:
    paths = {
        "/items": {"post": _op("create", "201", requestBody=BODY)},
        "/items/{id}": {
            "parameters": [ID],
            "get": {
                **_op("read", "200"),
                "responses": {"200": {"description": "-", **ANSWER}, "404": {"description": "-"}},
            },
            "patch": _op("update", "200", requestBody=BODY),
            "put": _op("replace", "200", requestBody=BODY),
            "delete": {"operationId": "delete", "responses": {"204": {"description": "-"}}},
        },
        "/items/{id}/archive": {"parameters": [ID], "post": _op("archive", "200")},
        "/others/{id}": {
            "parameters": [ID],
            "delete": {"operationId": "drop", "responses": {"204": {"description": "-"}}},
        },
    }
    return build(paths, {"Item": ITEM})


def _call(
    api: ir.Api, op_id: str, path: str, status: int, *, sent: Any = MISSING, body: Any = MISSING
) -> Call:
    op = next(o for o in api.operations if o.operation_id == op_id)
    return Call(op, path, status, sent, body)


def _read(api: ir.Api, calls: list[Call]) -> Any:
    read = next(o for o in api.operations if o.operation_id == "read")
    return expectation(api, calls, 0, read, "/items/7", identity={"id": 7})


CREATED = {"id": 7, "title": "a", "tags": ["x"], "due": "2020-01-01T00:00:00Z", "weight": 1.5}
SENT = {"title": "a", "tags": ["x"], "due": "2020-01-01T00:00:00Z", "weight": 1.5}


def _create(api: ir.Api, status: int = 201, **answer: Any) -> Call:
    return _call(
        api, "create", "/items", status, sent=SENT, body={**CREATED, "revision": 0, **answer}
    )


def test_a_create_expects_its_id_and_the_plain_values_it_echoed(api: ir.Api) -> None:
    expect = _read(api, [_create(api, title="A")])  # the title came back changed: not echoed
    assert expect is not None and expect.state == "created"
    assert expect.by == "POST /items answered 201"
    # no date-time (a store may respell it), no fraction (a store may round it), no counter
    assert {k: v.value for k, v in expect.values.items()} == {"id": 7, "tags": ["x"]}
    assert {v.check for v in expect.values.values()} == {"created_then_read"}


def test_a_202_or_a_failed_create_says_nothing(api: ir.Api) -> None:
    assert _read(api, [_create(api, 202)]) is None
    assert _read(api, [_create(api, 500)]) is None


def test_an_update_sets_what_it_echoed_and_keeps_the_rest(api: ir.Api) -> None:
    patch = _call(
        api, "update", "/items/7", 200, sent={"title": "b"}, body={**CREATED, "title": "b"}
    )
    expect = _read(api, [_create(api), patch])
    assert expect is not None and expect.state == "updated"
    assert {k: (v.value, v.check) for k, v in expect.values.items()} == {
        "id": (7, "created_then_read"),
        "tags": (["x"], "created_then_read"),
        "title": ("b", "updated_then_read"),
    }


def test_a_patch_that_is_no_object_may_have_changed_anything(api: ir.Api) -> None:
    # a JSON Patch names what it changes by pointers, in a list: nothing is known to be kept
    ops = [{"op": "replace", "path": "/tags", "value": ["y"]}]
    patch = _call(api, "update", "/items/7", 200, sent=ops, body={**CREATED, "tags": ["y"]})
    expect = _read(api, [_create(api), patch])
    assert expect is not None and expect.state == "updated"
    assert expect.values == {}


def test_a_replace_keeps_only_what_it_echoed(api: ir.Api) -> None:
    put = _call(api, "replace", "/items/7", 200, sent={"title": "b"}, body={"id": 7, "title": "b"})
    expect = _read(api, [_create(api), put])
    assert expect is not None and set(expect.values) == {"title"}


def test_a_delete_then_nothing_else_expects_the_resource_gone(api: ir.Api) -> None:
    expect = _read(api, [_create(api), _call(api, "delete", "/items/7", 204)])
    assert expect is not None and (expect.state, expect.values) == ("deleted", {})
    assert expect.by == "DELETE /items/7 answered 204"


def test_a_read_that_documents_no_404_or_410_expects_nothing_after_a_delete() -> None:
    item = {"parameters": [ID], "get": _op("read", "200"), "delete": _op("delete", "204")}
    paths = {"/items": {"post": _op("create", "201", requestBody=BODY)}, "/items/{id}": item}
    api = build(paths, {"Item": ITEM})
    expect = _read(api, [_create(api), _call(api, "delete", "/items/7", 204)])
    assert expect is None


def test_a_delete_the_spec_links_to_a_read_of_it_leaves_it_readable() -> None:
    # a documented soft delete: the spec's own link from the delete's answer to the read
    link = {"operationId": "read", "parameters": {"id": "$request.path.id"}}
    answer = {"description": "-", **ANSWER, "links": {"ReadDeleted": link}}
    item = {
        "parameters": [ID],
        "get": {
            "operationId": "read",
            "responses": {"200": {"description": "-", **ANSWER}, "404": {"description": "-"}},
        },
        "delete": {"operationId": "delete", "responses": {"200": answer}},
    }
    paths = {"/items": {"post": _op("create", "201", requestBody=BODY)}, "/items/{id}": item}
    api = build(paths, {"Item": ITEM})
    assert _read(api, [_create(api), _call(api, "delete", "/items/7", 200, body=CREATED)]) is None


@pytest.mark.parametrize(
    ("op_id", "path", "status"),
    [
        ("update", "/items/7", 500),  # half done, perhaps
        ("delete", "/items/7", 202),  # queued
        ("drop", "/others/3", 204),  # a cascade may reach it
    ],
)
def test_a_write_of_unknown_effect_leaves_nothing_known(
    api: ir.Api, op_id: str, path: str, status: int
) -> None:
    assert _read(api, [_create(api), _call(api, op_id, path, status)]) is None


def test_a_write_below_keeps_the_existence_but_not_the_values(api: ir.Api) -> None:
    archive = _call(api, "archive", "/items/7/archive", 200)
    expect = _read(api, [_create(api), archive])
    assert expect is not None and (expect.state, expect.values) == ("created", {})


def test_a_create_after_a_delete_may_reuse_the_id(api: ir.Api) -> None:
    calls = [_create(api), _call(api, "delete", "/items/7", 204), _create(api)]
    assert _read(api, calls) is None


def test_a_read_of_another_item_or_path_says_nothing(api: ir.Api) -> None:
    read = next(o for o in api.operations if o.operation_id == "read")
    assert expectation(api, [_create(api)], 0, read, "/elsewhere/7", identity={}) is None
    update = _call(api, "update", "/items/7", 200, sent={"title": "b"}, body={"title": "b"})
    assert expectation(api, [update], 0, read, "/items/7", identity={}) is None


def test_a_value_the_read_cannot_hold_is_no_finding() -> None:
    # the update's answer and the read both have `type`, of other values: no server reads the
    # update's back, so only a value the read's schema takes is compared
    kinds = {"type": "string", "enum": ["person", "bot"]}
    read = {
        "description": "the member",
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"type": kinds, "nickname": {"type": "string"}},
                }
            }
        },
    }
    paths = {
        "/members/{id}": {
            "parameters": [ID],
            "get": _op("readMember", "200") | {"responses": {"200": read}},
        }
    }
    api = build(paths, openapi="3.0.3")
    op = api.operation_by_id["readMember"]
    check = CHECKS["updated_then_read"]
    by = "PUT /members/7 answered 200"

    def verdict(values: dict[str, Any], body: bytes) -> str | None:
        expect = Expectation(
            "updated", by, {k: Expected(v, "updated_then_read", by) for k, v in values.items()}
        )
        ctx = Context(api, op, "stateful", SchemaValidator(api), frozenset(), expect=expect)
        outcome = check(ctx, Answer(200, {"content-type": "application/json"}, body))
        return None if outcome is None else outcome.verdict

    assert verdict({"type": "renamed"}, b'{"type": "person"}') == "pass"
    assert verdict({"type": "bot"}, b'{"type": "person"}') == "fail"
    assert verdict({"nickname": "ann"}, b'{"nickname": "bo"}') == "fail"
