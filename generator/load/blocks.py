"""Parse a YAML spec block by block, so that an edit re-parses only the blocks it touched.

A line scan cuts the text into the entries of its top-level mapping and, inside an entry that is
large and whose value is a block mapping (``paths:``, ``components:``, ``schemas:``), into that
mapping's entries, and so on down. Each block is parsed on its own (a parse of the same text at
the same depth is taken from ``known``, the blocks of an earlier version) and the parts are
assembled into the same data a parse of the whole text gives.

Why a block parses alone as it does in place. A block starts with a line that holds, at exactly
its mapping's indentation ``c``, a plain or quoted key and its ``:``, so in both readings that key
is a simple key of a block mapping indented by ``c``. What may span lines inside a block either
needs its next lines indented more than ``c`` (plain and block scalars) or a closing character
(quoted scalars, flow collections), so a block whose own parse meets no error closed all it
opened, and the next block's first line starts the next entry; a line indented less than ``c``
ends the mapping, in place as alone, and what follows it is an error either way. The own parse
of a block must also be a mapping of one key that uses no anchor or alias (an alias could reach
across blocks, and the expansion bound counts the whole document), and nests no deeper than the
bound allows at the block's depth. Keys repeated across blocks, text the scan does not read
(tabs, other line breaks, directives, document markers) and every error leave the decision to
:func:`~generator.load.yaml_parser.parse_yaml` on the whole text, which says exactly what is
wrong and where. The tests hold hundreds of random edits of real specs to this on every run.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ApiforgeError
from generator.load.cache import MISS, blocks_file, cache_file, cache_get, cache_put
from generator.load.yaml_parser import Builder, parse_yaml
from generator.parallel import Forked

__all__ = [
    "BLOCKS_FROM",
    "SPLIT_AT",
    "Plan",
    "entry_key",
    "known",
    "parse_blocks",
    "parse_kept",
    "plain_key",
    "plan",
]

BLOCKS_FROM = 256 * 1024  # a YAML text this long is parsed by blocks, kept for its next version
SPLIT_AT = 128 * 1024  # an entry at least this long is cut into its entries, when it can be

# A block: (start, end, None), or (start, end of the header, the blocks of its value).
Plan = list[tuple[int, int, Any]]

# what the scan cannot vouch for: tabs, line breaks other than \n and \r\n, a byte order mark
# inside, directives and document markers
_ODD_CHARACTERS = "\t\x85\u2028\u2029\ufeff"
_MARKERS = ("---", "...", "%")
_MARKER_LINE = re.compile(r"\n(?:---|\.\.\.|%)")
# blank lines and comment lines
_FILLER = re.compile(r"(?:[ ]*(?:#[^\r\n]*)?\r?\n)*")
_INDENT = re.compile(r"[ ]*")
# a key ending on its line, then ':': plain (no ': ' or ' #' in it, as libyaml ends a plain
# scalar there) or quoted on one line
_KEY = (
    r"(?:[^\s\-?:,\[\]{}#&*!|>'\"%@`<](?:[^:#\r\n]|:(?=[^ \r\n])|(?<=[^ ])#)*"
    r"|'(?:[^'\r\n]|'')*'[ ]*"
    r'|"(?:[^"\\\r\n]|\\[^\r\n])*"[ ]*)'
    r":(?=[ \r\n]|\Z)"
)


@functools.cache
def _key_line(indent: int) -> re.Pattern[str]:
    """A line that starts an entry of a block mapping indented by ``indent`` spaces."""
    return re.compile(rf"[ ]{{{indent}}}{_KEY}")


@functools.cache
def _next_key_line(indent: int) -> re.Pattern[str]:
    """:func:`_key_line` after its line break (a literal start: a fast search)."""
    return re.compile(rf"\n[ ]{{{indent}}}{_KEY}")


@functools.cache
def _header(indent: int) -> re.Pattern[str]:
    """An entry's first line with nothing after its key's ':' (its value starts below)."""
    return re.compile(rf"[ ]{{{indent}}}{_KEY}[ ]*\r?\n")


def plan(text: str, split_at: int = SPLIT_AT) -> Plan | None:
    """The blocks of ``text``; None when the scan cannot show that they parse alone."""
    if (
        any(odd in text for odd in _ODD_CHARACTERS)
        or ("\r" in text and text.count("\r") != text.count("\r\n"))
        or text.startswith(_MARKERS)
        or _MARKER_LINE.search(text)
    ):
        return None
    first = _FILLER.match(text).end()  # type: ignore[union-attr]  # matches the empty string
    if first == len(text) or not _key_line(0).match(text, first):
        return None
    return _Cut(text, split_at).entries(0, first, len(text), 0)


# a plain key whose value is its text: no indicator first, nothing that ends or escapes it
_PLAIN_KEY = re.compile(r"[ ]*([^\s\-?:,\[\]{}#&*!|>'\"%@`<][^\s:#]*):(?=[ \r\n]|\Z)")


def plain_key(text: str, start: int) -> str | None:
    """The key of the block of :func:`plan` starting at ``start`` when it is written plain
    with none of the characters that could make it read otherwise (no space, ``:`` or ``#``
    in it, no indicator first): then the key is its text. None for any other key line, which
    :func:`entry_key` reads with the parser."""
    first = _FILLER.match(text, start).end()  # type: ignore[union-attr]
    found = _PLAIN_KEY.match(text, first)
    return found.group(1) if found else None


def entry_key(text: str, start: int, key: str) -> bool:
    """Whether the block of :func:`plan` starting at ``start`` is the entry of ``key``.

    Its key line is read by the parser alone, up to the key's ``:``; a plain key is its line's
    text, so a line without ``key`` in it is not read at all.
    """
    first = _FILLER.match(text, start).end()  # type: ignore[union-attr]
    indent = _INDENT.match(text, first).end() - first  # type: ignore[union-attr]
    line = _key_line(indent).match(text, first)
    if line is None:
        return False
    written = line.group()
    if key not in written and written[indent] not in "'\"":
        return False
    try:
        events = yaml.parse(written, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        found = next(event for event in events if isinstance(event, yaml.ScalarEvent))
    except (yaml.YAMLError, StopIteration):
        return False
    return bool(found.value == key)


class _Cut:
    """The line scan of one text."""

    def __init__(self, text: str, split_at: int) -> None:
        self.text, self.split_at = text, split_at

    def entries(self, lead: int, start: int, end: int, indent: int) -> Plan:
        """A mapping's entries, its first key at ``start`` (``lead``: comments before it)."""
        found = _next_key_line(indent).finditer(self.text, start, end)
        starts = [lead, *(line.start() + 1 for line in found)]
        return [
            self.block(begin, finish, indent)
            for begin, finish in zip(starts, [*starts[1:], end], strict=True)
        ]

    def block(self, start: int, end: int, indent: int) -> tuple[int, int, Any]:
        """One entry, cut into the entries of its value when it is large and that a mapping."""
        if end - start < self.split_at:
            return start, end, None
        text = self.text
        key = _FILLER.match(text, start).end()  # type: ignore[union-attr]
        header = _header(indent).match(text, key)
        if header is None:
            return start, end, None
        first = _FILLER.match(text, header.end()).end()  # type: ignore[union-attr]
        inner = _INDENT.match(text, first).end() - first  # type: ignore[union-attr]
        if first == end or inner <= indent or not _key_line(inner).match(text, first):
            return start, end, None
        return start, first, self.entries(first, first, end, inner)


def parse_kept(name: str, text: str, path: Path | None, digest: str) -> Any:
    """``parse_yaml(name, text)``, reusing the blocks of the last parse of ``path``.

    A large text is parsed by blocks (:func:`parse_blocks`); with a ``path``, the entry kept
    for it then names the places of its blocks in the data cached for ``digest``, the text's
    sha256 (which the caller stores), for the next version to take those unchanged. Anything
    else, and every text the blocks cannot stand for, is parsed whole.
    """
    if len(text) >= BLOCKS_FROM:
        store = blocks_file(path) if path is not None else None
        kept = _kept(cache_get(store)) if store is not None else {}
        parsed = parse_blocks(name, text, kept, SPLIT_AT)
        if parsed is not None:
            if store is not None:
                cache_put(store, {"sha256": digest, "places": parsed[1]})
            return parsed[0]
    return parse_yaml(name, text)


def _kept(entry: Any) -> dict[bytes, tuple[str, Any]]:
    """The blocks an entry of :func:`parse_kept` names; none if it or the data it names is gone."""
    if type(entry) is not dict or type(entry.get("sha256")) is not str:
        return {}
    data = cache_get(cache_file(entry["sha256"]))
    places = entry.get("places")
    return {} if data is MISS or type(places) is not dict else known(data, places)


def known(data: Any, places: dict[bytes, Any]) -> dict[bytes, tuple[str, Any]]:
    """Each block's (key, value), found in ``data`` at its place.

    A place is the keys down to the block's entry, and whether the block is a header, whose
    value is the mapping of its own blocks: None stands for it.
    """
    found: dict[bytes, tuple[str, Any]] = {}
    try:
        for digest, (keys, header) in places.items():
            value = data
            for key in keys:
                value = value[key]
            found[digest] = (keys[-1], None if header else value)
    except (KeyError, TypeError, ValueError, IndexError):
        return {}  # not the data the places were taken from
    return found


class _Whole(Exception):
    """The blocks cannot stand for the whole: parse the whole text."""


def parse_blocks(
    name: str, text: str, known: dict[bytes, Any], split_at: int = SPLIT_AT
) -> tuple[Any, dict[bytes, Any]] | None:
    """(data, each block's place in it by the block's digest), or None to parse the whole text.

    ``known`` holds the blocks of an earlier parse (see :func:`known`); the data is what
    ``parse_yaml`` gives. When the blocks left to parse are many, a child process parses
    the later half of them meanwhile (:func:`_parsed_beside`).
    """
    blocks = plan(text, split_at)
    if blocks is None:
        return None
    digests = {leaf[:3]: leaf[3] for leaf in _leaves(text, blocks, 0)}
    known = {**known, **_parsed_beside(name, text, digests, known)}
    assembly = _Assembly(name, text, known, digests)
    try:
        data = assembly.mapping(blocks, 0, ())
    except _Whole:
        return None
    assembly.unshare()
    return data, assembly.places


PARALLEL_FROM = 1 << 20  # this much text left to parse is parsed by two processes


def _digest(chunk: str, depth: int) -> bytes:
    """A block's name among the blocks of any version: its text, and its depth."""
    return hashlib.sha256(chunk.encode()).digest() + b"%d" % depth


# a block whose value is parsed whole: (start, end, depth, digest)
Leaf = tuple[int, int, int, bytes]


def _leaves(text: str, blocks: Plan, depth: int) -> Iterator[Leaf]:
    """Each block of ``text`` whose value is parsed whole, in the text's order."""
    for start, end, inner in blocks:
        if inner is None:
            yield start, end, depth, _digest(text[start:end], depth)
        else:
            yield from _leaves(text, inner, depth + 1)


def _parse_entry(name: str, chunk: str, depth: int, plain: dict[str, Any]) -> tuple[str, Any]:
    """The one entry a block holds; :class:`_Whole` when it cannot stand for its place."""
    builder = Builder(name, chunk, record=False, depth=depth, plain=plain)
    try:
        data = builder.run()[0]
    except ApiforgeError:
        raise _Whole from None
    if builder.anchors or builder.expanded or type(data) is not dict or len(data) != 1:
        raise _Whole
    key, value = next(iter(data.items()))
    return key, value


def _parse_some(name: str, text: str, leaves: list[Leaf]) -> Iterator[dict[bytes, tuple[str, Any]]]:
    """The entries of ``leaves`` by digest, as one item; it stops at the first that cannot
    stand alone (the assembly meets it too, and parses the whole text)."""
    found: dict[bytes, tuple[str, Any]] = {}
    plain: dict[str, Any] = {}
    for start, end, depth, digest in leaves:
        try:
            found[digest] = _parse_entry(name, text[start:end], depth, plain)
        except _Whole:
            break
    yield found


def _parsed_beside(
    name: str, text: str, digests: dict[tuple[int, int, int], bytes], known: dict[bytes, Any]
) -> dict[bytes, tuple[str, Any]]:
    """The blocks ``known`` lacks, when they are many: the first half parsed here while a
    child parses the second (:class:`~generator.parallel.Forked`; without one, here after).

    Each block parses alone as it does in place, so which process parses it changes nothing
    of the data (a marshalled copy holds the same values).
    """
    left = [(*place, digest) for place, digest in digests.items() if digest not in known]
    size = sum(end - start for start, end, _, _ in left)
    if size < PARALLEL_FROM:
        return {}
    half, count = 0, 0
    while count < len(left) and half < size // 2:
        half += left[count][1] - left[count][0]
        count += 1
    theirs = Forked(_parse_some, name, text, left[count:])
    mine = next(iter(_parse_some(name, text, left[:count])))
    return {**mine, **next(iter(theirs.items()))}


class _Assembly:
    """Blocks parsed (or taken from ``known``) and put together."""

    def __init__(
        self,
        name: str,
        text: str,
        known: dict[bytes, Any],
        digests: dict[tuple[int, int, int], bytes],
    ) -> None:
        self.name, self.text, self.known = name, text, known
        self.digests = digests  # of the blocks parsed whole, worked out once
        self.parsed: dict[bytes, tuple[str, Any]] = {}
        self.places: dict[bytes, tuple[tuple[str, ...], bool]] = {}  # keys, and is it a header
        self.plain: dict[str, Any] = {}  # one plain-scalar table, as a whole parse has
        # the places of a block met again, which get a copy of its data (see unshare)
        self.again: list[tuple[dict[str, Any], str, Any]] = []

    def mapping(self, blocks: Plan, depth: int, keys: tuple[str, ...]) -> dict[str, Any]:
        items: dict[str, Any] = {}
        for start, end, inner in blocks:
            chunk = self.text[start:end]
            digest = self.digests.get((start, end, depth)) or _digest(chunk, depth)
            if digest in self.parsed:
                key, value = self.parsed[digest]
                if type(value) in (dict, list):
                    self.again.append((items, key, value))
            else:
                key, value = self.entry(chunk, depth, digest)
                self.places[digest] = ((*keys, key), inner is not None)
            if inner is not None:
                if value is not None:
                    raise _Whole
                value = self.mapping(inner, depth + 1, (*keys, key))
            if key in items:
                raise _Whole  # a duplicate key: the whole parse words and locates it
            items[key] = value
        return items

    def entry(self, chunk: str, depth: int, digest: bytes) -> tuple[str, Any]:
        found = self.known.get(digest)
        if type(found) is not tuple or len(found) != 2 or type(found[0]) is not str:
            found = self.parse(chunk, depth)
        self.parsed[digest] = found
        return found

    def parse(self, chunk: str, depth: int) -> tuple[str, Any]:
        return _parse_entry(self.name, chunk, depth, self.plain)

    def unshare(self) -> None:
        """Give each place of a block met again its own copy: a parse shares no container.

        One marshal round trip copies them all; format 2 keeps no references, so no two copies
        share anything either.
        """
        if self.again:
            copies = marshal.loads(marshal.dumps([value for _, _, value in self.again], 2))
            for (items, key, _), copy in zip(self.again, copies, strict=True):
                items[key] = copy
