"""``readOnly``: request bodies use the ``Input`` twins wherever a model sits in their type."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator import ir
from generator.config import SpecConfig
from generator.parse import build_api

SPEC = """
openapi: 3.1.0
info: {title: Pairs, version: "1"}
paths:
  /pairs:
    post:
      operationId: createPair
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: array
              prefixItems:
                - $ref: "#/components/schemas/Thing"
                - {type: string}
              items: {$ref: "#/components/schemas/Thing"}
      responses:
        "204": {description: created}
components:
  schemas:
    Thing:
      type: object
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string}
"""


def test_a_request_array_uses_the_twin_at_every_position() -> None:
    config = SpecConfig(spec=Path("pairs.yaml"), output=Path("out"))
    api = build_api(yaml.safe_load(SPEC), config, "pairs.yaml")
    (op,) = api.operations
    assert op.body is not None
    body = op.body.type
    assert isinstance(body, ir.ArrayT)
    twin = ir.ModelRef("ThingInput")
    assert body.prefix == (twin, ir.StringT())
    assert body.rest == twin
    assert twin in ir.children(body.items)
    assert [f.wire for f in api.model("ThingInput").fields] == ["name"]
