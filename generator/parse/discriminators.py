"""Discriminators of unions of named objects: the spec's own, or one the members imply."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from generator import ir
from generator.openapi import SCHEMA_COMPONENTS as COMPONENTS
from generator.openapi import mapping_ref, unescape_pointer_token

Resolve = Callable[[Any], Any]  # a schema with its `$ref` hops followed (None: dangling)


def tags_all_of(schema: Any) -> bool:
    """OpenAPI 3.0: whether a ``discriminator`` stands beside the ``allOf`` of ``schema``.
    Its validator then applies none of the members: as beside ``oneOf``/``anyOf``, a value
    is an object whose tag names the one schema it must match (:func:`selected`), so the
    ``allOf`` is read as a ``oneOf`` would be (and beside one, not at all)."""
    return (
        isinstance(schema, Mapping)
        and isinstance(schema.get("allOf"), list)
        and isinstance(schema.get("discriminator"), Mapping)
    )


def discriminator_of(
    s: Mapping[str, Any],
    raw: list[Any],
    members: list[ir.TypeRef],
    resolve: Resolve,
    whole: Resolve,
    *,
    openapi31: bool = True,
) -> ir.Discriminator | None:
    """How a union of named objects tells its members apart by a tag, where the tag
    decides what plain ``oneOf``/``anyOf`` would: a property every member requires with one
    distinct constant value (an ``enum`` of one, or in 3.1 a ``const``: OpenAPI 3.0 has
    none); None when there is none. ``whole`` reads a member's schema whole (its ``$ref``s
    followed, its ``allOf`` merged); ``resolve`` follows the ``$ref`` hops a ``mapping``
    value and a member take (:func:`_mapped`), the very schema they reach.

    In 3.1 the spec's ``discriminator`` is a hint beside a plain ``oneOf``/``anyOf`` (its
    validator reads no tag): it is kept, each member by its name, the explicit ``mapping``
    and its own fixed tag (:func:`_own_tags`), only where the members' own schemas make its
    property decide (:func:`_decides`). OpenAPI 3.0's reading of one is :func:`selected`."""
    targets: list[ir.TypeRef] = [m for m in members if not isinstance(m, ir.NullT)]
    if not targets or not all(isinstance(m, ir.ModelRef) for m in targets):
        return None
    schemas = [whole(m) for m in raw]
    schemas = [x for x in schemas if not (isinstance(x, Mapping) and x.get("type") == "null")]
    if len(schemas) != len(targets):
        return None
    explicit: Any = s.get("discriminator")
    named = isinstance(explicit, Mapping) and isinstance(explicit.get("propertyName"), str)
    found = _explicit(explicit, raw, targets, resolve) if openapi31 and named else None
    if found is not None:
        found = _own_tags(found, schemas)
        if _decides(found, schemas, whole):
            return found
    return _implicit(schemas, openapi31)


def _decides(d: ir.Discriminator, schemas: list[Any], whole: Resolve) -> bool:
    """Whether the tag tells the members apart as plain ``oneOf`` does: each member
    requires the property with one value of its own (an ``enum`` of one, a ``const``) that
    the mapping gives to it. Then a value a member accepts carries that member's tag, and
    no other member accepts it; a value no member accepts is refused either way."""
    mapping = dict(d.mapping)
    for index, x in enumerate(schemas):
        if not isinstance(x, Mapping):
            return False
        props, required = x.get("properties"), x.get("required")
        if not isinstance(props, Mapping) or not isinstance(required, list):
            return False
        value = _single(whole(props.get(d.property)), True)
        if d.property not in required or value is None or mapping.get(value) != index:
            return False
    return True


def _own_tags(d: ir.Discriminator, schemas: list[Any]) -> ir.Discriminator:
    """3.1: a ``discriminator`` is a hint beside a plain ``oneOf``, and a value a member's own
    schema fixes its tag property to (an ``enum`` of one, a ``const``) is the member's too,
    where no other member has it and the spec maps it to nothing else: the tag a real payload
    carries when the mapping is by component name (``{"type": "file_citation"}``)."""
    mapping = dict(d.mapping)
    owned = [
        _single(x.get("properties", {}).get(d.property), True) if isinstance(x, Mapping) else None
        for x in schemas
    ]
    for index, value in enumerate(owned):
        if value is not None and value not in mapping and owned.count(value) == 1:
            mapping[value] = index
    return ir.Discriminator(d.property, tuple(sorted(mapping.items())))


def _explicit(
    d: Mapping[str, Any],
    raw: list[Any],
    targets: list[ir.TypeRef],
    resolve: Resolve,
) -> ir.Discriminator | None:
    """3.1: each member by its name, then the explicit ``mapping`` (a value that reaches a
    member's schema selects it, :func:`_mapped`). Its validator reads a plain ``oneOf``, and
    the models select a member at any reference by its last token (3.0's reading, a tag no
    mapping names looked up as a component's name, is :func:`selected`)."""
    refs: list[str] = [
        m["$ref"] for m in raw if isinstance(m, Mapping) and isinstance(m.get("$ref"), str)
    ]
    if len(refs) != len(targets):
        return None
    mapping: dict[str, int] = {}
    for index, ref in enumerate(refs):
        mapping[ref.rsplit("/", 1)[-1]] = index
    explicit = d.get("mapping")
    by_ref = {ref: index for index, ref in reversed(list(enumerate(refs)))}
    for value, ref in explicit.items() if isinstance(explicit, Mapping) else ():
        member = _mapped(ref, by_ref, raw, resolve)
        if member is not None:
            mapping[str(value)] = member
    return ir.Discriminator(d["propertyName"], tuple(sorted(mapping.items())))


def _component_name(ref: str) -> str | None:
    """The name of the schema component ``ref`` refers to (None: not a component's)."""
    if ref.startswith("#" + COMPONENTS) and ref.count("/") == 3:
        return unescape_pointer_token(ref.rsplit("/", 1)[-1])
    return None


def _mapped(value: Any, by_ref: Mapping[str, int], raw: list[Any], resolve: Resolve) -> int | None:
    """The member a ``mapping`` value selects: the one referred to as the value refers (or at
    the value's pointer), else the one member whose schema the value reaches once the
    ``$ref`` hops on either side are followed (``#/components/schemas/Wrapper/properties/inner``
    holding ``$ref: Inner``, a member ``$ref: Alias`` whose target is ``$ref: Inner``), as a
    validator resolves both; None when none or several are."""
    if not isinstance(value, str):
        return None
    full = mapping_ref(value)
    if full in by_ref:
        return by_ref[full]
    reached = resolve({"$ref": full})
    if not isinstance(reached, Mapping):
        return None
    found = [i for i, m in enumerate(raw) if resolve(m) is reached]
    return found[0] if len(found) == 1 else None


def _implicit(schemas: list[Any], with_const: bool) -> ir.Discriminator | None:
    """A property every member requires with one distinct constant value, if there is one."""
    if not all(isinstance(x, Mapping) for x in schemas):
        return None
    candidates: set[str] | None = None
    for x in schemas:
        props, required = x.get("properties"), x.get("required")
        if not isinstance(props, Mapping) or not isinstance(required, list):
            return None
        consts = {
            k for k, v in props.items() if _single(v, with_const) is not None and k in required
        }
        candidates = consts if candidates is None else candidates & consts
    for prop in sorted(candidates or ()):
        values = [_single(x["properties"][prop], with_const) for x in schemas]
        if len(set(values)) == len(values):
            return ir.Discriminator(prop, tuple(sorted((str(v), i) for i, v in enumerate(values))))
    return None


def _single(schema: Any, with_const: bool) -> str | None:
    if not isinstance(schema, Mapping):
        return None
    if with_const and isinstance(schema.get("const"), str):
        return str(schema["const"])
    enum = schema.get("enum")
    if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str):
        return enum[0]
    return None


def selected(
    d: Any, tags: Mapping[str, int], built: list[ir.TypeRef]
) -> tuple[tuple[ir.TypeRef, ...], ir.Discriminator] | None:
    """OpenAPI 3.0's reading of a ``discriminator`` (its validator's): a value is an object
    whose ``propertyName`` names the one schema it must match, through ``mapping`` or by
    component name. ``tags`` are the members each tag selects (:func:`tags_of`); a member no
    tag selects, or that is not an object model, takes no value. None when no member is
    selected."""
    if not isinstance(d, Mapping) or not isinstance(d.get("propertyName"), str):
        return None
    models = {i: _model_of(built[i]) for i in set(tags.values())}
    chosen = sorted(i for i, m in models.items() if m is not None)
    members = tuple(models[i] for i in chosen)
    if not members:
        return None
    pairs = tuple(sorted((tag, chosen.index(i)) for tag, i in tags.items() if i in chosen))
    explicit = d.get("mapping")
    mapped = {str(k) for k in explicit} if isinstance(explicit, Mapping) else set()
    named = {tags[k] for k in mapped if k in tags}  # the members the mapping gives values to
    implied = frozenset(t for t, i in tags.items() if t not in mapped and i in named)
    return members, ir.Discriminator(d["propertyName"], pairs, implied)  # type: ignore[return-value]


def tags_of(d: Any, raw: list[Any], where: str, resolve: Resolve) -> dict[str, int]:
    """The member (by position in ``raw``) each tag of a 3.0 ``discriminator`` selects (for
    :func:`selected`): by the component name of a member's ``$ref``, or through ``mapping``
    to a member's ``$ref``, to its own pointer (``where/<index>``) or to the schema it
    reaches (:func:`_mapped`)."""
    if not isinstance(d, Mapping):
        return {}
    by_ref: dict[str, int] = {}
    tags: dict[str, int] = {}
    for index, member in enumerate(raw):
        by_ref[f"#{where}/{index}"] = index
        ref = member.get("$ref") if isinstance(member, Mapping) else None
        if isinstance(ref, str):
            by_ref[ref] = index
            name = _component_name(ref)
            if name is not None:
                tags[name] = index
    mapping = d.get("mapping")
    for value, ref in mapping.items() if isinstance(mapping, Mapping) else ():
        if not isinstance(ref, str):
            continue
        tags.pop(str(value), None)
        member = _mapped(ref, by_ref, raw, resolve)
        if member is not None:
            tags[str(value)] = member
    return tags


def _model_of(t: ir.TypeRef) -> ir.ModelRef | None:
    # the object model of a member (an untyped one accepts other values too, never here)
    if isinstance(t, ir.ModelRef):
        return t
    if isinstance(t, ir.UnionT) and t.discriminator is None:
        models = [m for m in t.members if isinstance(m, ir.ModelRef)]
        return models[0] if len(models) == 1 else None
    return None
