"""The mock's drawn values: every one is valid under the spec's own schema."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

from generator import ir
from generator.config import SpecConfig
from generator.exchange import GenerationError, SchemaValidator, Values, regex
from generator.exchange.formats import CHECKED
from generator.parse import build_api
from generator.patterns import searcher
from tests.support import bare_api


def _step(mapping: bool, nullable: bool) -> dict[str, Any]:
    members: list[Any] = [
        {"$ref": "#/components/schemas/TextStep"},
        {"$ref": "#/components/schemas/TimerStep"},
    ]
    if nullable:
        members.insert(0, {"type": "null"})
    discriminator: dict[str, Any] = {"propertyName": "kind"}
    if mapping:
        discriminator["mapping"] = {
            "text": "#/components/schemas/TextStep",
            "timer": "#/components/schemas/TimerStep",
        }
    return {"oneOf": members, "discriminator": discriminator}


def _spec(step: dict[str, Any], text_kind: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Steps", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Step": step,
                "TextStep": {
                    "type": "object",
                    "required": ["kind", "text"],
                    "properties": {"kind": text_kind, "text": {"type": "string"}},
                },
                "TimerStep": {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {
                        "kind": {"type": "string", "enum": ["timer"]},
                        "seconds": {"type": "integer", "minimum": 1},
                    },
                },
            }
        },
    }


@pytest.mark.parametrize(
    ("mapping", "nullable", "text_kind"),
    [
        (True, False, {"type": "string", "const": "text"}),  # the component name is refused
        (True, True, {"type": "string", "const": "text"}),  # null before the members
        (False, True, {"type": "string", "enum": ["TextStep"]}),  # names only, null first
        (True, False, {"type": "string"}),  # any tag the mapping gives
    ],
)
def test_discriminated_members_are_drawn_with_a_tag_they_accept(
    mapping: bool, nullable: bool, text_kind: dict[str, Any]
) -> None:
    api = build_api(
        _spec(_step(mapping, nullable), text_kind),
        SpecConfig(spec=Path("steps.yaml"), output=Path("out")),
        "steps.yaml",
    )
    values, validator = Values(api), SchemaValidator(api)
    step = api.alias("Step").type
    rng = random.Random(7)
    drawn = [values.value(step, rng) for _ in range(40)]
    assert {v["kind"] for v in drawn if isinstance(v, dict)} >= {"timer"}
    assert [v for v in drawn if not validator.is_valid("/components/schemas/Step", v)] == []


def test_an_anchored_pattern_longer_than_its_plain_draws_stretches_its_repeats() -> None:
    # padding after a match breaks `$`: the open repeat is drawn longer instead
    drawn = []
    for seed in range(40):
        try:
            drawn.append(
                regex.generate(
                    "^[A-Z]{2}[0-9]+$", random.Random(seed), min_length=20, max_length=22
                )
            )
        except GenerationError:
            pass
    assert len(drawn) >= 30
    assert all(re.fullmatch("[A-Z]{2}[0-9]{18,20}", text) for text in drawn)


@pytest.mark.parametrize(
    ("pattern", "low", "high"),
    [
        ("^[A-Z]{3}[0-9]{0,40}$", 25, 30),  # the length in the repeat that can supply it
        ("end$", 20, None),  # text before an unanchored start
        ("^[0-9]{2}:[0-9a-f]+$", 3000, None),  # far past what plain draws reach
        ("^(?:[a-f]+|[0-9]{3})$", 10, None),  # the alternative that can be that long
        ("^[a-z]+(-[a-z]+)*$", 10, 12),  # a unit whose length varies, beside one that does not
    ],
)
def test_a_pattern_beside_lengths_is_drawn_at_a_length_by_its_plan(
    pattern: str, low: int, high: int | None
) -> None:
    matches = searcher(pattern)
    for seed in range(20):
        text = regex.generate(pattern, random.Random(seed), min_length=low, max_length=high)
        assert low <= len(text) <= (high or len(text)) and matches(text), text


def test_a_format_beside_a_pattern_is_drawn_of_the_format() -> None:
    api = bare_api()
    values = Values(api, direction="request")
    for seed in range(20):
        t = ir.StringT(pattern="Z$", format="date-time")
        text = values.value(t, random.Random(seed))
        assert CHECKED["date-time"](text) is None and text.endswith("Z"), text
