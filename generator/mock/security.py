"""Enforce an operation's security requirements the way a server would.

Each requirement is a set of schemes that must all be satisfied; any one requirement
suffices. A credential is accepted when it equals the mock's token (for HTTP basic: the
``user:password`` pair or the password), or, for a mock given no token at all (``None``,
``apiforge mock --any-token``), when it is present and non-empty. OAuth2 and OpenID
Connect are checked as bearer tokens.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Mapping

from generator import ir

__all__ = ["DEFAULT_TOKEN", "authorized", "challenge"]

# the credential `apiforge mock` accepts without --token, and `apiforge conformance` sends
# without --token: the pair works out of the box, and a wrong credential is refused
DEFAULT_TOKEN = "apiforge-conformance-token"


def _bearer(headers: Mapping[str, str]) -> str | None:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def _basic(headers: Mapping[str, str]) -> list[str] | None:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        pair = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return [pair, pair.partition(":")[2]] if ":" in pair else None


def _credential(
    scheme: ir.SecurityScheme,
    headers: Mapping[str, str],
    query: Mapping[str, str],
    cookies: Mapping[str, str],
) -> list[str] | None:
    if scheme.kind == "basic":
        return _basic(headers)
    if scheme.kind == "api_key":
        source = {"header": headers, "query": query, "cookie": cookies}.get(
            scheme.location or "header", {}
        )
        name = (scheme.param or "").lower() if scheme.location == "header" else scheme.param or ""
        value = source.get(name)
        return [value] if value is not None else None
    token = _bearer(headers)
    return [token] if token is not None else None


def _accepts(candidates: list[str] | None, token: str | None) -> bool:
    if not candidates:
        return False
    if token is None:
        return any(c for c in candidates)
    return any(hmac.compare_digest(c.encode(), token.encode()) for c in candidates)


def authorized(
    api: ir.Api,
    op: ir.Operation,
    *,
    token: str | None,
    headers: Mapping[str, str],
    query: Mapping[str, str],
    cookies: Mapping[str, str],
) -> bool:
    """True when the request satisfies one of the operation's security requirements."""
    if not op.security or any(not requirement for requirement in op.security):
        return True
    schemes = {s.key: s for s in api.security_schemes}
    for requirement in op.security:
        known = [schemes.get(key) for key in requirement]
        # one credential in each place the requirement's are written in: two in one place
        # (`basic` and `bearer`, both `Authorization`) cannot travel in one request
        places: dict[tuple[str, str], list[ir.SecurityScheme]] = {}
        for scheme in known:
            if scheme is not None:
                places.setdefault(scheme.place, []).append(scheme)
        if None not in known and all(
            any(_accepts(_credential(s, headers, query, cookies), token) for s in group)
            for group in places.values()
        ):
            return True
    return False


def challenge(api: ir.Api, op: ir.Operation) -> tuple[tuple[str, str], ...]:
    """The ``WWW-Authenticate`` header a 401 carries (RFC 9110 11.6.1: one challenge at least)
    for the operation's first scheme; an API key's names where the key goes."""
    schemes = {s.key: s for s in api.security_schemes}
    for requirement in op.security:
        for key in requirement:
            scheme = schemes.get(key)
            if scheme is not None and scheme.kind in {"bearer", "oauth2", "open_id_connect"}:
                return (("www-authenticate", "Bearer"),)
            if scheme is not None and scheme.kind == "basic":
                return (("www-authenticate", 'Basic realm="api"'),)
            if scheme is not None and scheme.kind == "api_key" and scheme.param:
                where = f'realm="api", in="{scheme.location}", name="{scheme.param}"'
                return (("www-authenticate", f"ApiKey {where}"),)
    return ()
