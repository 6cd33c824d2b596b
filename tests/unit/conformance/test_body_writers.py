"""The XML and YAML writers of request bodies: the document OpenAPI's XML Object describes,
or none (``Unwritable``); YAML that a YAML 1.1 and a 1.2 reader both read back as the value."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from generator.conformance.bodies import yaml_text
from generator.conformance.unsendable import Unwritable
from generator.conformance.xml_body import xml_document

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _doc(schema: Any, **components: Any) -> dict[str, Any]:
    return {"components": {"schemas": components}, "body": schema}


def _xml(schema: Any, value: Any, **components: Any) -> str:
    written = xml_document(_doc(schema, **components), "/body", value)
    assert written.startswith(_HEAD)
    return written.removeprefix(_HEAD)


PET = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "xml": {"attribute": True}},
        "name": {"type": "string", "xml": {"name": "label"}},
        "photos": {
            "type": "array",
            "xml": {"wrapped": True},
            "items": {"type": "string", "xml": {"name": "photo"}},
        },
        "tags": {"type": "array", "items": {"type": "string"}},
        "aliens": {"type": "array", "xml": {"name": "others", "wrapped": True}, "items": {}},
    },
}


def test_names_attributes_and_arrays_as_the_xml_object_says() -> None:
    value = {"id": 7, "name": "a<&>\r", "photos": ["p"], "tags": ["x", "y"], "aliens": [1]}
    written = _xml({"$ref": "#/components/schemas/Pet"}, value, Pet=PET)
    assert written == (
        '<Pet id="7"><label>a&lt;&amp;&gt;&#13;</label><photos><photo>p</photo></photos>'
        "<tags>x</tags><tags>y</tags><others><others>1</others></others></Pet>"
    )


def test_namespaces_and_prefixes_are_declared_where_they_are_used() -> None:
    schema = {
        "type": "object",
        "xml": {"name": "feed", "namespace": "urn:a", "prefix": "a"},
        "properties": {
            "title": {"type": "string", "xml": {"namespace": "urn:b", "prefix": "b"}},
            "lang": {
                "type": "string",
                "xml": {"attribute": True, "namespace": "urn:a", "prefix": "a"},
            },
            "kind": {"type": "string"},
        },
    }
    written = _xml(schema, {"title": "t", "lang": "en", "kind": True})
    assert written == (
        '<a:feed xmlns:a="urn:a" a:lang="en"><b:title xmlns:b="urn:b">t</b:title>'
        "<kind>true</kind></a:feed>"
    )


@pytest.mark.parametrize(
    ("schema", "value", "why"),
    [
        ({"type": "object"}, {}, "names no XML root element"),
        ({"xml": {"name": "a"}}, None, "null"),
        ({"xml": {"name": "a"}, "type": "array"}, [1], "wrapped"),
        ({"xml": {"name": "a b"}}, "x", "no XML name"),
        ({"xml": {"name": "a"}}, "\x00", "cannot carry"),
        ({"xml": {"name": "a"}, "properties": {"t": {"type": "array"}}}, {"t": []}, "empty"),
        ({"xml": {"name": "a", "prefix": "p"}}, "x", "without its namespace"),
        (
            {"xml": {"name": "a"}, "properties": {"o": {"anyOf": [{"type": "object"}]}}},
            {"o": {}},
            "composed",
        ),
        (
            {"xml": {"name": "a", "namespace": "urn:a"}, "properties": {"c": {}}},
            {"c": 1},
            "default namespace",
        ),
        ({"xml": {"name": "a", "nodeType": "text"}}, "x", "nodeType"),
    ],
)
def test_what_the_xml_object_leaves_open_is_not_written(schema: Any, value: Any, why: str) -> None:
    with pytest.raises(Unwritable, match=why):
        xml_document(_doc(schema), "/body", value)


@pytest.mark.parametrize(
    "value",
    [
        {"name": "yes", "n": "1e3", "o": "0o17", "nul": "null", "t": "~", "e": ""},
        ["\x84\x1b", "\u2028", "é😀", "a: b", "- x", "#c", "'q'"],
        {"f": 1e30, "i": 12, "b": False, "z": None, "x": 1.5, "nested": [[{}], []]},
        "plain",
        0,
    ],
)
def test_yaml_reads_back_as_the_value_in_any_reader(value: Any) -> None:
    written = yaml_text(value)
    assert yaml.safe_load(written) == value
    # every string quoted: YAML 1.2 reads `1e3` and `0o17` as numbers, 1.1 reads `yes` as true
    for line in written.splitlines():
        assert "1e3" not in line or '"1e3"' in line
        assert "0o17" not in line or '"0o17"' in line
