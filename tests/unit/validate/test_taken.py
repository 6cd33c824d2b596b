"""Whether a schema takes a value written in it (a default, an enum member): one rule, formats
asserted, read at once where the schema is plain and by the validator otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from generator.validate.taken import Judge

DOC: dict[str, Any] = {
    "openapi": "3.1.0",
    "components": {
        "schemas": {
            "Day": {"type": "string", "format": "date"},
            "Name": {"type": "string", "maxLength": 3},
        }
    },
}


@pytest.mark.parametrize(
    ("schema", "value", "taken"),
    [
        ({"type": "string", "format": "date"}, "xxx", False),
        ({"type": "string", "format": "date"}, "2024-02-29", True),
        ({"type": "string", "format": "date"}, "2023-02-29", False),
        ({"type": "string", "format": "date-time"}, "2024-13-01T00:00:00Z", False),
        ({"type": "string", "format": "uuid"}, "not-a-uuid", False),
        ({"type": "string", "format": "email"}, "nobody", False),
        ({"type": "string", "format": "ipv4"}, "999.1.1.1", False),
        ({"type": "string", "format": "ipv4"}, "10.0.0.1", True),
        ({"type": "string", "format": "no-such-format"}, "anything", True),
        ({"type": "string", "maxLength": 3}, "toolong", False),
        ({"type": "string", "pattern": "^[a-z]+$"}, "Not A Slug", False),
        # ECMA-262's \d is ASCII: Python's would take Arabic-Indic digits
        ({"type": "string", "pattern": "^\\d+$"}, "\u0661\u0662", False),
        ({"type": "string", "enum": ["low", "high"]}, "medium", False),
        ({"type": "number", "multipleOf": 0.1}, 0.3, True),  # as written, not as a float
        ({"type": "integer", "minimum": 1}, 0, False),
        ({"$ref": "#/components/schemas/Day"}, "never", False),
        ({"$ref": "#/components/schemas/Name"}, "abc", True),
        ({"anyOf": [{"type": "boolean"}, {"type": "null"}]}, None, True),
        ({"anyOf": [{"type": "boolean"}, {"type": "null"}]}, "x", False),
        ({"type": "array", "items": {"type": "string"}, "minItems": 2}, ["a"], False),
        ({"type": "array", "items": {"type": "string"}}, ["a", "b"], True),
        ({"type": "array", "maxItems": 1}, [[1, 2]], True),
        ({"type": "object", "required": ["b"]}, {"a": 1}, False),
        ({"const": {"a": 1}}, {"a": 1}, True),
        ({"const": {"a": 1}}, {"a": 2}, False),
    ],
)
def test_a_value_is_judged_as_apiforge_reads_the_schema(
    schema: dict[str, Any], value: Any, taken: bool
) -> None:
    assert Judge(DOC, 1).takes(schema, value) is taken


def test_3_0_reads_nullable_and_its_own_integers() -> None:
    judge = Judge({"openapi": "3.0.3"}, 0)
    assert judge.takes({"type": "string", "format": "date", "nullable": True}, None)
    assert not judge.takes({"type": "string", "format": "date"}, None)
    assert not judge.takes({"type": "string", "format": "date"}, "soon")
    assert judge.takes({"type": "integer", "maximum": 50}, 3)
    assert not judge.takes({"type": "integer", "maximum": 50}, 100)


def test_a_schema_the_validator_cannot_run_has_no_verdict() -> None:
    assert Judge(DOC, 1).takes({"$ref": "#/nowhere"}, 1)
    assert Judge(DOC, 1).takes({"type": "string", "pattern": "("}, "x")


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"type": "boolean", "description": "d"}, False),
        ({"type": ["string", "null"], "maxLength": 2}, None),
        ({"type": "integer", "minimum": 1, "maximum": 100}, 30),
        ({"type": "string", "enum": ["asc", "desc"]}, "asc"),
        ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 25),
        ({"type": "array", "items": {"type": "string"}}, ["push"]),
        ({"$ref": "#/components/schemas/Name", "title": "t"}, "ab"),
    ],
)
def test_a_plain_schema_is_judged_without_the_validator(
    schema: dict[str, Any], value: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the validator (jsonschema, a tenth of a second of imports) only where it is needed
    judge = Judge(DOC, 1)
    monkeypatch.setattr(judge, "_validator", lambda: pytest.fail("the validator was asked"))
    assert judge.takes(schema, value)


@pytest.mark.parametrize(
    ("schema", "value"),
    [
        ({"type": "integer"}, True),
        ({"type": "number", "enum": [1]}, True),
        ({"type": "string", "enum": ["1"]}, 1),
        ({"type": "string", "minLength": 2}, "a"),
        ({"type": "integer", "maximum": 5}, 5.5),
        ({"anyOf": [{"type": "integer"}, {"type": "null"}]}, "x"),
        ({"type": "array", "items": {"type": "integer"}}, [1, "a"]),
        ({"$ref": "#/components/schemas/Name"}, "abcd"),
    ],
)
def test_a_value_the_schema_refuses_is_never_taken_at_once(
    schema: dict[str, Any], value: Any
) -> None:
    assert not Judge(DOC, 1).takes(schema, value)


def test_3_0_reads_no_time_format_as_json_schema_draft_3_did() -> None:
    judge = Judge({"openapi": "3.0.3"}, 0)
    for written in ("23:20:50Z", "23:20:50.52", "16:39:57-08:00", "23:20:50"):
        assert judge.takes({"type": "string", "format": "time"}, written)
        assert judge.takes({"type": "string", "format": "time", "enum": [written]}, written)
    assert not judge.takes({"type": "string", "format": "date"}, "23:20:50Z")
    # nor the IDNA formats of JSON Schema's later drafts
    assert judge.takes({"type": "string", "format": "idn-hostname"}, "Bücher.example")
    assert not judge.takes({"type": "string", "format": "uuid"}, "Bücher.example")


def test_a_3_1_dialect_of_draft_4_excludes_a_bound_by_a_boolean() -> None:
    doc = {"openapi": "3.1.0", "jsonSchemaDialect": "http://json-schema.org/draft-04/schema#"}
    judge = Judge(doc, 1)
    bounded = {"type": "number", "minimum": 10, "maximum": 20, "exclusiveMaximum": True}
    assert judge.takes(bounded, 12) and judge.takes(bounded, 19.5)
    assert not judge.takes(bounded, 20) and not judge.takes(bounded, 21)
    assert judge.takes({**bounded, "exclusiveMaximum": False}, 20)
    low = {"type": "integer", "minimum": 1, "exclusiveMinimum": True}
    assert not judge.takes(low, 1) and judge.takes(low, 2)
    # 2020-12's numbers as ever
    assert not judge.takes({"type": "number", "exclusiveMaximum": 5}, 5)
    assert judge.takes({"type": "number", "exclusiveMaximum": 5}, 4)


def test_the_3_0_checker_is_the_librarys_without_importing_it_until_its_own_formats() -> None:
    # the same table as openapi-schema-validator's 3.0 checker (but the formats 3.0 does not
    # define), the library's own formats loaded from it only when one is asked for
    import subprocess
    import sys

    from openapi_schema_validator import oas30_format_checker

    from generator.openapi.formats import UNDEFINED_IN_30
    from generator.validate.taken import format_checker

    ours = format_checker(0).checkers
    theirs = {k: v for k, v in oas30_format_checker.checkers.items() if k not in UNDEFINED_IN_30}
    assert set(ours) == set(theirs)
    assert all(ours[name] == theirs[name] for name in theirs)
    probe = (
        "import sys\n"
        "from generator.validate.taken import format_checker\n"
        "checker = format_checker(0)\n"
        "assert checker.conforms('2024-02-30', 'date') is False\n"
        "assert 'openapi_schema_validator' not in sys.modules\n"
        "assert checker.conforms(2**40, 'int32') is False\n"
        "assert 'openapi_schema_validator' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True)
