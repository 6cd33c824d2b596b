"""`apiforge diff` on what a response promises (its headers and fields, required or not) and on
ranges: a media range that covers the old media type, a status range that covers the code."""

from __future__ import annotations

from typing import Any

from generator.diff import Change, diff_documents
from tests.functional.diff.test_diff import I, S, doc, meaningful, obj, ok, response

OP = "/paths/~1x/get"


def rules(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.rule, c.level) for c in meaningful(changes)]


def answered(headers: dict[str, Any] | None = None, status: str = "200") -> dict[str, Any]:
    """GET /x answering ``status`` with a text body and ``headers``."""
    answer: dict[str, Any] = {"description": "ok", "content": {"text/plain": {"schema": S}}}
    if headers is not None:
        answer["headers"] = headers
    return doc({"/x": {"get": {"responses": {status: answer}}}})


def test_a_required_response_header_removed_breaks_clients() -> None:
    required = {"X-Rate": {"required": True, "schema": I}}
    optional = {"X-Rate": {"schema": I}}
    changes = meaningful(diff_documents(answered(required), answered({})))
    assert [(c.rule, c.level, c.message) for c in changes] == [
        (
            "response-header-removed-required",
            "breaking",
            "response 200 header `x-rate` was removed",
        )
    ]
    assert rules(diff_documents(answered(optional), answered({}))) == [
        ("response-header-removed", "warning")
    ]
    assert rules(diff_documents(answered(required), answered(optional))) == [
        ("response-header-became-optional", "breaking")
    ]


def test_a_response_header_is_text_its_schema_reads() -> None:
    text, count = {"X-Count": {"schema": S}}, {"X-Count": {"schema": I}}
    # a client reading any text reads an integer's
    changes = meaningful(diff_documents(answered(text), answered(count)))
    assert [(c.rule, c.level, c.message) for c in changes] == [
        (
            "response-header-type-narrowed",
            "info",
            "response 200 header `x-count` type narrowed from string to integer "
            "(every integer's text is a string)",
        )
    ]
    # one reading an integer gets texts that are none
    assert rules(diff_documents(answered(count), answered(text))) == [
        ("response-header-type-widened", "breaking")
    ]


def test_an_optional_response_field_removed_is_a_warning() -> None:
    old = response(obj({"a": S, "b": S}, ("a",)))
    assert rules(diff_documents(old, response(obj({"a": S}, ("a",))))) == [
        ("response-property-removed", "warning")
    ]
    assert rules(diff_documents(old, response(obj({"b": S})))) == [
        ("response-property-removed-required", "breaking")
    ]


def test_a_request_media_range_that_covers_the_old_type_still_takes_it() -> None:
    def posted(media: str, schema: Any = None) -> dict[str, Any]:
        content = {media: {"schema": schema or obj({"a": S})}}
        op = {"requestBody": {"required": True, "content": content}, "responses": ok()}
        return doc({"/x": {"post": op}})

    changes = meaningful(diff_documents(posted("application/json"), posted("application/*")))
    assert [(c.rule, c.level, c.message) for c in changes] == [
        (
            "request-media-type-widened",
            "info",
            "request body media type application/json is now taken as application/*",
        )
    ]
    # what the range's schema says is compared with what the type's said
    narrowed = diff_documents(posted("application/json"), posted("application/*", obj({"a": I})))
    assert ("request-property-type-changed", "breaking") in rules(narrowed)
    # the other way, a type other than JSON is refused now
    assert rules(diff_documents(posted("application/*"), posted("application/json"))) == [
        ("request-media-type-changed", "breaking")
    ]


def test_a_response_media_type_within_the_old_range_is_narrower() -> None:
    def answering(media: str) -> dict[str, Any]:
        content = {media: {"schema": S}}
        return doc({"/x": {"get": {"responses": {"200": {"description": "", "content": content}}}}})

    assert rules(diff_documents(answering("text/*"), answering("text/plain"))) == [
        ("response-media-type-narrowed", "info")
    ]
    assert rules(diff_documents(answering("text/plain"), answering("text/*"))) == [
        ("response-media-type-changed", "breaking")
    ]


def test_a_status_range_that_covers_the_code_is_no_removal() -> None:
    changes = meaningful(diff_documents(answered(status="200"), answered(status="2XX")))
    assert [(c.rule, c.level, c.message, c.old_pointer, c.new_pointer) for c in changes] == [
        (
            "response-success-status-widened",
            "warning",
            "response status 200 is now documented as 2XX",
            OP + "/responses/200",
            OP + "/responses/2XX",
        )
    ]
    assert rules(diff_documents(answered(status="404"), answered(status="4XX"))) == [
        ("response-non-success-status-widened", "info")
    ]
    assert rules(diff_documents(answered(status="2XX"), answered(status="200"))) == [
        ("response-success-status-narrowed", "info")
    ]
    # what the range answers is compared with what the code answered
    old = response(obj({"a": S}))
    new = doc(
        {
            "/x": {
                "get": {
                    "responses": {
                        "2XX": {
                            "description": "ok",
                            "content": {"application/json": {"schema": obj({"a": I})}},
                        }
                    }
                }
            }
        }
    )
    assert ("response-property-type-changed", "breaking") in rules(diff_documents(old, new))
