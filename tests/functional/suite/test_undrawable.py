"""Generated tests whose values Hypothesis cannot draw, on correct specs: skipped with
Hypothesis's reason, never failed, and without Hypothesis's warning about the text of a large
strategy (which under ``-W error`` replaced the error it wrote a note on).

Both specs are a ``oneOf`` of two objects that differ only in how long ``p0`` may be (49 or
50 characters): a value is valid only with a ``p0`` of exactly 50, which few draws make, so
each example draws the object again and again until the tries run out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.functional.suite.test_generated_tests import run_suite
from tests.support import generate_into

WORDS = [f"value-{i:03d}" for i in range(250)]


def _spec(properties: dict[str, Any]) -> dict[str, Any]:
    """Objects of ``properties`` and a ``p0`` of 49 or 50 characters at most, one of them."""

    def member(longest: int) -> dict[str, Any]:
        p0 = {"type": "string", "maxLength": longest}
        return {"type": "object", "required": ["p0"], "properties": {**properties, "p0": p0}}

    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Wide"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Wide", "version": "1"},
        "paths": {
            "/wide": {
                "get": {
                    "operationId": "getWide",
                    "responses": {"200": {"description": "ok", "content": body}},
                }
            }
        },
        "components": {
            "schemas": {
                "Wide": {
                    "oneOf": [
                        {"$ref": "#/components/schemas/A"},
                        {"$ref": "#/components/schemas/B"},
                    ]
                },
                "A": member(49),
                "B": member(50),
            }
        },
    }


def _run(tmp_path: Path, properties: dict[str, Any], *extra: str) -> tuple[int, str]:
    spec = tmp_path / "wide.json"
    spec.write_text(json.dumps(_spec(properties)), encoding="utf-8")
    generate_into(spec, tmp_path, "wide")
    done = run_suite(tmp_path, "wide_tests/test_responses.py", extra=("-rs", *extra))
    return done.returncode, done.stdout + done.stderr


def test_a_large_strategys_text_is_no_warning(tmp_path: Path) -> None:
    # twelve properties of 250 values each: the strategy's text is some 40 kB
    words = {f"p{i}": {"type": "string", "enum": WORDS} for i in range(1, 13)}
    code, said = _run(tmp_path, words)
    assert code == 0, said
    assert "overly large repr" not in said, said


def test_examples_too_large_to_draw_skip_the_test_with_the_reason(tmp_path: Path) -> None:
    # 120 properties drawn again and again: every example is larger than Hypothesis draws
    many = {f"p{i}": {"type": "string", "maxLength": 5} for i in range(1, 121)}
    code, said = _run(tmp_path, many)
    assert code == 0, said
    assert "no example could be drawn: Unable to satisfy assumptions" in said, said
    assert "Unsatisfiable" not in said, said
