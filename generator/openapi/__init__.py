"""Spec primitives, each written once: JSON pointers, media types, contentEncoding's encodings,
HTTP methods, path templates read as resources, and the walk of a document's objects and
``$ref``s."""

from __future__ import annotations

from generator.openapi.applying import applying, marks
from generator.openapi.document import (
    MEMBER_SECTION,
    NAME_MAPS,
    SCHEMA_COMPONENTS,
    Parts,
    copied,
    deref,
    is_literal,
    iter_mappings,
    iter_objects,
    iter_refs,
    mapping_ref,
    resolve,
)
from generator.openapi.encodings import ENCODINGS, Encoding, byte_counts
from generator.openapi.expressions import MISSING, Exchange, evaluate, is_expression
from generator.openapi.expressions import parse as parse_expression
from generator.openapi.media import (
    MEDIA_KINDS,
    MediaKind,
    base_media_type,
    classify,
    covers,
    is_json,
    is_range,
    is_xml,
    is_yaml,
)
from generator.openapi.methods import METHODS, SAFE_METHODS, without_content
from generator.openapi.parameters import ignored_parameter, parameter_schema
from generator.openapi.paths import is_item_of, parameter, reads_what_it_wrote, segments
from generator.openapi.pointers import (
    escape_pointer_token,
    follow_refs,
    local_pointer,
    lookup,
    pointer_of,
    pointer_parts,
    resolve_local,
    step,
    toward,
    unescape_pointer_token,
    walk,
    walk_parts,
    walk_refs,
)

__all__ = [
    "ENCODINGS",
    "MEDIA_KINDS",
    "MEMBER_SECTION",
    "METHODS",
    "MISSING",
    "NAME_MAPS",
    "SAFE_METHODS",
    "SCHEMA_COMPONENTS",
    "Encoding",
    "Exchange",
    "MediaKind",
    "Parts",
    "applying",
    "base_media_type",
    "byte_counts",
    "classify",
    "copied",
    "covers",
    "deref",
    "escape_pointer_token",
    "evaluate",
    "follow_refs",
    "ignored_parameter",
    "is_expression",
    "is_item_of",
    "is_json",
    "is_literal",
    "is_range",
    "is_xml",
    "is_yaml",
    "iter_mappings",
    "iter_objects",
    "iter_refs",
    "local_pointer",
    "lookup",
    "mapping_ref",
    "marks",
    "parameter",
    "parameter_schema",
    "parse_expression",
    "pointer_of",
    "pointer_parts",
    "reads_what_it_wrote",
    "resolve",
    "resolve_local",
    "segments",
    "step",
    "toward",
    "unescape_pointer_token",
    "walk",
    "walk_parts",
    "walk_refs",
    "without_content",
]
