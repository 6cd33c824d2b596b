"""``components.securitySchemes`` to IR security schemes, with where each credential comes from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.naming import Namespace, snake


def scheme_kind(scheme: Mapping[str, Any]) -> ir.SecurityKind | None:
    kind = scheme.get("type")
    if kind == "http":
        http = str(scheme.get("scheme", "")).lower()
        return "basic" if http == "basic" else "bearer"
    if kind == "apiKey" and scheme.get("in") in {"header", "query", "cookie"}:
        return "api_key"
    if kind == "oauth2":
        return "oauth2"
    if kind == "openIdConnect":
        return "open_id_connect"
    return None


def security_schemes(
    doc: Mapping[str, Any], prefix: str, api_key_env: str | None
) -> tuple[ir.SecurityScheme, ...]:
    """Every scheme the client can satisfy. The first credential scheme reads ``api_key_env``."""
    raw = (doc.get("components") or {}).get("securitySchemes") or {}
    names = Namespace({"api_key", "base_url"})
    out: list[ir.SecurityScheme] = []
    first = True
    for key in sorted(raw):
        scheme = raw[key]
        if not isinstance(scheme, Mapping):
            continue
        kind = scheme_kind(scheme)
        if kind is None:
            continue
        name = names.claim(snake(key))
        if first:
            env = api_key_env or f"{prefix}_API_KEY"
            first = False
        else:
            env = f"{prefix}_{name.upper()}"
        out.append(
            ir.SecurityScheme(
                key=key,
                name=name,
                kind=kind,
                location=scheme.get("in") if kind == "api_key" else None,
                param=scheme.get("name")
                if kind == "api_key" and isinstance(scheme.get("name"), str)
                else None,
                env_var=env,
                description=scheme.get("description")
                if isinstance(scheme.get("description"), str)
                else None,
            )
        )
    return tuple(out)
