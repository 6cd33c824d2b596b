"""``response_formats`` and ``write_only_returned``: a string not of its ``date``, ``date-time``
or ``uuid`` format, or a ``writeOnly`` value sent back, is a warning that says why, never a
failure (``format`` and ``writeOnly`` are annotations in JSON Schema)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.conformance.checks import CHECKS, Answer, Context, judge
from generator.exchange import SchemaValidator
from tests.unit.parse.spec import build

THING = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "at": {"type": "string", "format": "date-time"},
        "days": {"type": "array", "items": {"type": "string", "format": "date"}},
        "mail": {"type": "string", "format": "email"},
        "secret": {"type": "string", "writeOnly": True},
        "owner": {"$ref": "#/components/schemas/Owner"},
    },
}
OWNER = {"type": "object", "properties": {"pin": {"type": "integer", "writeOnly": True}}}
SPEC: dict[str, Any] = {
    "/things": {
        "get": {
            "operationId": "getThing",
            "responses": {
                "200": {
                    "description": "A thing.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/T"}}},
                }
            },
        }
    }
}
FINE = {"id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "at": "2024-02-29T10:00:00Z", "days": []}


def _ctx(openapi: str = "3.1.0") -> Context:
    api = build(SPEC, {"T": THING, "Owner": OWNER}, openapi=openapi)
    (op,) = api.operations
    return Context(api, op, "random", SchemaValidator(api), frozenset())


def _answer(body: Any) -> Answer:
    return Answer(200, {"content-type": "application/json"}, json.dumps(body).encode())


@pytest.mark.parametrize("openapi", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize(
    ("check", "body", "verdict", "said"),
    [
        ("response_formats", FINE | {"mail": "not an address"}, "pass", ""),  # typed ones only
        (
            "response_formats",
            FINE | {"at": "2024-02-29T10:00"},
            "warn",
            "/at: '2024-02-29T10:00' is",
        ),
        (
            "response_formats",
            FINE | {"days": ["2024-02-30"]},
            "warn",
            "/days/0: '2024-02-30' is not",
        ),
        ("response_formats", FINE | {"id": "7"}, "warn", "/id: '7' is not a UUID"),
        ("write_only_returned", FINE, "pass", ""),
        (
            "write_only_returned",
            FINE | {"secret": "x"},
            "warn",
            "the 200 body holds /secret, which",
        ),
        ("write_only_returned", FINE | {"owner": {"pin": 1234}}, "warn", "holds /owner/pin"),
    ],
)
def test_an_annotation_departed_from_is_a_warning(
    openapi: str, check: str, body: Any, verdict: str, said: str
) -> None:
    outcome = CHECKS[check](_ctx(openapi), _answer(body))
    assert outcome is not None and outcome.verdict == verdict
    assert said in outcome.message


def test_it_never_fails_the_answer() -> None:
    outcomes = judge(_ctx(), _answer(FINE | {"at": "yesterday"}))
    assert [o.verdict for o in outcomes if o.check == "response_formats"] == ["warn"]
    assert all(o.verdict != "fail" for o in outcomes)
