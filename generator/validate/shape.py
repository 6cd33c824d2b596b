"""Fast structural checks of a spec, before (or instead of) the full validation.

The document must be a mapping with a supported ``openapi`` version (3.0 or 3.1; Swagger 2 and
other versions are refused with a way forward), and the top-level fields later stages rely on
(``info``, ``paths``, ``components``, ``webhooks``) must have the right shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.errors import Problem
from generator.load import Document
from generator.openapi import METHODS, escape_pointer_token, pointer_of
from generator.validate.problems import kind_of

__all__ = ["SUPPORTED", "check_shape", "check_version", "uncarried_paths"]

SUPPORTED = ("3.0", "3.1")
_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?")


def check_version(doc: Document) -> tuple[list[Problem], int]:
    """Check the top level and the version; return (problems, minor version of 3.x)."""
    if doc.data is None:
        message = "the file is empty: expected an OpenAPI 3.0 or 3.1 document"
        return [Problem(doc.label, message, 1, 1, "")], 0
    found = _top_level_problem(doc.data) or _version_problem(doc.data["openapi"])
    if isinstance(found, int):
        return [], found
    message, pointer = found
    return [doc.problem(message, pointer)], 0


def _top_level_problem(data: Any) -> tuple[str, str] | None:
    if type(data) is not dict:
        kind = kind_of(data)
        return f"expected an OpenAPI document (a mapping with an 'openapi' field), found {kind}", ""
    if "swagger" in data:
        message = (
            f"Swagger {data['swagger']} is not supported: convert the spec to OpenAPI 3.x first "
            "(for example with swagger2openapi or the Swagger Editor's converter)"
        )
        return message, "/swagger"
    if "openapi" not in data:
        return "not an OpenAPI document: the 'openapi' field is missing (e.g. openapi: 3.1.0)", ""
    return None


def _version_problem(version: Any) -> tuple[str, str] | int:
    """The minor version of a supported 3.x ``openapi`` value, or (message, pointer)."""
    if not isinstance(version, str):
        message = f"'openapi' must be a string such as \"3.1.0\", not {kind_of(version)}"
        if isinstance(version, float):
            message += f" (quote it in YAML: openapi: '{version}')"
        return message, "/openapi"
    match = _VERSION.fullmatch(version)
    if match is None:
        return f"'openapi' is {version!r}: expected a version such as 3.0.3 or 3.1.0", "/openapi"
    major, minor = int(match[1]), int(match[2])
    if f"{major}.{minor}" in SUPPORTED:
        return minor
    message = f"OpenAPI {version} is not supported: apiforge reads OpenAPI 3.0 and 3.1"
    if major == 2:
        message += "; convert the spec to OpenAPI 3.x first"
    return message, "/openapi"


def check_shape(doc: Document) -> list[Problem]:
    """The top-level fields later stages rely on, without the full schema check."""
    data: dict[str, Any] = doc.data
    problems: list[Problem] = []
    info = data.get("info")
    if type(info) is not dict:
        problems.append(doc.problem("'info' must be a mapping with 'title' and 'version'", "/info"))
    else:
        for name in ("title", "version"):
            if not isinstance(info.get(name), str):
                problems.append(doc.problem(f"'info.{name}' must be a string", f"/info/{name}"))
    if not any(name in data for name in ("paths", "components", "webhooks")):
        problems.append(doc.problem("the document has no 'paths' (nor components)", ""))
    for name in ("paths", "components", "webhooks"):
        if name in data and type(data[name]) is not dict:
            problems.append(doc.problem(f"'{name}' must be a mapping", f"/{name}"))
    components = data.get("components")
    if type(components) is dict:
        for name, section in components.items():
            # an extension's value is anything (`x-team: core`)
            if type(section) is not dict and not str(name).startswith("x-"):
                pointer = f"/components/{name}"
                problems.append(doc.problem(f"'components.{name}' must be a mapping", pointer))
    return problems + _unslashed(doc) + uncarried_paths(doc)


def _unslashed(doc: Document) -> list[Problem]:
    """Each path that does not start with `/`, as OpenAPI says it MUST: appended to a server's
    URL, it would change its host or port (``http://host:80items``)."""
    paths = doc.data.get("paths")
    if type(paths) is not dict:
        return []
    return [
        doc.problem(
            f"the path {key!r} must start with '/' (write '/{key}')",
            "/paths/" + escape_pointer_token(key),
        )
        for key in paths
        if type(key) is str and not key.startswith(("/", "x-"))
    ]


# what no URL's path holds as it is: ASCII's control characters (a client cannot send them,
# nor say how they were meant to be written)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def uncarried_paths(doc: Document) -> list[Problem]:
    """Each path that holds a character no URL carries: every URL made from it would be
    another (OpenAPI's schema lets a path be any text after its `/`); and each media type of
    an operation's bodies that holds one, which no `Content-Type` line carries."""
    paths = doc.data.get("paths") if type(doc.data) is dict else None
    if type(paths) is not dict:
        return []
    found = [
        doc.problem(
            f"the path {key!r} holds a control character no URL can carry",
            "/paths/" + escape_pointer_token(key),
        )
        for key in paths
        if type(key) is str and key.startswith("/") and _CONTROL.search(key)
    ]
    for at, media in _media_types(paths):
        if _CONTROL.search(media):
            message = f"the media type {media!r} holds a control character no header can carry"
            found.append(doc.problem(message, pointer_of((*at, media))))
    return found


def _media_types(paths: dict[str, Any]) -> Iterator[tuple[tuple[str, ...], str]]:
    """(where its ``content`` is, media type) of each request and response body."""
    for path, item in paths.items():
        if type(item) is not dict:
            continue
        for method, op in item.items():
            if method not in METHODS or type(op) is not dict:
                continue
            here = ("paths", str(path), str(method))
            holders: list[tuple[tuple[str, ...], Any]] = [
                ((*here, "requestBody"), op.get("requestBody"))
            ]
            responses = op.get("responses")
            if type(responses) is dict:
                holders += [((*here, "responses", str(c)), r) for c, r in responses.items()]
            for at, holder in holders:
                content = holder.get("content") if type(holder) is dict else None
                if type(content) is dict:
                    yield from (((*at, "content"), k) for k in content if type(k) is str)
