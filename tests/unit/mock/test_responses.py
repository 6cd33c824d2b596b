"""The mock's success answers: drawn until valid, for schemas whose draws often are not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.config import SpecConfig
from generator.exchange import SchemaValidator, Values
from generator.mock.responses import success_answer
from generator.parse import build_api

FREE = {"$ref": "#/components/schemas/Free"}
TAGGED = {"$ref": "#/components/schemas/Tagged"}


def _api(version: str, members: list[Any]) -> ir.Api:
    choice = {"oneOf": members}
    spec = {
        "openapi": version,
        "info": {"title": "Overlaps", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "getThing",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "required": ["first", "second", "third"],
                    "properties": {"first": choice, "second": choice, "third": choice},
                    "additionalProperties": False,
                },
                "Free": {"type": "object"},
                "Tagged": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"tag": {"type": "string", "enum": ["a", "b"]}},
                },
            }
        },
    }
    config = SpecConfig(spec=Path("overlaps.yaml"), output=Path("out"))
    return build_api(spec, config, "overlaps.yaml")


@pytest.mark.parametrize(
    ("version", "members"),
    [
        ("3.1.0", [FREE, TAGGED, {"type": "null"}]),  # null and Free's values match once
        ("3.1.0", [FREE, TAGGED, {}]),  # only a value no object member takes matches once
        ("3.1.0", [TAGGED, {"type": "object"}, {"type": "integer"}]),
        ("3.0.3", [FREE, TAGGED, {"type": "integer", "nullable": True}]),
    ],
)
def test_a_one_of_member_another_accepts_whole_leaves_every_answer_valid(
    version: str, members: list[Any]
) -> None:
    # every value of Tagged is one of Free's too: drawn, it matched two members, and with
    # three such properties the mock answered 500 to about one request in five
    api = _api(version, members)
    op = api.operation_by_id["getThing"]
    values, validator = Values(api), SchemaValidator(api)
    statuses = [success_answer(op, {"n": n}, 0, values, validator).status for n in range(300)]
    assert set(statuses) == {200}
