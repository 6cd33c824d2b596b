"""Parameters read from the wire by their style: every value a text may mean, likeliest first.

A schema with ``properties`` but no ``type`` takes an object or any other value: where its
style writes an object (deepObject's ``obj[id]=0``, an exploded form's ``?id=0``, a ``k,v``
text) the object is read, typed by its properties; the parameter's own text is read as the
other values it may be.
"""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.exchange import wire_readings
from generator.exchange.params import query_readings
from tests.unit.parse.spec import build, get, only

UNTYPED = {"properties": {"id": {"type": "integer"}}, "required": ["id"]}


def _param(**given: Any) -> tuple[ir.Api, ir.Param]:
    api = build(get([{"name": "obj", "required": True, **given}]), openapi="3.0.3")
    return api, only(api).params[0]


def test_deep_object_reads_the_object_of_a_schema_taking_other_values_too() -> None:
    api, param = _param(**{"in": "query", "style": "deepObject", "schema": UNTYPED})
    assert query_readings(api, param, [("obj[id]", "0")]) == [{"id": 0}]
    assert query_readings(api, param, [("obj", "true")]) == []  # deepObject writes no other


def test_deep_object_reads_objects_inside_typed_by_their_schema() -> None:
    inner = {"type": "object", "properties": {"n": {"type": "number"}}}
    schema = {"type": "object", "properties": {"range": inner, "on": {"type": "boolean"}}}
    api, param = _param(**{"in": "query", "style": "deepObject", "schema": schema})
    pairs = [("obj[range][n]", "1.5"), ("obj[on]", "true")]
    assert query_readings(api, param, pairs) == [{"range": {"n": 1.5}, "on": True}]


def test_an_exploded_form_object_is_read_from_its_pairs_and_its_own_pair_as_the_rest() -> None:
    api, param = _param(**{"in": "query", "schema": UNTYPED})
    assert query_readings(api, param, [("id", "0")]) == [{"id": 0}]
    assert True in query_readings(api, param, [("obj", "true")])
    assert query_readings(api, param, [("other", "1")]) == []


def test_any_value_exploded_in_form_is_an_object_of_the_pairs_no_other_parameter_takes() -> None:
    api, param = _param(**{"in": "query", "schema": {}})
    assert query_readings(api, param, [("a", "1"), ("b", "x")], frozenset({"b"})) == [{"a": "1"}]
    assert query_readings(api, param, [("obj", "5")]) == ["5", {"obj": "5"}]


def test_a_text_reads_as_an_object_first_where_it_has_an_object_shape() -> None:
    either = {"anyOf": [{"type": "object", "properties": {"n": {"type": "integer"}}}, {}]}
    api, param = _param(**{"in": "header", "schema": either})
    assert wire_readings(api, param, "n,1")[0] == {"n": 1}
    assert wire_readings(api, param, "abc")[0] == "abc"  # an odd count of parts: no object
    api, param = _param(**{"in": "query", "explode": False, "schema": UNTYPED})
    assert wire_readings(api, param, "id,3")[0] == {"id": 3}


def test_an_enum_of_arrays_or_objects_is_read_as_the_values_it_lists() -> None:
    # the IR types such a parameter as any value: its text is read by the JSON types of the
    # values listed, so that `?cell=0&cell=0` is the list [0, 0] the spec lists
    cell = {"type": "array", "items": {"type": "integer"}, "enum": [[0, 0], [1, 2]]}
    api, param = _param(**{"in": "query", "schema": cell})
    assert wire_readings(api, param, "0")[0] == [0]
    assert wire_readings(api, param, "1")[0] == [1]
    where = {"type": "object", "enum": [{"near": "home"}, {"far": 1}]}
    api, param = _param(**{"in": "header", "schema": where})
    assert wire_readings(api, param, "far,1")[0] == {"far": 1}
    assert wire_readings(api, param, "near,home")[0] == {"near": "home"}
