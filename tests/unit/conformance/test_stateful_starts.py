"""What the stateful phase starts a sequence with, and the bodies its calls send."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest
from hypothesis import find
from hypothesis import strategies as st

from generator import ir
from generator.conformance.presence import complete, present, rounds
from generator.conformance.stateful import StatefulPhase
from tests.unit.parse.spec import build


def _answer(schema: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema}"}
    return {"description": "-", "content": {"application/json": {"schema": ref}}}


def _param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


CARD_IN = {
    "type": "object",
    "required": ["title"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "pinned": {"type": "boolean"},
        "colour": {"$ref": "#/components/schemas/Colour"},
        "size": {"type": "string", "pattern": "^(small|large)$"},  # an enum in all but name
    },
}
COLOURS = ["red", "green", "blue"]


@pytest.fixture(scope="module")
def api() -> ir.Api:
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/CardIn"}}}}
    paths = {
        "/boards": {"post": {"operationId": "createBoard", "responses": {"201": _answer("Made")}}},
        "/boards/{board_id}": {
            "get": {
                "operationId": "readBoard",
                "parameters": [_param("board_id")],
                "responses": {"200": _answer("Made"), "404": {"description": "-"}},
            }
        },
        "/boards/{board_id}/cards": {
            "post": {
                "operationId": "addCard",
                "parameters": [_param("board_id")],
                "requestBody": {"required": True, **body},
                "responses": {"201": _answer("Made")},
            }
        },
        "/boards/{board_id}/cards/{card_id}": {
            "get": {
                "operationId": "readCard",
                "parameters": [_param("board_id"), _param("card_id")],
                "responses": {"200": _answer("Made"), "404": {"description": "-"}},
            }
        },
    }
    schemas = {
        "Made": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}},
        "CardIn": CARD_IN,
        "Colour": {"type": "string", "enum": COLOURS},
    }
    return build(paths, schemas)


class _Runner:
    """The little of a conformance runner the phase reads when it is made."""

    def __init__(self, api: ir.Api):
        self.api = api
        self.operations = api.operations
        self.unsent: frozenset[str] = frozenset()

    def _can_authenticate(self, op: ir.Operation) -> bool:
        return True


def _phase(api: ir.Api) -> StatefulPhase:
    return StatefulPhase(_Runner(api), None)  # type: ignore[arg-type]


def test_a_sequence_starts_at_a_source_no_link_leads_to(api: ir.Api) -> None:
    assert {(link.source, link.target) for link in api.links} == {
        ("createBoard", "readBoard"),
        ("createBoard", "addCard"),
        ("addCard", "readCard"),
    }
    # adding a card is a link's source too, but it is reached through its board's link,
    # with a board that exists, never with a drawn board id
    assert _phase(api).sources == ["createBoard"]


def test_where_every_source_is_led_to_every_source_starts(api: ir.Api) -> None:
    back = dataclasses.replace(api.links[0], source="readBoard", target="createBoard")
    looped = dataclasses.replace(api, links=(*api.links, back))
    assert _phase(looped).sources == ["addCard", "createBoard", "readBoard"]


def test_the_first_pass_sends_every_value_of_an_enum_and_a_boolean(api: ir.Api) -> None:
    op = api.operation_by_id["addCard"]
    assert rounds(api, op) == len(COLOURS)
    assert rounds(api, api.operation_by_id["readBoard"]) == 1
    rng = random.Random(0)
    bodies = [complete(api, op, rng, lambda request: True, n) for n in range(3)]
    assert [b["body"]["colour"] for b in bodies if b] == COLOURS
    assert [b["body"]["pinned"] for b in bodies if b] == [True, False, True]
    assert [b["body"]["size"] for b in bodies if b] == ["large", "small", "large"]
    assert all(b is not None and b["path"]["board_id"] is not None for b in bodies)


def test_bodies_drawn_in_sequences_have_their_optional_properties_present(api: ir.Api) -> None:
    op = api.operation_by_id["addCard"]
    drawn = st.just({"path": {"board_id": 1}, "body": {"title": "t"}})
    strategy = present(api, op, drawn, lambda body: True)
    full = find(strategy, lambda request: set(request["body"]) == {"title", "pinned", "colour"})
    assert full["body"]["title"] == "t"  # a property the source drew keeps its value
    for colour in COLOURS:
        find(strategy, lambda request, c=colour: request["body"].get("colour") == c)
    find(strategy, lambda request: request["body"] == {"title": "t"})
    # a body the schema would refuse is sent as the source drew it
    refused = present(api, op, drawn, lambda body: False)
    assert find(refused, lambda request: True) == {"path": {"board_id": 1}, "body": {"title": "t"}}
