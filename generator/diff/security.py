"""Compare the security an operation requires, and the schemes it names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.diff.document import Doc
from generator.diff.rules import Sink
from generator.diff.values import canon
from generator.openapi import escape_pointer_token

Requirement = frozenset[str]  # the scheme names of one alternative
_SCHEME_KEYS = ("type", "in", "name", "openIdConnectUrl")
_FLOW_KEYS = ("authorizationUrl", "tokenUrl", "refreshUrl")


def _effective(doc: Doc, op: Mapping[str, Any], at: str) -> tuple[list[Any], str | None]:
    """The operation's requirements (its own, else the document's) and where they are."""
    if "security" in op:
        own = op["security"]
        return (own if isinstance(own, list) else []), at + "/security"
    root = doc.root.get("security")
    if isinstance(root, list):
        return root, "/security"
    return [], None


def _alternatives(raw: list[Any]) -> tuple[bool, dict[Requirement, dict[str, set[str]]]]:
    """Whether anonymous access is allowed, and the named alternatives with their scopes."""
    anonymous = not raw
    named: dict[Requirement, dict[str, set[str]]] = {}
    for item in raw:
        if not isinstance(item, Mapping) or not item:
            anonymous = True
            continue
        scopes = {
            str(k): {str(s) for s in v} if isinstance(v, list) else set() for k, v in item.items()
        }
        named[frozenset(scopes)] = scopes
    return anonymous, named


def _show(requirement: Requirement) -> str:
    return " + ".join(sorted(requirement))


Located = tuple[Doc, Mapping[str, Any], str]  # document, operation, operation pointer


def compare_security(sink: Sink, label: str, *, old: Located, new: Located) -> None:
    """Report security changes of one operation."""
    old_raw, old_where = _effective(*old)
    new_raw, new_where = _effective(*new)
    old_anonymous, old_named = _alternatives(old_raw)
    new_anonymous, new_named = _alternatives(new_raw)

    def emit(rule: str, text: str) -> None:
        sink.add(rule, text, operation=label, old=old_where, new=new_where)

    if old_anonymous and not new_anonymous:
        shown = " or ".join(sorted(_show(r) for r in new_named))
        emit("security-added", f"authentication is now required ({shown})")
        return
    if new_anonymous and not old_anonymous:
        emit("security-removed", "authentication is no longer required")
    for requirement in sorted(old_named.keys() - new_named.keys(), key=_show):
        emit(
            "security-requirement-removed", f"security `{_show(requirement)}` is no longer accepted"
        )
    for requirement in sorted(new_named.keys() - old_named.keys(), key=_show):
        emit("security-requirement-added", f"security `{_show(requirement)}` is now accepted")
    for requirement in sorted(old_named.keys() & new_named.keys(), key=_show):
        for scheme in sorted(requirement):
            before, after = old_named[requirement][scheme], new_named[requirement][scheme]
            if after - before:
                shown = ", ".join(sorted(after - before))
                emit("security-scopes-added", f"security `{scheme}` now also needs scopes {shown}")
            if before - after:
                shown = ", ".join(sorted(before - after))
                emit(
                    "security-scopes-removed", f"security `{scheme}` no longer needs scopes {shown}"
                )


def _scheme_identity(scheme: Any) -> str:
    """What a client relies on in a scheme definition (descriptions are left out)."""
    if not isinstance(scheme, Mapping):
        return canon(scheme)
    identity = {k: scheme.get(k) for k in _SCHEME_KEYS}
    identity["scheme"] = str(scheme.get("scheme", "")).lower()
    flows = scheme.get("flows")
    if isinstance(flows, Mapping):
        identity["flows"] = {
            str(name): {k: flow.get(k) for k in _FLOW_KEYS} if isinstance(flow, Mapping) else flow
            for name, flow in flows.items()
        }
    return canon(identity)


def compare_security_schemes(sink: Sink, old_doc: Doc, new_doc: Doc) -> None:
    """Report security schemes whose definition changed in a way clients notice."""
    old_schemes = old_doc.lookup("/components/securitySchemes")
    new_schemes = new_doc.lookup("/components/securitySchemes")
    if not isinstance(old_schemes, Mapping) or not isinstance(new_schemes, Mapping):
        return
    for name in sorted(old_schemes.keys() & new_schemes.keys(), key=str):
        at = f"/components/securitySchemes/{escape_pointer_token(str(name))}"
        old_scheme = old_doc.follow(old_schemes[name], at)[0]
        new_scheme = new_doc.follow(new_schemes[name], at)[0]
        if _scheme_identity(old_scheme) != _scheme_identity(new_scheme):
            text = f"security scheme `{name}` changed how clients authenticate"
            sink.add("security-scheme-changed", text, operation=None, old=at, new=at)
