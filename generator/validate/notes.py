"""What a valid spec says that a client cannot send as written: told, not refused.

A header or cookie parameter whose name is not an HTTP token (``header param``, with a space)
is valid OpenAPI, yet no HTTP library sends it. A header parameter named ``Accept``,
``Content-Type`` or ``Authorization`` is ignored, as OpenAPI says (the media types and the
security schemes say those), and one that HTTP itself writes (``Content-Length``, ``Host``,
``Transfer-Encoding``, ``Connection`` and the other connection headers) is not the
caller's to send. Generation skips each of these (and lists it as skipped), and
``apiforge validate`` says so beforehand with the same words. A 3.1 schema's ``default`` that
its schema refuses is valid too (an annotation, :mod:`generator.validate.defaults`), and told
here as well, as is 3.0's ``nullable`` in a 3.1 schema, which 3.1 does not read
(:mod:`generator.validate.nullable`), and an ``enum`` that lists a value twice (valid: JSON
Schema says its values SHOULD be unique; OpenAPI 3.0's schema allows the repeat). So is a field
written both beside a Path Item's ``$ref`` and in the item it refers to, where OpenAPI leaves
which one applies undefined (:mod:`generator.load.path_items` says which apiforge reads). So
are two paths that differ only in their templated names, which OpenAPI says MUST NOT both exist,
and GitHub's own spec writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.errors import ApiforgeError, Problem
from generator.load import Document
from generator.load.path_items import settle_path_items
from generator.naming import http_token
from generator.openapi import (
    METHODS,
    ignored_parameter,
    iter_objects,
    path_items,
    pointer_of,
    resolve,
)
from generator.openapi.paths import route, wire_path
from generator.validate.defaults import default_notes, is_schema_place
from generator.validate.nullable import nullable_notes
from generator.validate.regex import pattern_notes
from generator.validate.shape import check_version

__all__ = ["notes", "unsendable"]

# header parameters HTTP writes itself (RFC 9110 7.2, 7.6.1, 8.6)
_FRAMING = frozenset(
    {
        "content-length",
        "host",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "proxy-connection",
        "te",
        "trailer",
        "upgrade",
    }
)


def unsendable(location: str, name: str) -> str | None:
    """Why a ``location`` parameter named ``name`` is not sent; None when it is."""
    if location in ("header", "cookie") and not http_token(name):
        return (
            f"{location} parameter name {name!r} is not an HTTP token (no spaces or "
            "separators): it cannot be sent"
        )
    if ignored_parameter(location, name):
        return (
            f"header parameter {name!r} is ignored, as OpenAPI says: the media types and "
            "the security schemes say it"
        )
    if location == "header" and name.lower() in _FRAMING:
        return f"header parameter {name!r} is written by HTTP itself: it is not sent"
    return None


def notes(doc: Document) -> list[Problem]:
    """A located note for each parameter of an operation that cannot be sent as named, for
    each 3.1 default outside its schema, and for each 3.1 ``nullable`` 3.1 does not read (of a
    valid document: its version is known), after those reading it found (a field written both
    beside a Path Item's ``$ref`` and in the item it refers to). A place a document reads at
    two pointers (a Path Item's, and the item its ``$ref`` named) is told once."""
    _, minor = check_version(doc)
    doc = settle_path_items(doc)  # a Path Item read as it means, as every check reads it
    notes = _unsendable(doc) + default_notes(doc, minor) + nullable_notes(doc, minor)
    notes += _same_routes(doc) + pattern_notes(doc)
    return list(dict.fromkeys([*doc.notes, *notes, *_repeated_enums(doc)]))


def _same_routes(doc: Document) -> list[Problem]:
    """Each path that differs from an earlier one only in its templated names: OpenAPI says
    such paths MUST NOT both exist (they are identical), yet specs as large as GitHub's write
    them (a `GET` at one, a `DELETE` at the other); each is read as the operations it holds."""
    paths = doc.data.get("paths") if type(doc.data) is dict else None
    first: dict[str, str] = {}
    out = []
    for key, _ in path_items(paths):
        if type(key) is not str:
            continue
        earlier = first.setdefault(route(key), key)
        if earlier != key and wire_path(earlier) != wire_path(key):
            message = (
                f"this path is {earlier!r} with other names in its template: OpenAPI says such "
                "paths MUST NOT both exist (a server tells their operations apart by method "
                "alone); each is read as the operations it holds"
            )
            out.append(doc.problem(message, pointer_of(("paths", key))))
    return out


def _repeated_enums(doc: Document) -> list[Problem]:
    """Each schema's ``enum`` that lists a value twice: valid (JSON Schema says the values
    SHOULD be unique), and likely a slip."""
    out = []
    for parts, node in iter_objects(doc.data):
        values = node.get("enum")
        if type(values) is not list or not is_schema_place(parts):
            continue
        seen: list[Any] = []
        for value in values:
            if any(value == s and type(value) is type(s) for s in seen):
                message = (
                    f"this enum lists {value!r} twice: JSON Schema says its values SHOULD be unique"
                )
                out.append(doc.problem(message, pointer_of((*parts, "enum"))))
                break
            seen.append(value)
    return out


def _unsendable(doc: Document) -> list[Problem]:
    seen: set[str] = set()
    out: list[Problem] = []
    for pointer, param in _params(doc.data):
        location, name = param.get("in"), param.get("name")
        if not isinstance(location, str) or not isinstance(name, str):
            continue
        message = unsendable(location, name)
        if message is not None and pointer not in seen:
            seen.add(pointer)
            out.append(doc.problem(message, pointer + "/name"))
    return out + _unsendable_keys(doc)


def _unsendable_keys(doc: Document) -> list[Problem]:
    """Each API key security scheme sent in a header or cookie whose name is no HTTP token:
    no request can carry the credential."""
    components = doc.data.get("components") if type(doc.data) is dict else None
    schemes = components.get("securitySchemes") if type(components) is dict else None
    out = []
    for key, scheme in schemes.items() if type(schemes) is dict else ():
        if type(scheme) is not dict or scheme.get("type") != "apiKey":
            continue
        location, name = scheme.get("in"), scheme.get("name")
        if location in ("header", "cookie") and isinstance(name, str) and not http_token(name):
            message = (
                f"the API key's {location} name {name!r} is not an HTTP token (no spaces or "
                "separators): no request can carry it"
            )
            out.append(
                doc.problem(message, pointer_of(("components", "securitySchemes", key, "name")))
            )
    return out


def _params(data: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer of the definition, parameter) of every parameter of a path or operation."""
    paths = data.get("paths") if type(data) is dict else None
    for path, item in path_items(paths):  # read as they mean (generator.load.path_items)
        at = pointer_of(("paths", str(path)))
        if type(item) is not dict:
            continue
        owners = [(at, item)] + [
            (f"{at}/{method}", item[method]) for method in METHODS if type(item.get(method)) is dict
        ]
        for where, owner in owners:
            listed = owner.get("parameters")
            for index, raw in enumerate(listed if type(listed) is list else ()):
                pointer, param = _deref(data, f"{where}/parameters/{index}", raw)
                if type(param) is dict:
                    yield pointer, param


def _deref(data: Any, pointer: str, value: Any) -> tuple[str, Any]:
    """Follow local ``$ref`` hops: (pointer of the definition, value); the value as it is when
    a ref cannot be followed (validation reports that)."""
    for _ in range(16):
        ref = value.get("$ref") if type(value) is dict else None
        if not (isinstance(ref, str) and ref.startswith("#")):
            break
        try:
            value = resolve(data, ref)
        except ApiforgeError:
            break
        pointer = ref[1:]
    return pointer, value
