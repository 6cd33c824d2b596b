"""Security: every kind of scheme, where its credential comes from, and each requirement."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from generator import ir
from tests.support import ROOT
from tests.unit.parse.spec import build

DONE = {"204": {"description": "Done."}}
SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "description": "A JWT."},
    "basic": {"type": "http", "scheme": "Basic"},
    "headerKey": {"type": "apiKey", "in": "header", "name": "X-Key"},
    "queryKey": {"type": "apiKey", "in": "query", "name": "key"},
    "cookieKey": {"type": "apiKey", "in": "cookie", "name": "sid"},
    "oauth": {
        "type": "oauth2",
        "flows": {"clientCredentials": {"tokenUrl": "https://t.test/token", "scopes": {}}},
    },
    "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://t.test/.well-known"},
    "tls": {"type": "mutualTLS"},  # nothing a client's call can carry: left out
}


def _api(paths: dict[str, Any], **top: Any) -> ir.Api:
    return build(paths, components={"securitySchemes": SCHEMES}, **top)


def test_every_kind_of_scheme_in_key_order() -> None:
    api = _api({})
    assert api.security_schemes == (
        ir.SecurityScheme("basic", "basic", "basic", env_var="SNIPPET_API_KEY"),
        ir.SecurityScheme(
            "bearer", "bearer", "bearer", env_var="SNIPPET_BEARER", description="A JWT."
        ),
        ir.SecurityScheme(
            "cookieKey", "cookie_key", "api_key", "cookie", "sid", "SNIPPET_COOKIE_KEY"
        ),
        ir.SecurityScheme(
            "headerKey", "header_key", "api_key", "header", "X-Key", "SNIPPET_HEADER_KEY"
        ),
        ir.SecurityScheme("oauth", "oauth", "oauth2", env_var="SNIPPET_OAUTH"),
        ir.SecurityScheme("oidc", "oidc", "open_id_connect", env_var="SNIPPET_OIDC"),
        ir.SecurityScheme("queryKey", "query_key", "api_key", "query", "key", "SNIPPET_QUERY_KEY"),
    )


def test_requirements_inherited_overridden_optional_and_combined() -> None:
    paths = {
        "/inherit": {"get": {"responses": DONE}},
        "/open": {"get": {"security": [], "responses": DONE}},
        "/either": {
            "get": {
                # both keys together, or OAuth with scopes, or no credentials at all
                "security": [{"queryKey": [], "headerKey": []}, {"oauth": ["read"]}, {}],
                "responses": DONE,
            }
        },
    }
    api = _api(paths, security=[{"bearer": []}])
    assert api.security == (("bearer",),)
    assert {op.path: op.security for op in api.operations} == {
        "/inherit": (("bearer",),),
        "/open": (),
        "/either": (("headerKey", "queryKey"), ("oauth",), ()),
    }


def test_a_mutual_tls_credential_is_not_one_a_request_carries() -> None:
    # the client's certificate goes to the TLS connection (the HTTP client's `cert`): a
    # requirement of it alone needs nothing in the request, one beside a key needs the key
    paths = {
        "/tls": {"get": {"security": [{"tls": []}], "responses": DONE}},
        "/both": {"get": {"security": [{"tls": [], "headerKey": []}], "responses": DONE}},
        "/either": {"get": {"security": [{"tls": []}, {"bearer": []}, {}], "responses": DONE}},
    }
    api = _api(paths)
    assert {op.path: op.security for op in api.operations} == {
        "/tls": ((),),
        "/both": (("headerKey",),),
        "/either": ((), ("bearer",)),
    }


def test_a_scheme_of_no_type_apiforge_reads_is_told_and_needs_no_credential() -> None:
    # an invalid spec's `type: HTTP`: the client writes no credential of it, so neither the
    # mock nor conformance asks for one (a requirement of it alone was unsatisfiable: the
    # mock refused every call the client could make, and conformance called that a bug)
    schemes = {**SCHEMES, "upper": {"type": "HTTP", "scheme": "bearer"}}
    paths = {
        "/upper": {"get": {"security": [{"upper": []}], "responses": DONE}},
        "/both": {"get": {"security": [{"upper": [], "headerKey": []}], "responses": DONE}},
    }
    api = build(paths, components={"securitySchemes": schemes})
    assert {op.path: op.security for op in api.operations} == {
        "/upper": ((),),
        "/both": (("headerKey",),),
    }
    assert "upper" not in {s.key for s in api.security_schemes}
    (skip,) = [s for s in api.skipped if s.pointer == "/components/securitySchemes/upper"]
    assert 'type "HTTP"' in skip.reason and "no credential" in skip.reason


def test_an_alternative_no_request_can_carry_is_left_out_where_another_remains() -> None:
    # `basic` and `bearer` both write Authorization; two API keys in `X-Key` and `x-key`
    # (header names are case-blind) one header: such an alternative cannot be sent
    schemes = {**SCHEMES, "otherKey": {"type": "apiKey", "in": "header", "name": "x-key"}}
    paths = {
        "/either": {
            "get": {"security": [{"basic": [], "bearer": []}, {"queryKey": []}], "responses": DONE}
        },
        "/keys": {
            "get": {
                "security": [{"headerKey": [], "otherKey": []}, {"cookieKey": [], "queryKey": []}],
                "responses": DONE,
            }
        },
        "/only": {
            "get": {"security": [{"basic": [], "oauth": [], "headerKey": []}], "responses": DONE}
        },
    }
    api = build(paths, components={"securitySchemes": schemes})
    assert {op.path: op.security for op in api.operations} == {
        "/either": (("queryKey",),),
        "/keys": (("cookieKey", "queryKey"),),
        # none can be sent: kept, and the client sends what it can
        "/only": (("basic", "headerKey", "oauth"),),
    }
    told = {s.pointer: s.reason for s in api.skipped}
    assert told["/paths/~1either/get/security/0"] == (
        "no request can carry basic, bearer together: basic and bearer are both written in "
        "the Authorization header: left out"
    )
    assert (
        "headerKey and otherKey are both written in the x-key header"
        in (told["/paths/~1keys/get/security/0"])
    )
    assert told["/paths/~1only/get/security/0"].endswith(
        "and no other alternative can be: the client sends what it can"
    )


@pytest.mark.parametrize(
    ("kind", "location", "param"),
    [
        ("basic", None, None),
        ("bearer", None, None),
        ("oauth2", None, None),
        ("open_id_connect", None, None),
        ("api_key", "header", "X-Key"),
        ("api_key", "query", "Key"),
        ("api_key", "cookie", "Sid"),
    ],
)
def test_the_generated_tests_tell_where_a_credential_goes_by_the_same_rule(
    kind: ir.SecurityKind, location: str | None, param: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "generated"))
    runtime = importlib.import_module("kitchen_sink_api_tests._http")
    scheme = runtime.Scheme(kind, "key", location, param)
    assert runtime._place(scheme) == ir.credential_place(kind, location, param)


def test_a_parameter_where_the_operation_s_api_key_goes_is_the_credential_s() -> None:
    # a header read case-blind, a query parameter and a cookie by their exact names; a
    # parameter of that name where no requirement sends the key stays the call's own
    params = [
        {"name": "x-key", "in": "header", "schema": {"type": "string"}},
        {"name": "key", "in": "query", "schema": {"type": "string"}},
        {"name": "Key", "in": "query", "schema": {"type": "string"}},
        {"name": "sid", "in": "cookie", "schema": {"type": "string"}},
    ]
    guarded = {"parameters": params, "responses": DONE}
    paths = {
        "/guarded": {
            "get": {**guarded, "security": [{"headerKey": []}, {"queryKey": [], "cookieKey": []}]}
        },
        "/open": {"get": {**guarded, "security": []}},
        "/bearer": {"get": {**guarded, "security": [{"bearer": []}]}},
    }
    api = _api(paths)
    kept = {op.path: sorted((p.location, p.wire) for p in op.params) for op in api.operations}
    assert kept["/guarded"] == [("query", "Key")]
    assert kept["/open"] == kept["/bearer"] == sorted((p["in"], p["name"]) for p in params)
    skipped = {s.pointer: s.reason for s in api.skipped}
    where = "/paths/~1guarded/get/parameters/0/name"
    assert skipped[where] == (
        "header parameter 'x-key' is where the security scheme 'headerKey' sends its API key: "
        "the credential given to the client fills it"
    )
    assert len([p for p in skipped if p.startswith("/paths/~1guarded/")]) == 3
