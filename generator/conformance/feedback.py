"""What a server's refusal says of the values it wants, and a request remade to meet it.

A server may hold a request to more than its spec says: a length, a range, a list of values,
a pattern, a format, a field it requires. Its refusal often names them, in the words of the
validator it runs: Ajv's ``keyword`` and ``params``, zod's ``issues``, pydantic's ``loc`` and
``ctx``, go-playground's ``tag`` and ``param``; Laravel, Rails, ASP.NET and Django REST
framework's messages by field; Bean Validation's ``field - message`` lines; class-validator's
``field must ...``; Jackson's type and the reference chain of the field it could not read;
Spring's parameter it could not convert. :func:`needs` reads them into what each field needs,
:func:`meeting` makes a value meeting one, and :func:`remade` puts such values into a refused
request's body, each kept only where the body stays valid under its schema (:mod:`.probing`
puts them in its parameters so too).

A request so remade is valid as the first was, and reaches past the checks that refused it:
whatever the server answers is judged as any valid request's answer (a 5xx is a failure).
Nothing read here is taken as what the spec says.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from generator import ir
from generator.exchange import GenerationError
from generator.openapi import pointer_parts
from generator.patterns import ecma
from generator.records import record

__all__ = ["NONE", "Draw", "Need", "meeting", "needs", "remade", "same_name"]

_NODES = 2_000  # the JSON nodes of an answer looked at
_FIELDS = 16  # the fields a refusal's needs are read for
_LISTED = 64  # the values of a list a refusal names that are kept
# keys under which a refusal lists messages that name their fields themselves
_GENERIC = frozenset(
    ("message", "messages", "error", "errors", "detail", "details", "non_field_errors", "issues")
)
NONE = object()  # what :func:`meeting` gives where no value meets a need
Draw = Callable[[ir.StringT], str]  # a text of a string type


@record(frozen=False)
class Need:
    """What a refusal says one field needs (``field``: its names as the server wrote them,
    outermost first)."""

    field: tuple[str, ...]
    min_length: int | None = None
    max_length: int | None = None
    low: float | None = None
    high: float | None = None
    values: tuple[Any, ...] = ()
    pattern: str | None = None
    format: str | None = None
    integer: bool = False
    present: bool = False

    def said(self) -> str:
        """The need as a report names it (what a server wrote shortened and escaped)."""
        parts = []
        if self.min_length is not None or self.max_length is not None:
            parts.append(f"{self.min_length or 0} to {self.max_length or '...'} characters")
        if self.low is not None or self.high is not None:
            parts.append(f"from {_num(self.low)} to {_num(self.high)}")
        if self.values:
            parts.append("one of " + ", ".join(_shown(v) for v in self.values[:4]))
        if self.pattern is not None:
            parts.append(f"matching {_shown(self.pattern)}")
        if self.format is not None:
            parts.append(f"text of format {_shown(self.format)}")
        if self.integer:
            parts.append("an integer")
        if not parts and self.present:
            parts.append("present")
        return f"{_shown('.'.join(self.field))}: {', '.join(parts)}"


def _shown(value: Any) -> str:
    return repr(value if not isinstance(value, str) or len(value) <= 40 else value[:40] + "…")


def _num(value: float | None) -> str:
    if value is None:
        return "..."
    return str(int(value)) if float(value).is_integer() else str(value)


# ----------------------------------------------------------------------------- reading


def needs(parsed: bool, body: Any, text_body: str) -> list[Need]:
    """What an answer's body (its JSON ``body`` when ``parsed``, else its text) says each
    field needs; empty where it names none."""
    found: dict[tuple[str, ...], Need] = {}

    def need(field: tuple[str, ...]) -> Need | None:
        field = tuple(name for name in field if name)
        if not field or len(field) > 8 or any(len(name) > 100 for name in field):
            return None
        if field not in found:
            if len(found) >= _FIELDS:
                return None
            found[field] = Need(field)
        return found[field]

    if parsed:
        for node in _nodes(body):
            if isinstance(node, dict):
                _structured(node, need)
            elif isinstance(node, str):
                _line(node, need)
        for field, message in _keyed_messages(body):
            _message(field, message, need)
    else:
        for line in text_body.splitlines()[:50]:
            _line(line, need)
    return [n for n in found.values() if _any(n)]


def _any(n: Need) -> bool:
    return n != Need(n.field)


def _nodes(body: Any) -> Iterator[Any]:
    """The nodes of a JSON value, breadth first, at most :data:`_NODES`."""
    todo, seen = deque([body]), 0
    while todo and seen < _NODES:
        node = todo.popleft()
        seen += 1
        yield node
        if isinstance(node, dict):
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)


def _keyed_messages(body: Any) -> Iterator[tuple[tuple[str, ...], str]]:
    """Messages listed under a field's name (Laravel's, Rails's and ASP.NET's ``errors``):
    ``{"title": ["The title field must be at least 5 characters."]}``."""
    for node in _nodes(body):
        if not isinstance(node, dict):
            continue
        for key, value in node.items():
            if key.lower() in _GENERIC:  # lines naming their own fields, read as lines
                continue
            if isinstance(value, list) and value and all(isinstance(m, str) for m in value):
                field = tuple(key.removeprefix("$.").split("."))
                for message in value[:5]:
                    yield field, message


_Need = Callable[[tuple[str, ...]], "Need | None"]


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _structured(node: dict[str, Any], need: _Need) -> None:
    """A validator's issue as one JSON object: Ajv's, zod's, pydantic's, go-playground's."""
    if isinstance(node.get("keyword"), str) and isinstance(node.get("instancePath"), str):
        _ajv(node, need)
    elif isinstance(node.get("code"), str) and isinstance(node.get("path"), list):
        _zod(node, need)
    elif isinstance(node.get("loc"), list) and isinstance(node.get("type"), str):
        _pydantic(node, need)
    elif isinstance(node.get("tag"), str) and isinstance(
        node.get("namespace") or node.get("field"), str
    ):
        _go(node, need)


def _ajv(node: dict[str, Any], need: _Need) -> None:
    field = pointer_parts(node["instancePath"])
    params: dict[str, Any] = node["params"] if isinstance(node.get("params"), dict) else {}
    keyword = node["keyword"]
    if keyword == "required" and isinstance(params.get("missingProperty"), str):
        n = need((*field, params["missingProperty"]))
        if n is not None:
            n.present = True
        return
    n = need(field)
    if n is None:
        return
    limit = _number(params.get("limit"))
    if keyword == "minLength" and limit is not None:
        n.min_length = int(limit)
    elif keyword == "maxLength" and limit is not None:
        n.max_length = int(limit)
    elif keyword in ("minimum", "exclusiveMinimum") and limit is not None:
        n.low = limit + (1 if keyword == "exclusiveMinimum" else 0)
    elif keyword in ("maximum", "exclusiveMaximum") and limit is not None:
        n.high = limit - (1 if keyword == "exclusiveMaximum" else 0)
    elif keyword == "enum" and isinstance(params.get("allowedValues"), list):
        n.values = tuple(params["allowedValues"][:_LISTED])
    elif keyword == "pattern" and isinstance(params.get("pattern"), str):
        n.pattern = params["pattern"]
    elif keyword == "format" and isinstance(params.get("format"), str):
        n.format = params["format"]


def _zod(node: dict[str, Any], need: _Need) -> None:
    n = need(tuple(str(part) for part in node["path"]))
    if n is None:
        return
    code = node["code"]
    if code in ("too_small", "too_big"):
        _zod_size(n, node, small=code == "too_small")
    elif code in ("invalid_enum_value", "invalid_value"):
        listed = node.get("options") or node.get("values")
        if isinstance(listed, list):
            n.values = tuple(listed[:_LISTED])
    elif code in ("invalid_string", "invalid_format"):
        validation = node.get("validation") or node.get("format")
        if isinstance(validation, str):
            n.format = validation
        elif isinstance(validation, dict) and isinstance(validation.get("regex"), str):
            n.pattern = validation["regex"]
    elif code == "invalid_type" and node.get("received") == "undefined":
        n.present = True


def _zod_size(n: Need, node: dict[str, Any], *, small: bool) -> None:
    """zod's ``too_small``/``too_big``: a string's length, or a number's bound."""
    limit = _number(node.get("minimum" if small else "maximum"))
    kind = node.get("type") or node.get("origin")
    if limit is None:
        return
    if kind == "string":
        if small:
            n.min_length = int(limit)
        else:
            n.max_length = int(limit)
    elif kind in ("number", "bigint", "int"):
        step = 0 if node.get("inclusive", True) else 1
        if small:
            n.low = limit + step
        else:
            n.high = limit - step


def _pydantic(node: dict[str, Any], need: _Need) -> None:
    loc = [str(part) for part in node["loc"]]
    if loc and loc[0] in ("body", "query", "path", "header", "cookie"):
        loc = loc[1:]
    n = need(tuple(loc))
    if n is None:
        return
    kind = node["type"]
    ctx: dict[str, Any] = node["ctx"] if isinstance(node.get("ctx"), dict) else {}
    if kind == "missing":
        n.present = True
    elif kind == "string_too_short" and _number(ctx.get("min_length")) is not None:
        n.min_length = int(ctx["min_length"])
    elif kind == "string_too_long" and _number(ctx.get("max_length")) is not None:
        n.max_length = int(ctx["max_length"])
    elif kind == "string_pattern_mismatch" and isinstance(ctx.get("pattern"), str):
        n.pattern = ctx["pattern"]
    elif kind in ("enum", "literal_error") and isinstance(ctx.get("expected"), str):
        n.values = tuple(re.findall(r"'((?:[^'\\]|\\.)*)'", ctx["expected"])[:_LISTED])
    elif kind.startswith(("int_", "integer")):
        n.integer = True
    for key, bound, step in (
        ("ge", "low", 0),
        ("gt", "low", 1),
        ("le", "high", 0),
        ("lt", "high", -1),
    ):
        value = _number(ctx.get(key))
        if value is not None and kind.startswith(("greater", "less")):
            setattr(n, bound, value + step)


def _go(node: dict[str, Any], need: _Need) -> None:
    namespace = node.get("namespace")
    if isinstance(namespace, str) and "." in namespace:
        field = tuple(namespace.split(".")[1:])
    else:
        field = (str(node.get("field")),)
    n = need(field)
    if n is None:
        return
    tag, param = node["tag"], node.get("param")
    limit = _number(param)
    if tag == "required":
        n.present = True
    elif tag in ("min", "max", "len") and limit is not None:
        _go_size(
            n, tag, int(limit), text=node.get("kind") == "string" or node.get("type") == "string"
        )
    elif tag in ("gte", "gt") and limit is not None:
        n.low = limit + (1 if tag == "gt" else 0)
    elif tag in ("lte", "lt") and limit is not None:
        n.high = limit - (1 if tag == "lt" else 0)
    elif tag == "oneof" and isinstance(param, str):
        n.values = tuple(param.split()[:_LISTED])
    elif tag in _GO_FORMATS:
        n.format = _GO_FORMATS[tag]


_GO_FORMATS = {"email": "email", "url": "uri", "uri": "uri", "uuid": "uuid", "uuid4": "uuid"}


def _go_size(n: Need, tag: str, limit: int, *, text: bool) -> None:
    """go-playground's ``min``/``max``/``len``: a string's length, else a number's bound."""
    if not text:
        if tag == "min":
            n.low = limit
        elif tag == "max":
            n.high = limit
        return
    if tag in ("min", "len"):
        n.min_length = limit
    if tag in ("max", "len"):
        n.max_length = limit


# Bean Validation's "field - message", and the same with a colon
_FIELD_LINE = re.compile(r"^\s*([A-Za-z_][\w.\[\]]*)\s*(?: - |: )(.+)$")
# class-validator's "username must be longer than or equal to 3 characters"
_SUBJECT_LINE = re.compile(r"^([A-Za-z_][\w.]*) ((?:must|should) .+)$")
# Spring's "Method parameter 'token': Failed to convert value of type 'java.lang.String' to
# required type 'java.util.UUID'"
_CONVERTED = re.compile(r"parameter '([^']{1,100})'.*to required type '([^']+)'")
# Jackson's field: "... through reference chain: User[\"priority\"]"
_CHAIN = re.compile(r'\["([^"\\]{1,100})"\]')
_JAVA_TYPES = {
    "java.util.UUID": "uuid",
    "java.time.LocalDate": "date",
    # Jackson reads one ending in `Z` too (as UTC), which JSON Schema's date-time needs
    "java.time.LocalDateTime": "date-time",
    "java.time.OffsetDateTime": "date-time",
    "java.time.ZonedDateTime": "date-time",
    "java.time.Instant": "date-time",
    "java.net.URI": "uri",
    "java.net.URL": "uri",
}
_JAVA_INTEGERS = frozenset(
    ("int", "long", "short", "java.lang.Integer", "java.lang.Long", "java.lang.Short")
)


def _line(line: str, need: _Need) -> None:
    """A message that names its field: Jackson's reference chain, Spring's conversion of a
    parameter, or ``field - message``."""
    converted = _CONVERTED.search(line)
    if converted is not None:
        _message((converted.group(1),), f"value of type `{converted.group(2)}`", need)
        return
    if "reference chain" in line:
        chain = _CHAIN.findall(line.rpartition("reference chain")[2])
        if chain:
            _message(tuple(chain), line, need)
        return
    found = _FIELD_LINE.match(line) or _SUBJECT_LINE.match(line)
    if found is not None:
        _message(tuple(found.group(1).split(".")), found.group(2), need)


_LENGTHS = (
    (re.compile(r"size must be between (\d+) and (\d+)", re.I), "both"),
    (re.compile(r"must be between (\d+) and (\d+) characters", re.I), "both"),
    (
        re.compile(r"(?:at least|minimum is|longer than or equal to)\s*(\d+)\s*character", re.I),
        "low",
    ),
    (re.compile(r"minimum length of\s*'?(\d+)'?", re.I), "low"),
    (
        re.compile(
            r"(?:greater than|at most|maximum is|no more than|shorter than or equal to)"
            r"\s*(\d+)\s*character",
            re.I,
        ),
        "high",
    ),
    (re.compile(r"maximum length of\s*'?(\d+)'?", re.I), "high"),
)
_RANGES = (
    (re.compile(r"greater than or equal to (-?\d+(?:\.\d+)?)", re.I), "low"),
    (re.compile(r"less than or equal to (-?\d+(?:\.\d+)?)", re.I), "high"),
    (re.compile(r"must be at least (-?\d+(?:\.\d+)?)\s*\.?$", re.I), "low"),
    (re.compile(r"must not be less than (-?\d+(?:\.\d+)?)\s*\.?$", re.I), "low"),
    (re.compile(r"must not be greater than (-?\d+(?:\.\d+)?)\s*\.?$", re.I), "high"),
    (re.compile(r"must be between (-?\d+(?:\.\d+)?) and (-?\d+(?:\.\d+)?)\s*\.?$", re.I), "both"),
)
# the values a message lists: Jackson's enum's, class-validator's
_LISTS = (
    re.compile(r"not one of the values accepted for Enum class: \[([^\]]*)\]"),
    re.compile(r"must be one of the following values: (.+)$"),
)
_FORMATS = (
    (re.compile(r"e-?mail", re.I), "email"),
    (re.compile(r"\b(?:URL|URI)\b", re.I), "uri"),
    (re.compile(r"\bUUID\b", re.I), "uuid"),
)
_PRESENT = re.compile(
    r"(?:must|may|should) not be (?:blank|null|empty)|(?:is|field is) required|can't be blank"
    r"|is missing",
    re.I,
)


def _message(field: tuple[str, ...], message: str, need: _Need) -> None:
    """What one message says its field needs (the first reading that finds something)."""
    n = need(field)
    if n is not None:
        any(read(n, message) for read in _READERS)


def _listed(n: Need, message: str) -> bool:
    found = next((m for pattern in _LISTS if (m := pattern.search(message))), None)
    if found is not None:
        n.values = tuple([v.strip() for v in found.group(1).split(",") if v.strip()][:_LISTED])
    return found is not None


def _java_typed(n: Need, message: str) -> bool:
    found = re.search(r"value of type `([^`]+)`", message)
    if found is None:
        return False
    if found.group(1) in _JAVA_TYPES:
        n.format = _JAVA_TYPES[found.group(1)]
    elif found.group(1) in _JAVA_INTEGERS:
        n.integer = True
    return True


def _matching(n: Need, message: str) -> bool:
    found = re.search(r'must match "(.+)"', message) or re.search(
        r"must match /(.+)/ regular expression", message
    )
    if found is not None:
        n.pattern = found.group(1)
    return found is not None


def _whole(n: Need, message: str) -> bool:
    found = re.search(r"valid integer is required|must be an integer", message, re.I)
    if found is not None:
        n.integer = True
    return found is not None


def _length(n: Need, message: str) -> bool:
    found = _bounds(_LENGTHS, message)
    if found is not None:
        low, high = found
        n.min_length = n.min_length if low is None else int(low)
        n.max_length = n.max_length if high is None else int(high)
    return found is not None


def _range(n: Need, message: str) -> bool:
    found = _bounds(_RANGES, message)
    if found is not None:
        n.low = n.low if found[0] is None else found[0]
        n.high = n.high if found[1] is None else found[1]
    return found is not None


def _bounds(
    table: tuple[tuple[re.Pattern[str], str], ...], message: str
) -> tuple[float | None, float | None] | None:
    """The bounds the first of ``table``'s patterns found in ``message`` names (``which``:
    "both", "low" or "high" of them); None where none is found."""
    for pattern, which in table:
        found = pattern.search(message)
        if found is not None:
            first = float(found.group(1))
            if which == "both":
                return first, float(found.group(2))
            return (first, None) if which == "low" else (None, first)
    return None


def _formatted(n: Need, message: str) -> bool:
    dated = re.search(r"wrong format.*YYYY-MM-DD(T)?", message)  # Django REST framework's
    if dated is not None:
        n.format = "date-time" if dated.group(1) else "date"
        return True
    if not re.search(
        r"well-formed|valid|format|must be an? (?:e-?mail|URL|URI|UUID)", message, re.I
    ):
        return False
    name = next((name for pattern, name in _FORMATS if pattern.search(message)), None)
    if name is not None:
        n.format = name
    return name is not None


def _required(n: Need, message: str) -> bool:
    found = _PRESENT.search(message)
    if found is not None:
        n.present = True
    return found is not None


_READERS = (
    _listed,
    _java_typed,
    _matching,
    _length,
    _range,
    _whole,
    _formatted,
    _required,
)


# ----------------------------------------------------------------------------- remaking


def remade(
    body: Any, found: list[Need], draw: Draw, valid: Callable[[Any], bool]
) -> tuple[Any, list[Need]]:
    """``body`` (a JSON object) with a value meeting each need put at its field (matched by
    name, case and ``_``/``-`` aside; a field it lacks is added), each kept only where the
    body stays ``valid``: the body, and the needs met. ``draw`` makes a text of a string
    type (:meth:`generator.exchange.Values.value`)."""
    if not isinstance(body, dict):
        return body, []
    met = []
    for n in found:
        keys = _keys(body, n.field)
        if keys is None:
            continue
        current = _at(body, keys)
        value = meeting(n, current, draw)
        if value is NONE or value == current:
            continue
        candidate = _put(body, keys, value)
        if valid(candidate):
            body = candidate
            met.append(n)
    return body, met


def same_name(one: str, other: str) -> bool:
    """Whether a server's name of a field is ``other``'s: case, ``_`` and ``-`` aside."""
    return _norm(one) == _norm(other)


def _norm(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def _keys(body: dict[str, Any], field: tuple[str, ...]) -> tuple[str, ...] | None:
    """The keys ``field`` names in ``body`` (:func:`same_name`), the last one added where the
    object holding it lacks it; None where an object on the way is not there."""
    keys: list[str] = []
    holder: Any = body
    for name in field:
        if not isinstance(holder, dict):
            return None
        key = next((k for k in holder if same_name(name, k)), name)
        keys.append(key)
        holder = holder.get(key)
    return tuple(keys)


def _at(body: dict[str, Any], keys: tuple[str, ...]) -> Any:
    holder: Any = body
    for key in keys:
        holder = holder.get(key) if isinstance(holder, dict) else None
    return holder


def _put(body: dict[str, Any], keys: tuple[str, ...], value: Any) -> dict[str, Any]:
    """``body`` with ``value`` at ``keys`` (each object on the way there), copied on the way."""
    first, *rest = keys
    return {**body, first: _put(body[first], tuple(rest), value) if rest else value}


def meeting(n: Need, current: Any, draw: Draw) -> Any:
    """A value meeting ``n``, the current one where it does; :data:`NONE` where none is made."""
    if n.values:
        return current if current in n.values else n.values[0]
    if n.low is not None or n.high is not None or n.integer:
        low: float = n.low if n.low is not None else (n.high - 10 if n.high is not None else 1)
        high = n.high if n.high is not None else low + 10
        if isinstance(current, int | float) and not isinstance(current, bool):
            if low <= current <= high and (not n.integer or float(current).is_integer()):
                return current
        whole = int(-(-low // 1))
        return whole if whole <= high else low
    if n.format is not None or n.pattern is not None or n.min_length or n.max_length:
        return _text(n, draw)
    if n.present:
        return current if current not in (None, "") else _text(Need(n.field, min_length=3), draw)
    return NONE


def _text(n: Need, draw: Draw) -> Any:
    if n.pattern is not None and ecma.problem(n.pattern) is not None:
        return NONE
    t = ir.StringT(
        min_length=n.min_length, max_length=n.max_length, pattern=n.pattern, format=n.format
    )
    try:
        return draw(t)
    except GenerationError:  # a pattern a server wrote that no text of the lengths meets
        return NONE
