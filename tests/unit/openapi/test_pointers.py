"""JSON pointers: escaping round-trips, splitting, strict walks and local refs."""

from __future__ import annotations

from typing import Any

import pytest

from generator.openapi import (
    escape_pointer_token,
    local_pointer,
    lookup,
    pointer_of,
    pointer_parts,
    resolve_local,
    step,
    unescape_pointer_token,
    walk,
    walk_parts,
    walk_refs,
)

DOC: dict[str, Any] = {
    "paths": {"/a/{id}": {"get": {"parameters": [{"name": "id"}, {"name": "q"}]}}},
    "components": {"schemas": {"a~b": {"type": "string"}, "a b": {"type": "integer"}}},
    "responses": {"200": {"description": "ok"}},
}


@pytest.mark.parametrize(
    ("token", "escaped"),
    [("plain", "plain"), ("/a/{id}", "~1a~1{id}"), ("a~b", "a~0b"), ("~1", "~01"), (3, "3")],
)
def test_a_token_escapes_and_unescapes_to_itself(token: str | int, escaped: str) -> None:
    assert escape_pointer_token(token) == escaped
    assert unescape_pointer_token(escaped) == str(token)


@pytest.mark.parametrize(
    ("parts", "pointer"),
    [
        ((), ""),
        (("paths", "/a/{id}", "get"), "/paths/~1a~1{id}/get"),
        (("components", "schemas", "a~b"), "/components/schemas/a~0b"),
        (("parameters", 0), "/parameters/0"),
        (("",), "/"),
    ],
)
def test_parts_join_into_a_pointer_and_split_back(parts: tuple[Any, ...], pointer: str) -> None:
    assert pointer_of(parts) == pointer
    assert pointer_parts(pointer) == tuple(str(p) for p in parts)


def test_walk_follows_escaped_keys_and_list_indices() -> None:
    assert walk(DOC, "/paths/~1a~1{id}/get/parameters/1/name") == (True, "q", "")
    assert walk(DOC, "/components/schemas/a~0b/type") == (True, "string", "")
    assert walk(DOC, "") == (True, DOC, "")


@pytest.mark.parametrize(
    ("pointer", "why"),
    [
        ("/paths/~1b", "no '/b' in /paths"),
        ("/paths/~1a~1{id}/get/parameters/2", "no '2' in /paths/~1a~1{id}/get/parameters"),
        ("/paths/~1a~1{id}/get/parameters/-1", "no '-1' in /paths/~1a~1{id}/get/parameters"),
        ("/paths/~1a~1{id}/get/parameters/01x", "no '01x' in /paths/~1a~1{id}/get/parameters"),
        ("/components/schemas/a~0b/type/x", "no 'x' in /components/schemas/a~0b/type"),
        ("paths", "'paths' is not a JSON pointer (it must start with '/')"),
    ],
)
def test_walk_is_strict_and_says_why(pointer: str, why: str) -> None:
    assert walk(DOC, pointer) == (False, None, why)
    with pytest.raises(KeyError):
        lookup(DOC, pointer)


def test_walk_parts_accepts_a_number_for_a_status_code() -> None:
    # a JSON Schema validator's path may name the response "200" as the number 200
    assert walk_parts(DOC, ("responses", 200, "description")) == (True, "ok")
    assert walk_parts(DOC, ("paths", "/a/{id}", "get", "parameters", 0, "name")) == (True, "id")
    assert walk_parts(DOC, ("paths", "/a/{id}", "get", "parameters", 5)) == (False, None)
    assert step(["a", "b"], "1") == (True, "b")
    assert step("text", "0") == (False, None)


def test_a_local_ref_is_percent_decoded() -> None:
    assert local_pointer("#/components/schemas/a%20b") == "/components/schemas/a b"
    assert resolve_local(DOC, "#/components/schemas/a%20b") == (
        "/components/schemas/a b",
        {"type": "integer"},
    )
    assert resolve_local(DOC, "#") == ("", DOC)


@pytest.mark.parametrize("ref", ["other.yaml#/a", "#/components/schemas/missing", 7])
def test_a_ref_that_is_not_local_or_dangles_is_a_key_error(ref: Any) -> None:
    with pytest.raises(KeyError):
        resolve_local(DOC, ref)


REFS: dict[str, Any] = {
    "paths": {"/p": {"get": {"responses": {"200": {"$ref": "#/components/responses/Ok"}}}}},
    "components": {
        "responses": {"Ok": {"$ref": "#/components/responses/Ok%20too"}, "Ok too": {"a": 1}},
        "schemas": {"Loop": {"$ref": "#/components/schemas/Loop"}},
    },
}


def test_walk_refs_reports_where_the_value_is_written() -> None:
    parts = ("paths", "/p", "get", "responses", "200", "a")
    assert walk_refs(REFS, parts) == (True, 1, ("components", "responses", "Ok too", "a"))
    # a validator's path may say 200 for "200"
    assert walk_refs(REFS, (*parts[:4], 200, "a"))[:2] == (True, 1)


def test_walk_refs_keeps_the_parts_not_walked_and_stops_on_a_loop() -> None:
    parts = ("paths", "/p", "get", "responses", "200", "b", "c")
    assert walk_refs(REFS, parts) == (
        False,
        None,
        ("components", "responses", "Ok too", "b", "c"),
    )
    loop = ("components", "schemas", "Loop", "type")
    assert walk_refs(REFS, loop) == (False, None, loop)
