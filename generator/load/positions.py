"""Where each value of a loaded spec stands in its file, found only when a problem needs it.

:func:`record_positions` reads the file again and replays the YAML builder in recording mode,
which yields a tree of 1-based (line, column) pairs shaped like the data; :func:`lookup` follows
a JSON pointer through that tree.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.collector import paused
from generator.errors import ApiforgeError
from generator.load.files import read_regular
from generator.load.text import as_yaml, decode, looks_like_json
from generator.load.yaml_parser import Builder, Positions
from generator.openapi import pointer_parts

__all__ = ["lookup", "position_text", "record_positions"]


def position_text(path: Path, digest: str) -> str | None:
    """The text of the file that was loaded, to read positions from (None if it changed)."""
    try:
        raw = read_regular(path)
        if hashlib.sha256(raw).hexdigest() != digest:
            return None  # the file changed since it was loaded
        text = decode(str(path), raw)
    except (OSError, ApiforgeError):
        return None
    return as_yaml(text) if looks_like_json(path, text) else text


def record_positions(path: Path, digest: str) -> Positions | None:
    """The positions of the file's values; None if it changed since it was loaded or fails."""
    text = position_text(path, digest)
    if text is None:
        return None
    try:
        with paused():  # millions of containers, none of them garbage yet
            return Builder(str(path), text, record=True).run()[1]
    except ApiforgeError:
        return None


def lookup(tree: Positions, pointer: str) -> tuple[int, int] | None:
    """The (line, column) at ``pointer`` in a positions tree; None if it is not there."""
    line, column, children = tree
    if pointer and not pointer.startswith("/"):
        return None
    for token in pointer_parts(pointer):
        entry: Positions | None = None
        if type(children) is dict:
            entry = children.get(token)
        elif type(children) is list and token.isdigit() and int(token) < len(children):
            entry = children[int(token)]
        if entry is None:
            return None
        line, column, children = entry
    return line, column
