"""Parameter values as OpenAPI styles write them, read back into texts, lists and objects.

Path parameters in ``simple``, ``label`` and ``matrix`` style and headers in ``simple``
style (lists ``a,b``; objects ``k,v,k2,v2``, exploded ``k=v,k2=v2``), query objects in
exploded ``form`` style (one pair per property), and parameters given as JSON ``content``
(style ``json`` in the IR). Parts stay text here; :mod:`generator.exchange.params` types them.
A value is written in ``simple`` style (what the mock's response headers are) by
:func:`simple_text`, the inverse of the reading.
"""

from __future__ import annotations

import json
from collections.abc import Set as AbstractSet
from typing import Any, Literal
from urllib.parse import unquote

from generator import ir
from generator.facts.styles import extra_type, object_fields

__all__ = [
    "Shape",
    "extra_type",
    "object_fields",
    "object_shaped",
    "query_object",
    "read_cookies",
    "simple_text",
    "split_styled",
]

Shape = Literal["array", "object", "scalar"]


def _parts(param: ir.Param, text: str) -> tuple[list[str], bool]:
    """The pieces of a styled list or object, and whether they are ``k=v`` pairs."""
    explode = param.explode
    if param.style == "label":
        body = text.removeprefix(".")
        return (body.split("." if explode else ",") if body else []), explode
    if param.style == "matrix":
        prefix = param.wire + "="
        pieces = text.removeprefix(";").split(";") if text else []
        if explode and not all(p.startswith(prefix) or p == param.wire for p in pieces):
            return pieces, True  # an exploded object: `;k=v;k2=v2`
        values = [p.removeprefix(prefix) if p.startswith(prefix) else "" for p in pieces]
        if explode:  # `;name=a;name=b`
            return values, False
        return (values[0].split(",") if values and values[0] else []), False
    return (text.split(",") if text else []), explode


def _scalar(param: ir.Param, text: str) -> str:
    if param.style == "label":
        return text.removeprefix(".")
    if param.style == "matrix":
        return text.removeprefix(";").removeprefix(param.wire).removeprefix("=")
    return text


def split_styled(param: ir.Param, text: str, shape: Shape) -> Any:
    """A styled value as a text (scalar), a list of texts or a dict of texts."""
    if param.style == "json":
        for candidate in (text, unquote(text)):  # a cookie carries it percent-encoded
            try:
                return json.loads(candidate)
            except ValueError:
                continue
        return text
    if shape == "scalar":
        return _scalar(param, text)
    parts, pairs = _parts(param, text)
    if shape == "array":
        return parts
    if pairs:
        return {k: v for k, _, v in (p.partition("=") for p in parts)}
    return dict(zip(parts[::2], parts[1::2], strict=False))


def object_shaped(param: ir.Param, text: str) -> bool:
    """Whether a styled text has an object's shape: keys and values in turn (``k,v,k2,v2``),
    or, exploded, ``k=v`` pairs."""
    parts, pairs = _parts(param, text)
    return all("=" in p for p in parts) if pairs else len(parts) % 2 == 0


def query_object(
    api: ir.Api, param: ir.Param, pairs: list[tuple[str, str]], taken: AbstractSet[str]
) -> dict[str, str] | None:
    """An exploded ``form`` query object: the pairs its properties name (for a map, or where
    any value is valid, every pair), but those named like another parameter, ``taken``: such
    a pair is that parameter's; None when there are none."""
    fields = object_fields(api, param.type)
    if fields is None and isinstance(ir.without_null(param.type), ir.AnyT):
        fields = {}
    if fields is None:
        return None
    found = {k: v for k, v in pairs if k not in taken and (k in fields or not fields)}
    return found or None


def simple_text(value: Any, explode: bool) -> str:
    """``value`` in ``simple`` style: a list's items joined by commas, an object's keys and
    values in turn (``k,v,k2,v2``) or, exploded, as pairs (``k=v,k2=v2``); a text as it is,
    another scalar (and what the style cannot write: a list in a list) as JSON."""
    if isinstance(value, list):
        return ",".join(_part(item) for item in value)
    if isinstance(value, dict):
        if explode:
            return ",".join(f"{k}={_part(v)}" for k, v in value.items())
        return ",".join(f"{k},{_part(v)}" for k, v in value.items())
    return _part(value)


def _part(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def read_cookies(text: str) -> dict[str, str]:
    """A Cookie header's cookies by name; a cookie sent more than once (an exploded array,
    ``prefs=a; prefs=b``) has its values joined with commas, which no cookie value holds."""
    found: dict[str, list[str]] = {}
    for piece in text.split(";"):
        name, eq, value = piece.strip().partition("=")
        if not eq or not name:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':  # RFC 6265: a quoted value
            value = value[1:-1]
        found.setdefault(name, []).append(value)
    return {name: ",".join(values) for name, values in found.items()}
