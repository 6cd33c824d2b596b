"""Compare the security an operation requires, as the credentials each of its alternatives
needs on the wire, and the definitions of the schemes the document names."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator.diff.document import Doc
from generator.diff.rules import Sink
from generator.diff.values import canon
from generator.openapi import escape_pointer_token
from generator.records import record

_SCHEME_KEYS = ("type", "in", "name", "openIdConnectUrl")
_FLOW_KEYS = ("authorizationUrl", "tokenUrl", "refreshUrl")
_SCHEMES = "/components/securitySchemes"
Credential = tuple[str, int]


@record
class Alternative:
    """One way to authenticate: the credentials it needs, each by what the wire carries (its
    scheme's definition, :func:`_scheme_identity`), with the scopes asked of it."""

    names: tuple[str, ...]  # the schemes as the document names them, for messages
    # (credential, how many schemes before this one ask it too) -> scopes: two schemes that
    # read one place each ask something of its value
    needs: Mapping[Credential, frozenset[str]]
    labels: Mapping[Credential, str]  # the scheme asking it

    def takes(self, sent: Alternative) -> bool:
        """Whether a request carrying what ``sent`` needs is accepted by this one."""
        return all(
            credential in sent.needs and scopes <= sent.needs[credential]
            for credential, scopes in self.needs.items()
        )

    def shown(self) -> str:
        return " + ".join(self.names)


def _effective(doc: Doc, op: Mapping[str, Any], at: str) -> tuple[list[Any], str | None]:
    """The operation's requirements (its own, else the document's) and where they are."""
    if "security" in op:
        own = op["security"]
        return (own if isinstance(own, list) else []), at + "/security"
    root = doc.root.get("security")
    if isinstance(root, list):
        return root, "/security"
    return [], None


def _credential(doc: Doc, name: str) -> str:
    scheme = doc.lookup(f"{_SCHEMES}/{escape_pointer_token(name)}")
    if scheme is None:
        return canon({"undefined": name})
    return _scheme_identity(doc.follow(scheme, _SCHEMES)[0])


def _alternatives(doc: Doc, raw: list[Any]) -> tuple[bool, list[Alternative]]:
    """Whether anonymous access is allowed, and the named alternatives."""
    anonymous = not raw
    found: list[Alternative] = []
    for item in raw:
        if not isinstance(item, Mapping) or not item:
            anonymous = True
            continue
        needs: dict[Credential, frozenset[str]] = {}
        labels: dict[Credential, str] = {}
        for name, scopes in sorted((str(n), v) for n, v in item.items()):
            wire = _credential(doc, name)
            credential = (wire, sum(held == wire for held, _ in needs))
            needs[credential] = (
                frozenset(str(s) for s in scopes) if isinstance(scopes, list) else frozenset()
            )
            labels[credential] = name
        found.append(Alternative(tuple(sorted(str(n) for n in item)), needs, labels))
    return anonymous, found


Located = tuple[Doc, Mapping[str, Any], str]  # document, operation, operation pointer


def compare_security(sink: Sink, label: str, *, old: Located, new: Located) -> None:
    """Report security changes of one operation.

    A request the old document let through carried the credentials of one of its
    alternatives; it still passes when a new alternative needs no credential (nor scope)
    it did not carry, or none at all. Credentials are compared as the wire carries them,
    so a scheme renamed with its definition unchanged is the same credential.
    """
    old_raw, old_where = _effective(*old)
    new_raw, new_where = _effective(*new)
    old_anonymous, old_alts = _alternatives(old[0], old_raw)
    new_anonymous, new_alts = _alternatives(new[0], new_raw)

    def emit(rule: str, text: str) -> None:
        sink.add(rule, text, operation=label, old=old_where, new=new_where)

    if old_anonymous and not new_anonymous:
        shown = " or ".join(sorted(a.shown() for a in new_alts))
        emit("security-added", f"authentication is now required ({shown})")
        return
    if new_anonymous and not old_anonymous:
        emit("security-removed", "authentication is no longer required")
    old_by = {frozenset(a.needs): a for a in old_alts}
    new_by = {frozenset(a.needs): a for a in new_alts}
    # the same names needing other credentials: their schemes' definitions changed
    redefined = {a.names for a in old_alts} & {a.names for a in new_alts}
    for key in sorted(old_by.keys() | new_by.keys(), key=sorted):
        before, after = old_by.get(key), new_by.get(key)
        if before is None and after is not None:
            how = " as the new document defines it" if after.names in redefined else ""
            emit("security-requirement-added", f"security `{after.shown()}`{how} is now accepted")
        elif before is not None and (new_anonymous or any(a.takes(before) for a in new_alts)):
            continue  # still let through, by this alternative or one asking less
        elif before is not None and after is None:
            how = " as the old document defines it" if before.names in redefined else ""
            text = f"security `{before.shown()}`{how} is no longer accepted"
            emit("security-requirement-removed", text)
        elif before is not None and after is not None:
            _scopes(emit, before, after)
    for key in sorted(old_by.keys() & new_by.keys(), key=sorted):
        if new_anonymous or any(a.takes(old_by[key]) for a in new_alts):
            _fewer_scopes(emit, old_by[key], new_by[key])


def _scopes(emit: Callable[[str, str], None], before: Alternative, after: Alternative) -> None:
    for credential, scopes in after.needs.items():
        extra = scopes - before.needs.get(credential, frozenset())
        if extra:
            name, shown = after.labels[credential], ", ".join(sorted(extra))
            emit("security-scopes-added", f"security `{name}` now also needs scopes {shown}")


def _fewer_scopes(
    emit: Callable[[str, str], None], before: Alternative, after: Alternative
) -> None:
    for credential, scopes in before.needs.items():
        gone = scopes - after.needs.get(credential, frozenset())
        if gone:
            name, shown = before.labels[credential], ", ".join(sorted(gone))
            emit("security-scopes-removed", f"security `{name}` no longer needs scopes {shown}")


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
