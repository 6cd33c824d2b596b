"""``allOf``: one schema holding what every member requires.

Every member applies to the same value, so the merge is an intersection: bounds take the
stricter side, ``required`` the union, ``type``, ``enum`` and ``const`` the values all members
allow (two ``const``s naming different values leave no value),
``pattern`` every member's (a tuple: each must match), ``multipleOf`` the least number every
step divides, ``uniqueItems`` holds when any member says so, two groups of ``anyOf`` (or
``oneOf``) are one of the pairs of their members (where the members constrain the value by
their own keywords, up to :data:`_ALTERNATIVES` pairs), and subschemas that apply to the
same part of the value (a property, ``items``, an ``additionalProperties`` schema) are
merged in turn. OpenAPI 3.0's ``nullable`` admits ``null`` only when every member accepts
it, each read whole (:mod:`.nulls`). ``readOnly``, ``writeOnly`` and ``deprecated`` hold when
any member says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.openapi import resolve_local
from generator.openapi.intersection import both_enums, both_types
from generator.openapi.numbers import common_multiple
from generator.parse.discriminators import tags_all_of
from generator.parse.nulls import accepts_null

_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_MAX_DEPTH = 64
# annotations that hold when any member says so (JSON Schema 2020-12, validation 9.3 and 9.4)
_ANY_TRUE = ("readOnly", "writeOnly", "deprecated")
_COMPOSED = ("anyOf", "oneOf")
# what makes a member reach beyond its own keywords
_REACHING = frozenset({"$ref", "allOf", "anyOf", "oneOf", "not", "discriminator"})
_ALTERNATIVES = 64  # the most pairs two groups of one keyword combine into
# the schema no value is valid under, as the merge writes the boolean `false`
_NO_VALUE: Mapping[str, Any] = {"not": {}}


def _deref(schema: Any, doc: Mapping[str, Any], depth: int) -> Any:
    while isinstance(schema, Mapping) and "$ref" in schema and depth < _MAX_DEPTH:
        try:
            target = resolve_local(doc, schema["$ref"])[1]
        except (KeyError, IndexError, ValueError, TypeError):
            return {}
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        schema = merge_all_of([target, rest], doc, depth + 1) if rest else target
        if rest.get("nullable") is True:  # beside `$ref`, it admits null for the whole schema
            schema = {**schema, "nullable": True}
        depth += 1
    return schema


def _merge_nullable(out: dict[str, Any], member: Mapping[str, Any], doc: Mapping[str, Any]) -> None:
    # null is valid where every member, read whole, accepts it: a member with no `type`
    # does, one with `nullable: true` beside its own `allOf` does, an `enum` without null
    # does not
    out["nullable"] = out.get("nullable", True) is True and accepts_null(member, doc)


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _merge_into(
    out: dict[str, Any],
    schema: Mapping[str, Any],
    doc: Mapping[str, Any],
    depth: int,
    closers: list[Mapping[str, Any]],
    *,
    unpaired: list[str] | None,
) -> None:
    if "additionalProperties" in schema and schema["additionalProperties"] is not True:
        closers.append(schema)
    tagged = str(doc.get("openapi", "")).startswith("3.0") and tags_all_of(schema)
    for key, value in schema.items():
        if tagged and key == "allOf":
            # 3.0's validator reads the tag beside it in place of its members, as beside `oneOf`
            if not any(k in schema for k in ("anyOf", "oneOf")):
                _merge_keyword(out, "oneOf", value, unpaired)
        elif key == "allOf" and isinstance(value, list):
            for member in value:
                flat = _flatten(member, doc, depth + 1)
                _merge_into(out, flat, doc, depth + 1, closers, unpaired=unpaired)
        elif key == "properties" and isinstance(value, Mapping):
            props = dict(out.get("properties", {}))
            for name, sub in value.items():
                props[name] = (
                    merge_all_of([props[name], sub], doc, depth + 1, unpaired=unpaired)
                    if name in props
                    else sub
                )
            out["properties"] = props
        elif (
            key in ("items", "additionalProperties")
            and isinstance(value, Mapping)
            and (isinstance(out.get(key), Mapping))
        ):
            out[key] = merge_all_of([out[key], value], doc, depth + 1, unpaired=unpaired)
        elif key != "nullable":
            _merge_keyword(out, key, value, unpaired)


def _merge_keyword(
    out: dict[str, Any], key: str, value: Any, unpaired: list[str] | None = None
) -> None:
    if key == "required" and isinstance(value, list):
        names = [*out.get("required", []), *value]  # names only: anything else names nothing
        out["required"] = list(dict.fromkeys(n for n in names if isinstance(n, str)))
    elif key in _LOWER and _numeric(value) and _numeric(out.get(key)):
        out[key] = max(out[key], value)
    elif key in _UPPER and _numeric(value) and _numeric(out.get(key)):
        out[key] = min(out[key], value)
    elif key == "additionalProperties" and key in out and value is not False:
        return  # the stricter of the two stays
    elif key == "type" and key in out:
        out[key] = both_types(out[key], value)
    elif key in ("enum", "const") and _values(out, key, value):
        return
    elif key in _ANY_TRUE and out.get(key) is True:
        return  # an annotation true in one member holds, whatever another says
    elif key == "not" and (out.get(key) is True or out.get(key) == {}):
        return  # a member no value is valid under leaves none to the merge
    elif key == "uniqueItems" and out.get(key) is True:
        return  # items unique under one member are unique under the merge
    elif not (key in out and _both(out, key, value)):
        if key in _COMPOSED and key in out and out[key] != value and unpaired is not None:
            unpaired.append(key)  # the group before is dropped: the caller says so
        out[key] = value


def _values(out: dict[str, Any], key: str, value: Any) -> bool:
    """Merge an ``enum`` or a ``const`` into the values ``out`` allows where it already says
    which: only those both allow are left; False where ``out`` says none yet."""
    held = out.get("enum")
    if key == "enum" and isinstance(value, list) and (isinstance(held, list) or "const" in out):
        out[key] = both_enums(held, value) if isinstance(held, list) else value
        if "const" in out:
            _one_value(out, out["const"])
        return True
    if key == "const" and ("const" in out or isinstance(held, list)):
        _one_value(out, value)
        return True
    return False


def _one_value(out: dict[str, Any], value: Any) -> None:
    """``value`` is the one value a member allows (its ``const``): kept where every ``const``
    and ``enum`` the merge holds allows it too, else no value is valid."""
    allowed = [out["const"]] if "const" in out else []
    if isinstance(out.get("enum"), list):
        allowed = both_enums(allowed, out["enum"]) if allowed else out["enum"]
    if both_enums([value], allowed):
        out.setdefault("const", value)  # the value as first written (1 for 1 and 1.0)
    else:
        out["not"] = _NO_VALUE["not"]


def _both(out: dict[str, Any], key: str, value: Any) -> bool:
    """Merge ``value`` into the ``key`` another member set where both constraints can be
    kept as one; False where ``value`` replaces it."""
    held = out[key]
    if key == "pattern" and isinstance(value, str):
        # every member's pattern must match: a tuple (never a spec's value) holds them all
        patterns = held if isinstance(held, tuple) else (held,)
        out[key] = patterns if value in patterns else (*patterns, value)
    elif key in _COMPOSED and isinstance(value, list) and isinstance(held, list):
        # its tags name the members as written; members that reach further (a `$ref`, a
        # composition of their own) could nest without end: the last group stands alone
        plain = all(map(_plain, (*held, *value)))
        if "discriminator" in out or not plain or len(held) * len(value) > _ALTERNATIVES:
            return False
        # a member of each: any of them and any of these match where some pair does;
        # exactly one of each where exactly one pair does (the pairs matching are the
        # product of the members matching)
        out[key] = [{"allOf": [one, other]} for one in held for other in value]
    elif key == "multipleOf" and _numeric(value) and _numeric(held) and value > 0:
        out[key] = common_multiple(held, value)
    else:
        return False
    return True


def _plain(member: Any) -> bool:
    """Whether a member of ``anyOf``/``oneOf`` constrains the value by its own keywords only
    (or is a pair of such members this merge made)."""
    if not isinstance(member, Mapping):
        return False
    if member.keys() == {"allOf"} and isinstance(member["allOf"], list):
        return len(member["allOf"]) == 2 and all(map(_plain, member["allOf"]))
    return not _REACHING.intersection(member)


def _flatten(schema: Any, doc: Mapping[str, Any], depth: int) -> Mapping[str, Any]:
    schema = _deref(schema, doc, depth)
    if schema is False:  # no value is valid under it, nor under the merge it is in
        return _NO_VALUE
    return schema if isinstance(schema, Mapping) else {}


def merge_all_of(
    members: list[Any],
    doc: Mapping[str, Any],
    depth: int = 0,
    *,
    unpaired: list[str] | None = None,
) -> dict[str, Any]:
    """Merge ``members`` (refs followed, nested ``allOf`` flattened) into one schema.

    Two groups of ``anyOf`` (or ``oneOf``) that cannot be paired leave the last one alone:
    each such keyword is added to ``unpaired``, at any depth of the merge."""
    out: dict[str, Any] = {}
    if depth > _MAX_DEPTH:
        return out
    closers: list[Mapping[str, Any]] = []
    for member in members:
        flat = _flatten(member, doc, depth)
        _merge_into(out, flat, doc, depth, closers, unpaired=unpaired)
        _merge_nullable(out, flat, doc)
    _close(out, closers, doc, depth, unpaired)
    return out


def _close(
    out: dict[str, Any],
    closers: list[Mapping[str, Any]],
    doc: Mapping[str, Any],
    depth: int,
    unpaired: list[str] | None,
) -> None:
    """A member's ``additionalProperties`` applies to every property it does not declare
    itself, those its siblings declare too: such a property takes that schema as well
    (``false``: the property may not be present)."""
    props = out.get("properties")
    if not isinstance(props, Mapping):
        return
    merged = dict(props)
    for member in closers:
        if "patternProperties" in member:
            continue  # which names it covers is up to its patterns (listed as skipped)
        own = member.get("properties")
        declared = set(own) if isinstance(own, Mapping) else set()
        extra = member["additionalProperties"]
        for name, sub in list(merged.items()):
            if name in declared:
                continue
            if extra is False:
                merged[name] = False
            elif isinstance(extra, Mapping) and sub is not False:
                merged[name] = merge_all_of([sub, extra], doc, depth + 1, unpaired=unpaired)
    out["properties"] = merged
