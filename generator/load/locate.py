"""Lines and columns of a few JSON pointers, from the YAML event stream alone.

:meth:`Document.position <generator.load.Document.position>` replays the whole file with
positions recorded for every node: as much memory as the data again, every value built a
second time. To locate a handful of pointers (the schemas generation skipped), following the
parser's events with a path is enough: no value is built, a subtree off the way to every
wanted pointer is only counted through, and only the nodes on the way are remembered.

A large text is first cut as :mod:`generator.load.blocks` cuts it for parsing: each pointer is
followed through the entries' key lines to the smallest block that holds it, and only that block's
events are read (a block parses alone as it does in place), its lines counted from the block's
first. Anything the blocks cannot answer for is followed through the whole text.

Each block's walk is kept by the digest of its text and of the paths wanted in it (a
:class:`Walks`): a regeneration that locates the same pointers in blocks that did not change
walks none of them again.

Positions follow the replay's rules: a mapping member is at its key, a list item at its first
character, the document at its start. Where they would come from elsewhere in the file (an
alias or a merge key ``<<`` on the way to a wanted pointer) :class:`Unsupported` is raised
and the caller falls back to the replay.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any, TypeGuard

import yaml

from generator.load.blocks import SPLIT_AT, Plan, entry_key, plain_key, plan
from generator.openapi import unescape_pointer_token

_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODES = (yaml.ScalarEvent, yaml.AliasEvent, *_STARTS)
# the parser makes these exact classes; sets of them are quicker to test than isinstance
_START_TYPES, _END_TYPES = frozenset(_STARTS), frozenset(_ENDS)

Position = tuple[int, int]


class Unsupported(Exception):
    """An alias or a merge key on the way to a wanted pointer."""


class _Frame:
    __slots__ = ("index", "is_map", "key", "key_mark", "path")

    def __init__(self, path: tuple[str, ...], is_map: bool) -> None:
        self.path, self.is_map = path, is_map
        self.key: str | None = None  # the key whose value comes next (mappings)
        self.key_mark: yaml.Mark | None = None
        self.index = 0  # the index of the next item (sequences)


class Walks:
    """Blocks' walks by the digest of what each read: those an earlier run kept, and the ones
    this run made or took (``now``: what to keep for the next)."""

    def __init__(self, earlier: object = None) -> None:
        self.earlier = earlier if isinstance(earlier, dict) else {}
        self.now: dict[str, list[Position | None]] = {}

    def changed(self) -> bool:
        """Whether ``now`` differs from what was kept."""
        return self.now != self.earlier

    def walk(self, block: str, paths: dict[tuple[str, ...], str]) -> dict[str, Position | None]:
        """:func:`_walk` of ``block``, or what a walk of the same text for the same paths gave."""
        order = sorted(paths)
        digest = hashlib.sha256(_WALK_RULES + repr(order).encode() + b"\0" + block.encode())
        key = digest.hexdigest()
        kept = self.earlier.get(key)
        if _is_walk(kept, len(order)):
            self.now[key] = kept
            return {paths[path]: where for path, where in zip(order, kept, strict=True)}
        found: dict[str, Position | None] = dict.fromkeys(paths.values())
        _walk(block, paths, found)
        self.now[key] = [found[paths[path]] for path in order]
        return found


# part of each walk's key: bump it when the positions a walk gives change
_WALK_RULES = b"1"


def _is_walk(kept: object, count: int) -> TypeGuard[list[Position | None]]:
    """Whether ``kept`` is a walk's positions for ``count`` paths, as :class:`Walks` keeps them."""
    return (
        type(kept) is list
        and len(kept) == count
        and all(
            where is None
            or (type(where) is tuple and len(where) == 2 and all(type(n) is int for n in where))
            for where in kept
        )
    )


def track(
    text: str, pointers: Iterable[str], split_at: int = SPLIT_AT, walks: Walks | None = None
) -> dict[str, Position | None]:
    """The position of each pointer and of each of its parents (None where there is none).

    A text longer than ``split_at`` is followed block by block where its cut allows, each
    block's walk taken from ``walks`` where it holds one.
    """
    paths: dict[tuple[str, ...], str] = {}  # the tokens of each pointer and parent: its text
    for pointer in pointers:
        if pointer and not pointer.startswith("/"):
            continue
        raw = pointer.split("/")[1:]
        tokens = [unescape_pointer_token(t) for t in raw]
        for depth in range(len(tokens) + 1):
            paths[tuple(tokens[:depth])] = "".join("/" + t for t in raw[:depth])
    found: dict[str, Position | None] = dict.fromkeys(paths.values())
    blocks = plan(text, split_at) if len(text) > split_at else None
    chunks = _chunks(text, blocks, paths) if blocks else None
    if chunks is None:
        _walk(text, paths, found)
        return found
    lines, counted = 0, 0  # the lines before ``counted``, counted once through the text
    walks = walks or Walks()
    for (start, end, depth), wanted in sorted(chunks.items()):
        part = walks.walk(text[start:end], {path[depth:]: name for path, name in wanted.items()})
        lines, counted = lines + text.count("\n", counted, start), start
        for name, where in part.items():
            found[name] = None if where is None else (where[0] + lines, where[1])
    return found


def _walk(text: str, paths: dict[tuple[str, ...], str], found: dict[str, Position | None]) -> None:
    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        _Walker(parser, paths, found).run()
    finally:
        parser.dispose()


Chunk = tuple[int, int, int]  # a block's start and end in the text, and its depth
Block = tuple[int, int, Any]


class Entries:
    """The block of each key at each level of a plan (None: none), found once a call.

    A level's blocks with a plain key are indexed by it at the first look; the others are
    read with the parser one by one (:func:`~generator.load.blocks.entry_key`). A key is in
    one block at most: the loader refuses a mapping that repeats one.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._found: dict[tuple[int, str], Block | None] = {}
        # by each level's id (the levels live as long as the plan): its plain keys' blocks
        # and the blocks of the other keys
        self._index: dict[int, tuple[dict[str, Block], list[Block]]] = {}

    def block(self, level: Plan, key: str) -> Block | None:
        """The block of ``level`` whose key is ``key``."""
        seen = (id(level), key)
        if seen not in self._found:
            plain, others = self._indexed(level)
            found = plain.get(key)
            if found is None:
                found = next((b for b in others if entry_key(self.text, b[0], key)), None)
            self._found[seen] = found
        return self._found[seen]

    def _indexed(self, level: Plan) -> tuple[dict[str, Block], list[Block]]:
        if id(level) not in self._index:
            plain: dict[str, Block] = {}
            others: list[Block] = []
            for block in level:
                key = plain_key(self.text, block[0])
                if key is None:
                    others.append(block)
                else:
                    plain.setdefault(key, block)
            self._index[id(level)] = plain, others
        return self._index[id(level)]


def _chunks(
    text: str, blocks: Plan, paths: dict[tuple[str, ...], str]
) -> dict[Chunk, dict[tuple[str, ...], str]] | None:
    """The wanted paths by the smallest block holding each; None when one is in no block.

    A path ending at a block's key is found in that block (a header block's text is its key's
    lines); the document itself at the first block's first key, where the replay puts it.
    """
    chunks: dict[Chunk, dict[tuple[str, ...], str]] = {}
    entries = Entries(text)
    for path, raw in paths.items():
        chunk = _chunk(blocks, path, entries)
        if chunk is None:
            return None
        chunks.setdefault(chunk, {})[path] = raw
    return chunks


def _chunk(blocks: Plan, path: tuple[str, ...], entries: Entries) -> Chunk | None:
    if not path:
        return blocks[0][0], blocks[0][1], 0
    level, depth = blocks, 0
    while True:
        entry = entries.block(level, path[depth])
        if entry is None:
            return None
        start, end, inner = entry
        if inner is None or depth + 1 == len(path):
            return start, end, depth
        level, depth = inner, depth + 1


class _Walker:
    """Follows the event stream with the path of the current node."""

    def __init__(
        self,
        parser: yaml.SafeLoader,
        paths: dict[tuple[str, ...], str],
        found: dict[str, Position | None],
    ) -> None:
        self.parser, self.paths, self.found = parser, paths, found
        self.inner = {path[:-1] for path in paths if path}  # with a wanted node below
        self.stack: list[_Frame] = []  # the open collections, all on the way
        self.anchors: dict[str, str] = {}  # scalar anchors, for an alias used as a key
        self.started = False
        self.missing = len(paths)

    def run(self) -> None:
        """Walk the stream until every wanted node is found (or the stream ends); fill ``found``.

        Stopping early is safe: a key found is not moved by anything later in its mapping (a
        duplicate key makes the loader refuse the file, and explicit keys win over merged ones).
        """
        while self.missing and not isinstance(
            event := self.parser.get_event(), yaml.StreamEndEvent
        ):
            if isinstance(event, _ENDS):
                self.stack.pop()
            elif isinstance(event, _NODES) and not self._node(event):
                return

    def _node(self, event: yaml.NodeEvent) -> bool:
        if isinstance(event, yaml.ScalarEvent) and event.anchor:
            self.anchors[event.anchor] = event.value
        if not self.stack:
            if self.started:
                return False  # a second document: the loader refused the file already
            self.started = True
            path: tuple[str, ...] = ()
            mark = event.start_mark
        else:
            placed = self._place(event)
            if placed is None:
                return True
            path, mark = placed
        if path in self.paths and self.found[self.paths[path]] is None:
            self.found[self.paths[path]] = (mark.line + 1, mark.column + 1)
            self.missing -= 1
        if path not in self.inner:
            if isinstance(event, _STARTS):
                _skip(self.parser)
        elif isinstance(event, yaml.AliasEvent):
            raise Unsupported(f"an alias on the way to {self.paths.get(path, path)!r}")
        elif isinstance(event, _STARTS):
            self.stack.append(_Frame(path, isinstance(event, yaml.MappingStartEvent)))
        return True

    def _place(self, event: yaml.NodeEvent) -> tuple[tuple[str, ...], yaml.Mark] | None:
        """The path and position of a value; None for a key (kept for its value)."""
        top = self.stack[-1]
        if not top.is_map:
            top.index += 1
            return (*top.path, str(top.index - 1)), event.start_mark
        if top.key is None:
            top.key, top.key_mark = _key(event, self.anchors), event.start_mark
            return None
        path, mark = (*top.path, top.key), top.key_mark
        top.key = None
        assert mark is not None
        return path, mark


def _key(event: yaml.Event, anchors: dict[str, str]) -> str:
    # a key of a mapping on the way (only those are followed): its text, as the loader keeps it
    if isinstance(event, yaml.AliasEvent) and event.anchor in anchors:
        return anchors[event.anchor]
    if not isinstance(event, yaml.ScalarEvent):
        raise Unsupported("a key that is not text")
    if event.value == "<<" and event.implicit[0] and event.tag in (None, "!"):
        raise Unsupported("a merge key on the way to a wanted pointer")
    return str(event.value)


def _skip(parser: yaml.SafeLoader) -> None:
    """Through the rest of a mapping or sequence whose start was just read."""
    depth, get_event = 1, parser.get_event
    while depth:
        kind = type(get_event())
        if kind in _START_TYPES:
            depth += 1
        elif kind in _END_TYPES:
            depth -= 1
