"""Every Schema Object of a 3.1 document is checked against its dialect, wherever it stands:
openapi-spec-validator reaches the component schemas and what the operations of ``paths``
read through their parameters and responses, apiforge the others (a request body's, a
header's, a webhook's or a callback's, a component parameter's or response's). On the way of
a generation, the forms every later stage reads are checked wherever the schema stands."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load
from generator.validate import validate

BAD = "{type: [integer, null]}"  # YAML's null: no type name ("null" is)
GOOD = '{type: [integer, "null"], minimum: 0}'
PLACES = {
    "request body": (
        "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n"
        "          application/json:\n            schema: {s}\n"
        "      responses:\n        '204': {{description: ok}}\n",
        "/paths/~1a/post/requestBody/content/application~1json/schema/type/1",
    ),
    "response header": (
        "paths:\n  /a:\n    get:\n      responses:\n        '204':\n          description: ok\n"
        "          headers:\n            X-A:\n              schema: {s}\n",
        "/paths/~1a/get/responses/204/headers/X-A/schema/type/1",
    ),
    "component parameter": (
        "paths: {{}}\ncomponents:\n  parameters:\n    Q: {{name: q, in: query, schema: {s}}}\n",
        "/components/parameters/Q/schema/type/1",
    ),
    "webhook": (
        "webhooks:\n  w:\n    post:\n      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n              schema: {s}\n",
        "/webhooks/w/post/responses/200/content/application~1json/schema/type/1",
    ),
    "callback": (
        "paths:\n  /a:\n    get:\n      callbacks:\n        c:\n          '{{$request.query.u}}':\n"
        "            post:\n              requestBody:\n                content:\n"
        "                  application/json:\n                    schema: {s}\n"
        "              responses:\n                '200': {{description: ok}}\n"
        "      responses:\n        '204': {{description: ok}}\n",
        "/paths/~1a/get/callbacks/c/{$request.query.u}/post/requestBody/content/application~1json"
        "/schema/type/1",
    ),
    "operation parameter": (  # reached by openapi-spec-validator: told once
        "paths:\n  /a:\n    get:\n      parameters:\n"
        "        - {{name: q, in: query, schema: {s}}}\n"
        "      responses:\n        '204': {{description: ok}}\n",
        "/paths/~1a/get/parameters/0/schema/type/1",
    ),
}


def _spec(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("full", [True, False])
def test_a_schema_its_dialect_refuses_is_told_wherever_it_stands(
    tmp_path: Path, place: str, full: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIFORGE_NO_CACHE", "1")
    body, pointer = PLACES[place]
    problems = validate(load(_spec(tmp_path, body.format(s=BAD))), full=full)
    assert [(p.pointer, p.message) for p in problems] == [
        (
            pointer,
            'null is not one of ["array", "boolean", "integer", "null", "number", "object", '
            '"string"]',
        )
    ]
    assert validate(load(_spec(tmp_path, body.format(s=GOOD))), full=full) == []


@pytest.mark.parametrize(
    ("schema", "told"),
    [
        ('{type: string, minLength: "5"}', 'expected integer, found a string: "5"'),
        ("{type: string, maxLength: 2.5}", "expected integer, found a number: 2.5"),
        ("{type: number, maximum: [1]}", "expected number, found a list: [1]"),
        ("{type: string, pattern: 5}", "expected string, found a number: 5"),
        ("{type: foo}", '"foo" is not one of'),
        ("{type: {a: 1}}", "expected string or array"),
    ],
)
def test_the_forms_every_later_stage_reads_are_checked_before_generating(
    tmp_path: Path, schema: str, told: str
) -> None:
    body, _ = PLACES["request body"]
    [problem] = validate(load(_spec(tmp_path, body.format(s=schema))), full=False)
    assert problem.message.startswith(told)


@pytest.mark.parametrize(
    "schema",
    [
        "{type: string, minLength: 5.0}",  # a whole number, as JSON Schema reads it
        "{type: number, minimum: 0, exclusiveMaximum: true, maximum: 5}",  # read leniently
        '{type: ["string", "null"]}',
        "{type: string}",
    ],
)
def test_forms_a_generation_reads_pass_its_checks(tmp_path: Path, schema: str) -> None:
    body, _ = PLACES["request body"]
    assert validate(load(_spec(tmp_path, body.format(s=schema))), full=False) == []
