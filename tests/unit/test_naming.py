"""Wire names to identifiers: table-driven."""

from __future__ import annotations

import keyword

import pytest

from generator.naming import Namespace, constant, pascal, snake


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("userId", "user_id"),
        ("user-id", "user_id"),
        ("user id", "user_id"),
        ("HTTPStatus", "http_status"),
        ("_inputs", "inputs_"),
        ("__dunder__", "dunder__"),
        ("class", "class_"),
        ("model_config", "model_config_"),
        ("model_dump", "model_dump_"),
        ("json", "json_"),
        ("Field", "field"),
        ("self", "self_"),
        ("1st", "n1st"),
        ("", "x"),
        ("🚀", "x1f680"),
        ("café", "cafe"),
        ("../etc/passwd", "etc_passwd"),
        ("id", "id"),
        ("type", "type"),
    ],
)
def test_snake(wire: str, expected: str) -> None:
    assert snake(wire) == expected
    assert snake(wire).isidentifier()
    assert not keyword.iskeyword(snake(wire))


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("ChatMessage-Input", "ChatMessageInput"),
        ("HTTPValidationError", "HTTPValidationError"),
        ("chat_message", "ChatMessage"),
        ("simple-user", "SimpleUser"),
        ("BaseModel", "BaseModel_"),
        ("Model", "Model_"),
        ("Field", "Field_"),
        ("None", "None_"),
        ("Exception", "Exception_"),
        ("2fa", "N2fa"),
        ("🚀", "X1F680"),
    ],
)
def test_pascal(wire: str, expected: str) -> None:
    assert pascal(wire) == expected
    assert pascal(wire).isidentifier()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("in_progress", "IN_PROGRESS"), ("a-b", "A_B"), ("1", "V1"), ("None", "NONE"), ("", "X")],
)
def test_constant(value: str, expected: str) -> None:
    assert constant(value) == expected


def test_namespace_resolves_collisions_in_order() -> None:
    names = Namespace()
    assert [names.claim(snake(w)) for w in ("a-b", "a_b", "a b")] == ["a_b", "a_b_2", "a_b_3"]


def test_namespace_folds_case_for_files() -> None:
    files = Namespace(fold_case=True)
    assert files.claim("Foo") == "Foo"
    assert files.claim("foo") == "foo_2"
