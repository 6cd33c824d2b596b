"""The spec's validator of the mock and conformance: OpenAPI's exception to ``required``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import SpecConfig
from generator.exchange import SchemaValidator
from generator.parse import build_api

BODY = "/paths/~1accounts/post/requestBody/content/application~1json/schema"
RESPONSE = "/paths/~1accounts/post/responses/201/content/application~1json/schema"
ACCOUNT = "/components/schemas/Account"
BODY_OF_THINGS = "/paths/~1things/post/requestBody/content/application~1json/schema"
RESPONSE_OF_THINGS = "/paths/~1things/post/responses/201/content/application~1json/schema"


def _validator(version: str) -> SchemaValidator:
    account = {"$ref": "#/components/schemas/Account"}
    doc: dict[str, Any] = {
        "openapi": version,
        "info": {"title": "Accounts", "version": "1"},
        "paths": {
            "/accounts": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": account}}},
                    "responses": {
                        "201": {
                            "description": "Made.",
                            "content": {"application/json": {"schema": account}},
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Entity": {
                    "type": "object",
                    "properties": {"id": {"type": "integer", "readOnly": True}},
                },
                "Account": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Entity"},
                        {
                            "type": "object",
                            # `id` is marked readOnly by a sibling member, not here
                            "required": ["id", "name", "password"],
                            "properties": {
                                "name": {"type": "string"},
                                "password": {"type": "string", "writeOnly": True},
                            },
                        },
                    ]
                },
            }
        },
    }
    config = SpecConfig(spec=Path("accounts.yaml"), output=Path("out"))
    return SchemaValidator(build_api(doc, config, "accounts.yaml"))


@pytest.mark.parametrize("version", ["3.1.0", "3.0.3"])
def test_a_request_need_not_carry_a_required_read_only_property(version: str) -> None:
    validator = _validator(version)
    assert validator.is_valid(BODY, {"name": "a", "password": "secret"})
    assert not validator.is_valid(BODY, {"password": "secret"})  # `name` is still required
    assert not validator.is_valid(BODY, {"name": "a"})  # so is a writeOnly one, in a request
    assert [i.loc for i in validator.issues(BODY, {"password": "x"})] == [("name",)]


@pytest.mark.parametrize("version", ["3.1.0", "3.0.3"])
def test_a_response_need_not_carry_a_required_write_only_property(version: str) -> None:
    validator = _validator(version)
    for pointer in (RESPONSE, ACCOUNT):  # a schema on its own is read as a response
        assert validator.is_valid(pointer, {"id": 1, "name": "a"})
        assert not validator.is_valid(pointer, {"name": "a"})  # a readOnly one is required


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_an_integral_number_is_an_integer_whatever_its_spelling(version: str) -> None:
    # JSON Schema since draft 6, the models and every JavaScript validator read 3.0 as the
    # integer 3; OpenAPI 3.0's draft refused it, and failed a Python server that sends floats
    validator = _validator(version)
    assert validator.is_valid(RESPONSE, {"id": 3.0, "name": "a"})
    assert not validator.is_valid(RESPONSE, {"id": 3.5, "name": "a"})
    assert not validator.is_valid(RESPONSE, {"id": True, "name": "a"})


def _answering(version: str, schema: dict[str, Any]) -> SchemaValidator:
    """The validator of a spec whose one operation answers 200 with ``schema``."""
    content = {"application/json": {"schema": schema}}
    doc: dict[str, Any] = {
        "openapi": version,
        "info": {"title": "One", "version": "1"},
        "paths": {"/x": {"get": {"responses": {"200": {"description": "x", "content": content}}}}},
    }
    config = SpecConfig(spec=Path("one.yaml"), output=Path("out"))
    return SchemaValidator(build_api(doc, config, "one.yaml"))


ANSWER = "/paths/~1x/get/responses/200/content/application~1json/schema"


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize(
    ("value", "valid"), [(0.07, True), (0.03, True), (1.1, True), (7, True), (0.075, False)]
)
def test_a_multiple_is_read_of_the_numbers_as_written(
    version: str, value: float, valid: bool
) -> None:
    # 0.07 / 0.01 is 7.000000000000001 in floating point: jsonschema refused it, and failed a
    # server that answers a price of 0.07 for `multipleOf: 0.01`
    validator = _answering(version, {"type": "number", "multipleOf": 0.01})
    assert validator.is_valid(ANSWER, value) is valid


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_keyword_whose_value_is_not_of_its_kind_is_left_out(version: str) -> None:
    # `maximum: 1e-300` is a string in YAML 1.1 (a float needs its dot): jsonschema compared
    # numbers with it and conformance stopped with an internal error; the models leave such a
    # keyword out, and so does the validator, which still applies the others
    schema = {"type": "number", "maximum": "1e-300", "minLength": "2", "minimum": 0}
    schema["multipleOf"] = 0  # not above 0: as invalid, and it would divide by zero
    validator = _answering(version, schema)
    assert validator.is_valid(ANSWER, 5)
    assert not validator.is_valid(ANSWER, -1)  # `minimum` still holds
    assert not validator.is_valid(ANSWER, "5")  # and `type`


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize(
    ("value", "valid"), [(0, False), (1, True), (2, True), (3, False), (2.5, True), (-1, False)]
)
def test_a_boolean_exclusive_bound_is_read_as_the_models_read_it(
    version: str, value: float, valid: bool
) -> None:
    # 3.0's `exclusiveMinimum: true` beside `minimum`, also found in 3.1 specs (invalid there,
    # `apiforge validate` says where): jsonschema's 3.1 reading compared values with `true`,
    # that is 1, and failed a correct answer of 2 for `maximum: 3, exclusiveMaximum: true`
    schema = {"type": "number", "minimum": 0, "exclusiveMinimum": True}
    schema |= {"maximum": 3, "exclusiveMaximum": True}
    validator = _answering(version, schema)
    assert validator.is_valid(ANSWER, value) is valid
    loose = _answering(version, {"type": "number", "minimum": 0, "exclusiveMinimum": False})
    assert loose.is_valid(ANSWER, 0) and not loose.is_valid(ANSWER, -1)


def _posting(version: str, schemas: dict[str, Any]) -> SchemaValidator:
    """The validator of a spec whose one operation takes and answers ``Thing``."""
    thing = {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}
    doc: dict[str, Any] = {
        "openapi": version,
        "info": {"title": "Things", "version": "1"},
        "paths": {
            "/things": {
                "post": {
                    "requestBody": {"content": thing},
                    "responses": {"201": {"description": "Made.", "content": thing}},
                }
            }
        },
        "components": {"schemas": schemas},
    }
    config = SpecConfig(spec=Path("things.yaml"), output=Path("out"))
    return SchemaValidator(build_api(doc, config, "things.yaml"))


@pytest.mark.parametrize("version", ["3.1.0", "3.0.3"])
def test_a_mark_holds_though_another_member_redeclares_the_property(version: str) -> None:
    base = {
        "type": "object",
        "properties": {
            "id": {"$ref": "#/components/schemas/Id"},  # marked through its own `$ref`
            "kind": {"type": "string", "readOnly": True},
            "pin": {"type": "string", "writeOnly": True},
        },
    }
    redeclaring = {
        "type": "object",
        "required": ["id", "kind", "pin", "name"],
        "properties": {
            "kind": {"type": "string", "enum": ["thing"], "readOnly": False},
            "pin": {"type": "string", "enum": ["0000"]},
            "name": {"type": "string"},
        },
    }
    for members in ([{"$ref": "#/components/schemas/Base"}, redeclaring], [redeclaring, base]):
        validator = _posting(
            version,
            {"Id": {"type": "string", "readOnly": True}, "Base": base, "Thing": {"allOf": members}},
        )
        request = {"pin": "0000", "name": "a"}
        response = {"id": "1", "kind": "thing", "name": "a"}
        assert validator.is_valid(BODY_OF_THINGS, request)
        assert not validator.is_valid(BODY_OF_THINGS, {"name": "a"})  # `pin` is still required
        for pointer in (RESPONSE_OF_THINGS, "/components/schemas/Thing"):
            assert validator.is_valid(pointer, response)
            for name in ("id", "kind"):
                missing = {k: v for k, v in response.items() if k != name}
                assert not validator.is_valid(pointer, missing)


READINGS = {
    "type": "object",
    "properties": {
        "size": {"type": "string", "enum": ["s", "m"], "nullable": True},
        "sized": {"type": "string", "enum": ["s", None], "nullable": True},
        "maker": {"allOf": [{"type": "object"}], "nullable": True},
        "note": {"type": "string", "nullable": True},
    },
}


@pytest.mark.parametrize(
    ("value", "apart"),
    [
        ({"size": None}, "nullable"),  # an enum without null: 3.0.3 refuses it, others take it
        ({"maker": None}, "nullable"),  # no `type` beside `nullable`: the same
        ({"size": "s", "maker": {}}, None),  # no null: every reading agrees
        ({"sized": None}, None),  # the enum lists null
        ({"note": None}, None),  # beside its `type`: both readings take it
    ],
)
def test_a_null_where_nullable_readings_differ_is_read_apart(value: Any, apart: str) -> None:
    validator = _answering("3.0.3", READINGS)
    assert validator.is_valid(ANSWER, value)
    assert validator.read_apart(ANSWER, value, valid=True) == apart


def test_a_31_spec_has_no_nullable_reading_apart() -> None:
    schema = {"type": "object", "properties": {"size": {"enum": ["s", None]}}}
    validator = _answering("3.1.0", schema)
    assert validator.read_apart(ANSWER, {"size": None}, valid=True) is None


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize(("value", "valid"), [("", True), ("a@example.com", True), (7, False)])
def test_a_blank_email_is_told_apart_from_an_email_by_its_format(
    version: str, value: Any, valid: bool
) -> None:
    # drf-spectacular's `EmailField(blank=True)`: "" is an email under no format checker, so
    # only the second member takes it where formats are asserted; unread, it matched both
    blank_or_email = {
        "oneOf": [
            {"type": "string", "format": "email", "maxLength": 254},
            {"type": "string", "maxLength": 0},
        ]
    }
    validator = _answering(version, blank_or_email)
    assert validator.is_valid(ANSWER, value) is valid


def test_a_schema_naming_the_documents_own_dialect_is_read_as_the_others_are() -> None:
    # jsonschema meeting `$schema` switches to its stock 2020-12 class: `multipleOf` in
    # floating point, `required` for a request's readOnly properties; the validators' copy of
    # the document reads such a schema without the keyword
    dialect = "https://json-schema.org/draft/2020-12/schema"
    schema = {
        "$schema": dialect,
        "type": "object",
        "required": ["id", "price"],
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "price": {"$schema": dialect, "type": "number", "multipleOf": 0.0001},
        },
    }
    validator = _answering("3.1.0", schema)
    assert validator.is_valid(ANSWER, {"id": 1, "price": 0.0003})
    assert not validator.is_valid(ANSWER, {"id": 1, "price": 0.00035})


LOOPS = Path(__file__).parents[2] / "specs" / "discriminator_loops_30.yaml"


# values of tests/specs/discriminator_loops_30.yaml and whether they are valid (the generated
# tests' validator is held to the same: tests/functional/suite/test_discriminator_loops.py)
LOOP_CASES = [
    ("/components/schemas/Cat", {"petType": "Cat"}, True),
    ("/components/schemas/Pet", {"petType": "Cat", "purrs": True}, True),
    ("/components/schemas/Pet", {"petType": "Cat", "purrs": 3}, False),  # read as a Cat
    ("/components/schemas/Fruit", {"kind": "Fruit", "seeds": 1}, True),
    ("/components/schemas/Fruit", {"kind": "Fruit", "seeds": "x"}, False),
]


@pytest.mark.parametrize(("pointer", "value", "valid"), LOOP_CASES)
def test_a_discriminator_met_again_on_the_same_value_is_not_followed_again(
    pointer: str, value: dict[str, Any], valid: bool
) -> None:
    # the child `allOf`s its parent, whose discriminator names the child: following it again
    # inside the child would never end (it was judged nested too deeply: a valid Cat refused)
    doc = yaml.safe_load(LOOPS.read_text(encoding="utf-8"))
    config = SpecConfig(spec=LOOPS, output=LOOPS.parent)
    validator = SchemaValidator(build_api(doc, config, LOOPS.name))
    assert validator.is_valid(pointer, value) is valid
    assert bool(validator.issues(pointer, value)) is not valid
    assert all(issue.keyword != "too_deep" for issue in validator.issues(pointer, value))
