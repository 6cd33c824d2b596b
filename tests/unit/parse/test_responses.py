"""Responses: statuses in order, ``default`` and ranges, headers, bodies of every kind."""

from __future__ import annotations

from typing import Any

from generator import ir
from tests.unit.parse.spec import build, only

AT = "/paths/~1things/get/responses/"
PROBLEM = {"type": "object", "properties": {"title": {"type": "string"}}}


HEADERS = {"RetryAfter": {"schema": {"type": "integer", "minimum": 0}}}


def _responses(responses: dict[str, Any], **schemas: Any) -> tuple[ir.Response, ...]:
    paths = {"/things": {"get": {"operationId": "getThings", "responses": responses}}}
    return only(build(paths, schemas, components={"headers": HEADERS})).responses


def test_statuses_default_and_ranges_sorted_with_their_bodies() -> None:
    problem = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    found = _responses(
        {
            "default": {"description": "Trouble.", "content": problem},
            "404": {"description": "Missing.", "content": problem},
            "4XX": {"description": "Refused."},
            "200": {
                "description": "Here.",
                "content": {
                    "application/json": {
                        "schema": {"type": "array", "items": {"type": "integer"}},
                        "examples": {"two": {"value": [1, 2]}},
                    }
                },
            },
        },
        Problem=PROBLEM,
    )
    assert found == (
        ir.Response(
            status="200",
            description="Here.",
            content_type="application/json",
            kind="json",
            type=ir.ArrayT(ir.IntT()),
            pointer=AT + "200",
            examples=([1, 2],),
            named_examples=(("two", [1, 2]),),
        ),
        ir.Response(
            "404", "Missing.", "application/json", "json", ir.ModelRef("Problem"), AT + "404"
        ),
        ir.Response("4XX", "Refused.", None, None, None, AT + "4XX"),
        ir.Response(
            "default",
            "Trouble.",
            "application/json",
            "json",
            ir.ModelRef("Problem"),
            AT + "default",
        ),
    )


def test_headers_in_name_order_and_a_redirect_without_a_body() -> None:
    (found,) = _responses(
        {
            "302": {
                "description": "Elsewhere.",
                "headers": {
                    "Location": {"required": True, "schema": {"type": "string", "format": "uri"}},
                    "Cache-Control": {"schema": {"type": "string"}},
                    "Retry-After": {"$ref": "#/components/headers/RetryAfter"},
                },
            }
        }
    )
    assert found == ir.Response(
        status="302",
        description="Elsewhere.",
        content_type=None,
        kind=None,
        type=None,
        pointer=AT + "302",
        headers=(
            ir.Header("Cache-Control", ir.StringT(), required=False),
            ir.Header("Location", ir.StringT(format="uri"), required=True),
            ir.Header("Retry-After", ir.IntT(ir.Bounds(ge=0)), required=False),
        ),
    )


def test_text_binary_and_event_stream_bodies() -> None:
    found = _responses(
        {
            "200": {
                "description": "Text.",
                "content": {"text/plain": {"schema": {"type": "string"}}},
            },
            "201": {"description": "Bytes.", "content": {"application/pdf": {}}},
            "202": {
                "description": "Events.",
                "content": {
                    "text/event-stream": {"schema": {"$ref": "#/components/schemas/Problem"}}
                },
            },
        },
        Problem=PROBLEM,
    )
    assert found == (
        ir.Response("200", "Text.", "text/plain", "text", ir.StringT(), AT + "200"),
        ir.Response("201", "Bytes.", "application/pdf", "binary", None, AT + "201"),
        ir.Response(
            "202",
            "Events.",
            "text/event-stream",
            "event_stream",
            ir.ModelRef("Problem"),
            AT + "202",
        ),
    )
    assert [r.streaming for r in found] == [False, False, True]


def test_a_response_given_by_reference() -> None:
    paths = {
        "/things": {
            "get": {
                "operationId": "getThings",
                "responses": {"400": {"$ref": "#/components/responses/Problem"}},
            }
        }
    }
    components = {
        "responses": {
            "Problem": {
                "description": "Wrong.",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                },
            }
        }
    }
    api = build(paths, {"Problem": PROBLEM}, components=components)
    assert only(api).responses == (
        ir.Response(
            "400", "Wrong.", "application/json", "json", ir.ModelRef("Problem"), AT + "400"
        ),
    )


def test_what_a_spec_documents_under_an_answer_without_content_is_not_read() -> None:
    # HEAD has GET's headers and no content (a spec often copies GET's body under it), as
    # 204 and 304 have none: no body is read or judged there, its headers still are
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    answer = {"description": "Here.", "content": body, "headers": HEADERS}
    paths = {
        "/things": {
            "head": {"operationId": "headThings", "responses": {"200": answer}},
            "get": {"operationId": "getThings", "responses": {"200": answer, "204": answer}},
            "put": {"operationId": "putThings", "responses": {"304": answer}},
        }
    }
    api = build(paths, {"Problem": PROBLEM})
    found = {(op.method, r.status): r for op in api.operations for r in op.responses}
    for key in (("head", "200"), ("get", "204"), ("put", "304")):
        assert (found[key].content_type, found[key].kind, found[key].type) == (None, None, None)
        assert [h.wire for h in found[key].headers] == ["RetryAfter"]
    assert found["get", "200"].content_type == "application/json"
    assert found["get", "200"].type == ir.ModelRef("Problem")


def test_an_informational_response_is_left_out_and_told_as_skipped() -> None:
    # no call returns a 1xx answer, and no server answers a request with one alone: an
    # operation documenting only 100 documents no answer at all
    paths = {
        "/things": {
            "get": {"responses": {"100": {"description": "Continue"}}},
            "post": {
                "responses": {
                    "101": {"description": "Switching"},
                    "1XX": {"description": "Any"},
                    "201": {"description": "Made"},
                }
            },
        }
    }
    api = build(paths)
    by_method = {op.method: op for op in api.operations}
    assert by_method["get"].responses == ()
    assert not by_method["get"].documents_responses
    assert [r.status for r in by_method["post"].responses] == ["201"]
    assert by_method["post"].answer()[0] == 201
    assert sorted(s.pointer for s in api.skipped) == [
        "/paths/~1things/get/responses/100",
        "/paths/~1things/post/responses/101",
        "/paths/~1things/post/responses/1XX",
    ]
    assert {s.reason for s in api.skipped} == {
        "an informational (1xx) response is not an answer a call returns: left out"
    }
