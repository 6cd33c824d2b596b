"""Find the ``$ref``s in a document and follow the local ones.

:func:`iter_refs` yields every object holding a ``$ref``, passing over values that are data
rather than spec structure (examples, defaults, enums, extensions); :func:`resolve` and
:func:`deref` follow local (``#/...``) refs to their targets. The tables here say which maps hold
names chosen by the author, and which components section a member of each belongs in. A
discriminator's ``mapping`` values are references too (:func:`mapping_ref`,
:func:`iter_mappings`).
"""

from __future__ import annotations

import copy
import marshal
import re
from collections.abc import Iterable, Iterator
from typing import Any

from generator.errors import fail
from generator.openapi.pointers import local_pointer, walk

__all__ = [
    "MEMBER_SECTION",
    "NAME_MAPS",
    "SCHEMA_COMPONENTS",
    "Parts",
    "copied",
    "deref",
    "is_literal",
    "iter_mappings",
    "iter_objects",
    "iter_refs",
    "mapping_ref",
    "refs_among",
    "resolve",
]

Parts = tuple[str | int, ...]


def copied(data: Any) -> Any:
    """A deep copy of JSON data (what the loader builds: dicts, lists, strings, numbers,
    booleans, None), as :func:`copy.deepcopy` makes it (a value held twice is one value in the
    copy too) through :mod:`marshal`, several times faster on a large spec; anything marshal
    does not take is copied by :func:`copy.deepcopy`."""
    try:
        return marshal.loads(marshal.dumps(data))
    except ValueError:
        return copy.deepcopy(data)


# Values under these keys are data, not spec structure: a "$ref" in an example is just text.
_LITERAL_KEYS = frozenset({"example", "default", "enum", "const"})
# Members of these maps (and lists) are names chosen by the author, not keywords; a ref that is
# a member belongs in the components section given here.
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SECTIONS = ("parameters", "responses", "headers", "examples", "links", "callbacks")
MEMBER_SECTION = {
    **dict.fromkeys((*_SCHEMA_MAPS, "allOf", "anyOf", "oneOf", "prefixItems"), "schemas"),
    **{name: name for name in (*_SECTIONS, "schemas", "requestBodies", "securitySchemes")},
    "pathItems": "pathItems",
}
NAME_MAPS = frozenset({*MEMBER_SECTION, "paths", "webhooks", "content", "encoding", "variables"})
SCHEMA_COMPONENTS = "/components/schemas/"
_COMPONENT_NAME = re.compile(r"[a-zA-Z0-9.\-_]+")  # the Components Object's rule for its keys


def iter_refs(data: Any) -> Iterator[tuple[Parts, dict[str, Any]]]:
    """Yield (path, object) for every object holding a string ``$ref``, in document order."""
    return refs_among(iter_objects(data))


def refs_among(
    objects: Iterable[tuple[Parts, dict[str, Any]]],
) -> Iterator[tuple[Parts, dict[str, Any]]]:
    """The (path, object) pairs of ``objects`` (a walk such as :func:`iter_objects`'s) whose
    object holds a string ``$ref``: several checks can share one walk of a document."""
    for parts, value in objects:
        if isinstance(value.get("$ref"), str):
            yield parts, value


def mapping_ref(value: str) -> str:
    """The reference a discriminator ``mapping`` value stands for: a schema's name (what a
    component's name may be) as the reference to that component, anything else as the
    reference it is (OpenAPI: "schema names or references")."""
    return f"#{SCHEMA_COMPONENTS}{value}" if _COMPONENT_NAME.fullmatch(value) else value


def iter_mappings(
    objects: Iterable[tuple[Parts, dict[str, Any]]],
) -> Iterator[tuple[Parts, str, str]]:
    """(path of the entry, value, the reference it stands for) of each string value of a
    discriminator's ``mapping`` among ``objects`` (a walk such as :func:`iter_objects`'s), in
    document order. An object that is a map of names (``properties``) holds no keyword."""
    for parts, value in objects:
        held = value.get("discriminator")
        if type(held) is not dict or (parts and parts[-1] in NAME_MAPS):
            continue
        mapping = held.get("mapping")
        for key, target in mapping.items() if type(mapping) is dict else ():
            if isinstance(target, str):
                yield (*parts, "discriminator", "mapping", str(key)), target, mapping_ref(target)


def iter_objects(data: Any) -> Iterator[tuple[Parts, dict[str, Any]]]:
    """Yield (path, object) for every object of spec structure (not data), in document order."""
    stack: list[tuple[Parts, Any]] = [((), data)]
    while stack:
        parts, value = stack.pop()
        if type(value) is dict:
            yield parts, value
            children = [
                ((*parts, key), child)
                for key, child in value.items()
                if (type(child) is dict or type(child) is list)
                and not is_literal(parts, key, child)
            ]
        elif type(value) is list:
            children = [((*parts, i), c) for i, c in enumerate(value) if type(c) in (dict, list)]
        else:
            continue
        stack.extend(reversed(children))


def is_literal(parts: Parts, key: str, child: Any) -> bool:
    """True when ``child`` (member ``key`` of the object at ``parts``) is data, not structure."""
    if parts and parts[-1] in NAME_MAPS:
        return False  # a property called "example" is a name, not the keyword
    if key in _LITERAL_KEYS or key.startswith("x-"):
        return True
    if key == "examples" and type(child) is list:
        return True  # JSON Schema examples, not a map of Example Objects
    return key == "value" and len(parts) >= 2 and parts[-2] == "examples"


def resolve(data: Any, ref: str) -> Any:
    """Return the value a local ref (``#/...``) points at; raise ApiforgeError if there is none."""
    if not ref.startswith("#"):
        message = f"only local refs can be resolved here, not {ref!r}: bundle() the document first"
        raise fail("<document>", message)
    found, value, why = walk(data, local_pointer(ref))
    if not found:
        raise fail("<document>", f"$ref {ref!r} points to nothing: {why}")
    return value


def deref(data: Any, value: Any) -> Any:
    """Follow ``$ref`` hops from ``value`` until a definition; raise ApiforgeError on a cycle."""
    seen: set[str] = set()
    while type(value) is dict and isinstance(ref := value.get("$ref"), str):
        if ref in seen:
            raise fail("<document>", f"$ref cycle through {ref!r} never reaches a definition")
        seen.add(ref)
        value = resolve(data, ref)
    return value
