"""Keywords that refuse values in ways no rule reads into a shape.

``uniqueItems`` is read exactly: true where it was not refuses an array with a repeat.

A keyword holding a schema that parts of the value must match (``contains``,
``propertyNames``, ``prefixItems``, ``additionalItems``, the ``unevaluated`` pair, each
pattern of ``patternProperties``, each name of ``dependentSchemas``, and ``then``/``else``
while ``if`` is unchanged) admits more values when that schema does: a schema written in both
documents is compared in place, in the direction the value travels (:class:`Nested`).
``dependentRequired`` is a set of names each present name asks for: each one asked for or
no longer asked for is one change. A pattern of ``patternProperties`` added or removed moves
the names it matches between its schema and the one for extra fields
(``additionalProperties``): one added beside ``additionalProperties: false`` lets names
through that were refused.

A ``not`` that lists values (``enum`` or ``const``) on both sides refuses each value added to
the list and no longer refuses each one taken out. The rest (any other ``not``, ``if``,
``dependencies``, ``$dynamicRef``, and any of the above whose two values cannot be paired:
reading inside a ``not`` would take each rule's inverse) are assertions whose effect would
take a validator to read: one added can only refuse more, one removed can only refuse less,
and one changed may do either. None of them is ever silent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.diff.merge import ANNOTATIONS
from generator.diff.values import canon
from generator.openapi import escape_pointer_token
from generator.patterns.ecma import PatternError, searcher
from generator.records import record

UNREAD = (
    "not",
    "if",
    "then",
    "else",
    "contains",
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "prefixItems",
    "additionalItems",
    "unevaluatedProperties",
    "unevaluatedItems",
    "$dynamicRef",
)
# keywords holding one schema a part of the value must match
_ONE_SCHEMA = frozenset(
    {"contains", "propertyNames", "additionalItems", "unevaluatedItems", "unevaluatedProperties"}
)
_BRANCHES = frozenset({"then", "else"})  # a schema for the values `if` picks, or the rest
_SHOWN = 80  # characters of a keyword's value shown in a message

Found = tuple[str, str, str, str | None]  # (kind, detail, keyword, the key under it if one)


@record
class Nested:
    """A schema inside an assertion, written in both documents: compared in place."""

    keyword: str
    tail: str  # "" or "/<key>" under the keyword (a pattern, a name, an index)
    label: str  # how a message names it: "contains", "patternProperties ^x-"
    old: Any
    new: Any


def _brief(value: Any) -> str:
    text = canon(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _schema(value: Any) -> bool:
    """A schema as written (a merge of differing ones is a tuple, compared as written)."""
    return isinstance(value, Mapping | bool)


def _tail(key: object) -> str:
    return "/" + escape_pointer_token(str(key))


def assertion_changes(
    old: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[list[Found], list[Nested]]:
    """Each such keyword added, removed or changed as ``(kind, detail, keyword, key)`` (the
    pattern or name under the keyword it is about, if one), and the schemas inside them to
    compare in place."""
    found: list[Found] = []
    nested: list[Nested] = []
    was, now = old.get("uniqueItems") is True, new.get("uniqueItems") is True
    if was != now:
        detail = "items must now be unique" if now else "items may now repeat"
        kind = "unique-items-added" if now else "unique-items-removed"
        found.append((kind, detail, "uniqueItems", None))
    for keyword in UNREAD:
        a, b = old.get(keyword), new.get(keyword)
        if a is None and b is None:
            continue
        read = _in_place(keyword, old, new)
        if read is not None:
            found += read[0]
            nested += read[1]
        elif canon(a) != canon(b):
            found += _as_written(keyword, a, b)
    return found, nested


def _in_place(
    keyword: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> tuple[list[Found], list[Nested]] | None:
    """The changes and the schemas compared in place of a keyword read by what it holds, or
    None when it is compared as written. A schema inside is compared even when written
    alike: a ``$ref`` in it may name a change."""
    a, b = old.get(keyword), new.get(keyword)
    if keyword == "patternProperties" and _map_or_none(a) and _map_or_none(b):
        return _patterns(old, new)
    if keyword == "dependentSchemas" and isinstance(a, Mapping) and isinstance(b, Mapping):
        return _keyed(keyword, a, b)
    if keyword in _ONE_SCHEMA and _schema(a) and _schema(b) and _monotone(keyword, old, new):
        return [], [Nested(keyword, "", keyword, a, b)]
    if keyword in _BRANCHES and _schema(a) and _schema(b) and _same_if(old, new):
        return [], [Nested(keyword, "", keyword, a, b)]
    if keyword == "not":
        return _excluded(a, b)
    if (
        keyword == "prefixItems"
        and isinstance(a, list)
        and isinstance(b, list)
        and len(a) == len(b)
    ):
        pairs = enumerate(zip(a, b, strict=True))
        return [], [Nested(keyword, f"/{i}", f"{keyword} {i}", x, y) for i, (x, y) in pairs]
    return None


def _listed(schema: Any) -> tuple[str, frozenset[str]] | None:
    """A schema that is a list of values (``enum`` or ``const``, with a ``type`` at most):
    its type and values, else None."""
    if not isinstance(schema, Mapping):
        return None
    asks = {k: v for k, v in schema.items() if k not in ANNOTATIONS and not k.startswith("x-")}
    if len(asks.keys() & {"enum", "const"}) != 1 or asks.keys() - {"enum", "const", "type"}:
        return None
    values = [asks["const"]] if "const" in asks else asks["enum"]
    if not isinstance(values, list):
        return None
    return canon(asks.get("type")), frozenset(canon(v) for v in values)


def _excluded(a: Any, b: Any) -> tuple[list[Found], list[Nested]] | None:
    """``not`` holding a list of values on both sides (the values a value may not be):
    each value it now refuses, and each it no longer does; None for any other ``not``."""
    before, after = _listed(a), _listed(b)
    if before is None or after is None or before[0] != after[0]:
        return None
    found: list[Found] = [
        ("assertion-added", f"now refuses {value} (`not`)", "not", None)
        for value in sorted(after[1] - before[1])
    ]
    found += [
        ("assertion-removed", f"no longer refuses {value} (`not`)", "not", None)
        for value in sorted(before[1] - after[1])
    ]
    return found, []


def _as_written(keyword: str, a: Any, b: Any) -> list[Found]:
    """A keyword compared as written: added, removed or changed (``dependentRequired`` by
    each name asked for)."""
    if a is None:
        return [("assertion-added", f"now has `{keyword}` {_brief(b)}", keyword, None)]
    if b is None:
        return [("assertion-removed", f"no longer has `{keyword}` {_brief(a)}", keyword, None)]
    if keyword == "dependentRequired" and _maps(a, b):
        return _asked(a, b)
    detail = f"`{keyword}` changed from {_brief(a)} to {_brief(b)}"
    return [("assertion-changed", detail, keyword, None)]


def _monotone(keyword: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Whether the value admits more when the schema under ``keyword`` does: not for
    ``contains`` under a ``maxContains``, which more items matching can exceed."""
    return keyword != "contains" or ("maxContains" not in old and "maxContains" not in new)


def _map_or_none(value: Any) -> bool:
    return value is None or isinstance(value, Mapping)


def _maps(a: Any, b: Any) -> bool:
    return isinstance(a, Mapping) and isinstance(b, Mapping)


def _same_if(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """``then`` and ``else`` apply to the same values before and after."""
    return "if" in old and canon(old.get("if")) == canon(new.get("if"))


def _keyed(
    keyword: str, a: Mapping[str, Any], b: Mapping[str, Any]
) -> tuple[list[Found], list[Nested]]:
    """``dependentSchemas``: a schema per name, asked of a value holding that name."""
    found: list[Found] = []
    nested: list[Nested] = []
    for key in sorted(a.keys() | b.keys(), key=str):
        if key not in b:
            detail = f"no longer asks {_brief(a[key])} of a value with `{key}` ({keyword})"
            found.append(("assertion-removed", detail, keyword, key))
        elif key not in a:
            detail = f"now asks {_brief(b[key])} of a value with `{key}` ({keyword})"
            found.append(("assertion-added", detail, keyword, key))
        else:
            nested.append(Nested(keyword, _tail(key), f"{keyword} {key}", a[key], b[key]))
    return found, nested


def _names(value: Any) -> frozenset[str]:
    return (
        frozenset(v for v in value if isinstance(v, str))
        if isinstance(value, list)
        else frozenset()
    )


def _asked(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[Found]:
    """``dependentRequired``: each name a present name now asks for, or no longer does."""
    found: list[Found] = []
    for key in sorted(a.keys() | b.keys(), key=str):
        before, after = _names(a.get(key)), _names(b.get(key))
        for name in sorted(after - before):
            detail = f"now asks for `{name}` when `{key}` is present (dependentRequired)"
            found.append(("assertion-added", detail, "dependentRequired", key))
        for name in sorted(before - after):
            detail = f"no longer asks for `{name}` when `{key}` is present (dependentRequired)"
            found.append(("assertion-removed", detail, "dependentRequired", key))
    return found


# how the names a pattern matches are judged: by any value, by no value, or by a schema
_ANY, _NONE, _SOME = "any", "none", "some"


def _judge(schema: Any) -> str:
    if schema is None or schema is True:
        return _ANY
    if schema is False:
        return _NONE
    if isinstance(schema, Mapping) and all(k in ANNOTATIONS or k.startswith("x-") for k in schema):
        return _ANY
    return _SOME


def _extra(schema: Mapping[str, Any]) -> Any:
    """The schema for names no property or pattern declares."""
    if "additionalProperties" in schema:
        return schema["additionalProperties"]
    return schema.get("unevaluatedProperties")


def _moved(before: str, after: str) -> tuple[bool, bool]:
    """(refuses more, admits more) when names judged ``before`` are judged ``after``."""
    if before == after:
        return before == after == _SOME, before == after == _SOME
    return (after == _NONE or before == _ANY), (before == _NONE or after == _ANY)


def _declares_match(schema: Mapping[str, Any], pattern: str) -> bool:
    """Whether a property the schema declares has a name ``pattern`` matches (or may)."""
    declared = schema.get("properties")
    names = [str(n) for n in declared] if isinstance(declared, Mapping) else []
    try:
        search = searcher(pattern)
    except (PatternError, TypeError):
        return bool(names)
    return any(search(name) for name in names)


def _patterns(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[list[Found], list[Nested]]:
    """``patternProperties``: a schema per pattern, asked of each property whose name it
    matches; the names no pattern (or property) matches are the extra fields'."""
    keyword = "patternProperties"
    a, b = old.get(keyword) or {}, new.get(keyword) or {}
    found: list[Found] = []
    nested: list[Nested] = []
    for pattern in sorted(a.keys() | b.keys(), key=str):
        if pattern in a and pattern in b:
            label = f"{keyword} {pattern}"
            nested.append(Nested(keyword, _tail(pattern), label, a[pattern], b[pattern]))
        elif pattern in b:
            found += _pattern_moved(str(pattern), b[pattern], old, new, added=True)
        else:
            found += _pattern_moved(str(pattern), a[pattern], old, new, added=False)
    return found, nested


def _pattern_moved(
    pattern: str, schema: Any, old: Mapping[str, Any], new: Mapping[str, Any], *, added: bool
) -> list[Found]:
    """A pattern added (or removed): the names it matches were judged by the schema for
    extra fields and are now by its own (or the other way), and a declared property it
    matches is asked its schema too (or no longer)."""
    own, extra = _judge(schema), _judge(_extra(old if added else new))
    narrower, wider = _moved(extra, own) if added else _moved(own, extra)
    if own == _SOME and _declares_match(new if added else old, pattern):
        narrower, wider = (True, wider) if added else (narrower, True)
    where = f"patternProperties `{pattern}`"
    if not (narrower or wider):
        return []
    if narrower and wider:
        kind = "assertion-changed"
        if added:
            detail = f"now has {where}: the fields it matches are no longer extra fields"
        else:
            detail = f"no longer has {where}: the fields it matched are extra fields again"
    elif narrower == added:  # a schema asked of more names, or extra fields that pass
        kind = "assertion-added" if narrower else "assertion-removed"
        detail = f"{'now' if added else 'no longer'} has {where} {_brief(schema)}"
    else:  # the names it matches now pass as extra fields, or no longer do
        kind = "additional-properties-" + ("allowed" if wider else "disallowed")
        detail = f"{'now' if wider else 'no longer'} allows extra fields matching `{pattern}`"
    return [(kind, detail, "patternProperties", pattern)]
