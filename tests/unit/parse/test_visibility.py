"""``readOnly``: request bodies use the ``Input`` twins wherever a model sits in their type."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator import ir
from generator.config import SpecConfig
from generator.parse import build_api
from generator.parse.visibility import _needs_input

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


def _model(name: str, *fields: tuple[str, ir.TypeRef, bool]) -> ir.Model:
    return ir.Model(
        name=name,
        pointer=f"/components/schemas/{name}",
        fields=tuple(
            ir.Field(name=wire, wire=wire, type=t, required=False, read_only=ro)
            for wire, t, ro in fields
        ),
    )


def test_a_model_needs_a_twin_through_any_chain_of_models_and_loops() -> None:
    ref, plain = ir.ModelRef, ir.StringT()
    models = {
        m.name: m
        for m in (
            _model("Leaf", ("id", plain, True)),
            _model("Mid", ("leaf", ir.ArrayT(items=ref("Leaf")), False)),
            _model("Top", ("mid", ref("Mid"), False), ("loop", ref("Top"), False)),
            _model("LoopA", ("b", ref("LoopB"), False)),
            _model("LoopB", ("a", ref("LoopA"), False), ("top", ref("Top"), False)),
            _model("Apart", ("self", ref("Apart"), False), ("name", plain, False)),
        )
    }
    assert _needs_input(models, {}) == {"Leaf", "Mid", "Top", "LoopA", "LoopB"}


def test_an_alias_needs_a_twin_through_models_and_aliases() -> None:
    ref, alias, plain = ir.ModelRef, ir.AliasRef, ir.StringT()
    models = {
        m.name: m
        for m in (
            _model("Card", ("cvc", plain, True)),
            _model("Holder", ("payment", alias("Payment"), False)),
            _model("Plain", ("name", plain, False)),
        )
    }
    aliases = {
        "Payment": ir.Alias("Payment", "/p", ir.UnionT(members=(ref("Card"), plain))),
        "Payments": ir.Alias("Payments", "/ps", ir.ArrayT(items=alias("Payment"))),
        "Names": ir.Alias("Names", "/n", ir.ArrayT(items=ref("Plain"))),
    }
    assert _needs_input(models, aliases) == {"Card", "Payment", "Payments", "Holder"}


UNION = """
openapi: 3.1.0
info: {title: Pay, version: "1"}
paths:
  /payments:
    post:
      operationId: pay
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Payment"}
      responses:
        "200":
          description: paid
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Payment"}
components:
  schemas:
    Payment:
      anyOf:
        - {$ref: "#/components/schemas/Card"}
        - {type: string}
    Card:
      type: object
      required: [number, cvc]
      properties:
        number: {type: string}
        cvc: {type: string, writeOnly: true}
"""


def test_a_request_body_of_a_named_union_uses_its_twin() -> None:
    config = SpecConfig(spec=Path("pay.yaml"), output=Path("out"))
    api = build_api(yaml.safe_load(UNION), config, "pay.yaml")
    (op,) = api.operations
    assert op.body is not None and op.body.type == ir.AliasRef("PaymentInput")
    twin = next(a for a in api.aliases if a.name == "PaymentInput")
    assert ir.ModelRef("CardInput") in ir.children(twin.type)
    response = next(a for a in api.aliases if a.name == "Payment")
    assert ir.ModelRef("Card") in ir.children(response.type)
    assert [f.wire for f in api.model("CardInput").fields if f.required] == ["number", "cvc"]


MARKED = """
openapi: 3.0.3
info: {title: Marks, version: "1"}
paths: {}
components:
  schemas:
    Id: {type: string, readOnly: true}
    Base:
      type: object
      properties:
        id: {$ref: "#/components/schemas/Id"}
        kind: {type: string, readOnly: true}
        made: {type: integer, readOnly: true}
        secret: {type: string, writeOnly: true}
    Thing:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          required: [id, kind, made, secret, name]
          properties:
            kind: {type: string, enum: [thing]}
            made: {type: integer, readOnly: false}
            secret: {type: string, enum: [a, b]}
            name: {type: string}
"""


def test_a_mark_in_any_schema_applying_to_a_property_holds() -> None:
    # `id` through its own `$ref`; `kind`, `made` and `secret` marked in one `allOf` member,
    # required and redeclared without the mark (or with `false`) in another
    config = SpecConfig(spec=Path("marks.yaml"), output=Path("out"))
    api = build_api(yaml.safe_load(MARKED), config, "marks.yaml")
    fields = {f.wire: f for f in api.model("Thing").fields}
    assert [w for w, f in fields.items() if f.read_only] == ["id", "kind", "made"]
    assert [w for w, f in fields.items() if f.write_only] == ["secret"]
    # a response need not carry `secret`; a request carries neither of the read-only ones
    assert [w for w, f in fields.items() if f.required] == ["id", "kind", "made", "name"]
    twin = {f.wire: f.required for f in api.model("ThingInput").fields}
    assert twin == {"secret": True, "name": True}


def test_object_keywords_beside_a_union_are_told_as_not_enforced() -> None:
    doc = yaml.safe_load(UNION)
    doc["components"]["schemas"]["Payment"]["unevaluatedProperties"] = False
    doc["components"]["schemas"]["Payment"]["propertyNames"] = {"maxLength": 9}
    config = SpecConfig(spec=Path("pay.yaml"), output=Path("out"))
    api = build_api(doc, config, "pay.yaml")
    skipped = {s.pointer: s.reason for s in api.skipped}
    at = "/components/schemas/Payment/"
    assert skipped[at + "unevaluatedProperties"] == (
        "`unevaluatedProperties` is not enforced by the models"
    )
    assert at + "propertyNames" in skipped
