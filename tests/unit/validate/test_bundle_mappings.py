"""Discriminator mappings written in other files are bundled as their ``$ref``s are."""

from __future__ import annotations

from pathlib import Path

from generator.load import load
from generator.openapi import walk
from generator.validate import validate
from generator.validate.bundle import bundle
from tests.unit.validate.test_validate import lines, spec_with, write

SPECS = Path(__file__).parents[2] / "specs"


def _mapping(data: dict, *path: str) -> dict:
    node = data
    for key in path:
        node = node[key]
    return node["discriminator"]["mapping"]


def test_a_pointer_relative_to_its_file_names_the_copy_it_is_in() -> None:
    bundled = bundle(load(SPECS / "strategies_mapping_files_30.yaml"))
    schemas = bundled.data["components"]["schemas"]
    assert _mapping(schemas, "proof") == {
        "card": "#/components/schemas/proof/oneOf/0",
        "letter": "#/components/schemas/proof/oneOf/1",
    }
    for ref in _mapping(schemas, "proof").values():
        found, value, _ = walk(bundled.data, ref[1:])
        assert found and value["properties"]["kind"]["type"] == "string"


def test_a_mapping_to_another_file_names_what_the_members_name() -> None:
    bundled = bundle(load(SPECS / "strategies_mapping_files_30.yaml"))
    pet = bundled.data["components"]["schemas"]["Pet"]
    members = [m["$ref"] for m in pet["oneOf"]]
    assert list(pet["discriminator"]["mapping"].values()) == members
    assert members == ["#/components/schemas/Dog", "#/components/schemas/Cat"]


def test_a_target_only_the_mapping_names_is_brought_in(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pet.yaml",
        """\
        Pet:
          type: object
          properties: {kind: {type: string}}
          discriminator: {propertyName: kind, mapping: {dog: '#/Dog', cat: Cat}}
        Dog: {type: object, properties: {barks: {type: boolean}}}
        """,
    )
    spec = write(tmp_path, "s.yaml", spec_with("    Pet: {$ref: 'pet.yaml#/Pet'}\n"))
    doc = load(spec)
    assert validate(doc) == []
    schemas = bundle(doc).data["components"]["schemas"]
    # a schema's name is left as it is: it names the spec's own component
    assert _mapping(schemas, "Pet") == {"dog": "#/components/schemas/Dog", "cat": "Cat"}
    assert schemas["Dog"] == {"type": "object", "properties": {"barks": {"type": "boolean"}}}


def test_a_mapping_in_another_file_pointing_to_nothing_is_located_there(tmp_path: Path) -> None:
    write(
        tmp_path,
        "pet.yaml",
        """\
        type: object
        properties: {kind: {type: string}}
        discriminator:
          propertyName: kind
          mapping: {dog: '#/oneOf/3'}
        """,
    )
    spec = write(tmp_path, "s.yaml", spec_with("    Pet: {$ref: 'pet.yaml'}\n"))
    assert lines(validate(load(spec)), tmp_path) == [
        "pet.yaml:5:13: discriminator mapping 'dog': '#/oneOf/3' points to nothing: no 'oneOf'"
        " in / (at /discriminator/mapping/dog)"
    ]
