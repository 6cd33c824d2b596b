"""``response_headers``: a header the status documents as required is there, and a documented
header's value fits its schema, read in ``simple`` style as every header is."""

from __future__ import annotations

from typing import Any

import pytest

from generator.conformance.checks import CHECKS, Answer, Context
from generator.exchange import SchemaValidator
from tests.unit.parse.spec import build

COUNT = {"schema": {"type": "integer", "minimum": 0}, "required": True}
SPEC: dict[str, Any] = {
    "/things": {
        "get": {
            "operationId": "listThings",
            "responses": {
                "200": {
                    "description": "A page.",
                    "headers": {
                        "X-Total-Count": COUNT,
                        "X-Kinds": {
                            "schema": {
                                "type": "array",
                                "items": {"type": "string", "enum": ["a", "b"]},
                            }
                        },
                        "Set-Cookie": {"schema": {"type": "string", "pattern": "^session="}},
                        "Content-Length": {"schema": {"type": "integer"}, "required": True},
                        "Content-Type": {"schema": {"type": "string"}, "required": True},
                        "ETag": {"$ref": "#/components/headers/ETag"},
                    },
                },
                "304": {"$ref": "#/components/responses/NotModified"},
                "400": {"description": "Refused."},
            },
        }
    }
}
COMPONENTS = {
    "headers": {"ETag": {"schema": {"type": "string", "minLength": 3}, "required": True}},
    "responses": {
        "NotModified": {
            "description": "Not modified.",
            "headers": {"ETag": {"$ref": "#/components/headers/ETag"}},
        }
    },
}
FINE = {"x-total-count": "12", "etag": '"abc"'}


def _outcome(status: int, headers: dict[str, str], repeated: frozenset[str] = frozenset()) -> Any:
    api = build(SPEC, components=COMPONENTS)
    (op,) = api.operations
    ctx = Context(api, op, "random", SchemaValidator(api), frozenset())
    return CHECKS["response_headers"](ctx, Answer(status, headers, b"[]", repeated=repeated))


@pytest.mark.parametrize(
    ("status", "headers", "verdict", "said"),
    [
        (200, FINE, "pass", ""),
        (200, FINE | {"x-kinds": "a, b,a"}, "pass", ""),  # spaces around a list's commas
        (200, {"etag": '"abc"'}, "fail", "lacks the required header X-Total-Count"),
        (200, FINE | {"x-total-count": "-1"}, "fail", "header X-Total-Count: '-1'"),
        (200, FINE | {"x-total-count": "many"}, "fail", "header X-Total-Count: 'many'"),
        (200, FINE | {"x-kinds": "a,c"}, "fail", "header X-Kinds: 'a,c'"),
        (200, {"x-total-count": "1"}, "fail", "lacks the required header ETag"),  # a $ref
        (200, FINE | {"etag": "x"}, "fail", "header ETag"),
        (304, {}, "fail", "the 304 answer lacks the required header ETag"),  # $ref'd answer
        (304, {"etag": '"abc"'}, "pass", ""),
        (200, FINE | {"set-cookie": "theme=dark"}, "fail", "header Set-Cookie"),
        (400, {}, None, ""),  # nothing documented
    ],
)
def test_required_headers_are_there_and_each_fits_its_schema(
    status: int, headers: dict[str, str], verdict: str | None, said: str
) -> None:
    outcome = _outcome(status, headers)
    assert (outcome and outcome.verdict) == verdict
    assert said in (outcome.message if outcome else "")


def test_a_header_sent_twice_is_not_read_as_one_value() -> None:
    # two Set-Cookie lines come joined by ", ": no pattern judges the pair as one cookie
    joined = FINE | {"set-cookie": "theme=dark, session=1"}
    assert _outcome(200, joined, frozenset({"set-cookie"})).verdict == "pass"
    assert _outcome(200, joined).verdict == "fail"


def test_framing_and_the_content_type_are_not_judged_as_documented_headers() -> None:
    # OpenAPI ignores a documented Content-Type; a proxy or compression may drop the length
    assert _outcome(200, FINE).verdict == "pass"
