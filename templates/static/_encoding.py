"""Values to the wire: parameters by OpenAPI style, request bodies by media type.

Path values are percent-encoded completely (``/`` included) and a value made only of dots
is encoded too, so no value can add a segment or climb out of its path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from enum import Enum
from typing import IO, TYPE_CHECKING, Any, TypeAlias, cast
from urllib.parse import quote, urlencode

import pydantic_core

from ._operation import BodyKind, Parameter

if TYPE_CHECKING:
    from ._models import Model

__all__ = [
    "ENCODERS",
    "EncodedBody",
    "carried",
    "cookie_value",
    "header_value",
    "path_value",
    "plain",
    "query_pairs",
]

Pairs: TypeAlias = list[tuple[str, str]]


def plain(value: Any) -> Any:
    """JSON-ready data: models dumped under wire names, enums to their values."""
    from ._models import Model  # pydantic's models: imported by the first call, not at import

    return _plain(value, Model)


def _plain(value: Any, model: type[Model]) -> Any:
    if isinstance(value, model):
        return value.to_dict()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(v, model) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v, model) for k, v in value.items()}
    return value


def scalar(value: Any) -> str:
    """One value as text: JSON's spelling of booleans and null."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    if isinstance(value, Enum):
        return scalar(value.value)
    return str(value)


def _path_quote(value: Any) -> str:
    text = quote(scalar(value), safe="")
    # "." and ".." are segments of their own meaning; "%2E" is only a character
    return text.replace(".", "%2E") if text and not text.strip(".") else text


def _flat(value: Any, explode_sep: str, sep: str, quote_: Callable[[Any], str]) -> tuple[str, bool]:
    """A list or object as ``a,b`` / ``k,v,k2,v2``, or exploded as ``a<sep>b`` / ``k=v<sep>k2=v2``.

    Returns the text and whether the value was an object.
    """
    if isinstance(value, Mapping):
        if explode_sep:
            return explode_sep.join(f"{quote_(k)}={quote_(v)}" for k, v in value.items()), True
        return sep.join(f"{quote_(k)}{sep}{quote_(v)}" for k, v in value.items()), True
    if isinstance(value, list):
        return (explode_sep or sep).join(quote_(v) for v in value), False
    return quote_(value), False


def path_value(param: Parameter, value: Any) -> str:
    """The text that replaces ``{name}`` in the path (simple, label or matrix style)."""
    value = plain(value)
    name = quote(param.wire, safe="")
    if param.style == "json":
        return _path_quote(_json_text(value))
    if param.style == "label":
        text, _ = _flat(value, "." if param.explode else "", ",", _path_quote)
        return "." + text
    if param.style == "matrix":
        if param.explode and isinstance(value, list):
            return "".join(f";{name}={_path_quote(v)}" for v in value)
        text, is_object = _flat(value, ";" if param.explode else "", ",", _path_quote)
        return f";{text}" if is_object and param.explode else f";{name}={text}"
    text, _ = _flat(value, "," if param.explode else "", ",", _path_quote)
    return text


def query_pairs(param: Parameter, value: Any) -> Pairs:
    """``(name, value)`` pairs of a query parameter: form, space/pipeDelimited or deepObject."""
    value = plain(value)
    name = param.wire
    if param.style == "json":
        return [(name, _json_text(value))]
    if param.style == "deepObject" and isinstance(value, Mapping):
        return [(f"{name}[{k}]", scalar(v)) for k, v in value.items()]
    if isinstance(value, list):
        if param.explode:
            return [(name, scalar(v)) for v in value]
        sep = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(param.style, ",")
        return [(name, sep.join(scalar(v) for v in value))]
    if isinstance(value, Mapping):
        if param.explode:
            return [(str(k), scalar(v)) for k, v in value.items()]
        return [(name, ",".join(f"{k},{scalar(v)}" for k, v in value.items()))]
    return [(name, scalar(value))]


def header_value(param: Parameter, value: Any) -> str:
    """A header's value (simple style)."""
    if param.style == "json":
        return _json_text(plain(value))
    text, _ = _flat(plain(value), "," if param.explode else "", ",", scalar)
    return text


def cookie_value(param: Parameter, value: Any) -> str:
    """``name=value`` for the Cookie header (form style); ValueError for a text holding ``;``,
    which would end its cookie and start another."""
    value = plain(value)
    if param.style == "json":
        return f"{param.wire}={quote(_json_text(value), safe='')}"
    if param.explode and isinstance(value, Mapping):
        return "; ".join(f"{_cookie_text(k)}={_cookie_text(v)}" for k, v in value.items())
    if param.explode and isinstance(value, list):
        return "; ".join(f"{param.wire}={_cookie_text(v)}" for v in value)
    text, _ = _flat(value, "", ",", _cookie_text)
    return f"{param.wire}={text}"


def _cookie_text(value: Any) -> str:
    text = scalar(value)
    if ";" in text:
        raise ValueError(f"{text!r} holds ';', which would end the cookie")
    return text


def carried(text: str) -> bool:
    """Whether a header carries ``text`` as it is: ASCII, without control characters (httpx
    encodes a header as ASCII; a line break would end it)."""
    return text.isascii() and text.isprintable()


# ---------------------------------------------------------------------------- bodies


class EncodedBody:
    """What httpx needs to send a body: raw content with its type, or multipart parts."""

    __slots__ = ("content", "content_type", "files")

    def __init__(
        self,
        content: bytes | None = None,
        content_type: str | None = None,
        files: list[tuple[str, Any]] | None = None,
    ) -> None:
        self.content = content
        self.content_type = content_type
        self.files = files


def _form_pairs(data: Mapping[str, Any]) -> Pairs:
    pairs: Pairs = []
    for key, value in data.items():
        if value is None:
            continue  # no value, no field: a form has no null, and ``name=`` is a value
        if isinstance(value, list):
            pairs.extend((key, scalar(v)) for v in value)
        elif isinstance(value, Mapping):
            pairs.extend((str(k), scalar(v)) for k, v in value.items())
        else:
            pairs.append((key, scalar(value)))
    return pairs


def _json_text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _form(data: Any, content_type: str) -> EncodedBody:
    return EncodedBody(urlencode(_form_pairs(_object(data))).encode("ascii"), content_type)


def _multipart(data: Any, content_type: str) -> EncodedBody:
    # every part goes in ``files`` (a part without a file name is a plain field) so that httpx
    # writes multipart even without a file, and the content type with its boundary
    parts: list[tuple[str, Any]] = []
    for key, value in _object(data).items():
        if value is None:
            continue  # no value, no part
        for item in value if isinstance(value, list) else [value]:
            text = _json_text(item) if isinstance(item, Mapping | list) else scalar(item)
            parts.append((key, (None, text.encode("utf-8"))))
    return EncodedBody(files=parts)


def _text(data: Any, content_type: str) -> EncodedBody:
    if not isinstance(data, str):
        raise TypeError(f"a {content_type} body must be a str, not {type(data).__name__}")
    return EncodedBody(data.encode("utf-8"), content_type)


def _binary(data: Any, content_type: str) -> EncodedBody:
    if isinstance(data, bytes | bytearray | memoryview):
        return EncodedBody(bytes(data), content_type)
    read = getattr(data, "read", None)
    if callable(read):
        # read once, so that a retry sends the same bytes
        content = cast(IO[bytes], data).read()
        if isinstance(content, bytes):
            return EncodedBody(content, content_type)
    raise TypeError(
        f"a {content_type} body must be bytes or a binary file, not {type(data).__name__}"
    )


def _object(data: Any) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise TypeError(f"this body must be an object, not {type(data).__name__}")
    return data


def _json(data: Any, content_type: str) -> EncodedBody:
    return EncodedBody(pydantic_core.to_json(data), content_type)


# Plain data (already validated and dumped) to an encoded body, by kind; JSON bodies of
# models skip this table (pydantic serialises them directly).
ENCODERS: Mapping[BodyKind, Callable[[Any, str], EncodedBody]] = {
    "json": _json,
    "form": _form,
    "multipart": _multipart,
    "text": _text,
    "binary": _binary,
}
