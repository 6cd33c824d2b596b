"""The metaschemas the spec validator checks against, read from its packages' files, compiled.

openapi-spec-validator checks a document against the OpenAPI schema it ships
(``resources/schemas/v3.x/schema.json``), and each Schema Object against its dialect's
metaschema: for 3.0 JSON Schema draft 4 (as jsonschema-specifications ships it), for 3.1
OpenAPI's base dialect (openapi-schema-validator's ``schemas/``). Importing those packages
costs more than checking a spec of thousands of schemas (they bring pydantic-settings,
jsonschema and its registries with them), so the quick verdict reads the very same files,
located without running the packages, and compiles them with jsonschema-rs, as
openapi-spec-validator's own jsonschema-rs backend does. The one format check the metaschemas
ask for (``regex``, of a ``pattern`` and of 3.1's ``patternProperties`` keys) is apiforge's
pattern rule (:mod:`generator.validate.regex`) in every validator built here and in
:mod:`generator.validate.meta`, compiled or not: it refuses no pattern (OpenAPI says a pattern
SHOULD be ECMA-262; one that is not is told as a warning by the pattern check). When a file is
missing, or the validator's backend is chosen by its environment variable, there is no
compiled validator (None), and the packages themselves are asked.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from generator.validate.regex import is_regex

__all__ = [
    "BACKEND_VARIABLE",
    "FORMATS",
    "OPENAPI_URIS",
    "compiled_document",
    "dialect_metaschema",
    "dialect_validator",
    "document_validator",
    "fetch_nothing",
    "is_regex",
    "link_has_server",
    "openapi_resources",
    "openapi_schema",
]

# openapi-spec-validator's setting of its schema backend (pydantic-settings: any letter case)
BACKEND_VARIABLE = "OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND"
OPENAPI_URIS = "https://spec.openapis.org/"  # where the OpenAPI metaschemas' $ids start


def _package_folder(name: str) -> Path | None:
    """Where an installed package's files are, found without importing it."""
    try:
        found = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    locations = list(found.submodule_search_locations or ()) if found is not None else []
    return Path(locations[0]) if locations else None


def _read(folder: Path | None, *parts: str) -> Any:
    if folder is None:
        return None
    try:
        return json.loads(folder.joinpath(*parts).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@functools.cache
def openapi_schema(minor: int) -> dict[str, Any] | None:
    """openapi-spec-validator's OpenAPI schema of 3.``minor`` (3.1's Link Object fixed), or None.

    The caller must not change it: it is shared."""
    folder = _package_folder("openapi_spec_validator")
    schema = _read(folder, "resources", "schemas", f"v3.{minor}", "schema.json")
    if type(schema) is not dict:
        return None
    if minor == 1:
        link_has_server(schema)
    return schema


def link_has_server(schema: dict[str, Any]) -> None:
    """3.1's Link Object has ``server`` (a Server Object) and no ``body``; the schema bundled
    with openapi-spec-validator names that field ``body``, refusing ``server``."""
    link = schema.get("$defs", {}).get("link", {})
    fields = link.get("properties") if isinstance(link, dict) else None
    if isinstance(fields, dict) and "body" in fields and "server" not in fields:
        fields["server"] = fields.pop("body")


@functools.cache
def openapi_resources() -> dict[str, Any]:
    """The OpenAPI metaschemas openapi-schema-validator registers, by their ``$id``."""
    folder = _package_folder("openapi_schema_validator")
    found: dict[str, Any] = {}
    for path in _files(folder / "schemas") if folder is not None else ():
        contents = _read(path.parent, path.name)
        uri = contents.get("$id") if type(contents) is dict else None
        if isinstance(uri, str) and uri.startswith(OPENAPI_URIS):
            found[uri] = contents
    return found


def _files(root: Path) -> Iterator[Path]:
    """Every file under ``root`` but hidden ones, as openapi-schema-validator reads them."""
    waiting = [root]
    while waiting:
        folder = waiting.pop()
        try:
            children = sorted(folder.iterdir())
        except OSError:
            continue
        for child in children:
            if child.name.startswith("."):
                continue
            if child.is_dir():
                waiting.append(child)
            else:
                yield child


@functools.cache
def dialect_metaschema(minor: int) -> dict[str, Any] | None:
    """The metaschema a Schema Object of 3.``minor`` is checked against, or None."""
    if minor == 1:
        schema = openapi_resources().get(f"{OPENAPI_URIS}oas/3.1/dialect/base")
    else:
        folder = _package_folder("jsonschema_specifications")
        schema = _read(folder, "schemas", "draft4", "metaschema.json")
    return schema if type(schema) is dict else None


# the format checks the metaschemas use, each by apiforge's rule; the other formats of the
# OpenAPI schemas are the validators' own
FORMATS: dict[str, Callable[[Any], bool]] = {"regex": is_regex}


def _chosen_backend() -> bool:
    """Whether openapi-spec-validator is told which schema backend to use."""
    return any(name.upper() == BACKEND_VARIABLE for name in os.environ)


@functools.cache
def document_validator(minor: int) -> Any:
    """A jsonschema-rs validator of the OpenAPI schema of 3.``minor``, or None."""
    schema = openapi_schema(minor)
    if schema is None or _chosen_backend():
        return None
    try:
        return compiled_document(schema)
    except Exception:  # not installed, or a schema it cannot compile: the package decides
        return None


def compiled_document(schema: dict[str, Any]) -> Any:
    """A jsonschema-rs validator of an OpenAPI ``schema``, as openapi-spec-validator's backend
    builds it but for the ``regex`` format, which is apiforge's rule (:data:`FORMATS`); whether
    formats are checked at all stays its draft's default, as there. Raises ImportError when
    jsonschema-rs is not installed."""
    import jsonschema_rs

    return jsonschema_rs.validator_cls_for(schema)(schema, formats=FORMATS)


@functools.cache
def dialect_validator(minor: int) -> Any:
    """A jsonschema-rs validator of 3.``minor``'s Schema Object dialect, or None.

    It fetches nothing: the OpenAPI metaschemas are given, JSON Schema's are built in."""
    schema = dialect_metaschema(minor)
    resources = openapi_resources()
    if schema is None or not resources:
        return None
    try:
        import jsonschema_rs

        return jsonschema_rs.validator_for(
            schema,
            formats=FORMATS,
            validate_formats=True,
            registry=jsonschema_rs.Registry(list(resources.items()), retriever=fetch_nothing),
            retriever=fetch_nothing,
        )
    except Exception:  # not installed, or a metaschema it cannot compile: the packages decide
        return None


def fetch_nothing(uri: str) -> Any:
    """The retriever of a compiled validator: every metaschema it needs is given, so a URI
    it would fetch is refused (a spec never makes the validator go online)."""
    raise ValueError(f"not fetched: {uri}")
