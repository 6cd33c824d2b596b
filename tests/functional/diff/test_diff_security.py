"""`apiforge diff` on security as the wire carries it: what credentials each alternative needs,
read from the schemes' definitions (not their keys in the document)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.diff import Change, diff_documents
from tests.functional.diff.test_diff import doc, meaningful, ok

SCHEMES = {
    "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
    "other": {"type": "apiKey", "in": "header", "name": "X-Other"},
    "same": {"type": "apiKey", "in": "header", "name": "X-Key"},
    "oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "/t", "scopes": {}}}},
}


def secured(
    security: list[dict[str, list[str]]] | None, *, top: list[dict[str, list[str]]] | None = None
) -> dict[str, Any]:
    op: dict[str, Any] = {"responses": ok()}
    if security is not None:
        op["security"] = security
    extra: dict[str, Any] = {"components": {"securitySchemes": SCHEMES}}
    if top is not None:
        extra["security"] = top
    return doc({"/x": {"get": op}}, **extra)


def rules(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.rule, c.level) for c in meaningful(changes)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (secured(None, top=[{"key": []}]), secured(None)),
        (secured([{"key": []}]), secured([])),
        (secured(None, top=[{"key": []}]), secured([], top=[{"key": []}])),
        (secured([{"key": []}]), secured([{"key": []}, {}])),
    ],
    ids=["removed-entirely", "empty-list", "operation-opts-out", "anonymous-alternative"],
)
def test_needing_no_credentials_any_more_breaks_no_client(
    old: dict[str, Any], new: dict[str, Any]
) -> None:
    assert rules(diff_documents(old, new)) == [("security-removed", "info")]


def test_a_scheme_dropped_from_an_and_requirement_asks_less() -> None:
    old = secured([{"key": [], "other": []}])
    new = secured([{"key": []}])
    assert rules(diff_documents(old, new)) == [("security-requirement-added", "info")]
    # the other way, a client sending X-Key alone is refused
    assert rules(diff_documents(new, old)) == [
        ("security-requirement-removed", "breaking"),
        ("security-requirement-added", "info"),
    ]


def test_a_scheme_renamed_with_the_same_definition_is_the_same_credential() -> None:
    assert rules(diff_documents(secured([{"key": []}]), secured([{"same": []}]))) == []
    # two schemes reading one header each ask something of its value: more than one did
    assert rules(diff_documents(secured([{"key": []}]), secured([{"key": [], "same": []}]))) == [
        ("security-requirement-removed", "breaking"),
        ("security-requirement-added", "info"),
    ]
    # an alternative is still refused where no other takes its credentials
    assert rules(diff_documents(secured([{"key": []}]), secured([{"other": []}]))) == [
        ("security-requirement-removed", "breaking"),
        ("security-requirement-added", "info"),
    ]


def test_anonymous_access_withdrawn_and_scopes_still_break() -> None:
    assert rules(diff_documents(secured([{"key": []}, {}]), secured([{"key": []}]))) == [
        ("security-added", "breaking")
    ]
    old, new = secured([{"oauth": ["read"]}]), secured([{"oauth": ["read", "write"]}])
    assert rules(diff_documents(old, new)) == [("security-scopes-added", "breaking")]
    assert rules(diff_documents(new, old)) == [("security-scopes-removed", "info")]
