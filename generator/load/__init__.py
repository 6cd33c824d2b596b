"""Load a spec file (YAML or JSON) into a :class:`Document`: safe, bounded and cached.

The file is read (a regular file only, within a size limit: :mod:`generator.load.files`) and
decoded (:mod:`generator.load.text`), parsed as JSON
(:mod:`generator.load.json_parser`) or from libyaml's event stream
(:mod:`generator.load.yaml_parser`) with every bound acting while parsing, and the parsed data
is cached by the file's sha256 (:mod:`generator.load.cache`); a large YAML spec is parsed by
blocks, of which those an edit left alone come from the spec's last parse
(:mod:`generator.load.blocks`). Positions cost nothing until
asked for: :meth:`Document.position` finds them (:mod:`generator.load.positions`) the first
time a problem has to be located.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml

from generator.collector import paused
from generator.errors import Problem
from generator.load.blocks import parse_kept
from generator.load.cache import MISS, cache_file, cache_get, cache_put, located_file
from generator.load.files import Refused, max_spec_bytes, size_limit
from generator.load.json_parser import NOT_JSON, parse_json
from generator.load.locate import Unsupported, Walks, track
from generator.load.positions import lookup, position_text, record_positions
from generator.load.text import JSON_START, decode, looks_like_json, read
from generator.load.yaml_parser import Positions, parse_yaml
from generator.records import record

__all__ = ["Document", "Refused", "load", "max_spec_bytes", "parse_text", "size_limit"]


@record
class Document:
    """A loaded spec: its data (treat it as read-only) and a lazy way back to lines and columns."""

    path: Path
    data: Any
    sha256: str
    # Parts that bundle() copied in from other files: local pointer -> (file, its Document if it
    # is a local file, pointer there); problems inside them are located in that file.
    origins: dict[str, tuple[str, Document | None, str]] = field(default_factory=dict, repr=False)
    name: str = ""  # how problems name it, when not by its path: the URL it was fetched from
    # What its 3.1 schemas are known by from elsewhere, to JSON pointers: "#name" for an
    # $anchor of its root resource, an absolute $id of no file (alone, and "...#name" for
    # its anchors); filled by load.anchors.resolve_anchors, empty until then.
    identifiers: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # What reading it found that is valid yet worth a warning, located (a field written both
    # beside a Path Item's `$ref` and in the item it refers to: generator.load.path_items)
    notes: tuple[Problem, ...] = field(default=(), repr=False, compare=False)
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def label(self) -> str:
        """How problems name the document: the URL it came from, else its path."""
        return self.name or str(self.path)

    def position(self, pointer: str) -> tuple[int, int] | None:
        """The 1-based (line, column) of ``pointer``: a member's key, an item's first character."""
        located = self._memo.get("located", {})
        if pointer in located:
            return located[pointer]  # type: ignore[no-any-return]
        if "tree" not in self._memo:
            self._memo["tree"] = record_positions(self.path, self.sha256)
        tree: Positions | None = self._memo["tree"]
        return None if tree is None else lookup(tree, pointer)

    def remember(self, fact: str) -> None:
        """Note a fact established about this document's data (e.g. by a check)."""
        self._memo.setdefault("facts", set()).add(fact)

    def knows(self, fact: str) -> bool:
        """True when :meth:`remember` noted ``fact``."""
        return fact in self._memo.get("facts", ())

    def forget_positions(self) -> None:
        """Drop the positions read back for problems (read again when next asked for)."""
        self._memo.pop("tree", None)
        self._memo.pop("located", None)

    def locate(self, pointers: Iterable[str]) -> None:
        """Find ``pointers`` and their parents at once, without recording every position.

        Cheaper than :meth:`position` alone for a few pointers (see :mod:`generator.load.locate`);
        where that does not apply, :meth:`position` replays the file as usual.
        """
        text = position_text(self.path, self.sha256)
        if text is None:
            return
        kept = located_file(self.path)
        walks = Walks(cache_get(kept))
        try:
            found = track(text, pointers, walks=walks)
        except (Unsupported, yaml.YAMLError):
            return
        if walks.changed():
            cache_put(kept, walks.now)
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
        return Problem(self.label, message, line, column, pointer)


def load(path: Path | str, *, use_cache: bool = True, name: str = "") -> Document:
    """Read and parse a spec file; raise ApiforgeError with located problems if it is unusable.

    ``name`` is how problems name the file when not by its path (the URL of a fetched spec).
    """
    path = Path(path)
    label = name or str(path)
    raw = read(path)
    digest = hashlib.sha256(raw).hexdigest()
    text = decode(label, raw)
    with paused():
        if looks_like_json(path, text):
            data = parse_json(label, text, strict=path.suffix.lower() == ".json")
            if data is not NOT_JSON:
                return Document(path, data, digest, name=name)
        cache = cache_file(digest) if use_cache else None
        data = cache_get(cache)
        if data is MISS:
            data = parse_kept(label, text, path if cache is not None else None, digest)
            cache_put(cache, data)
    return Document(path, data, digest, name=name)


def parse_text(text: str, name: str) -> Any:
    """Parse spec text that did not come from a file (a fetched ``$ref`` target)."""
    with paused():
        data = parse_json(name, text, strict=False) if JSON_START.match(text) else NOT_JSON
        return parse_yaml(name, text) if data is NOT_JSON else data
