"""Values to the wire: parameters by OpenAPI style, request bodies by media type.

Path values are percent-encoded completely (``/`` included) and a value made only of dots
is encoded too, so no value can add a segment or climb out of its path.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from enum import Enum
from typing import IO, TYPE_CHECKING, Any, TypeAlias, cast
from urllib.parse import quote

import pydantic_core

from ._operation import BodyKind, Parameter, RequestBody
from ._response import json_media

if TYPE_CHECKING:
    from ._models import Model

__all__ = [
    "ENCODERS",
    "EncodedBody",
    "Joined",
    "carried",
    "cookie_value",
    "empty_multipart",
    "file_part",
    "header_value",
    "is_file_content",
    "path_value",
    "plain",
    "query_pairs",
    "query_string",
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


class Joined(str):
    """A value already percent-encoded: a list or object not exploded, its items joined by
    literal delimiters (RFC 6570 ``{?list}``: ``ids=a,b``, a comma inside an item ``%2C``)."""

    __slots__ = ()


_JOINERS = {"spaceDelimited": "%20", "pipeDelimited": "%7C"}


def _q(text: str) -> str:
    return quote(text, safe="")


def _item(value: Any) -> str:
    """An item of a styled list or object: a primitive (null has no text; ``a=`` is "")."""
    if value is None or isinstance(value, Mapping | list | tuple):
        raise ValueError(f"an item {value!r} has no text in this style")
    return scalar(value)


def _deep_pairs(name: str, value: Mapping[Any, Any]) -> Pairs:
    """An object in deepObject style: ``name[k]=v``, and a property that is an object in turn
    as ``name[k][k2]=v`` (OpenAPI leaves nesting undefined; qs, Rails and PHP read it so). An
    empty object inside has no text."""
    pairs: Pairs = []
    for k, v in value.items():
        key = f"{name}[{k}]"
        if isinstance(v, Mapping) and v:
            pairs.extend(_deep_pairs(key, v))
        else:
            pairs.append((key, _item(v)))
    return pairs


def styled_pairs(name: str, value: Any, style: str, explode: bool) -> Pairs:
    """``(name, value)`` pairs in form, spaceDelimited, pipeDelimited or deepObject style
    (which writes objects only: ValueError for another value)."""
    if style == "deepObject":
        if not isinstance(value, Mapping):
            raise ValueError(f"{value!r} is no object, and deepObject writes only objects")
        return _deep_pairs(name, value)
    if isinstance(value, list):
        if explode and style == "form":
            return [(name, _item(v)) for v in value]
        return [(name, Joined(_JOINERS.get(style, ",").join(_q(_item(v)) for v in value)))]
    if isinstance(value, Mapping):
        if explode and style == "form":
            return [(str(k), _item(v)) for k, v in value.items()]
        return [(name, Joined(",".join(f"{_q(str(k))},{_q(_item(v))}" for k, v in value.items())))]
    return [(name, scalar(value))]


def query_pairs(param: Parameter, value: Any) -> Pairs:
    """``(name, value)`` pairs of a query parameter: form, space/pipeDelimited or deepObject;
    ValueError for what the style has no text for (a null item, a list or an object inside
    a list, an object inside an object but in deepObject, which writes objects only)."""
    value = plain(value)
    if param.style == "json":
        return [(param.wire, _json_text(value))]
    return styled_pairs(param.wire, value, param.style, param.explode)


def query_string(pairs: list[tuple[str, Any]]) -> str:
    """Pairs as a query string (or a urlencoded body), each percent-encoded but a
    :class:`Joined` value's delimiters."""
    return "&".join(f"{_q(k)}={v if isinstance(v, Joined) else _q(scalar(v))}" for k, v in pairs)


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


def _form_pairs(data: Mapping[str, Any], body: RequestBody) -> Pairs:
    pairs: Pairs = []
    for key, value in data.items():
        if value is None:
            continue  # no value, no field: a form has no null, and ``name=`` is a value
        encoding = body.encoding_of(key)
        if json_media(encoding.content_type):
            pairs.append((key, _json_text(value)))
        else:
            pairs.extend(styled_pairs(key, value, encoding.style, encoding.explode))
    return pairs


def _json_text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _form(data: Any, body: RequestBody) -> EncodedBody:
    text = query_string(_form_pairs(_object(data), body))
    return EncodedBody(text.encode("ascii"), body.content_type)


_BOUNDARY = "apiforge-empty-multipart"


def _multipart(data: Any, body: RequestBody) -> EncodedBody:
    # every part goes in ``files`` (a part without a file name is a plain field) so that httpx
    # writes multipart even without a file, and the content type with its boundary; each part
    # with its Encoding Object's Content-Type (none for text/plain, RFC 7578's default)
    parts: list[tuple[str, Any]] = []
    for key, value in _object(data).items():
        if value is None:
            continue  # no value, no part
        media = body.encoding_of(key).content_type
        if key in body.file_fields and not json_media(media):
            media = ""  # no file content (see is_file_content): a value, as a field's is
        for item in value if isinstance(value, list) else [value]:
            if json_media(media) or (not media and isinstance(item, Mapping | list)):
                text = _json_text(item)
            else:
                text = scalar(item)
            part = (None, text.encode("utf-8"), media) if media else (None, text.encode("utf-8"))
            parts.append((key, part))
    return EncodedBody(files=parts)


def empty_multipart(content_type: str) -> EncodedBody:
    """A multipart body of no part: its closing delimiter (httpx writes none without a part)."""
    closing = f"--{_BOUNDARY}--\r\n".encode("ascii")
    return EncodedBody(closing, f"{content_type}; boundary={_BOUNDARY}")


def is_file_content(given: Any) -> bool:
    """Whether ``given`` is what a file part sends: bytes, text, a file (anything with a
    ``read``) or a ``(filename, content[, type])`` tuple. Any other value of a file field is
    a JSON value its schema admits (``contentMediaType`` says what a *string* holds, and a
    schema of no ``type`` takes any value): it is sent as the field's value, as any field's."""
    if isinstance(given, bytes | bytearray | memoryview | str | tuple):
        return True
    return callable(getattr(given, "read", None))


def file_part(name: str, given: Any, content_type: str) -> Any:
    """A file as httpx sends it: as given (a file, bytes, or a ``(filename, content[,
    type])`` tuple), or with the Content-Type its encoding names when that is not httpx's."""
    if isinstance(given, tuple) or content_type in ("", "application/octet-stream"):
        return given
    return (name, given, content_type)


def _text(data: Any, body: RequestBody) -> EncodedBody:
    content_type = body.content_type
    if not isinstance(data, str):
        raise TypeError(f"a {content_type} body must be a str, not {type(data).__name__}")
    return EncodedBody(data.encode("utf-8"), content_type)


def _binary(data: Any, body: RequestBody) -> EncodedBody:
    content_type = body.content_type
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


def _json(data: Any, body: RequestBody) -> EncodedBody:
    return EncodedBody(pydantic_core.to_json(data), body.content_type)


# Plain data (already validated and dumped) to an encoded body, by kind; JSON bodies of
# models skip this table (pydantic serialises them directly).
ENCODERS: Mapping[BodyKind, Callable[[Any, RequestBody], EncodedBody]] = {
    "json": _json,
    "form": _form,
    "multipart": _multipart,
    "text": _text,
    "binary": _binary,
}
