"""Build JSON-compatible data straight from libyaml's event stream, within apiforge's bounds.

:class:`Builder` reads the events of ``yaml.CSafeLoader``'s parser (PyYAML's pure ``SafeLoader``
where libyaml is missing) and builds plain data directly instead of composing a node graph:
several times faster than ``yaml.load``, and every bound acts while parsing (duplicate keys,
nesting depth, alias expansion, recursive aliases, NaN/infinity, non-JSON tags). In recording
mode it also builds the tree of positions that locates problems.
"""

from __future__ import annotations

import math
import re
import sys
from typing import Any, NoReturn

import yaml

from generator.errors import fail
from generator.load.text import where
from generator.openapi import pointer_of

__all__ = ["MAX_ALIAS_NODES", "MAX_DEPTH", "Builder", "Positions", "parse_yaml"]

MAX_DEPTH = 256  # nesting levels; real specs stay far below (GitHub's is 21)
MAX_ALIAS_NODES = 1_000_000  # nodes that YAML aliases may add by repetition

Positions = tuple[int, int, Any]  # 1-based line, column, and the children's positions (or None)
_NO_KEY: Any = object()
_MERGE: Any = object()
_YAML = "tag:yaml.org,2002:"


def parse_yaml(name: str, text: str) -> Any:
    """Parse YAML text (one document) into JSON-compatible data."""
    return Builder(name, text, record=False).run()[0]


def _scalar_value(event: yaml.ScalarEvent, yaml11: bool) -> Any:
    """The JSON value of a YAML scalar; ValueError if none.

    A plain scalar is resolved by YAML 1.2's core schema, which OpenAPI recommends and the
    editors and linters of the field read (`on`, `no`, `0755` and `1:30` are texts,
    ``1e3`` a number), unless the document says ``%YAML 1.1`` (``yaml11``): then by YAML
    1.1's (`on` and `no` are booleans). A merge key ``<<`` is read in both.
    """
    tag, text = event.tag, event.value
    if tag is None or tag == "!":
        if not event.implicit[0]:
            return text  # quoted, literal or folded: always a string
        if yaml11:
            found = (t for t, rx in _RESOLVERS.get(text[:1], ()) if rx.match(text))
            tag = next(found, _YAML + "str")
        else:
            found = (t for t, rx in _CORE_BY_FIRST.get(text[:1], ()) if rx.fullmatch(text))
            tag = next(found, _YAML + "str")
            if tag != _YAML + "str":
                return _CORE_MAKERS[tag](text)
    maker = _SCALARS.get(tag)
    if maker is None:
        raise ValueError(f"unsupported YAML tag {tag!r}: a spec must be JSON-compatible data")
    try:
        return maker(text)
    except (KeyError, IndexError):  # `!!bool maybe`, `!!int ""`: PyYAML's readers just fail
        kind, written = _TAGGED_KINDS.get(tag, "value"), "!!" + tag.removeprefix(_YAML)
        raise ValueError(f"{text!r} is not a YAML {kind}, as its tag {written} says") from None


def _yaml_int(text: str) -> int:
    try:
        value: int = _CONSTRUCTOR.construct_yaml_int(yaml.ScalarNode("", text))
    except ValueError:  # more digits than Python converts (`sys.get_int_max_str_digits`)
        digits, limit = sum(c.isdigit() for c in text), sys.get_int_max_str_digits()
        if not limit or digits <= limit:
            raise
        raise ValueError(
            f"an integer of {digits:,} digits: a number in a spec has at most {limit:,}"
        ) from None
    return value


def _yaml_float(text: str) -> float:
    value: float = _CONSTRUCTOR.construct_yaml_float(yaml.ScalarNode("", text))
    if not math.isfinite(value):
        raise ValueError(f"{text} is not a valid JSON number (NaN and infinity are not allowed)")
    return value


def _core_int(text: str) -> int:
    """An integer as YAML 1.2's core schema writes one: decimal, ``0o`` octal, ``0x`` hex."""
    base = {"0o": 8, "0x": 16}.get(text[:2], 10)
    try:
        return int(text if base == 10 else text[2:], base)
    except ValueError:  # more digits than Python converts (`sys.get_int_max_str_digits`)
        digits, limit = sum(c.isdigit() for c in text), sys.get_int_max_str_digits()
        raise ValueError(
            f"an integer of {digits:,} digits: a number in a spec has at most {limit:,}"
        ) from None


def _core_float(text: str) -> float:
    if "." in text and text.lstrip("+-")[1:].lower() in ("inf", "nan"):
        raise ValueError(f"{text} is not a valid JSON number (NaN and infinity are not allowed)")
    return float(text)


# YAML 1.2's core schema, and the merge key, which YAML 1.1 defines and readers of 1.2
# (js-yaml, PyYAML) keep: each tag, the first characters of the texts it may resolve, and the
# whole text of a plain scalar it resolves
_CORE = {
    "merge": ("<", re.compile(r"<<")),
    "null": ("~nN", re.compile(r"~|null|Null|NULL|")),
    "bool": ("tTfF", re.compile(r"true|True|TRUE|false|False|FALSE")),
    "int": ("-+0123456789", re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")),
    "float": (
        "-+.0123456789",
        re.compile(
            r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
        ),
    ),
}
# the tags a plain scalar may resolve to, by its first character (any other: a string)
_CORE_BY_FIRST: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    first: tuple((_YAML + tag, rx) for tag, (firsts, rx) in _CORE.items() if first in firsts)
    for first in {*"".join(firsts for firsts, _ in _CORE.values())}
}
_CORE_BY_FIRST[""] = ((_YAML + "null", _CORE["null"][1]),)  # the empty text
_CORE_MAKERS: dict[str, Any] = {
    _YAML + "merge": lambda text: _MERGE,
    _YAML + "null": lambda text: None,
    _YAML + "bool": lambda text: text.lower() == "true",
    _YAML + "int": _core_int,
    _YAML + "float": _core_float,
}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]]
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_SCALARS: dict[str, Any] = {
    _YAML + "str": str,
    _YAML + "timestamp": str,  # dates stay strings: JSON has no date type
    _YAML + "value": str,
    _YAML + "null": lambda text: None,
    _YAML + "bool": lambda text: _CONSTRUCTOR.bool_values[text.lower()],
    _YAML + "int": _yaml_int,
    _YAML + "float": _yaml_float,
    _YAML + "merge": lambda text: _MERGE,
}
_TAGGED_KINDS = {
    _YAML + "bool": "boolean (true or false, yes or no, on or off)",
    _YAML + "int": "integer",
    _YAML + "float": "number",
}
_COLLECTION_TAGS = frozenset({None, "!", _YAML + "map", _YAML + "seq"})


class _Frame:
    """One open mapping or sequence while building."""

    __slots__ = ("anchor", "items", "key", "key_mark", "merges", "positions", "size", "start")

    def __init__(self, items: Any, start: Any, anchor: str | None, record: bool) -> None:
        self.items, self.start, self.anchor = items, start, anchor
        self.positions: Any = type(items)() if record else None
        self.key: Any = _NO_KEY
        self.key_mark: Any = None
        self.merges: list[tuple[Any, Any]] = []
        self.size = 0


class Builder:
    """Build JSON-compatible data (and, when recording, positions) from YAML parser events."""

    def __init__(
        self,
        name: str,
        text: str,
        *,
        record: bool,
        depth: int = 0,
        plain: dict[str, Any] | None = None,
    ) -> None:
        """``depth``: the levels above the text's root (a block of a bigger document)."""
        self.name, self.text, self.record = name, text, record
        self.limit = MAX_DEPTH - depth
        self.stack = [_Frame([], None, None, record)]
        self.anchors: dict[str, tuple[Any, int, Any]] = {}
        self.open_anchors: set[str] = set()
        self.expanded = 0
        # a plain scalar's value depends on its text alone; specs repeat a few thousand texts
        # (`type: string`) hundreds of thousands of times, which then also share one object
        self.plain: dict[str, Any] = {} if plain is None else plain
        self.yaml11 = False  # read by YAML 1.2's core schema unless the text says `%YAML 1.1`
        self.handlers = {
            yaml.ScalarEvent: self._scalar,
            yaml.AliasEvent: self._alias,
            yaml.MappingStartEvent: lambda event: self._start(event, {}),
            yaml.SequenceStartEvent: lambda event: self._start(event, []),
            yaml.MappingEndEvent: self._end,
            yaml.SequenceEndEvent: self._end,
            yaml.DocumentStartEvent: self._document,
        }

    def run(self) -> tuple[Any, Positions | None]:
        """(data, positions); (None, None) for a file with no document."""
        parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(self.text)
        try:
            if self.record:
                get_event, handlers, end = parser.get_event, self.handlers, yaml.StreamEndEvent
                while (kind := type(event := get_event())) is not end:  # the parser's own classes
                    handler = handlers.get(kind)
                    if handler is not None:
                        handler(event)
            else:
                self._build(parser.get_event)
        except yaml.MarkedYAMLError as exc:
            mark, message = exc.problem_mark or exc.context_mark, exc.problem or exc.context
            if exc.context and exc.problem and exc.context_mark is not None:
                message += f" ({exc.context} at line {exc.context_mark.line + 1})"
            line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
            if "nesting depth" in str(message):  # PyYAML >= 6.0.4 bounds depth in its parser too
                raise fail(
                    self.name, f"nesting deeper than {MAX_DEPTH} levels", line=line, column=column
                ) from None
            raise fail(self.name, f"invalid YAML: {message}", line=line, column=column) from None
        except yaml.reader.ReaderError as exc:
            line, column = where(self.text, exc.position)
            raise fail(self.name, f"invalid YAML: {exc.reason}", line=line, column=column) from None
        finally:
            parser.dispose()
        root = self.stack[0]
        if not root.items:
            return None, None
        return root.items[0], root.positions[0] if self.record else None

    def _build(self, get_event: Any) -> None:  # noqa: C901, PLR0912, PLR0915  # one loop, on purpose
        """The events' loop without positions, the usual events handled inline.

        A plain or quoted scalar of a known text and a collection without anchor, tag or merge
        key take the few steps their handlers would; anything else goes to the handler, which
        also words every error. A parse is half made of this loop's steps, hence the inlining.
        """
        scalar, alias, end = yaml.ScalarEvent, yaml.AliasEvent, yaml.StreamEndEvent
        mapping, sequence = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        stack, plain, handlers, limit = self.stack, self.plain, self.handlers, self.limit
        no_key, merge, frame = _NO_KEY, _MERGE, self.stack[-1]
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar and event.anchor is None and event.tag is None:
                text = event.value
                if event.implicit[0]:
                    value = plain.get(text, no_key)
                    if value is no_key or value is merge:
                        self._scalar(event)
                        continue
                else:
                    value = text
                items, key = frame.items, frame.key
                if key is no_key:
                    if type(items) is list:
                        items.append(value)
                    else:
                        key = value if type(value) is str else text  # 200: keeps its text
                        if key in items:
                            self._scalar(event)  # the duplicate key's error
                        frame.key = key
                elif key is merge:
                    self._scalar(event)
                    continue
                else:
                    items[key] = value
                    frame.key = no_key
                frame.size += 1
            elif kind is mapping or kind is sequence:
                parent = frame
                if (
                    event.anchor is not None
                    or event.tag is not None
                    or len(stack) > limit
                    or (parent.key is no_key and type(parent.items) is dict)
                ):
                    handlers[kind](event)
                else:
                    items = {} if kind is mapping else []
                    stack.append(_Frame(items, event.start_mark, None, False))
                frame = stack[-1]
            elif kind is mapping_end or kind is sequence_end:
                if frame.merges or frame.anchor is not None:
                    self._end(event)
                else:
                    stack.pop()
                    parent = stack[-1]
                    key = parent.key
                    if key is no_key and type(parent.items) is list:
                        parent.items.append(frame.items)
                        parent.size += frame.size + 1
                    elif key is no_key or key is merge:
                        stack.append(frame)
                        self._end(event)
                    else:
                        parent.items[key] = frame.items
                        parent.key = no_key
                        parent.size += frame.size + 1
                frame = stack[-1]
            elif kind is end:
                return
            elif kind is alias:
                self._alias(event)
            else:
                handler = handlers.get(kind)
                if handler is not None:
                    handler(event)
                    frame = stack[-1]

    def _error(self, message: str, mark: Any, *key: str, located: bool = True) -> NoReturn:
        pointer = None
        if located:
            parts = [len(f.items) if type(f.items) is list else f.key for f in self.stack[1:]]
            pointer = pointer_of([p for p in (*parts, *key) if p is not _NO_KEY])
        raise fail(self.name, message, pointer=pointer, line=mark.line + 1, column=mark.column + 1)

    def _document(self, event: yaml.DocumentStartEvent) -> None:
        if self.stack[0].items:
            message = "more than one YAML document in the file; a spec is one document"
            self._error(message, event.start_mark, located=False)
        # before any scalar: a `%YAML` directive comes first, and the text is then parsed
        # whole (`blocks`), its plain scalars cached by this builder alone
        self.yaml11 = event.version == (1, 1)

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        plain = event.tag is None and event.implicit[0]
        value = self.plain.get(event.value, _NO_KEY) if plain else _NO_KEY
        if value is _NO_KEY:
            try:
                value = _scalar_value(event, self.yaml11)
            except ValueError as exc:
                self._error(str(exc), event.start_mark)
            if plain:
                self.plain[event.value] = value
        self._add(value, event.start_mark, 1, None, event.value)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1, None)

    def _alias(self, event: yaml.AliasEvent) -> None:
        name = event.anchor
        if name in self.open_anchors:
            self._error(
                f"recursive alias *{name} (a value cannot contain itself)", event.start_mark
            )
        if name not in self.anchors:
            self._error(f"alias *{name} refers to no anchor &{name}", event.start_mark)
        value, size, positions = self.anchors[name]
        self.expanded += size
        if self.expanded > MAX_ALIAS_NODES:
            message = f"aliases expand to more than {MAX_ALIAS_NODES:,} nodes (an alias bomb?)"
            self._error(message, event.start_mark)
        self._add(value, event.start_mark, size, positions, value if type(value) is str else None)

    def _start(self, event: Any, items: Any) -> None:
        parent = self.stack[-1]
        if type(parent.items) is dict and parent.key is _NO_KEY:
            self._error("a mapping key must be a string, not a mapping or list", event.start_mark)
        if len(self.stack) > self.limit:
            message = f"nesting deeper than {MAX_DEPTH} levels"
            self._error(message, event.start_mark, located=False)
        if event.tag not in _COLLECTION_TAGS:
            message = f"unsupported YAML tag {event.tag!r}: use a plain mapping or list"
            self._error(message, event.start_mark)
        if event.anchor:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(items, event.start_mark, event.anchor, self.record))

    def _end(self, event: Any) -> None:
        frame = self.stack.pop()
        for source, positions in frame.merges:  # explicit keys win over merged ones
            for key, value in source.items():
                if key not in frame.items:
                    frame.items[key] = value
                    if positions is not None:
                        frame.positions[key] = positions[key]
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (frame.items, frame.size + 1, frame.positions)
        self._add(frame.items, frame.start, frame.size + 1, frame.positions, None)

    def _add(self, value: Any, mark: Any, size: int, positions: Any, raw: str | None) -> None:
        frame = self.stack[-1]
        frame.size += size
        items, key = frame.items, frame.key
        if key is _NO_KEY and type(items) is dict:
            frame.key, frame.key_mark = self._key(frame, value, raw, mark), mark
            return
        if key is _MERGE:
            self._merge(frame, value, positions, mark)
            return
        value = "<<" if value is _MERGE else value  # "<<" as a value is plain text
        if type(items) is list:
            items.append(value)
            if frame.positions is not None:
                frame.positions.append((mark.line + 1, mark.column + 1, positions))
            return
        items[key] = value
        if frame.positions is not None:
            key_mark = frame.key_mark
            frame.positions[key] = (key_mark.line + 1, key_mark.column + 1, positions)
        frame.key = _NO_KEY

    def _key(self, frame: _Frame, value: Any, raw: str | None, mark: Any) -> Any:
        if value is _MERGE:
            return _MERGE
        key = value if type(value) is str else raw  # 200: and true: keep their source text
        if key is None:
            self._error("a mapping key must be a string or a number", mark)
        if key in frame.items:
            self._error(f"duplicate key {key!r}", mark, key)
        return key

    def _merge(self, frame: _Frame, value: Any, positions: Any, mark: Any) -> None:
        frame.key = _NO_KEY
        if type(value) is list:
            sources = value
            where = [entry[2] for entry in positions] if positions else [None] * len(value)
        else:
            sources, where = [value], [positions]
        for source, at in zip(sources, where, strict=True):
            if type(source) is not dict:
                self._error("a merge key (<<) needs a mapping or a list of mappings", mark)
            frame.merges.append((source, at))
