"""Small, correct FastAPI applications in the styles real services use, and planted-bug variants.

``SERVERS`` are the correct applications (each one's spec is its own ``app.openapi()``, 3.1);
``PLANTED`` is one variant per bug class, served against the correct application's spec, with
the checks of each tool that count as catching it. See :mod:`tests.servers.harness`.
"""

from tests.servers import apikey, basic, catalog, headers, login, meters, notes, shop, signup
from tests.servers.harness import Counted, Differential, Planted, Server, write_spec

__all__ = ["PLANTED", "SERVERS", "Counted", "Differential", "Planted", "Server", "write_spec"]

SHOP = Server("shop", shop.make, about="nested JSON bodies: bounds, lengths, patterns, enums")
CATALOG = Server("catalog", catalog.make, about="path and query parameters of every kind")
HEADERS = Server("headers", headers.make, about="header and cookie parameters")
LOGIN = Server(
    "login",
    login.make,
    token=login.TOKEN,
    st_auth=("-H", f"Authorization: Bearer {login.TOKEN}"),
    about="form login (password flow) and bearer tokens",
)
BASIC = Server(
    "basic",
    basic.make,
    token=f"{basic.USER}:{basic.PASSWORD}",
    st_auth=("--auth", f"{basic.USER}:{basic.PASSWORD}"),
    about="HTTP Basic authentication",
)
APIKEY = Server(
    "apikey",
    apikey.make,
    token=apikey.KEY,
    st_auth=("-H", f"X-API-Key: {apikey.KEY}"),
    about="an API key header",
)
NOTES = Server("notes", notes.make, about="CRUD on SQLite, 404 for unknown ids")
SIGNUP = Server("signup", signup.make, about="e-mail fields (EmailStr)")
METERS = Server("meters", meters.make, about="HEAD beside GET, 204 on delete, a date or a count")

SERVERS: tuple[Server, ...] = (
    SHOP,
    CATALOG,
    HEADERS,
    LOGIN,
    BASIC,
    APIKEY,
    NOTES,
    SIGNUP,
    METERS,
)

_INVALID = frozenset({"invalid_request_rejected"})
_NEGATIVE = frozenset({"negative_data_rejection"})
_500 = frozenset({"no_server_error"})
_ST_500 = frozenset({"not_a_server_error"})

PLANTED: tuple[Planted, ...] = (
    Planted(SHOP, "bool-for-number", "true accepted for a number", _INVALID, _NEGATIVE, lax=True),
    Planted(
        SHOP, "string-for-integer", '"5" accepted for an integer', _INVALID, _NEGATIVE, lax=True
    ),
    Planted(SHOP, "null-accepted", "null accepted for a non-nullable field", _INVALID, _NEGATIVE),
    Planted(
        SHOP,
        "missing-field",
        "a required field missing from a 201",
        frozenset({"response_schema"}),
        frozenset({"response_schema_conformance"}),
    ),
    Planted(
        SIGNUP,
        "malformed-json-500",
        "malformed JSON answered 500",
        _500 | {"malformed_json_rejected"},
        _ST_500 | _NEGATIVE,
    ),
    Planted(
        SIGNUP,
        "any-media-type",
        "a body of another media type read as JSON",
        frozenset({"media_type_enforced"}),
        _NEGATIVE,
        lax=True,  # no credential a browser sends by itself reaches it: a lax reading
    ),
    Planted(
        CATALOG, "path-range-dropped", "path parameter bounds not enforced", _INVALID, _NEGATIVE
    ),
    Planted(
        CATALOG,
        "unknown-method-200",
        "an undeclared method answered 200",
        frozenset({"unsupported_method"}),
        frozenset({"unsupported_method"}),
    ),
    Planted(
        CATALOG,
        "no-allow-405",
        "405 without an Allow header",
        frozenset({"allow_header", "unsupported_method"}),
        frozenset({"unsupported_method", "allow_header_conformance"}),
    ),
    Planted(CATALOG, "unhandled-500", "500 on a valid request", _500, _ST_500),
    Planted(
        HEADERS,
        "undocumented-status",
        "an undocumented 202",
        frozenset({"status_documented"}),
        frozenset({"status_code_conformance"}),
    ),
    Planted(
        LOGIN,
        "auth-not-enforced",
        "bearer token not required",
        frozenset({"auth_required"}),
        frozenset({"ignored_auth"}),
    ),
    Planted(
        APIKEY,
        "auth-not-enforced",
        "API key not required",
        frozenset({"auth_required"}),
        frozenset({"ignored_auth"}),
    ),
    Planted(
        BASIC,
        "any-password",
        "any password accepted",
        frozenset({"bad_credentials_rejected"}),
        frozenset({"ignored_auth"}),
    ),
    Planted(NOTES, "patch-500", "500 on PATCH of a created note", _500, _ST_500, stateful=True),
    Planted(
        METERS,
        "etag-missing",
        "a required response header left out",
        frozenset({"response_headers"}),
        frozenset({"response_headers_conformance"}),
    ),
)
