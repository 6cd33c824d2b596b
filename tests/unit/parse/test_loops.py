"""`$ref`s that lead back to their own schema reading no part of the value: the build ends,
each loop cut at one `$ref` (an `allOf` one where it has one), told, and read the same way by
the models and the validators, whichever schema of the loop is met first."""

from __future__ import annotations

from typing import Any

import pytest

from generator import ir
from generator.exchange import SchemaValidator
from generator.openapi import lookup
from tests.unit.parse.spec import build

S = "#/components/schemas/"


def _ref(name: str, **beside: Any) -> dict[str, Any]:
    return {"$ref": S + name, **beside}


def _get(name: str) -> dict[str, Any]:
    """One GET answering with the schema ``name``."""
    content = {"application/json": {"schema": _ref(name)}}
    response = {"200": {"description": "ok", "content": content}}
    return {f"/{name.lower()}": {"get": {"operationId": f"get{name}", "responses": response}}}


def _factors(base_member: dict[str, Any] | None = None) -> dict[str, Any]:
    """Okta's ``Factor``: a base whose ``oneOf`` subtypes each take it as an ``allOf`` member
    (``base_member``: how they write that member)."""
    member = base_member or _ref("Factor")
    return {
        "Base": {"type": "object", "properties": {"id": {}, "factorType": {"type": "string"}}},
        "Factor": {
            "allOf": [_ref("Base")],
            "oneOf": [_ref("SmsFactor"), _ref("EmailFactor")],
            "discriminator": {
                "propertyName": "factorType",
                "mapping": {"sms": S + "SmsFactor", "email": S + "EmailFactor"},
            },
        },
        "SmsFactor": {
            "allOf": [
                member,
                {"type": "object", "required": ["phone"], "properties": {"phone": {}}},
            ]
        },
        "EmailFactor": {
            "allOf": [member, {"type": "object", "properties": {"email": {"type": "string"}}}]
        },
    }


def _loops(api: ir.Api) -> dict[str, str]:
    """The loops cut, by pointer: the reason told."""
    return {s.pointer: s.reason for s in api.skipped if "reading no part" in s.reason}


def _alias(api: ir.Api, name: str) -> ir.TypeRef:
    return next(a.type for a in api.aliases if a.name == name)


def _fields(api: ir.Api, name: str) -> list[str]:
    return [f.wire for f in next(m for m in api.models if m.name == name).fields]


@pytest.mark.parametrize("met_first", ["Factor", "SmsFactor", "EmailFactor"])
def test_subtypes_that_take_their_base_as_an_all_of_member_keep_their_own_properties(
    met_first: str,
) -> None:
    api = build(_get(met_first), _factors(), openapi="3.0.3")
    assert _loops(api) == {
        f"/components/schemas/{name}/allOf/0": (
            "a `$ref` back to its own schema, reading no part of the value "
            f"({S}{name} -> {S}Factor -> {S}{name}): the schema applies already, so it adds "
            "no constraint"
        )
        for name in ("SmsFactor", "EmailFactor")
    }
    factor = _alias(api, "Factor")
    assert isinstance(factor, ir.UnionT)
    assert factor.members == (ir.ModelRef("SmsFactor"), ir.ModelRef("EmailFactor"))
    assert factor.discriminator is not None
    assert dict(factor.discriminator.mapping)["sms"] == 0
    assert _fields(api, "SmsFactor") == ["phone"]
    assert _fields(api, "EmailFactor") == ["email"]
    # the validators read the document so cut: they end, and agree with the models
    assert lookup(api.schema_document, "/components/schemas/SmsFactor/allOf/0") == {}
    check = SchemaValidator(api)
    factor_at = "/components/schemas/Factor"
    assert check.is_valid(factor_at, {"factorType": "sms", "phone": "555"})
    assert check.is_valid(factor_at, {"factorType": "email", "email": "a@b.c"})
    assert not check.is_valid(factor_at, {"factorType": "sms"})
    assert not check.is_valid(factor_at, {"factorType": "email", "email": 1})


@pytest.mark.parametrize(
    "member",
    [
        pytest.param({"allOf": [_ref("Factor")]}, id="nested-allOf"),
        pytest.param(_ref("Factor", description="the base"), id="keywords-beside"),
    ],
)
def test_the_base_inside_a_nested_all_of_or_beside_keywords_is_cut_the_same(
    member: dict[str, Any],
) -> None:
    api = build(_get("Factor"), _factors(member), openapi="3.0.3")
    nested = "/allOf/0" if "allOf" in member else ""
    assert set(_loops(api)) == {
        f"/components/schemas/{name}/allOf/0{nested}" for name in ("SmsFactor", "EmailFactor")
    }
    assert _fields(api, "SmsFactor") == ["phone"]
    kept = lookup(api.schema_document, f"/components/schemas/SmsFactor/allOf/0{nested}")
    assert kept == ({} if nested else {"description": "the base"})


@pytest.mark.parametrize("keyword", ["oneOf", "anyOf"])
def test_a_3_1_base_keeps_its_own_keywords_beside_the_cut_subtypes(keyword: str) -> None:
    schemas = _factors()
    factor = schemas["Factor"]
    factor[keyword] = factor.pop("oneOf")
    for name, tag in (("SmsFactor", "sms"), ("EmailFactor", "email")):
        own = schemas[name]["allOf"][1]
        own["properties"]["factorType"] = {"const": tag}
        own["required"] = ["factorType"]
    api = build(_get("Factor"), schemas)
    assert set(_loops(api)) == {
        "/components/schemas/SmsFactor/allOf/0",
        "/components/schemas/EmailFactor/allOf/0",
    }
    check = SchemaValidator(api)
    assert check.is_valid("/components/schemas/Factor", {"factorType": "sms", "phone": 1})
    assert not check.is_valid("/components/schemas/Factor", {"factorType": "fax"})
    union = _alias(api, "Factor")
    assert isinstance(union, ir.UnionT) and len(union.members) == 2


def test_a_loop_through_alternatives_alone_adds_no_value() -> None:
    schemas = {
        "Expression": {"oneOf": [_ref("Term"), {"type": "string"}]},
        "Term": {"anyOf": [_ref("Expression"), {"type": "integer"}]},
        # beside keywords of its own, where each member is merged with them
        "Shape": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}},
            "anyOf": [_ref("Shape"), {"properties": {"side": {"type": "integer"}}}],
        },
    }
    api = build(_get("Expression"), schemas)
    assert _loops(api) == {
        "/components/schemas/Term/anyOf/0": (
            "a `$ref` back to its own schema, reading no part of the value "
            f"({S}Term -> {S}Expression -> {S}Term): it adds no value"
        ),
        "/components/schemas/Shape/anyOf/0": (
            "a `$ref` back to its own schema, reading no part of the value "
            f"({S}Shape -> {S}Shape): it adds no value"
        ),
    }
    assert _alias(api, "Term") == ir.IntT(ir.Bounds(), None)
    assert lookup(api.schema_document, "/components/schemas/Term/anyOf/0") == {"not": {}}
    assert _alias(api, "Shape") == ir.ModelRef("ShapeOption2")
    assert not [s for s in api.skipped if s.pointer.endswith("/not")]


def test_a_loop_that_reads_part_of_the_value_stays_a_recursive_model() -> None:
    schemas = _factors()
    schemas["Category"] = {
        "allOf": [
            _ref("Base"),
            {
                "type": "object",
                "properties": {
                    "parent": _ref("Category"),
                    "children": {"type": "array", "items": _ref("Category")},
                    "factor": _ref("Factor"),
                },
            },
        ]
    }
    api = build(_get("Category"), schemas, openapi="3.0.3")
    assert not [p for p in _loops(api) if "Category" in p]
    category = next(m for m in api.models if m.name == "Category")
    types = {f.wire: f.type for f in category.fields}
    assert types["parent"] == ir.ModelRef("Category")
    assert types["children"] == ir.ArrayT(ir.ModelRef("Category"))
    assert types["factor"] == ir.AliasRef("Factor")
