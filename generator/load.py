"""Safe, bounded loading of a spec file (YAML or JSON) into JSON-compatible data.

YAML is read from libyaml's event stream (``yaml.CSafeLoader``'s parser, or PyYAML's pure
``SafeLoader`` where libyaml is missing) by :class:`_Builder`, which builds plain data directly
instead of composing a node graph: several times faster than ``yaml.load``, and every bound acts
while parsing (duplicate keys, nesting depth, alias expansion, recursive aliases, NaN/infinity,
non-JSON tags). JSON goes through :mod:`json` under the same rules.

Positions cost nothing until asked for: :meth:`Document.position` re-reads the file and replays
the same builder in recording mode the first time a problem has to be located.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import marshal
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from generator.errors import EXIT_USAGE, ApiforgeError, Problem, fail, pointer_of
from generator.errors import unescape_pointer_token as _unescape

__all__ = [
    "LOADER_VERSION",
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "Document",
    "cache_dir",
    "load",
    "parse_text",
]

LOADER_VERSION = "1"  # part of the cache key: bump it whenever parsing rules change
MAX_DEPTH = 256  # nesting levels; real specs stay far below (GitHub's is 21)
MAX_ALIAS_NODES = 1_000_000  # nodes that YAML aliases may add by repetition

_Pos = tuple[int, int, Any]  # 1-based line, column, and the children's positions (or None)
_NO_KEY: Any = object()
_MERGE: Any = object()
_MISS: Any = object()
_CACHE_MAGIC = b"apiforge-load\x00"
_YAML = "tag:yaml.org,2002:"
_JSON_START = re.compile(r"\s*[\[{]")
# libyaml rejects escaped UTF-16 surrogates, which JSON allows; U+FFFD keeps the columns.
_SURROGATE = re.compile(r"(?<!\\)((?:\\\\)*)\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|([-+\w.]+)')


@dataclass(frozen=True)
class Document:
    """A loaded spec: its data (treat it as read-only) and a lazy way back to lines and columns."""

    path: Path
    data: Any
    sha256: str
    # Parts that bundle() copied in from other files: local pointer -> (file, its Document if it
    # is a local file, pointer there); problems inside them are located in that file.
    origins: dict[str, tuple[str, Document | None, str]] = field(default_factory=dict, repr=False)
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def position(self, pointer: str) -> tuple[int, int] | None:
        """The 1-based (line, column) of ``pointer``: a member's key, an item's first character."""
        located = self._memo.get("located", {})
        if pointer in located:
            return located[pointer]  # type: ignore[no-any-return]
        if "tree" not in self._memo:
            self._memo["tree"] = _record_positions(self.path, self.sha256)
        tree: _Pos | None = self._memo["tree"]
        return None if tree is None else _lookup(tree, pointer)

    def forget_positions(self) -> None:
        """Drop the positions read back for problems (read again when next asked for)."""
        self._memo.pop("tree", None)
        self._memo.pop("located", None)

    def locate(self, pointers: Iterable[str]) -> None:
        """Find ``pointers`` and their parents at once, without recording every position.

        Cheaper than :meth:`position` alone for a few pointers (see :mod:`generator.locate`);
        where that does not apply, :meth:`position` replays the file as usual.
        """
        from generator.locate import Unsupported, track  # it reads this module's helpers

        text = _position_text(self.path, self.sha256)
        if text is None:
            return
        try:
            found = track(text, pointers)
        except (Unsupported, yaml.YAMLError):
            return
        self._memo.setdefault("located", {}).update(found)

    def problem(self, message: str, pointer: str) -> Problem:
        """A Problem at ``pointer``, located there or at its nearest parent found in the file."""
        for prefix in sorted(self.origins, key=len, reverse=True):
            if pointer == prefix or pointer.startswith(prefix + "/"):
                name, doc, at = self.origins[prefix]
                inner = at + pointer[len(prefix) :]
                return doc.problem(message, inner) if doc else Problem(name, message, pointer=inner)
        where, probe = self.position(pointer), pointer
        while where is None and probe:
            probe = probe.rpartition("/")[0]
            where = self.position(probe)
        line, column = where or (None, None)
        return Problem(str(self.path), message, line, column, pointer)


def load(path: Path | str, *, use_cache: bool = True) -> Document:
    """Read and parse a spec file; raise ApiforgeError with located problems if it is unusable."""
    path = Path(path)
    raw = _read(path)
    digest = hashlib.sha256(raw).hexdigest()
    text = _decode(str(path), raw)
    with _paused_gc():
        if _looks_like_json(path, text):
            data = _parse_json(str(path), text, strict=path.suffix.lower() == ".json")
            if data is not _MISS:
                return Document(path, data, digest)
        cache = _cache_file(digest) if use_cache else None
        data = _cache_get(cache)
        if data is _MISS:
            data = _parse_yaml(str(path), text)
            _cache_put(cache, data)
    return Document(path, data, digest)


def parse_text(text: str, name: str) -> Any:
    """Parse spec text that did not come from a file (a fetched ``$ref`` target)."""
    with _paused_gc():
        data = _parse_json(name, text, strict=False) if _JSON_START.match(text) else _MISS
        return _parse_yaml(name, text) if data is _MISS else data


def cache_dir() -> Path | None:
    """Where apiforge caches parsed specs and validation results; None when disabled."""
    if os.environ.get("APIFORGE_NO_CACHE", "") not in ("", "0"):
        return None
    if explicit := os.environ.get("APIFORGE_CACHE_DIR"):
        return Path(explicit)
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "apiforge"
    try:
        return Path.home() / ".cache" / "apiforge"
    except RuntimeError:  # no home directory
        return None


# ------------------------------------------------------------------------------- reading


@contextlib.contextmanager
def _paused_gc() -> Iterator[None]:
    """Building a big tree of fresh containers triggers cycle collections for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_READ_ERRORS = {
    FileNotFoundError: "no such file",
    IsADirectoryError: "is a directory, not a spec file",
    PermissionError: "permission denied: cannot read the file",
}


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        message = _READ_ERRORS.get(type(exc), f"cannot read the file: {exc.strerror or exc}")
        raise fail(str(path), message, exit_code=EXIT_USAGE) from None


def _where(text: str | bytes, offset: int) -> tuple[int, int]:
    """1-based line and column of a character (or byte) offset."""
    newline: Any = "\n" if isinstance(text, str) else b"\n"
    return text.count(newline, 0, offset) + 1, offset - text.rfind(newline, 0, offset)


def _decode(name: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line, column = _where(raw, exc.start)
        message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the spec as UTF-8"
        raise fail(name, message, line=line, column=column, exit_code=EXIT_USAGE) from None


def _looks_like_json(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return True
    return suffix not in (".yaml", ".yml") and _JSON_START.match(text) is not None


# ---------------------------------------------------------------------------------- JSON


class _Reject(Exception):
    """Raised from json's hooks: a duplicate key (no text), NaN or an infinite number."""


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Reject("")
    return result


def _finite(text: str) -> float:
    if not math.isfinite(value := float(text)):
        raise _Reject(text)
    return value


def _parse_json(name: str, text: str, *, strict: bool) -> Any:
    """Parse JSON; return _MISS if it is not JSON and ``strict`` is off (YAML gets a try)."""
    hooks: dict[str, Any] = {"parse_float": _finite, "parse_constant": _finite}
    try:
        data = json.loads(text, object_pairs_hook=_unique_object, **hooks)
    except json.JSONDecodeError as exc:
        if not strict:
            return _MISS
        raise fail(name, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    except _Reject as exc:
        if not str(exc):
            raise _replay_error(name, text, "duplicate key") from None
        message = f"{exc} is not a valid JSON number (NaN and infinity are not allowed)"
        bad = next((m for m in _JSON_TOKEN.finditer(text) if m[1] == str(exc)), None)
        line, column = _where(text, bad.start()) if bad else (None, None)
        raise fail(name, message, line=line, column=column) from None
    except RecursionError:
        raise _replay_error(name, text, f"nesting deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # e.g. an integer with too many digits
        raise fail(name, f"invalid JSON: {exc}") from None
    if _too_deep(data):
        raise _replay_error(name, text, f"nesting deeper than {MAX_DEPTH} levels")
    return data


def _replay_error(name: str, text: str, fallback: str) -> ApiforgeError:
    """Locate a JSON problem by replaying the text (JSON is YAML) through the YAML builder."""
    try:
        _Builder(name, _SURROGATE.sub(r"\1\\uFFFD", text), record=False).run()
    except ApiforgeError as located:
        return located
    return fail(name, fallback)


def _too_deep(data: Any) -> bool:
    """Whether containers nest deeper than MAX_DEPTH (the YAML builder's rule, for JSON)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if type(value) is dict else value if type(value) is list else ()
        for child in children:
            if type(child) is dict or type(child) is list:
                if depth >= MAX_DEPTH:
                    return True
                stack.append((child, depth + 1))
    return False


# ---------------------------------------------------------------------------------- YAML


def _parse_yaml(name: str, text: str) -> Any:
    return _Builder(name, text, record=False).run()[0]


def _position_text(path: Path, digest: str) -> str | None:
    """The text of the file that was loaded, to read positions from (None if it changed)."""
    try:
        raw = path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != digest:
            return None  # the file changed since it was loaded
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None
    if _looks_like_json(path, text):
        text = _SURROGATE.sub(r"\1\\uFFFD", text)
    return text


def _record_positions(path: Path, digest: str) -> _Pos | None:
    text = _position_text(path, digest)
    if text is None:
        return None
    try:
        with _paused_gc():  # millions of containers, none of them garbage yet
            return _Builder(str(path), text, record=True).run()[1]
    except ApiforgeError:
        return None


def _lookup(tree: _Pos, pointer: str) -> tuple[int, int] | None:
    line, column, children = tree
    if pointer and not pointer.startswith("/"):
        return None
    for token in pointer.split("/")[1:]:
        entry: _Pos | None = None
        if type(children) is dict:
            entry = children.get(_unescape(token))
        elif type(children) is list and token.isdigit() and int(token) < len(children):
            entry = children[int(token)]
        if entry is None:
            return None
        line, column, children = entry
    return line, column


def _scalar_value(event: yaml.ScalarEvent) -> Any:
    """The JSON value of a YAML scalar (YAML 1.1 core resolution); ValueError if none."""
    tag, text = event.tag, event.value
    if tag is None or tag == "!":
        if not event.implicit[0]:
            return text  # quoted, literal or folded: always a string
        tag = next((t for t, rx in _RESOLVERS.get(text[:1], ()) if rx.match(text)), _YAML + "str")
    maker = _SCALARS.get(tag)
    if maker is None:
        raise ValueError(f"unsupported YAML tag {tag!r}: a spec must be JSON-compatible data")
    return maker(text)


def _yaml_float(text: str) -> float:
    value: float = _CONSTRUCTOR.construct_yaml_float(yaml.ScalarNode("", text))
    if not math.isfinite(value):
        raise ValueError(f"{text} is not a valid JSON number (NaN and infinity are not allowed)")
    return value


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]]
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_SCALARS: dict[str, Any] = {
    _YAML + "str": str,
    _YAML + "timestamp": str,  # dates stay strings: JSON has no date type
    _YAML + "value": str,
    _YAML + "null": lambda text: None,
    _YAML + "bool": lambda text: _CONSTRUCTOR.bool_values[text.lower()],
    _YAML + "int": lambda text: _CONSTRUCTOR.construct_yaml_int(yaml.ScalarNode("", text)),
    _YAML + "float": _yaml_float,
    _YAML + "merge": lambda text: _MERGE,
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


class _Builder:
    """Build JSON-compatible data (and, when recording, positions) from YAML parser events."""

    def __init__(self, name: str, text: str, *, record: bool) -> None:
        self.name, self.text, self.record = name, text, record
        self.stack = [_Frame([], None, None, record)]
        self.anchors: dict[str, tuple[Any, int, Any]] = {}
        self.open_anchors: set[str] = set()
        self.expanded = 0
        self.handlers = {
            yaml.ScalarEvent: self._scalar,
            yaml.AliasEvent: self._alias,
            yaml.MappingStartEvent: lambda event: self._start(event, {}),
            yaml.SequenceStartEvent: lambda event: self._start(event, []),
            yaml.MappingEndEvent: self._end,
            yaml.SequenceEndEvent: self._end,
            yaml.DocumentStartEvent: self._document,
        }

    def run(self) -> tuple[Any, _Pos | None]:
        """(data, positions); (None, None) for a file with no document."""
        parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(self.text)
        try:
            while not isinstance(event := parser.get_event(), yaml.StreamEndEvent):
                handler = self.handlers.get(type(event))
                if handler is not None:
                    handler(event)
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
            line, column = _where(self.text, exc.position)
            raise fail(self.name, f"invalid YAML: {exc.reason}", line=line, column=column) from None
        finally:
            parser.dispose()
        root = self.stack[0]
        if not root.items:
            return None, None
        return root.items[0], root.positions[0] if self.record else None

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

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        try:
            value = _scalar_value(event)
        except ValueError as exc:
            self._error(str(exc), event.start_mark)
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
        if len(self.stack) > MAX_DEPTH:
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
        if type(frame.items) is dict and frame.key is _NO_KEY:
            frame.key, frame.key_mark = self._key(frame, value, raw, mark), mark
            return
        if frame.key is _MERGE:
            self._merge(frame, value, positions, mark)
            return
        value = "<<" if value is _MERGE else value  # "<<" as a value is plain text
        if type(frame.items) is list:
            frame.items.append(value)
            if frame.positions is not None:
                frame.positions.append((mark.line + 1, mark.column + 1, positions))
            return
        frame.items[frame.key] = value
        if frame.positions is not None:
            key_mark = frame.key_mark
            frame.positions[frame.key] = (key_mark.line + 1, key_mark.column + 1, positions)
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


# --------------------------------------------------------------------------------- cache


def _cache_file(digest: str) -> Path | None:
    folder = cache_dir()
    version = f"{sys.version_info[0]}{sys.version_info[1]}"  # marshal's format is per version
    name = f"load-{digest}-v{LOADER_VERSION}-py{version}.marshal"
    return None if folder is None else folder / name


def _cache_get(path: Path | None) -> Any:
    """The cached data, or _MISS; a damaged entry is a miss, never an error."""
    if path is None:
        return _MISS
    try:
        blob = path.read_bytes()
        head = len(_CACHE_MAGIC) + 32
        if blob[:head] != _CACHE_MAGIC + hashlib.sha256(blob[head:]).digest():
            return _MISS
        return marshal.loads(blob[head:])
    except Exception:
        return _MISS


def _cache_put(path: Path | None, data: Any) -> None:
    """Store parsed data atomically; any failure (read-only or full disk) is ignored."""
    if path is None:
        return
    temp = None
    try:
        payload = marshal.dumps(data)
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
            temp = handle.name
            handle.write(_CACHE_MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temp, path)
    except Exception:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
