"""`apiforge diff`: one small OLD/NEW pair per rule, then whole documents and the report."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from generator.diff import RULES, Change, diff_documents, exit_code, render_report

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "spec" / "perplexity-async-chat-completions.yaml"
ASSEMBLED = Path("/work/shared/specs/perplexity-assembled.yaml")

BODY = "/paths/~1x/post/requestBody/content/application~1json/schema"
RESP = "/paths/~1x/get/responses/200/content/application~1json/schema"
OP = "/paths/~1x/get"


# ---------------------------------------------------------------------------- builders


def meaningful(changes: list[Change]) -> list[Change]:
    """The changes a rule gave a meaning to (the rest are listed as ``other-*`` info)."""
    assert all(c.level == "info" for c in changes if c.rule.startswith("other-")), changes
    return [c for c in changes if not c.rule.startswith("other-")]


def doc(paths: dict[str, Any], schemas: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}
    spec["paths"] = paths
    if schemas is not None:
        spec["components"] = {"schemas": schemas}
    spec.update(top)
    return spec


def ok() -> dict[str, Any]:
    return {"200": {"description": "ok"}}


def body(
    schema: Any, *, required: bool = True, schemas: dict[str, Any] | None = None
) -> dict[str, Any]:
    """POST /x with a JSON request body."""
    content = {"application/json": {"schema": schema}}
    op = {"requestBody": {"required": required, "content": content}, "responses": ok()}
    return doc({"/x": {"post": op}}, schemas)


def response(schema: Any, *, schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    """GET /x answering 200 with a JSON body."""
    content = {"application/json": {"schema": schema}}
    op = {"responses": {"200": {"description": "ok", "content": content}}}
    return doc({"/x": {"get": op}}, schemas)


def params(*items: dict[str, Any], path: str = "/x", **op: Any) -> dict[str, Any]:
    """GET ``path`` with parameters."""
    return doc({path: {"get": {"parameters": list(items), "responses": ok(), **op}}})


def query(name: str, schema: Any = None, *, required: bool = False, **extra: Any) -> dict[str, Any]:
    param = {"name": name, "in": "query", "required": required}
    param["schema"] = schema if schema is not None else {"type": "string"}
    return {**param, **extra}


def obj(props: dict[str, Any], required: tuple[str, ...] = (), **extra: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": props, **extra}
    if required:
        schema["required"] = list(required)
    return schema


def secured(security: list[dict[str, list[str]]] | None) -> dict[str, Any]:
    op: dict[str, Any] = {"responses": ok()}
    if security is not None:
        op["security"] = security
    schemes: dict[str, Any] = {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
    schemes["oauth"] = {
        "type": "oauth2",
        "flows": {"clientCredentials": {"tokenUrl": "/t", "scopes": {}}},
    }
    return doc({"/x": {"get": op}}, components={"securitySchemes": schemes})


S = {"type": "string"}
I = {"type": "integer"}  # noqa: E741
N = {"type": "number"}


# ---------------------------------------------------------------------------- one rule each


class Case(NamedTuple):
    """An OLD/NEW pair and the one change it must produce."""

    name: str
    old: dict[str, Any]
    new: dict[str, Any]
    rule: str
    level: str
    operation: str | None
    old_pointer: str | None
    new_pointer: str | None


CASES = [
    Case(*case)
    for case in [
        ("path removed", params(), doc({}), "path-removed", "breaking", "GET /x", OP, None),
        (
            "operation removed",
            doc({"/x": {"get": {"responses": ok()}, "post": {"responses": ok()}}}),
            doc({"/x": {"get": {"responses": ok()}}}),
            "operation-removed",
            "breaking",
            "POST /x",
            "/paths/~1x/post",
            None,
        ),
        (
            "operation added",
            doc({"/x": {"get": {"responses": ok()}}}),
            doc({"/x": {"get": {"responses": ok()}, "put": {"responses": ok()}}}),
            "operation-added",
            "info",
            "PUT /x",
            None,
            "/paths/~1x/put",
        ),
        ("path added", doc({}), params(), "path-added", "info", "GET /x", None, OP),
        (
            "parameter removed",
            params(query("q")),
            params(),
            "request-parameter-removed",
            "warning",
            "GET /x",
            OP + "/parameters/0",
            None,
        ),
        (
            "optional parameter renamed",
            params(query("q", title="Q")),
            params(query("query", title="Query")),
            "request-parameter-renamed",
            "warning",
            "GET /x",
            OP + "/parameters/0",
            OP + "/parameters/0",
        ),
        (
            "optional parameter moved",
            params(query("token")),
            params({"name": "token", "in": "header", "schema": S}),
            "request-parameter-location-changed",
            "warning",
            "GET /x",
            OP + "/parameters/0",
            OP + "/parameters/0",
        ),
        (
            "parameter became required",
            params(query("q")),
            params(query("q", required=True)),
            "request-parameter-became-required",
            "breaking",
            "GET /x",
            OP + "/parameters/0",
            OP + "/parameters/0",
        ),
        (
            "new required parameter",
            params(query("a")),
            params(query("a"), query("b", I, required=True)),
            "request-parameter-added-required",
            "breaking",
            "GET /x",
            None,
            OP + "/parameters/1",
        ),
        (
            "new optional parameter",
            params(query("a")),
            params(query("a"), query("b", I)),
            "request-parameter-added",
            "info",
            "GET /x",
            None,
            OP + "/parameters/1",
        ),
        (
            "parameter type changed",
            params(query("q", {"type": "boolean"})),
            params(query("q", I)),
            "request-parameter-type-changed",
            "breaking",
            "GET /x",
            OP + "/parameters/0/schema",
            OP + "/parameters/0/schema",
        ),
        (
            "parameter type narrowed",
            params(query("q", N)),
            params(query("q", I)),
            "request-parameter-type-narrowed",
            "breaking",
            "GET /x",
            OP + "/parameters/0/schema",
            OP + "/parameters/0/schema",
        ),
        (
            "parameter serialisation changed",
            params(query("ids", {"type": "array", "items": S})),
            params(query("ids", {"type": "array", "items": S}, explode=False)),
            "request-parameter-serialization-changed",
            "breaking",
            "GET /x",
            OP + "/parameters/0",
            OP + "/parameters/0",
        ),
        (
            "path parameter renamed",
            params({"name": "id", "in": "path", "required": True, "schema": S}, path="/x/{id}"),
            params({"name": "key", "in": "path", "required": True, "schema": S}, path="/x/{key}"),
            "request-path-parameter-renamed",
            "info",
            "GET /x/{key}",
            "/paths/~1x~1{id}/get/parameters/0",
            "/paths/~1x~1{key}/get/parameters/0",
        ),
        (
            "request body became required",
            body(obj({}), required=False),
            body(obj({})),
            "request-body-became-required",
            "breaking",
            "POST /x",
            "/paths/~1x/post/requestBody",
            "/paths/~1x/post/requestBody",
        ),
        (
            "request body added and required",
            doc({"/x": {"post": {"responses": ok()}}}),
            body(obj({})),
            "request-body-added-required",
            "breaking",
            "POST /x",
            None,
            "/paths/~1x/post/requestBody",
        ),
        (
            "new required request property",
            body(obj({"a": S})),
            body(obj({"a": S, "b": S}, ("b",))),
            "request-property-added-required",
            "breaking",
            "POST /x",
            BODY,
            BODY + "/properties/b",
        ),
        (
            "request property became required",
            body(obj({"foo": S})),
            body(obj({"foo": S}, ("foo",))),
            "request-property-became-required",
            "breaking",
            "POST /x",
            BODY + "/properties/foo",
            BODY + "/properties/foo",
        ),
        (
            "request property removed",
            body(obj({"a": S, "b": S})),
            body(obj({"a": S})),
            "request-property-removed",
            "warning",
            "POST /x",
            BODY + "/properties/b",
            BODY,
        ),
        (
            "new optional request property",
            body(obj({"a": S})),
            body(obj({"a": S, "b": S})),
            "request-property-added",
            "info",
            "POST /x",
            BODY,
            BODY + "/properties/b",
        ),
        (
            "request property number to integer",
            body(obj({"n": N})),
            body(obj({"n": I})),
            "request-property-type-narrowed",
            "breaking",
            "POST /x",
            BODY + "/properties/n",
            BODY + "/properties/n",
        ),
        (
            "request property union member removed",
            body(obj({"stop": {"anyOf": [S, {"type": "array", "items": S}]}})),
            body(obj({"stop": S})),
            "request-property-union-member-removed",
            "breaking",
            "POST /x",
            BODY + "/properties/stop/anyOf/1",
            BODY + "/properties/stop",
        ),
        (
            "request property new maxLength",
            body(obj({"s": S})),
            body(obj({"s": {"type": "string", "maxLength": 5}})),
            "request-property-max-length-decreased",
            "breaking",
            "POST /x",
            BODY + "/properties/s",
            BODY + "/properties/s",
        ),
        (
            "request property smaller maximum",
            body(obj({"n": {"type": "integer", "maximum": 10}})),
            body(obj({"n": {"type": "integer", "maximum": 5}})),
            "request-property-maximum-decreased",
            "breaking",
            "POST /x",
            BODY + "/properties/n",
            BODY + "/properties/n",
        ),
        (
            "request property larger minimum",
            body(obj({"n": {"type": "number", "minimum": 0}})),
            body(obj({"n": {"type": "number", "exclusiveMinimum": 0}})),
            "request-property-minimum-increased",
            "breaking",
            "POST /x",
            BODY + "/properties/n",
            BODY + "/properties/n",
        ),
        (
            "request property new pattern",
            body(obj({"s": S})),
            body(obj({"s": {"type": "string", "pattern": "^[a-z]+$"}})),
            "request-property-pattern-added",
            "breaking",
            "POST /x",
            BODY + "/properties/s",
            BODY + "/properties/s/pattern",
        ),
        (
            "request enum value removed",
            body(obj({"e": {"type": "string", "enum": ["a", "b"]}})),
            body(obj({"e": {"type": "string", "enum": ["a"]}})),
            "request-property-enum-value-removed",
            "breaking",
            "POST /x",
            BODY + "/properties/e/enum",
            BODY + "/properties/e/enum",
        ),
        (
            "request enum value added",
            body(obj({"e": {"type": "string", "enum": ["a"]}})),
            body(obj({"e": {"type": "string", "enum": ["a", "b"]}})),
            "request-property-enum-value-added",
            "info",
            "POST /x",
            BODY + "/properties/e/enum",
            BODY + "/properties/e/enum",
        ),
        (
            "request const changed",
            body(obj({"type": {"type": "string", "const": "text"}})),
            body(obj({"type": {"type": "string", "const": "plain"}})),
            "request-property-enum-value-removed",
            "breaking",
            "POST /x",
            BODY + "/properties/type/const",
            BODY + "/properties/type/const",
        ),
        (
            "request nullable removed",
            body(obj({"s": {"anyOf": [S, {"type": "null"}]}})),
            body(obj({"s": S})),
            "request-property-nullable-removed",
            "breaking",
            "POST /x",
            BODY + "/properties/s",
            BODY + "/properties/s",
        ),
        (
            "request default changed",
            body(obj({"n": {"type": "integer", "default": 10}})),
            body(obj({"n": {"type": "integer", "default": 20}})),
            "request-property-default-changed",
            "warning",
            "POST /x",
            BODY + "/properties/n/default",
            BODY + "/properties/n/default",
        ),
        (
            "request media type changed",
            body(obj({})),
            doc(
                {
                    "/x": {
                        "post": {
                            "requestBody": {
                                "required": True,
                                "content": {
                                    "application/x-www-form-urlencoded": {"schema": obj({})}
                                },
                            },
                            "responses": ok(),
                        }
                    }
                }
            ),
            "request-media-type-changed",
            "breaking",
            "POST /x",
            "/paths/~1x/post/requestBody/content/application~1json",
            "/paths/~1x/post/requestBody/content/application~1x-www-form-urlencoded",
        ),
        (
            "response property always sent removed",
            response(obj({"a": S, "b": S}, ("b",))),
            response(obj({"a": S})),
            "response-property-removed-required",
            "breaking",
            "GET /x",
            RESP + "/properties/b",
            RESP,
        ),
        (
            "response property became optional",
            response(obj({"id": S}, ("id",))),
            response(obj({"id": S})),
            "response-property-became-optional",
            "breaking",
            "GET /x",
            RESP + "/properties/id",
            RESP + "/properties/id",
        ),
        (
            "response property became required",
            response(obj({"id": S})),
            response(obj({"id": S}, ("id",))),
            "response-property-became-required",
            "info",
            "GET /x",
            RESP + "/properties/id",
            RESP + "/properties/id",
        ),
        (
            "response property type changed",
            response(obj({"id": I})),
            response(obj({"id": S})),
            "response-property-type-changed",
            "breaking",
            "GET /x",
            RESP + "/properties/id",
            RESP + "/properties/id",
        ),
        (
            "response property widened",
            response(obj({"n": I})),
            response(obj({"n": N})),
            "response-property-type-widened",
            "breaking",
            "GET /x",
            RESP + "/properties/n",
            RESP + "/properties/n",
        ),
        (
            "response enum value added",
            response(obj({"s": {"type": "string", "enum": ["A"]}})),
            response(obj({"s": {"type": "string", "enum": ["A", "B"]}})),
            "response-property-enum-value-added",
            "warning",
            "GET /x",
            RESP + "/properties/s/enum",
            RESP + "/properties/s/enum",
        ),
        (
            "response nullable added",
            response(obj({"s": S})),
            response(obj({"s": {"type": ["string", "null"]}})),
            "response-property-nullable-added",
            "breaking",
            "GET /x",
            RESP + "/properties/s",
            RESP + "/properties/s",
        ),
        (
            "new response field",
            response(obj({"a": S})),
            response(obj({"a": S, "b": S}, ("b",))),
            "response-property-added",
            "info",
            "GET /x",
            RESP,
            RESP + "/properties/b",
        ),
        (
            "success status removed",
            doc(
                {
                    "/x": {
                        "get": {
                            "responses": {
                                "200": {"description": "ok"},
                                "201": {"description": "ok"},
                            }
                        }
                    }
                }
            ),
            doc({"/x": {"get": {"responses": {"200": {"description": "ok"}}}}}),
            "response-success-status-removed",
            "breaking",
            "GET /x",
            OP + "/responses/201",
            None,
        ),
        (
            "error status added",
            doc({"/x": {"get": {"responses": ok()}}}),
            doc({"/x": {"get": {"responses": {**ok(), "404": {"description": "missing"}}}}}),
            "response-non-success-status-added",
            "info",
            "GET /x",
            None,
            OP + "/responses/404",
        ),
        (
            "response media type removed",
            doc(
                {
                    "/x": {
                        "get": {
                            "responses": {
                                "200": {
                                    "description": "ok",
                                    "content": {
                                        "application/json": {"schema": S},
                                        "text/plain": {"schema": S},
                                    },
                                }
                            }
                        }
                    }
                }
            ),
            doc(
                {
                    "/x": {
                        "get": {
                            "responses": {
                                "200": {
                                    "description": "ok",
                                    "content": {"application/json": {"schema": S}},
                                }
                            }
                        }
                    }
                }
            ),
            "response-media-type-removed",
            "breaking",
            "GET /x",
            OP + "/responses/200/content/text~1plain",
            None,
        ),
        (
            "response header removed",
            doc(
                {
                    "/x": {
                        "get": {
                            "responses": {
                                "200": {"description": "ok", "headers": {"X-Rate": {"schema": I}}}
                            }
                        }
                    }
                }
            ),
            params(),
            "response-header-removed",
            "warning",
            "GET /x",
            OP + "/responses/200/headers/X-Rate",
            None,
        ),
        (
            "security added",
            secured(None),
            secured([{"key": []}]),
            "security-added",
            "breaking",
            "GET /x",
            None,
            OP + "/security",
        ),
        (
            "security requirement removed",
            secured([{"key": []}, {"oauth": []}]),
            secured([{"oauth": []}]),
            "security-requirement-removed",
            "breaking",
            "GET /x",
            OP + "/security",
            OP + "/security",
        ),
        (
            "security scopes added",
            secured([{"oauth": ["read"]}]),
            secured([{"oauth": ["read", "write"]}]),
            "security-scopes-added",
            "breaking",
            "GET /x",
            OP + "/security",
            OP + "/security",
        ),
        (
            "operationId changed",
            params(operationId="a"),
            params(operationId="b"),
            "operation-id-changed",
            "info",
            "GET /x",
            OP + "/operationId",
            OP + "/operationId",
        ),
        (
            "server removed",
            doc({}, servers=[{"url": "https://a"}, {"url": "https://b"}]),
            doc({}, servers=[{"url": "https://b"}]),
            "server-removed",
            "warning",
            None,
            "/servers/0",
            None,
        ),
        (
            "unreferenced schema component removed",
            doc({}, {"Old": S, "Kept": I}),
            doc({}, {"Kept": I}),
            "schema-component-removed",
            "info",
            None,
            "/components/schemas/Old",
            None,
        ),
    ]
]


# other changes a case produces besides the one it is about
ALSO: dict[str, list[str]] = {
    "request const changed": ["request-property-enum-value-added"],
}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_rule(case: Case) -> None:
    changes = diff_documents(case.old, case.new)
    (change,) = [c for c in changes if c.rule == case.rule]
    others = sorted(c.rule for c in changes if c.rule != case.rule)
    assert others == ALSO.get(case.name, []), changes
    assert (change.level, change.operation) == (case.level, case.operation)
    assert (change.old_pointer, change.new_pointer) == (case.old_pointer, case.new_pointer)
    assert change.message
    assert (change.client or change.server) == (case.level != "info")


def test_every_case_rule_is_registered_and_messages_name_the_thing() -> None:
    change = diff_documents(body(obj({"foo": S})), body(obj({"foo": S}, ("foo",))))[0]
    assert change.message == "request body field `foo` is now required"
    assert {case.rule for case in CASES} <= RULES.keys()


def test_sides_follow_the_direction_of_travel() -> None:
    narrowed = diff_documents(body(obj({"n": N})), body(obj({"n": I})))[0]
    assert (narrowed.client, narrowed.server) == (True, True)
    widened = diff_documents(response(obj({"n": I})), response(obj({"n": N})))[0]
    assert (widened.client, widened.server) == (True, False)
    # the same change in the other direction is harmless
    assert [c.level for c in diff_documents(body(obj({"n": I})), body(obj({"n": N})))] == ["info"]
    assert [c.level for c in diff_documents(response(obj({"n": N})), response(obj({"n": I})))] == [
        "info"
    ]


def test_referenced_component_change_is_reported_per_operation() -> None:
    ref = {"$ref": "#/components/schemas/Req"}

    def spec(req: dict[str, Any]) -> dict[str, Any]:
        op = {"requestBody": {"content": {"application/json": {"schema": ref}}}, "responses": ok()}
        return doc({"/a": {"post": op}, "/b": {"put": op}}, {"Req": req})

    changes = diff_documents(spec(obj({"x": S})), spec(obj({"x": S}, ("x",))))
    assert [(c.rule, c.operation) for c in changes] == [
        ("request-property-became-required", "POST /a"),
        ("request-property-became-required", "PUT /b"),
    ]
    assert {c.new_pointer for c in changes} == {"/components/schemas/Req/properties/x"}


def test_read_only_required_property_is_not_required_in_requests() -> None:
    new_prop = {"type": "string", "readOnly": True}
    changes = diff_documents(body(obj({"a": S})), body(obj({"a": S, "id": new_prop}, ("id",))))
    assert meaningful(changes) == []


@pytest.mark.parametrize(
    "new_prop",
    [
        {"$ref": "#/components/schemas/Id"},  # the mark on the reference's target
        {"allOf": [{"$ref": "#/components/schemas/Id"}], "description": "the id"},
        {"allOf": [S, {"readOnly": True}]},  # on one member
        {"$ref": "#/components/schemas/Id", "readOnly": False},  # any occurrence true holds
    ],
)
def test_read_only_through_references_and_all_of_is_not_required_in_requests(
    new_prop: dict[str, Any],
) -> None:
    ids = {"Id": {"type": "string", "readOnly": True}}
    old = body(obj({"a": S}), schemas=ids)
    new = body(obj({"a": S, "id": new_prop}, ("id",)), schemas=ids)
    assert meaningful(diff_documents(old, new)) == []


def test_write_only_through_all_of_is_not_in_responses() -> None:
    def answer(schema: dict[str, Any]) -> dict[str, Any]:
        content = {"application/json": {"schema": schema}}
        responses = {"200": {"description": "ok", "content": content}}
        return doc({"/x": {"get": {"responses": responses}}})

    secret = {"allOf": [S, {"writeOnly": True}]}
    changes = diff_documents(answer(obj({"a": S, "secret": secret})), answer(obj({"a": S})))
    assert meaningful(changes) == []


@pytest.mark.parametrize(
    ("old_mark", "new_mark", "rule", "said"),
    [
        (False, True, "response-property-removed-required", "is now writeOnly: it is no longer"),
        (True, False, "response-property-added", "is no longer writeOnly: it is now in"),
    ],
)
def test_a_property_marked_write_only_is_said_so_not_removed(
    old_mark: bool, new_mark: bool, rule: str, said: str
) -> None:
    """Still declared, a property marked writeOnly leaves the answers: the change names the
    mark, at the property, not a removal at its object."""

    def answer(mark: bool) -> dict[str, Any]:
        secret = {**S, "writeOnly": mark}
        content = {"application/json": {"schema": obj({"a": S, "secret": secret}, ("secret",))}}
        return doc(
            {"/x": {"get": {"responses": {"200": {"description": "ok", "content": content}}}}}
        )

    changes = meaningful(diff_documents(answer(old_mark), answer(new_mark)))
    assert [c.rule for c in changes] == [rule], changes
    assert said in changes[0].message, changes[0].message
    assert changes[0].new_pointer.endswith("/properties/secret"), changes[0].new_pointer


def test_all_of_is_merged() -> None:
    base = obj({"a": S})
    old = body({"allOf": [{"$ref": "#/components/schemas/Base"}]}, schemas={"Base": base})
    new = body(
        {"allOf": [{"$ref": "#/components/schemas/Base"}, obj({"b": S}, ("b",))]},
        schemas={"Base": base},
    )
    assert [c.rule for c in diff_documents(old, new)] == ["request-property-added-required"]


# ---------------------------------------------------------------------------- no change


def test_identical_documents_have_no_changes() -> None:
    spec = yaml.safe_load(SEED.read_text())
    assert diff_documents(spec, copy.deepcopy(spec)) == []


def test_reordered_properties_enums_unions_and_required_are_not_changes() -> None:
    old = body(
        obj(
            {"a": S, "b": {"type": "string", "enum": ["x", "y", "z"]}, "c": {"anyOf": [S, I]}},
            ("a", "b"),
        )
    )
    new = body(
        obj(
            {"c": {"anyOf": [I, S]}, "b": {"type": "string", "enum": ["z", "x", "y"]}, "a": S},
            ("b", "a"),
        )
    )
    assert meaningful(diff_documents(old, new)) == []


def test_seed_with_reordered_properties_and_enums_has_no_changes() -> None:
    spec = yaml.safe_load(SEED.read_text())
    shuffled = copy.deepcopy(spec)
    for schema in shuffled["components"]["schemas"].values():
        if "properties" in schema:
            schema["properties"] = dict(reversed(list(schema["properties"].items())))
        if "enum" in schema:
            schema["enum"] = list(reversed(schema["enum"]))
        if "required" in schema:
            schema["required"] = list(reversed(schema["required"]))
    assert diff_documents(spec, shuffled) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"type": "string", "nullable": True}, {"anyOf": [S, {"type": "null"}]}),
        ({"type": "string", "nullable": True}, {"type": ["string", "null"]}),
        ({"type": ["string", "null"]}, {"oneOf": [{"type": "null"}, S]}),
        (
            {"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": True},
            {"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]},
        ),
        (
            {"type": "integer", "minimum": 0, "exclusiveMinimum": True},
            {"type": "integer", "exclusiveMinimum": 0},
        ),
        ({"type": "integer", "exclusiveMinimum": 0}, {"type": "integer", "minimum": 1}),
        (
            {"type": "number", "maximum": 5, "exclusiveMaximum": True},
            {"type": "number", "exclusiveMaximum": 5},
        ),
        ({"type": ["string", "integer"]}, {"anyOf": [I, S]}),
        ({"type": "string", "enum": ["a", None]}, {"type": ["string", "null"], "enum": ["a"]}),
        ({"const": "a"}, {"type": "string", "enum": ["a"]}),
        ({"$ref": "#/components/schemas/T"}, {"type": "object", "properties": {"t": S}}),
    ],
    ids=[
        "nullable-vs-anyOf",
        "nullable-vs-type-list",
        "type-list-vs-oneOf",
        "allOf-nullable-vs-anyOf",
        "3.0-vs-3.1-exclusiveMinimum",
        "integer-exclusive-vs-inclusive",
        "3.0-vs-3.1-exclusiveMaximum",
        "type-list-vs-anyOf",
        "null-in-enum",
        "const-vs-enum",
        "ref-vs-inline",
    ],
)
def test_equivalent_spellings_compare_equal(old: dict[str, Any], new: dict[str, Any]) -> None:
    component = {"T": obj({"t": S})}
    for build in (body, response):
        old_doc = build(obj({"f": old}), schemas=component)
        new_doc = build(obj({"f": new}), schemas=component)
        assert meaningful(diff_documents(old_doc, new_doc)) == []
        assert meaningful(diff_documents(new_doc, old_doc)) == []


def test_spelling_of_status_codes_and_header_names_is_not_a_change() -> None:
    header = {"name": "X-Id", "in": "header", "schema": S}
    old = params(header, responses={200: {"description": "ok"}})
    new = params({**header, "name": "x-id"}, responses={"200": {"description": "ok"}})
    assert meaningful(diff_documents(old, new)) == []


def test_3_0_ref_with_nullable_sibling() -> None:
    component = {"T": obj({"t": S})}
    old = response(obj({"f": {"$ref": "#/components/schemas/T"}}), schemas=component)
    new = response(
        obj({"f": {"$ref": "#/components/schemas/T", "nullable": True}}), schemas=component
    )
    assert [c.rule for c in meaningful(diff_documents(old, new))] == [
        "response-property-nullable-added"
    ]


def test_response_header_and_format_changes() -> None:
    def spec(schema: dict[str, Any]) -> dict[str, Any]:
        headers = {"X-Reset": {"schema": schema}}
        return doc({"/x": {"get": {"responses": {"200": {"description": "", "headers": headers}}}}})

    changes = diff_documents(spec(I), spec({"type": "string", "format": "date-time"}))
    assert [(c.rule, c.message) for c in changes] == [
        (
            "response-header-type-changed",
            "response 200 header `x-reset` type changed from integer to string",
        )
    ]
    changes = diff_documents(spec({"type": "string"}), spec({"type": "string", "format": "date"}))
    assert [(c.rule, c.level) for c in changes] == [("response-header-format-added", "info")]


def test_rule_table_is_consistent() -> None:
    for rule_id, rule in RULES.items():
        assert rule_id == rule_id.lower() and " " not in rule_id
        assert rule.level in ("breaking", "warning", "info")
        assert (rule.client or rule.server) == (rule.level != "info"), rule_id
        if rule_id.startswith("response-"):
            assert not rule.server, rule_id


# ---------------------------------------------------------------------------- recursion


def test_recursive_schema_terminates_and_reports_once() -> None:
    def tree(label: dict[str, Any]) -> dict[str, Any]:
        node = obj(
            {
                "label": label,
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "parent": {"anyOf": [{"$ref": "#/components/schemas/Node"}, {"type": "null"}]},
            }
        )
        return response({"$ref": "#/components/schemas/Node"}, schemas={"Node": node})

    changes = diff_documents(tree(I), tree(S))
    assert [(c.rule, c.new_pointer) for c in changes] == [
        ("response-property-type-changed", "/components/schemas/Node/properties/label")
    ]


def test_mutually_recursive_schemas_terminate() -> None:
    def pair(extra: dict[str, Any]) -> dict[str, Any]:
        a = obj({"b": {"$ref": "#/components/schemas/B"}})
        b = obj({"a": {"$ref": "#/components/schemas/A"}, **extra})
        return body({"$ref": "#/components/schemas/A"}, schemas={"A": a, "B": b})

    changes = diff_documents(pair({}), pair({"x": S}))
    assert [c.rule for c in changes] == ["request-property-added"]
    assert changes[0].message == "request body field `b.x` was added"


def test_self_referencing_union_and_dangling_ref_do_not_crash() -> None:
    loop = {"anyOf": [{"$ref": "#/components/schemas/L"}, S]}
    old = body({"$ref": "#/components/schemas/L"}, schemas={"L": loop})
    new = body({"$ref": "#/components/schemas/Missing"})
    assert isinstance(diff_documents(old, new), list)
    assert isinstance(diff_documents(new, old), list)


# ---------------------------------------------------------------------------- real documents


def _load(path: Path) -> dict[str, Any]:
    if not path.exists():
        pytest.skip(f"{path} is not present (the shared specs folder is missing)")
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    return data


def test_seed_to_assembled_reports_only_additions() -> None:
    changes = diff_documents(_load(SEED), _load(ASSEMBLED))
    assert [(c.rule, c.level, c.operation) for c in changes] == [
        *[("schema-component-added", "info", None)] * 5,
        ("server-added", "info", None),
        ("other-changed", "info", None),  # /info/description: no rule reads it, none is silent
        ("operation-added", "info", "GET /async/chat/completions"),
        ("path-added", "info", "GET /async/chat/completions/{api_request}"),
        ("path-added", "info", "POST /chat/completions"),
        ("path-added", "info", "POST /search"),
    ]
    assert exit_code(changes, "warning") == 0
    report = render_report(changes, "seed.yaml", "assembled.yaml")
    assert "0 breaking, 0 warnings, 11 info (4 operations reached)" in report


def test_assembled_to_seed_reports_removed_operations_as_breaking() -> None:
    changes = diff_documents(_load(ASSEMBLED), _load(SEED))
    breaking = [(c.rule, c.operation) for c in changes if c.level == "breaking"]
    assert breaking == [
        ("operation-removed", "GET /async/chat/completions"),
        ("path-removed", "GET /async/chat/completions/{api_request}"),
        ("path-removed", "POST /chat/completions"),
        ("path-removed", "POST /search"),
    ]
    assert all(c.client and c.server for c in changes if c.level == "breaking")
    assert [c.rule for c in changes if c.level == "warning"] == ["server-removed"]
    assert {c.rule for c in changes if c.level == "info"} == {
        "schema-component-removed",
        "other-changed",
    }
    assert exit_code(changes, "breaking") == 1


# ---------------------------------------------------------------------------- report, exit code


def _sample() -> list[Change]:
    old = body(obj({"foo": S, "gone": S, "e": {"type": "string", "enum": ["a"]}}))
    new = body(obj({"foo": S, "e": {"type": "string", "enum": ["a", "b"]}}, ("foo",)))
    return diff_documents(old, new)


def test_text_report_groups_by_level_with_counts() -> None:
    report = render_report(_sample(), "old.yaml", "new.yaml")
    lines = report.splitlines()
    assert lines[:2] == [
        "API changes from old.yaml to new.yaml",
        "1 breaking, 1 warning, 1 info (1 operation reached)",
    ]
    assert lines[3] == (
        "BREAKING  request-property-became-required  POST /x  request body field `foo` is now "
        f"required (old: {BODY}/properties/foo, new: {BODY}/properties/foo)"
    )
    assert lines[5].startswith("WARNING   request-property-removed  POST /x  ")
    assert lines[7].startswith("INFO      request-property-enum-value-added  POST /x  ")


def test_empty_report() -> None:
    assert (
        render_report([], "a", "b")
        == "API changes from a to b\n0 breaking, 0 warnings, 0 info\n\nNo changes.\n"
    )


def test_json_and_markdown_reports() -> None:
    changes = _sample()
    data = json.loads(render_report(changes, "a", "b", fmt="json"))
    assert data["summary"] == {
        "breaking": 1,
        "warning": 1,
        "info": 1,
        "changes": 3,
        "operations": 1,
    }
    assert data["changes"][0]["rule"] == "request-property-became-required"
    assert data["changes"][0]["operations"] == ["POST /x"]
    assert data["changes"][0]["client"] is True
    markdown = render_report(changes, "a", "b", fmt="markdown")
    assert "## Breaking changes (1)" in markdown
    assert (
        "- request body field `foo` is now required (`POST /x`): "
        "`request-property-became-required`" in markdown
    )


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ((), {"breaking": 0, "warning": 0, "none": 0}),
        (("info",), {"breaking": 0, "warning": 0, "none": 0}),
        (("warning", "info"), {"breaking": 0, "warning": 1, "none": 0}),
        (("breaking",), {"breaking": 1, "warning": 1, "none": 0}),
    ],
)
def test_exit_code(levels: tuple[str, ...], expected: dict[str, int]) -> None:
    changes = [Change("r", lvl, "m", None, None, None, False, False) for lvl in levels]  # type: ignore[arg-type]
    for fail_on, code in expected.items():
        assert exit_code(changes, fail_on) == code  # type: ignore[arg-type]


def test_order_is_deterministic() -> None:
    old = doc({p: {"get": {"responses": ok()}} for p in ("/b", "/a", "/c")})
    new = doc({})
    forward = diff_documents(old, new)
    shuffled = doc({p: {"get": {"responses": ok()}} for p in ("/c", "/a", "/b")})
    assert forward == diff_documents(shuffled, new)
    assert [c.operation for c in forward] == ["GET /a", "GET /b", "GET /c"]
