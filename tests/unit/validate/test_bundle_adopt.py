"""A component that is only a reference to another file keeps its name, and what is written
beside the reference: a schema's words that describe it over its target's, its constraints
beside its target (the target the one member of an ``allOf``, which other references to the
target mean alone); a 3.1 Reference Object's summary and description."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from generator.load import load
from generator.validate import validate
from generator.validate.bundle import bundle

PET = """\
type: object
description: an animal
required: [name]
properties:
  name: {type: string}
"""


def _bundled(tmp_path: Path, components: str, openapi: str = "3.1.0") -> dict[str, Any]:
    (tmp_path / "pet.yaml").write_text(PET, encoding="utf-8")
    (tmp_path / "responses.yaml").write_text(
        "Gone: {description: the resource is gone, content: {}}\n", encoding="utf-8"
    )
    head = f"openapi: {openapi}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n"
    spec = tmp_path / "s.yaml"
    spec.write_text(head + textwrap.indent(textwrap.dedent(components), "  "), encoding="utf-8")
    doc = load(spec)
    assert validate(doc) == []
    components: dict[str, Any] = bundle(doc).data["components"]
    return components


def test_words_that_describe_a_schema_read_over_its_target(tmp_path: Path) -> None:
    schemas = _bundled(
        tmp_path,
        """\
        schemas:
          Pet: {$ref: pet.yaml, description: a pet of the shop, x-kind: animal}
          Owner: {type: object, properties: {pet: {$ref: pet.yaml}}}
        """,
    )["schemas"]
    assert schemas["Pet"]["description"] == "a pet of the shop"
    assert schemas["Pet"]["x-kind"] == "animal"
    assert schemas["Pet"]["required"] == ["name"]
    assert schemas["Owner"]["properties"]["pet"] == {"$ref": "#/components/schemas/Pet"}


def test_constraints_beside_the_reference_apply_with_its_target(tmp_path: Path) -> None:
    schemas = _bundled(
        tmp_path,
        """\
        schemas:
          Pet: {$ref: pet.yaml, maxProperties: 3, description: a pet of the shop}
          Owner: {type: object, properties: {pet: {$ref: pet.yaml}}}
        """,
    )["schemas"]
    pet = schemas["Pet"]
    assert pet["maxProperties"] == 3 and pet["description"] == "a pet of the shop"
    [target] = pet["allOf"]
    assert target["required"] == ["name"] and target["description"] == "an animal"
    # another reference to the file means the target alone, not the component's constraints
    assert schemas["Owner"]["properties"]["pet"] == {"$ref": "#/components/schemas/Pet/allOf/0"}


def test_a_reference_objects_summary_and_description_read_over_its_target(
    tmp_path: Path,
) -> None:
    found = _bundled(
        tmp_path,
        """\
        responses:
          Gone: {$ref: 'responses.yaml#/Gone', description: no such pet}
        """,
    )
    assert found["responses"]["Gone"] == {"description": "no such pet", "content": {}}
    found = _bundled(
        tmp_path,
        """\
        responses:
          Gone: {$ref: 'responses.yaml#/Gone', description: no such pet}
        """,
        openapi="3.0.3",
    )  # 3.0 ignores what is beside a Reference Object
    assert found["responses"]["Gone"] == {"description": "the resource is gone", "content": {}}
