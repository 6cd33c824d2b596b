"""The operations a router may give a request meant for another operation's path to: a
template of the same method and server, as specific or more, that matches the path's text
(whatever the values' schemas say: a router reads them, if at all, after choosing)."""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.facts.routes import rivals, taken_elsewhere
from tests.unit.parse.spec import build


def _op(operation_id: str, method: str = "get", **schemas: dict[str, Any]) -> dict[str, Any]:
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": schema}
        for name, schema in schemas.items()
    ]
    return {
        method: {
            "operationId": operation_id,
            "parameters": parameters,
            "responses": {"204": {"description": "Done."}},
        }
    }


STRING = {"type": "string"}
PATHS = {
    "/files/{name}.{ext}": _op("typed", name=STRING, ext={"enum": ["json"]}),
    "/files/{name}": {**_op("plain", name=STRING), **_op("drop", "delete", name=STRING)},
    "/items/new": _op("blank"),
    "/items/{id}": _op("item", id={"type": "integer"}),
    "/{id}": _op("byId", id={"type": "integer"}),
    "/{a}{b}": _op("joined", a=STRING, b=STRING),
    "/pairs/{a}.{b}": _op("dotted", a=STRING, b=STRING),
    "/pairs/{a}-{b}": _op("dashed", a=STRING, b=STRING),
}


def _api() -> tuple[ir.Api, dict[str, ir.Operation]]:
    api = build(PATHS, openapi="3.0.3")
    return api, {op.operation_id: op for op in api.operations}


def test_a_path_a_template_as_specific_or_more_matches_may_be_routed_there() -> None:
    api, ops = _api()
    # `/files/x.json` and `/files/x.md` alike: a router matches text, then reads `ext`
    assert taken_elsewhere(api, ops["plain"], "/files/x.json") is ops["typed"]
    assert taken_elsewhere(api, ops["plain"], "/files/x.md") is ops["typed"]
    assert taken_elsewhere(api, ops["plain"], "/files/x") is None
    assert taken_elsewhere(api, ops["typed"], "/files/x.json") is None
    # a concrete path before a templated one, though `new` is no integer
    assert taken_elsewhere(api, ops["item"], "/items/new") is ops["blank"]
    assert taken_elsewhere(api, ops["item"], "/items/12") is None
    # `/{id}` comes before `/{a}{b}`, and matches every path of it
    assert taken_elsewhere(api, ops["joined"], "/x2") is ops["byId"]
    assert taken_elsewhere(api, ops["byId"], "/12") is None
    # as specific as each other: either may be tried first
    assert taken_elsewhere(api, ops["dotted"], "/pairs/x-y.z") is ops["dashed"]
    assert taken_elsewhere(api, ops["dashed"], "/pairs/x.y-z") is ops["dotted"]
    assert taken_elsewhere(api, ops["dashed"], "/pairs/x-y") is None


def test_only_templates_of_the_same_method_whose_segments_may_meet_are_rivals() -> None:
    api, ops = _api()
    assert rivals(api, ops["drop"]) == []  # no other DELETE
    assert rivals(api, ops["blank"]) == []  # the concrete path comes first
    # of two segments whose text may meet, as specific or more; `/{id}` has one
    assert [o.operation_id for o in rivals(api, ops["plain"])] == ["typed"]
    assert [o.operation_id for o in rivals(api, ops["item"])] == ["blank"]
