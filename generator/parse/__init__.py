"""A loaded document to the IR: schemas, operations, security, naming."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from generator import ir
from generator.config import MAX_PACKAGE, TESTS_SUFFIX, SpecConfig, package_problem
from generator.errors import fail
from generator.naming import snake
from generator.openapi.servers import server_urls
from generator.parse import names, visibility
from generator.parse.cycles import for_validators, in_place_loops, without_loops
from generator.parse.links import build_links
from generator.parse.operations import OperationBuilder
from generator.parse.schemas import SchemaBuilder
from generator.parse.security import security_schemes

__all__ = ["build_api", "package_name"]


def package_name(doc: Mapping[str, Any], config: SpecConfig) -> str:
    """The configured package name, else one derived from ``info.title``."""
    if config.package:
        return config.package
    raw_info = doc.get("info")
    info: Mapping[str, Any] = raw_info if isinstance(raw_info, Mapping) else {}
    title = info.get("title") if isinstance(info.get("title"), str) else ""
    name = snake(title or config.spec.stem).rstrip("_")
    if package_problem(name) is None:
        return name
    # a title that names a module (``JSON``), a keyword or a device, or a very long one
    suffixed = f"{name[: MAX_PACKAGE - len(TESTS_SUFFIX) - 4].rstrip('_')}_api"
    return suffixed if package_problem(suffixed) is None else "api"


def build_api(doc: Mapping[str, Any], config: SpecConfig, spec_file: str) -> ir.Api:
    """Build the IR of ``doc`` (a validated document with local refs only)."""
    try:
        return _build(doc, config, spec_file)
    except RecursionError:  # inline nesting: chains through named schemas do not stack
        message = (
            "schemas nest too deeply to generate code (inline schemas inside one another "
            f"reached Python's recursion limit of {sys.getrecursionlimit():,} calls); name "
            "inner schemas in components/schemas and refer to them with `$ref`s"
        )
        raise fail(spec_file, message) from None


def _build(whole: Mapping[str, Any], config: SpecConfig, spec_file: str) -> ir.Api:
    # every reader, the models and the validators, reads the document with the loops that
    # read no part of the value cut, the one way (see ``cycles``)
    loops = in_place_loops(whole)
    doc = without_loops(whole, loops)
    package = package_name(doc, config)
    schemas = SchemaBuilder(doc, names=config.schema_names)
    schemas.build_components()
    builder = OperationBuilder(doc, schemas)
    operations = names.assign(builder.build(), config.operation_names)
    models, aliases, operations = visibility.split(
        schemas.models, schemas.aliases, operations, schemas.names
    )
    raw_info = doc.get("info")
    info: Mapping[str, Any] = raw_info if isinstance(raw_info, Mapping) else {}
    servers = server_urls(doc.get("servers"))
    prefix = package.upper()
    schemes = security_schemes(doc, prefix, config.api_key_env)
    api = ir.Api(
        spec_file=spec_file,
        package=package,
        title=str(info.get("title", package)),
        version=str(info.get("version", "")),
        openapi=str(doc.get("openapi", "")),
        description=info.get("description") if isinstance(info.get("description"), str) else None,
        servers=servers,
        base_url=config.base_url or (servers[0] if servers else None),
        base_url_env=config.base_url_env or f"{prefix}_BASE_URL",
        models=tuple(sorted(models.values(), key=lambda m: m.name)),
        enums=tuple(sorted(schemas.enums.values(), key=lambda e: e.name)),
        aliases=tuple(sorted(aliases.values(), key=lambda a: a.name)),
        operations=tuple(operations),
        webhooks=tuple(builder.webhooks),
        security_schemes=schemes,
        security=tuple(
            tuple(sorted(r)) for r in doc.get("security") or [] if isinstance(r, Mapping)
        ),
        skipped=tuple(
            sorted(
                {*schemas.skipped, *(loop.skip for loop in loops)},
                key=lambda s: (s.pointer, s.reason),
            )
        ),
        wider=dict(sorted(schemas.wider.items())),
        schema_document=for_validators(
            doc,
            schemas.discriminated,
            builder.schemaless,
            builder.objects_only,
            schemas.unreadable,
            dialected=schemas.dialected,
        ),
        merged=frozenset(schemas.virtual),
        counted=frozenset(schemas.counted),
        inputs=frozenset(
            (models.keys() - schemas.models.keys()) | (aliases.keys() - schemas.aliases.keys())
        ),
    )
    return replace(api, links=build_links(doc, api))
