"""conformance.feedback: what a refusal names of the values a server wants, in the words of
the validators of many frameworks, and a body remade to meet it."""

from __future__ import annotations

import random
from functools import partial
from typing import Any

import pytest

from generator.conformance.feedback import Need, needs, remade
from generator.exchange import strings


def _read(body: Any) -> dict[tuple[str, ...], Need]:
    return {n.field: n for n in needs(True, body, "")}


def test_ajv_issues() -> None:
    body = {
        "errors": [
            {"instancePath": "/user/name", "keyword": "minLength", "params": {"limit": 3}},
            {"instancePath": "/user/name", "keyword": "maxLength", "params": {"limit": 30}},
            {"instancePath": "/age", "keyword": "exclusiveMinimum", "params": {"limit": 17}},
            {"instancePath": "/role", "keyword": "enum", "params": {"allowedValues": ["a", "b"]}},
            {"instancePath": "", "keyword": "required", "params": {"missingProperty": "code"}},
        ]
    }
    found = _read(body)
    assert (found["user", "name"].min_length, found["user", "name"].max_length) == (3, 30)
    assert found["age",].low == 18
    assert found["role",].values == ("a", "b")
    assert found["code",].present


def test_zod_and_pydantic_and_go_playground_issues() -> None:
    zod = {
        "issues": [
            {"code": "too_small", "minimum": 3, "type": "string", "path": ["username"]},
            {"code": "too_big", "maximum": 9, "type": "number", "path": ["n"], "inclusive": False},
            {"code": "invalid_enum_value", "options": ["x", "y"], "path": ["kind"]},
        ]
    }
    found = _read(zod)
    assert found["username",].min_length == 3
    assert found["n",].high == 8
    assert found["kind",].values == ("x", "y")
    pydantic = {
        "detail": [
            {"type": "string_too_long", "loc": ["body", "title"], "ctx": {"max_length": 20}},
            {"type": "greater_than_equal", "loc": ["body", "qty"], "ctx": {"ge": 1}},
            {"type": "enum", "loc": ["body", "tier"], "ctx": {"expected": "'gold' or 'silver'"}},
            {"type": "missing", "loc": ["body", "owner"]},
        ]
    }
    found = _read(pydantic)
    assert found["title",].max_length == 20
    assert found["qty",].low == 1
    assert found["tier",].values == ("gold", "silver")
    assert found["owner",].present
    go = {
        "errors": [
            {
                "namespace": "Body.Username",
                "field": "Username",
                "tag": "min",
                "param": "3",
                "kind": "string",
            },
            {"namespace": "Body.Age", "field": "Age", "tag": "gte", "param": "18", "kind": "int"},
            {"namespace": "Body.Color", "field": "Color", "tag": "oneof", "param": "red blue"},
        ]
    }
    found = _read(go)
    assert found["Username",].min_length == 3
    assert found["Age",].low == 18
    assert found["Color",].values == ("red", "blue")


@pytest.mark.parametrize(
    ("message", "wanted"),
    [
        ("The title field must be at least 5 characters.", {"min_length": 5}),
        ("The title field must not be greater than 80 characters.", {"max_length": 80}),
        ("is too short (minimum is 3 characters)", {"min_length": 3}),
        (
            "The field Title must be a string or array type with a maximum length of '9'.",
            {"max_length": 9},
        ),
        ("The field Age must be between 18 and 99.", {"low": 18, "high": 99}),
        ("The email must be a valid email address.", {"format": "email"}),
        ("The owner field is required.", {"present": True}),
        ("can't be blank", {"present": True}),
    ],
)
def test_messages_listed_by_field(message: str, wanted: dict[str, Any]) -> None:
    found = _read({"errors": {"title": [message]}})
    assert {k: getattr(found["title",], k) for k in wanted} == wanted


def test_bean_validation_lines_and_jackson_messages() -> None:
    lines = {
        "messages": [
            "username - size must be between 3 and 8",
            'code - must match "[A-Z]{2,5}"',
            "website - must be a valid URL",
            "password - must not be blank",
        ]
    }
    found = _read(lines)
    assert (found["username",].min_length, found["username",].max_length) == (3, 8)
    assert found["code",].pattern == "[A-Z]{2,5}"
    assert found["website",].format == "uri"
    assert found["password",].present
    jackson = {
        "error": "JSON parse error: Cannot deserialize value of type `com.x.Priority` from String"
        ' "z": not one of the values accepted for Enum class: [LOW, HIGH] through reference chain:'
        ' User["priority"]',
        "msg": "JSON parse error: Cannot deserialize value of type `java.util.UUID` from String"
        ' "z" through reference chain: User["owner"]->Owner["token"]',
    }
    found = _read(jackson)
    assert found["priority",].values == ("LOW", "HIGH")
    assert found["owner", "token"].format == "uuid"


def test_django_rest_framework_and_class_validator_messages() -> None:
    drf = {
        "title": ["Ensure this field has no more than 10 characters."],
        "code": ["Ensure this field has at least 4 characters."],
        "age": ["Ensure this value is greater than or equal to 18."],
        "count": ["A valid integer is required."],
        "site": ["Enter a valid URL."],
        "born": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
        "owner": ["This field may not be blank."],
        # messages naming no field of their own, which a key of a field's name would be read as
        "non_field_errors": ["This field is required."],
    }
    found = _read(drf)
    assert found["title",].max_length == 10
    assert found["code",].min_length == 4
    assert found["age",].low == 18
    assert found["count",].integer
    assert found["site",].format == "uri"
    assert found["born",].format == "date"
    assert found["owner",].present
    assert not any(field[0] == "non_field_errors" for field in found)
    nest = {
        "message": [
            "username must be longer than or equal to 3 characters",
            "username must be shorter than or equal to 12 characters",
            "age must not be less than 18",
            "email must be an email",
            "role must be one of the following values: admin, user",
            "code must match /^[A-Z]{3}$/ regular expression",
            "name should not be empty",
        ],
        "error": "Bad Request",
        "statusCode": 400,
    }
    found = _read(nest)
    assert (found["username",].min_length, found["username",].max_length) == (3, 12)
    assert found["age",].low == 18
    assert found["email",].format == "email"
    assert found["role",].values == ("admin", "user")
    assert found["code",].pattern == "^[A-Z]{3}$"
    assert found["name",].present
    assert ("message",) not in found


def test_each_message_of_a_field_is_read_for_itself() -> None:
    # a need an earlier message found does not stop a later one from being read
    found = _read({"count": ["A valid integer is required.", "This field is required."]})
    assert found["count",].integer and found["count",].present


def test_a_parameter_spring_could_not_convert() -> None:
    detail = (
        "Method parameter 'token': Failed to convert value of type 'java.lang.String' to "
        "required type 'java.util.UUID'"
    )
    assert _read({"detail": detail})["token",].format == "uuid"


def test_a_text_answer_and_an_answer_naming_nothing() -> None:
    assert needs(False, None, "name - size must be between 2 and 4\n")[0].max_length == 4
    assert needs(True, {"message": "invalid request"}, "") == []
    assert needs(True, {"errors": [{"keyword": "weird", "instancePath": "/a"}]}, "") == []


def test_a_body_remade_to_meet_the_needs_stays_valid() -> None:
    body = {"UserName": "a", "title": "b", "meta": {"code": "zz"}}
    found = [
        Need(("username",), min_length=3, max_length=8),
        Need(("meta", "code"), pattern="^[A-Z]{2}$"),
        Need(("title",), min_length=50),  # the schema allows 10 at most: left as it was
        Need(("owner",), present=True),
    ]
    valid = lambda b: len(b["title"]) <= 10  # noqa: E731
    made, met = remade(body, found, partial(strings.text, rng=random.Random(0)), valid)
    assert 3 <= len(made["UserName"]) <= 8
    assert made["meta"]["code"].isupper() and len(made["meta"]["code"]) == 2
    assert made["title"] == "b"
    assert isinstance(made["owner"], str) and made["owner"]
    assert [n.field for n in met] == [("username",), ("meta", "code"), ("owner",)]
    assert body == {"UserName": "a", "title": "b", "meta": {"code": "zz"}}  # not changed


def test_what_a_server_wrote_is_shown_escaped_and_short() -> None:
    # a server's names and values are hostile text: a report line shows them escaped and cut
    long = "x" * 500
    body = {
        "errors": [
            {"instancePath": "/na\x1b[2Jme", "keyword": "pattern", "params": {"pattern": long}},
            {"instancePath": "/" + long, "keyword": "minLength", "params": {"limit": 2}},
        ]
    }
    found = needs(True, body, "")
    said = [n.said() for n in found]
    assert said and all("\x1b" not in line and len(line) < 200 for line in said), said
    assert all(len(name) <= 100 for n in found for name in n.field)  # a longer name is no field
