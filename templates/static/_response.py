"""Response bodies to Python values: validated when they match the spec, kept when they do not.

A body that matches its documented type is validated by a pydantic ``TypeAdapter`` (one per
type, built on first use). One that does not is, by default, rebuilt without validation by
:func:`construct`, which keeps every key the server sent, and the deviation is logged;
a client created with ``strict=True`` raises :class:`APIResponseValidationError` instead.
"""

from __future__ import annotations

import enum
import json
import logging
import types
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar, Union, get_args, get_origin

import httpx
from pydantic import ValidationError

if TYPE_CHECKING:
    from pydantic import BaseModel, TypeAdapter

from ._exceptions import APIResponseValidationError, where
from ._operation import EventData, ResponseSpec
from ._wire import read

__all__ = [
    "SKIPPED",
    "NestedTooDeeply",
    "RawResponse",
    "adapter",
    "construct",
    "json_media",
    "loads",
    "not_json",
    "parse_event",
    "parse_json",
    "read_body",
    "wire_keys",
]

T = TypeVar("T")

log = logging.getLogger(__name__.rpartition(".")[0] or __name__)

_ADAPTERS: dict[int, tuple[Any, TypeAdapter[Any]]] = {}
_WIRE_KEYS: dict[type[BaseModel], dict[str, str]] = {}
_MAX_LOGGED_ERRORS = 3
SKIPPED: Any = object()  # an event whose data could not be read at all, left out of a stream


def adapter(tp: Any) -> TypeAdapter[Any]:
    """The cached ``TypeAdapter`` of ``tp`` (annotations may be unhashable: keyed by identity)."""
    hit = _ADAPTERS.get(id(tp))
    if hit is None:
        # pydantic's models and adapters are imported by the first call, not with the client
        from pydantic import BaseModel, ConfigDict, PydanticUserError, TypeAdapter

        # a model brings its own config; anything else gets `re` for its `Field(pattern=...)`s,
        # which are ECMA-262 patterns written for Python's `re` at generation
        # (an alias standing for a model, a recursive one too, brings the model's own)
        own = isinstance(tp, type) and issubclass(tp, BaseModel)
        try:
            by_re = ConfigDict(regex_engine="python-re")
            found = TypeAdapter(tp) if own else TypeAdapter(tp, config=by_re)
        except PydanticUserError:  # the type has a config of its own
            found = TypeAdapter(tp)
        hit = _ADAPTERS[id(tp)] = (tp, found)  # the type is kept alive with its id
    return hit[1]


def wire_keys(cls: type[BaseModel]) -> dict[str, str]:
    """``{wire name: field name}`` of a model class (cached)."""
    keys = _WIRE_KEYS.get(cls)
    if keys is None:
        if not cls.__pydantic_complete__:
            cls.model_rebuild(raise_errors=False)
        keys = {}
        for name, info in cls.model_fields.items():
            alias = info.validation_alias if isinstance(info.validation_alias, str) else info.alias
            keys[alias or name] = name
        _WIRE_KEYS[cls] = keys
    return keys


def _construct_model(cls: type[BaseModel], data: Mapping[str, Any]) -> BaseModel:
    keys = wire_keys(cls)
    fields = cls.model_fields
    values: dict[str, Any] = {}
    present: set[str] = set()
    for wire, name in keys.items():
        if wire in data:
            values[wire] = construct(fields[name].annotation, data[wire])
            present.add(name)
        elif fields[name].is_required():
            values[wire] = None  # absent though required: None, and left out of to_dict()
    # the fields by wire name only; then the unknown keys kept, as they are (given with the
    # fields, one named as a field's Python name would be taken for that field)
    built = cls.model_construct(_fields_set=present, **values)
    if built.__pydantic_extra__ is not None:
        built.__pydantic_extra__.update((k, v) for k, v in data.items() if k not in keys)
    return built


def _construct_union(members: tuple[Any, ...], value: Any) -> Any:
    for member in members:
        try:
            return read(adapter(member), value)
        except ValidationError:
            continue
    if isinstance(value, Mapping):
        from pydantic import BaseModel

        models = [
            m for m in map(_strip, members) if isinstance(m, type) and issubclass(m, BaseModel)
        ]
        if models:
            # the member that knows the most of the keys sent
            best = max(models, key=lambda m: len(wire_keys(m).keys() & value.keys()))
            return _construct_model(best, value)
    if isinstance(value, list):
        for member in members:
            if get_origin(_strip(member)) is list:
                return construct(member, value)
    return value


def _strip(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def construct(tp: Any, value: Any) -> Any:
    """``value`` shaped as ``tp`` as far as it fits, without validation and without loss.

    Models are built with ``model_construct`` (unknown keys kept as extras, missing
    required fields set to ``None``), enums fall back to the raw value, union members are
    tried in order; anything that fits nowhere is returned as it came.
    """
    tp = _strip(tp)
    origin = get_origin(tp)
    if origin is Union or origin is types.UnionType:
        return _construct_union(get_args(tp), value)
    args = get_args(tp)
    if origin is list and isinstance(value, list):
        return [construct(args[0] if args else Any, v) for v in value]
    if origin is dict and isinstance(value, Mapping):
        return {k: construct(args[1] if args else Any, v) for k, v in value.items()}
    if isinstance(tp, type):
        return _construct_class(tp, value)
    return value


def _construct_class(tp: type, value: Any) -> Any:
    from pydantic import BaseModel

    if issubclass(tp, BaseModel) and isinstance(value, Mapping):
        return _construct_model(tp, value)
    if issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            pass  # a value the spec does not list: kept as it came
    elif issubclass(tp, str) and isinstance(value, str):
        return tp(value)  # a string with a typed view (a date, say) keeps it
    return value


def _describe(errors: list[Any]) -> str:
    shown = [
        f"{'.'.join(map(str, e['loc'])) or '<root>'}: {e['msg']}"
        for e in errors[:_MAX_LOGGED_ERRORS]
    ]
    more = len(errors) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


class NestedTooDeeply(ValueError):
    """A JSON document nested deeper than Python's recursion limit lets it be read."""


def loads(content: str | bytes) -> Any:
    """JSON text as data; ValueError for text that is not JSON, :class:`NestedTooDeeply` for a
    document too deep to read (a hostile server's answer never escapes as a RecursionError)."""
    try:
        return json.loads(content)
    except RecursionError:
        raise NestedTooDeeply("the JSON document is nested too deeply to read") from None


def not_json(exc: ValueError) -> str:
    """What is wrong with a body :func:`loads` refused."""
    return (
        "is nested too deeply to read" if isinstance(exc, NestedTooDeeply) else "is not valid JSON"
    )


def parse_json(
    tp: Any, content: bytes | str, response: httpx.Response, strict: bool
) -> tuple[Any, list[Any]]:
    """``content`` as ``tp``, and the deviations from the spec (empty when it matched).

    ``content`` is the whole body, or the data of one server-sent event.
    """
    try:
        return read(adapter(tp), content, json=True), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
    raw = content.encode("utf-8") if isinstance(content, str) else content
    try:
        data = loads(content)
    except ValueError as exc:
        raise APIResponseValidationError(
            f"the response {not_json(exc)}",
            response=response,
            body=raw,
            errors=errors,
        ) from None
    if strict:
        # pydantic reads JSON 200 levels deep at most: a deeper body is no verdict on the spec
        deep = any(e["type"] == "json_invalid" and "recursion" in e["msg"] for e in errors)
        what = "is nested too deeply to read" if deep else "does not match the spec"
        raise APIResponseValidationError(
            f"the response {what}: {_describe(errors)}",
            response=response,
            body=raw,
            errors=errors,
        )
    log.warning(
        "%s: the response does not match the spec (%s); kept as received",
        where(response.request),
        _describe(errors),
    )
    try:
        return construct(tp, data), errors
    except RecursionError:
        raise APIResponseValidationError(
            "the response does not match the spec and is nested too deeply to keep as received",
            response=response,
            body=raw,
            errors=errors,
        ) from None


def _parse_text(tp: Any, text: str, response: httpx.Response, strict: bool) -> Any:
    """``text`` (not JSON: a string as it came) as ``tp``; kept as it is when it does not fit."""
    try:
        return read(adapter(tp), text)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
    if strict:
        raise APIResponseValidationError(
            f"the response does not match the spec: {_describe(errors)}",
            response=response,
            body=text.encode("utf-8"),
            errors=errors,
        )
    log.warning(
        "%s: the response does not match the spec (%s); kept as received",
        where(response.request),
        _describe(errors),
    )
    return text


def _json_not_string(data: str) -> bool:
    try:
        return not isinstance(loads(data), str)
    except ValueError:
        return False


def parse_event(
    tp: Any, data: str, events: EventData, response: httpx.Response, strict: bool
) -> Any:
    """The data of one server-sent event as ``tp``, read as its event schema says.

    ``json``: the data is a JSON document. ``text``: the data is the string itself (no
    quotes, no escapes). ``json_or_text``: a JSON document of a type other than string is
    read as JSON when ``tp`` accepts it; anything else is the string itself.

    Data that is not JSON where JSON is due is :data:`SKIPPED` (and logged), or raises
    :class:`APIResponseValidationError` in strict mode: one bad event does not end a stream.
    """
    if events == "json":
        try:
            return parse_json(tp, data, response, strict)[0]
        except APIResponseValidationError:
            if strict:
                raise
            log.warning("%s: an event's data is not valid JSON; skipped", where(response.request))
            return SKIPPED
    if events == "json_or_text" and _json_not_string(data):
        try:
            return read(adapter(tp), data, json=True)
        except ValidationError:
            try:
                return read(adapter(tp), data)
            except ValidationError:
                return parse_json(tp, data, response, strict)[0]
    return _parse_text(tp, data, response, strict)


def read_body(
    spec: ResponseSpec | None, response: httpx.Response, strict: bool
) -> tuple[Any, list[Any]]:
    """A complete (not streamed) response body as its documented Python value."""
    if spec is None:
        if strict:
            raise APIResponseValidationError(
                f"status {response.status_code} is not documented",
                response=response,
                body=response.content,
            )
        return _undocumented(response), []
    if spec.kind == "json":
        if spec.type is None:
            return _undocumented(response), []
        return parse_json(spec.type, response.content, response, strict)
    if spec.kind == "json_or_media":
        media = _media(response)
        if not media or _json_media(response):
            if spec.type is None:
                return _undocumented(response), []
            return parse_json(spec.type, response.content, response, strict)
        return (response.text if media.startswith("text/") else response.content), []
    if spec.kind == "json_or_raw":
        if spec.type is None or not (_json_media(response) or _parses(response.content)):
            return _raw(spec, response, strict), []
        return parse_json(spec.type, response.content, response, strict)
    if spec.kind == "text":
        return response.text, []
    if spec.kind == "binary":
        return response.content, []
    return None, []


def _media(response: httpx.Response) -> str:
    return str(response.headers.get("content-type", "")).split(";")[0].strip().lower()


def json_media(content_type: str) -> bool:
    """Whether a Content-Type is JSON: ``application/json`` or a ``+json`` type (parameters
    and case aside)."""
    media = content_type.split(";", maxsplit=1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _json_media(response: httpx.Response) -> bool:
    return json_media(str(response.headers.get("content-type", "")))


def _parses(content: bytes) -> bool:
    try:
        loads(content)
    except ValueError:
        return False
    return True


def _raw(spec: ResponseSpec, response: httpx.Response, strict: bool) -> Any:
    """A body that is not JSON, where the spec documents a structured value under a media
    range: kept as received (text or bytes), or refused in strict mode."""
    if spec.type is not None and strict:
        raise APIResponseValidationError(
            "the response is not JSON, though the spec documents a structured value",
            response=response,
            body=response.content,
        )
    if spec.type is not None:
        log.warning(
            "%s: the response is not JSON, though the spec documents a structured value;"
            " kept as received",
            where(response.request),
        )
    return _undocumented(response)


def _undocumented(response: httpx.Response) -> Any:
    if not response.content:
        return None
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if _json_media(response):
        try:
            return loads(response.content)
        except ValueError:
            return response.text
    if media.startswith("text/"):
        return response.text
    return response.content


class RawResponse(Generic[T]):
    """The HTTP response of a call through ``with_raw_response``; ``parse()`` gives the value."""

    def __init__(
        self,
        response: httpx.Response,
        parse: Callable[[], tuple[T, list[Any]]],
        retries_taken: int = 0,
    ) -> None:
        self.http_response = response
        self.retries_taken = retries_taken
        self._parse = parse
        self._parsed: tuple[T, list[Any]] | None = None

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The response headers."""
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        """The raw body."""
        return self.http_response.content

    @property
    def text(self) -> str:
        """The body as text."""
        return self.http_response.text

    @property
    def url(self) -> httpx.URL:
        """The URL that answered (after redirects)."""
        return self.http_response.url

    @property
    def request(self) -> httpx.Request:
        """The request that was sent last."""
        return self.http_response.request

    def json(self) -> Any:
        """The body as plain JSON data."""
        return loads(self.http_response.content)

    def parse(self) -> T:
        """The body as the documented type (computed once)."""
        if self._parsed is None:
            self._parsed = self._parse()
        return self._parsed[0]

    @property
    def validation_errors(self) -> list[Any]:
        """How the body departs from the spec (pydantic's error list; empty when it matches)."""
        self.parse()
        assert self._parsed is not None
        return self._parsed[1]

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code}] {where(self.request)}>"
