"""`apiforge diff` on parameters as the wire carries them: text, in a form the parameter's
``schema`` and style or its ``content`` decide; the header parameters OpenAPI ignores; a
parameter that looks renamed graded as its removal and addition would be."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diff import Change, diff_documents
from tests.functional.diff.test_diff import I, N, S, meaningful, params, query

OP = "/paths/~1x/get"
ARRAY = {"type": "array", "items": S}


def rules(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.rule, c.level) for c in meaningful(changes)]


def header(name: str, schema: Any = None, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "header", "schema": schema or S, **extra}


def path_id(schema: Any) -> dict[str, Any]:
    param = {"name": "id", "in": "path", "required": True, "schema": schema}
    return params(param, path="/x/{id}")


# ---------------------------------------------------------------------------- wire text


@pytest.mark.parametrize("kind", [I, N, {"type": "boolean"}], ids=["integer", "number", "boolean"])
def test_a_scalar_parameter_made_a_string_takes_every_text_it_took(kind: dict[str, Any]) -> None:
    for old, new in [
        (params(query("q", kind)), params(query("q", S))),
        (path_id(kind), path_id(S)),
        (params(header("X-N", kind)), params(header("X-N", S))),
    ]:
        changes = meaningful(diff_documents(old, new))
        assert [(c.rule, c.level) for c in changes] == [("request-parameter-type-widened", "info")]
        assert f"widened from {kind['type']} to string" in changes[0].message


def test_a_string_that_refuses_some_texts_is_still_a_type_change() -> None:
    for new in ({"type": "string", "pattern": "^[a-z]+$"}, {"type": "string", "format": "uuid"}):
        assert rules(diff_documents(params(query("q", I)), params(query("q", new)))) == [
            ("request-parameter-type-changed", "breaking")
        ]
    # and the other way a text that is no integer is refused: a string made an integer
    # takes fewer texts
    assert rules(diff_documents(params(query("q", S)), params(query("q", I)))) == [
        ("request-parameter-type-narrowed", "breaking")
    ]


def test_an_exploded_query_value_is_a_one_item_array() -> None:
    changes = meaningful(diff_documents(params(query("tag", S)), params(query("tag", ARRAY))))
    assert [(c.rule, c.level) for c in changes] == [("request-parameter-type-widened", "info")]
    ints = {"type": "array", "items": I}
    assert rules(diff_documents(params(query("n", I)), params(query("n", ints)))) == [
        ("request-parameter-type-widened", "info")
    ]
    # not where one value is read as several, or the array wants more than one
    for old, new in (
        (params(query("tag", S)), params(query("tag", ARRAY, explode=False))),
        (params(query("tag", S)), params(query("tag", {**ARRAY, "minItems": 2}))),
        (params(header("X-Tag", S)), params(header("X-Tag", ARRAY))),
    ):
        assert ("request-parameter-type-changed", "breaking") in rules(diff_documents(old, new))
    # an array made a scalar refuses ?tag=a&tag=b
    assert rules(diff_documents(params(query("tag", ARRAY)), params(query("tag", S)))) == [
        ("request-parameter-type-changed", "breaking")
    ]


def test_a_union_of_scalars_made_one_type_that_takes_each_text_breaks_no_request() -> None:
    mixed = {"type": ["integer", "string"]}
    either = {"oneOf": [{"type": "boolean"}, N]}
    for old, new in [
        (mixed, S),
        (mixed, ARRAY),
        (either, S),
        (either, {"type": "array", "items": S, "maxItems": 3}),
    ]:
        changes = meaningful(diff_documents(params(query("q", old)), params(query("q", new))))
        assert [(c.rule, c.level) for c in changes] == [("request-parameter-type-widened", "info")]
    changes = meaningful(diff_documents(params(query("q", mixed)), params(query("q", ARRAY))))
    assert changes[0].message == (
        "query parameter `q` type widened from integer or string to array "
        "(one value is an array of one item)"
    )
    # not where a member's text may be refused, or one value is read as several
    for new in (
        {"type": "string", "maxLength": 4},
        {"type": "array", "items": I},
    ):
        got = rules(diff_documents(params(query("q", mixed)), params(query("q", new))))
        assert ("request-parameter-union-member-removed", "breaking") in got
    got = rules(diff_documents(params(query("q", mixed)), params(query("q", ARRAY, explode=False))))
    assert ("request-parameter-union-member-removed", "breaking") in got


def test_the_fields_and_items_a_parameter_serialises_are_text() -> None:
    def filters(field: dict[str, Any], **how: Any) -> dict[str, Any]:
        schema = {
            "type": "object",
            "properties": {"id": field, "tags": {"type": "array", "items": field}},
        }
        return params(query("filter", schema, **how))

    for how in ({"style": "deepObject", "explode": True}, {}, {"explode": False}):
        changes = meaningful(diff_documents(filters(N, **how), filters(S, **how)))
        assert [(c.rule, c.level, c.message) for c in changes] == [
            (
                "request-parameter-type-widened",
                "info",
                f"query parameter `filter` field `{field}` type widened from number to string "
                "(every number's text is a string)",
            )
            for field in ("id", "tags[]")
        ]
        assert (
            rules(diff_documents(filters(S, **how), filters(I, **how)))
            == [("request-parameter-type-narrowed", "breaking")] * 2
        )
    # sent as JSON, a number and a string are other values
    shape = {"type": "object", "properties": {"id": N}}
    as_json = {"name": "f", "in": "query", "content": {"application/json": {"schema": shape}}}
    changed = {
        **as_json,
        "content": {"application/json": {"schema": {**shape, "properties": {"id": S}}}},
    }
    assert rules(diff_documents(params(as_json), params(changed))) == [
        ("request-parameter-type-changed", "breaking")
    ]


def test_a_parameter_moved_from_schema_to_content_changes_its_wire_form() -> None:
    shape = {"type": "object", "properties": {"a": S}}
    old = params(query("f", shape))
    as_json = {"name": "f", "in": "query", "content": {"application/json": {"schema": shape}}}
    changes = meaningful(diff_documents(old, params(as_json)))
    assert [(c.rule, c.level, c.message) for c in changes] == [
        (
            "request-parameter-serialization-changed",
            "breaking",
            "query parameter `f` is now sent as application/json text",
        )
    ]
    assert rules(diff_documents(params(as_json), old)) == [
        ("request-parameter-serialization-changed", "breaking")
    ]
    as_text = {**as_json, "content": {"text/plain": {"schema": shape}}}
    assert rules(diff_documents(params(as_json), params(as_text))) == [
        ("request-parameter-serialization-changed", "breaking")
    ]


# ---------------------------------------------------------------------------- ignored headers


@pytest.mark.parametrize("name", ["Accept", "Content-Type", "authorization"])
def test_header_parameters_openapi_ignores_are_not_read(name: str) -> None:
    required = header(name, required=True)
    assert rules(diff_documents(params(), params(required))) == []
    assert rules(diff_documents(params(required), params())) == []
    assert (
        rules(diff_documents(params(header(name, I)), params(header(name, S, required=True)))) == []
    )
    assert diff_documents(params(), params(required)), "still listed, as info"


# ---------------------------------------------------------------------------- renames


def test_an_optional_parameter_renamed_is_graded_as_its_removal() -> None:
    changes = meaningful(diff_documents(params(query("page", I)), params(query("offset", I))))
    assert [(c.rule, c.level, c.message) for c in changes] == [
        (
            "request-parameter-renamed",
            "warning",
            "query parameter `page` looks renamed to `offset`",
        )
    ]
    required = rules(
        diff_documents(
            params(query("page", I, required=True)), params(query("offset", I, required=True))
        )
    )
    assert required == [("request-parameter-renamed-required", "breaking")]


def test_an_optional_parameter_moved_is_graded_as_its_removal() -> None:
    assert rules(diff_documents(params(query("token")), params(header("token")))) == [
        ("request-parameter-location-changed", "warning")
    ]
    assert rules(
        diff_documents(params(query("token")), params(header("token", required=True)))
    ) == [("request-parameter-location-changed-required", "breaking")]
