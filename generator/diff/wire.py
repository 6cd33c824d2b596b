"""A parameter is text on the wire: the type changes every text sent before survives.

A query, path, header or cookie parameter written with a ``schema``, and a response header,
travels as text that the receiver reads back by that schema: the whole value, and each field
of an object or item of an array it serialises (``filter[id]=7`` in ``deepObject`` style).
A new type that takes every text the old one took breaks no request, whatever the schemas
say as JSON types: an integer's, a number's or a boolean's text is a string (when the
string asks nothing more of it: no pattern, format, length or enum), a union's texts are
its members' (``type: [integer, string]`` made a string), and one value of an exploded
``form`` query parameter (``?tag=x``) is an array of one item (when the array takes one item
of that text). The other way round, a plain string made an integer takes fewer texts.
Anything else is not sure, and is judged as the values it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.diff.merge import ANNOTATIONS
from generator.diff.shapes import Alt, Shape, Shaper
from generator.diff.values import canon

_TEXTS = ("integer", "number", "boolean")  # types whose texts are strings a string takes
_SCALARS = ("string", *_TEXTS)


def _asks(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The keywords of a schema that refuse values (annotations set aside)."""
    return {k: v for k, v in schema.items() if k not in ANNOTATIONS and not k.startswith("x-")}


def _any_text(alt: Alt) -> bool:
    return alt.type == "string" and not _asks(alt.schema).keys() - {"type"}


def _one_alt(shape: Shape) -> Alt | None:
    return shape.alts[0] if len(shape.alts) == 1 else None


def _takes(old: Alt, new: Alt) -> bool:
    """Whether ``new``, a scalar, takes every text ``old`` took."""
    if old.type in _TEXTS and _any_text(new):
        return True
    return old.type == new.type and canon(_asks(old.schema)) == canon(_asks(new.schema))


def text_change(old: Alt, new: Alt) -> tuple[str, str] | None:
    """``(kind, why)`` when two scalars of different types, read as text, are one a string
    taking every text of the other: the type widened or narrowed; None when not sure."""
    if old.type == new.type:
        return None
    if _takes(old, new):
        return "type-widened", f"every {old.type}'s text is a string"
    if _takes(new, old):
        return "type-narrowed", f"every {new.type}'s text is a string"
    return None


def _within(old: Alt, new: Alt) -> bool:
    """Whether ``new`` takes every text ``old`` took, the same type or not."""
    return _takes(old, new) or (old.type == new.type == "string" and _any_text(new))


def _whose(alts: tuple[Alt, ...]) -> str:
    return f"{alts[0].type}'s" if len(alts) == 1 else "member's"


def texts_kept(shaper: Shaper, old: Shape, new: Shape, *, exploded: bool) -> str | None:
    """Why the parameter shaped ``new`` (in the new document, read by ``shaper``) takes
    every text the one shaped ``old`` took, when its type or types changed; None when not
    sure. ``exploded``: a query parameter in ``form`` style, exploded, before and after."""
    b = _one_alt(new)
    if not old.alts or b is None or any(a.type not in _SCALARS for a in old.alts):
        return None
    if all(a.type == b.type for a in old.alts):
        return None
    if b.type in _SCALARS:
        taken = all(_within(a, b) for a in old.alts)
        return f"every {_whose(old.alts)} text is a string" if taken else None
    if b.type != "array" or not exploded:
        return None
    least, most = b.schema.get("minItems", 0), b.schema.get("maxItems", 1)
    if not (isinstance(least, int) and least <= 1 and isinstance(most, int) and most >= 1):
        return None
    items = _one_alt(shaper.shape(*b.child("items")))
    if items is None or items.type not in _SCALARS:
        return None
    if not all(_within(a, items) for a in old.alts):
        return None
    return "one value is an array of one item"
